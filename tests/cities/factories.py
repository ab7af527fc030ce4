import datetime

import factory
from factory.django import DjangoModelFactory

from cities.choices import SectorLevel
from cities.models import AcademicTerm, City, CityOfficial, IndustrySector, InternshipRules, Skill
from tests.accounts.factories import UserFactory


class SectionFactory(DjangoModelFactory):
    """GB/T 4754 sections come with the migrations; get_or_create keeps transactional tests (which flush) working."""

    class Meta:
        model = IndustrySector
        django_get_or_create = ("code",)

    code = "C"
    level = SectorLevel.SECTION
    name_zh = "制造业"
    name_en = "Manufacturing"


class DivisionFactory(DjangoModelFactory):
    class Meta:
        model = IndustrySector
        django_get_or_create = ("code",)

    code = "39"
    level = SectorLevel.DIVISION
    parent = factory.SubFactory(SectionFactory)
    name_zh = "计算机、通信和其他电子设备制造业"
    name_en = "Manufacture of computers, communication and other electronic equipment"


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Skill {n}")


class CityFactory(DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"Pilot City {n}")
    province = "Jiangsu"
    pilot_batch_year = 2019


class InternshipRulesFactory(DjangoModelFactory):
    class Meta:
        model = InternshipRules

    city = factory.SubFactory(CityFactory)


class AcademicTermFactory(DjangoModelFactory):
    class Meta:
        model = AcademicTerm

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Term {n}")
    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2027, 1, 20)


class CityOfficialFactory(DjangoModelFactory):
    class Meta:
        model = CityOfficial

    user = factory.SubFactory(UserFactory)
    city = factory.SubFactory(CityFactory)
    title = "Education Bureau"
