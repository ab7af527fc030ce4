import datetime

import factory
from factory.django import DjangoModelFactory

from colleges.choices import CertificateLevel, CollegeKind, ProgramLevel
from colleges.models import Certificate, College, CollegeStaff, Course, Program, Student, StudentCertificate
from colleges.validators import national_id_check_character
from tests.accounts.factories import UserFactory
from tests.cities.factories import CityFactory


def national_id(n: int, born: datetime.date = datetime.date(2006, 3, 1)) -> str:
    """A valid citizen ID number, unique per ``n`` (up to 999 per birth date)."""
    first17 = f"320505{born:%Y%m%d}{n % 1000:03d}"
    return first17 + national_id_check_character(first17)


class CollegeFactory(DjangoModelFactory):
    class Meta:
        model = College

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Vocational College {n}")
    code = factory.Sequence(lambda n: f"{4132010000 + n}")
    kind = CollegeKind.HIGHER_VOCATIONAL


class CollegeStaffFactory(DjangoModelFactory):
    class Meta:
        model = CollegeStaff

    user = factory.SubFactory(UserFactory)
    college = factory.SubFactory(CollegeFactory)
    title = "Internship office"


class CertificateFactory(DjangoModelFactory):
    class Meta:
        model = Certificate

    code = factory.Sequence(lambda n: f"1X-{n:04d}")
    name = factory.Sequence(lambda n: f"Skill certificate {n}")
    awarding_body = "Evaluation Organisation Ltd."


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    college = factory.SubFactory(CollegeFactory)
    catalogue_code = factory.Sequence(lambda n: f"{460100 + n}")
    name = factory.Sequence(lambda n: f"Industrial Robotics {n}")
    level = ProgramLevel.HIGHER_VOCATIONAL
    duration_years = 3
    annual_intake = 50
    training_objective = "Technicians who install, program and maintain industrial robot cells."
    practical_credit_share = "0.550"
    required_practice_hours = 600


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"C{n:04d}")
    name = factory.Sequence(lambda n: f"PLC Programming {n}")
    credits = "4.0"
    practical_credits = "2.0"


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    program = factory.SubFactory(ProgramFactory)
    cohort_year = 2024
    name = factory.Sequence(lambda n: f"Student {n}")
    student_number = factory.Sequence(lambda n: f"2024{n:06d}")
    national_id = factory.Sequence(national_id)
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class StudentCertificateFactory(DjangoModelFactory):
    class Meta:
        model = StudentCertificate

    student = factory.SubFactory(StudentFactory)
    certificate = factory.SubFactory(CertificateFactory)
    level = CertificateLevel.PRIMARY
    awarded_on = datetime.date(2025, 6, 30)
