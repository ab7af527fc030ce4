import pytest
from django.core.exceptions import ValidationError

from tests.colleges.factories import (
    CertificateFactory,
    CollegeFactory,
    CollegeStaffFactory,
    CourseFactory,
    ProgramFactory,
    StudentCertificateFactory,
    StudentFactory,
)

# (factory of a valid row, values that break one check, the check's name)
CHECKS = [
    pytest.param(CollegeFactory, {"code": "41320100"}, "college_code_ten_digits", id="college-code-8-digits"),
    pytest.param(CollegeFactory, {"code": "413201000A"}, "college_code_ten_digits", id="college-code-letter"),
    pytest.param(ProgramFactory, {"catalogue_code": "46010X"}, "program_catalogue_code_shape", id="catalogue-x"),
    pytest.param(ProgramFactory, {"catalogue_code": "4601"}, "program_catalogue_code_shape", id="catalogue-short"),
    pytest.param(
        ProgramFactory, {"practical_credit_share": "1.5"}, "program_practical_share_between_0_and_1", id="share>1"
    ),
    pytest.param(
        ProgramFactory, {"practical_credit_share": "-0.1"}, "program_practical_share_between_0_and_1", id="share<0"
    ),
    pytest.param(ProgramFactory, {"duration_years": 0}, "program_duration_1_to_6_years", id="0-years"),
    pytest.param(ProgramFactory, {"duration_years": 7}, "program_duration_1_to_6_years", id="7-years"),
    pytest.param(ProgramFactory, {"annual_intake": 0}, "program_intake_positive", id="no-intake"),
    pytest.param(CourseFactory, {"credits": 0, "practical_credits": 0}, "course_credits_positive", id="0-credits"),
    pytest.param(
        CourseFactory, {"practical_credits": "4.5"}, "course_practical_credits_within_credits", id="practice>credits"
    ),
    pytest.param(
        CourseFactory, {"practical_credits": "-1"}, "course_practical_credits_within_credits", id="practice<0"
    ),
    pytest.param(StudentFactory, {"cohort_year": 1999}, "student_cohort_year_plausible", id="cohort-1999"),
    pytest.param(StudentFactory, {"cohort_year": 2101}, "student_cohort_year_plausible", id="cohort-2101"),
    pytest.param(
        StudentFactory, {"national_id": "32050520060301001x"}, "student_national_id_shape", id="id-lowercase-x"
    ),
    pytest.param(StudentFactory, {"national_id": "3205052006030100"}, "student_national_id_shape", id="id-short"),
]
# (factory, fields a second row repeats from the first, the unique constraint's name)
UNIQUES = [
    pytest.param(CollegeFactory, ["city", "name"], "college_name_unique_per_city", id="college-name"),
    pytest.param(ProgramFactory, ["college", "catalogue_code"], "program_code_unique_per_college", id="program"),
    pytest.param(CourseFactory, ["program", "code"], "course_code_unique_per_program", id="course"),
    pytest.param(StudentFactory, ["program", "student_number"], "student_number_unique_per_program", id="number"),
    pytest.param(StudentFactory, ["program", "national_id"], "student_once_per_program", id="same-person"),
    pytest.param(
        StudentCertificateFactory, ["student", "certificate", "level"], "student_certificate_level_once", id="award"
    ),
]


@pytest.mark.parametrize(("factory", "bad_values", "constraint"), CHECKS)
def test_database_refuses_a_row_that_breaks_a_check(refused_by_database, factory, bad_values, constraint):
    row = factory()

    with refused_by_database(constraint):
        type(row).objects.filter(pk=row.pk).update(**bad_values)


@pytest.mark.parametrize(("factory", "repeated_fields", "constraint"), UNIQUES)
def test_database_refuses_a_duplicate(refused_by_database, factory, repeated_fields, constraint):
    existing = factory()

    with refused_by_database(constraint):
        factory(**{field: getattr(existing, field) for field in repeated_fields})


def test_every_constraint_of_the_app_has_a_case(app_constraint_names):
    assert {case.values[-1] for case in CHECKS + UNIQUES} == app_constraint_names("colleges")


@pytest.mark.parametrize(
    "factory",
    [
        CollegeFactory,
        CollegeStaffFactory,
        CertificateFactory,
        ProgramFactory,
        CourseFactory,
        StudentFactory,
        StudentCertificateFactory,
    ],
)
def test_factory_rows_pass_model_validation(db, factory):
    factory().full_clean()


def test_same_student_may_enrol_in_two_programs(db):
    student = StudentFactory()

    StudentFactory(national_id=student.national_id, student_number=student.student_number)


@pytest.mark.parametrize(
    ("factory", "bad_values", "message"),
    [
        (CourseFactory, {"practical_credits": "4.5"}, "Practical credits are between 0 and the course's credits."),
        (ProgramFactory, {"duration_years": 7}, "A program lasts between 1 and 6 years."),
    ],
)
def test_model_validation_reports_the_checks_message(db, factory, bad_values, message):
    row = factory()
    for field, value in bad_values.items():
        setattr(row, field, value)

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    assert error.value.message_dict["__all__"] == [message]
