"""Colleges, programs, courses, students and their certificates through the API, as the college's staff use it."""

import datetime

import pytest

from colleges.models import Course, Program, Student, StudentCertificate
from partnerships.models import Application
from tests.accounts.factories import error_messages, signed_in
from tests.cities.factories import CityOfficialFactory, DivisionFactory, SkillFactory
from tests.colleges.factories import (
    CertificateFactory,
    CollegeFactory,
    CollegeStaffFactory,
    CourseFactory,
    ProgramFactory,
    StudentCertificateFactory,
    StudentFactory,
    national_id,
)
from tests.enterprises.factories import EnterpriseStaffFactory
from tests.partnerships.factories import ApplicationFactory, PlacementFactory


@pytest.fixture
def staff(db):
    """A member of the staff of a college."""
    return CollegeStaffFactory(college__name="Suzhou Vocational College")


@pytest.fixture
def api(staff):
    return signed_in(staff.user)


@pytest.fixture
def program(staff):
    return ProgramFactory(college=staff.college)


@pytest.fixture
def foreign_program(staff):
    """A program of another college of the same city: outside the staff's scope."""
    return ProgramFactory(college=CollegeFactory(city=staff.college.city))


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


# ------------------------------------------------------------------------------
# Colleges
# ------------------------------------------------------------------------------
def test_college_staff_edit_their_college_profile_and_only_theirs(staff, api):
    neighbour = CollegeFactory(city=staff.college.city)
    url = f"/api/v1/colleges/{staff.college_id}/"

    changed = api.patch(url, {"district": "Gusu"})

    assert (changed.status_code, changed.json()["district"]) == (200, "Gusu")
    assert api.get(url).json()["district"] == "Gusu"
    assert api.patch(url, {"name": ""}).json() == {"name": ["This field may not be blank."]}
    assert api.patch(f"/api/v1/colleges/{neighbour.pk}/", {"district": "Gusu"}).status_code == 404
    assert api.post("/api/v1/colleges/", {"name": "New"}).status_code == 405  # colleges are registered by an admin
    assert api.delete(url).status_code == 405


def test_colleges_filter_by_text_kind_and_city(staff):
    city = staff.college.city
    suzhou_poly = CollegeFactory(city=city, name="Suzhou Polytechnic", kind="secondary_vocational")
    CollegeFactory(city=city, name="Wuzhong Technician College")
    CollegeFactory(name="Ningbo Polytechnic")
    api = signed_in(EnterpriseStaffFactory(enterprise__city=city).user)

    assert ids(api.get("/api/v1/colleges/", {"q": "suzhou poly"})) == [suzhou_poly.pk]
    assert ids(api.get("/api/v1/colleges/", {"kind": "secondary_vocational"})) == [suzhou_poly.pk]
    assert len(ids(api.get("/api/v1/colleges/", {"city": city.pk}))) == 3
    assert api.get("/api/v1/colleges/", {"kind": "university"}).status_code == 400
    assert api.get("/api/v1/colleges/", {"city": "Suzhou"}).json() == {"city": ["Enter a whole number."]}


# ------------------------------------------------------------------------------
# Programs
# ------------------------------------------------------------------------------
def program_body(**overrides) -> dict:
    return {
        "catalogue_code": "460301",
        "name": "Industrial Robotics",
        "level": "higher_vocational",
        "annual_intake": 45,
        "training_objective": "Technicians who install, program and maintain industrial robot cells.",
        "practical_credit_share": "0.550",
        "required_practice_hours": 600,
        **overrides,
    }


def test_college_staff_create_read_change_and_delete_a_program(staff, api):
    DivisionFactory(code="39")
    certificate = CertificateFactory(code="1X-ROBOT")

    created = api.post("/api/v1/programs/", program_body(target_sectors=["39"], certificates=["1X-ROBOT"]))

    assert created.status_code == 201, created.json()
    program = created.json()
    assert program["college"] == staff.college_id
    assert program["duration_years"] == 3
    assert (program["target_sectors"], program["certificates"]) == (["39"], [certificate.code])
    url = f"/api/v1/programs/{program['id']}/"
    assert api.get(url).json() == program

    changed = api.patch(url, {"annual_intake": 60, "target_sectors": []})
    assert (changed.status_code, changed.json()["annual_intake"], changed.json()["target_sectors"]) == (200, 60, [])

    CourseFactory(program=Program.objects.get(pk=program["id"]))
    assert api.delete(url).status_code == 204
    assert not Program.objects.exists()
    assert not Course.objects.exists(), "a program's courses go with it"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param(
            {"catalogue_code": "46030"},
            None,
            "A catalogue code is six digits, optionally followed by T or K.",
            id="code",
        ),
        pytest.param(
            {"practical_credit_share": "1.500"}, None, "The practical credit share is between 0 and 1.", id="share"
        ),
        pytest.param({"annual_intake": 0}, None, "The annual intake must be at least 1.", id="intake"),
        pytest.param({"duration_years": 7}, None, "A program lasts between 1 and 6 years.", id="duration"),
        pytest.param({"level": "doctorate"}, "level", '"doctorate" is not a valid choice.', id="level"),
        pytest.param(
            {"target_sectors": ["ZZ"]}, "target_sectors", "Object with code=ZZ does not exist.", id="unknown-sector"
        ),
        pytest.param(
            {"certificates": ["1X-NONE"]}, "certificates", "Object with code=1X-NONE does not exist.", id="certificate"
        ),
        pytest.param(
            {"catalogue_code": "460100"}, None, "Program with this College and Catalogue code already exists."
        ),
        pytest.param({"name": None}, "name", "This field may not be null.", id="null-name"),
    ],
)
def test_an_invalid_program_is_refused_with_a_readable_message(staff, api, overrides, field, message):
    ProgramFactory(college=staff.college, catalogue_code="460100")

    response = api.post("/api/v1/programs/", program_body(**overrides))

    assert response.status_code == 400
    assert error_messages(response) == [message]
    if field:
        assert list(response.json()) == [field]
    assert Program.objects.count() == 1


def test_a_program_with_students_cannot_be_deleted(api, program):
    StudentFactory(program=program)

    response = api.delete(f"/api/v1/programs/{program.pk}/")

    assert response.status_code == 409
    assert response.json()["detail"] == "It cannot be deleted while other records use it: students."
    assert Program.objects.filter(pk=program.pk).exists()


def test_a_program_of_another_college_cannot_be_changed_or_deleted(api, foreign_program):
    url = f"/api/v1/programs/{foreign_program.pk}/"

    assert api.patch(url, {"annual_intake": 1}).status_code == 404
    assert api.delete(url).status_code == 404


def test_programs_filter_by_text_college_sector_and_certificate(staff):
    robotics = ProgramFactory(college=staff.college, name="Industrial Robotics", catalogue_code="460305")
    robotics.target_sectors.set([DivisionFactory(code="39")])
    robotics.certificates.set([CertificateFactory(code="1X-ROBOT")])
    nursing = ProgramFactory(college=CollegeFactory(city=staff.college.city), name="Nursing")
    api = signed_in(CityOfficialFactory(city=staff.college.city).user)

    assert ids(api.get("/api/v1/programs/", {"q": "robotics"})) == [robotics.pk]
    assert ids(api.get("/api/v1/programs/", {"q": "460305"})) == [robotics.pk]
    assert ids(api.get("/api/v1/programs/", {"college": nursing.college_id})) == [nursing.pk]
    assert ids(api.get("/api/v1/programs/", {"sector": "39", "certificate": "1X-ROBOT"})) == [robotics.pk]
    assert api.get("/api/v1/programs/", {"college": "first"}).json() == {"college": ["Enter a whole number."]}


# ------------------------------------------------------------------------------
# Courses
# ------------------------------------------------------------------------------
def test_college_staff_create_change_and_delete_a_course(api, program):
    body = {"program": program.pk, "code": "RB101", "name": "PLC Programming", "credits": "4.0"}

    created = api.post("/api/v1/courses/", body)

    assert created.status_code == 201
    assert created.json()["practical_credits"] == "0.0"
    url = f"/api/v1/courses/{created.json()['id']}/"
    assert api.patch(url, {"practical_credits": "2.5"}).json()["practical_credits"] == "2.5"
    assert api.delete(url).status_code == 204
    assert not Course.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"practical_credits": "4.5"},
            None,
            "Practical credits are between 0 and the course's credits.",
            id="practice-above-credits",
        ),
        pytest.param(
            {"credits": "0", "practical_credits": "0"}, None, "A course carries more than 0 credits.", id="no-credits"
        ),
        pytest.param({"code": "RB100"}, "non_field_errors", "The fields program, code must make a unique set."),
        pytest.param({"credits": "ten"}, "credits", "A valid number is required.", id="not-a-number"),
    ],
)
def test_an_invalid_course_is_refused(api, program, changes, field, message):
    CourseFactory(program=program, code="RB100")
    body = {"program": program.pk, "code": "RB101", "name": "PLC Programming", "credits": "4.0", **changes}

    response = api.post("/api/v1/courses/", body)

    assert (response.status_code, error_messages(response)) == (400, [message])
    if field:
        assert list(response.json()) == [field]


def test_a_rule_across_fields_is_reported_under_non_field_errors(api, program):
    body = {"program": program.pk, "code": "RB101", "name": "PLC", "credits": "4.0", "practical_credits": "4.5"}

    response = api.post("/api/v1/courses/", body)

    assert response.json() == {"non_field_errors": ["Practical credits are between 0 and the course's credits."]}


def test_a_course_cannot_be_put_under_a_program_of_another_college(api, program, foreign_program):
    course = CourseFactory(program=program)
    refusal = {"program": [f'Invalid pk "{foreign_program.pk}" - object does not exist.']}

    created = api.post("/api/v1/courses/", {"program": foreign_program.pk, "code": "X1", "name": "X", "credits": 2})
    moved = api.patch(f"/api/v1/courses/{course.pk}/", {"program": foreign_program.pk})

    assert (created.status_code, created.json()) == (400, refusal)
    assert (moved.status_code, moved.json()) == (400, refusal)


def test_courses_filter_by_text_and_program(api, program):
    plc = CourseFactory(program=program, name="PLC Programming", industry_standards="IEC 61131-3")
    CourseFactory(program=ProgramFactory(college=program.college), name="Robot Safety")

    assert ids(api.get("/api/v1/courses/", {"q": "61131"})) == [plc.pk]
    assert ids(api.get("/api/v1/courses/", {"program": program.pk})) == [plc.pk]
    assert len(ids(api.get("/api/v1/courses/", {"college": program.college_id}))) == 2


# ------------------------------------------------------------------------------
# Students
# ------------------------------------------------------------------------------
# Born on another day than the factories' students, so that it never repeats one of theirs.
NATIONAL_ID = national_id(7, born=datetime.date(2005, 9, 1))


def student_body(program, **overrides) -> dict:
    return {
        "program": program.pk,
        "cohort_year": 2025,
        "name": "李明",
        "student_number": "2025010001",
        "national_id": NATIONAL_ID,
        "phone": "13912345678",
        **overrides,
    }


def test_college_staff_enrol_read_change_and_delete_a_student(api, program):
    SkillFactory(name="PLC programming")

    created = api.post("/api/v1/students/", student_body(program, skills=["PLC programming"]))

    assert created.status_code == 201, created.json()
    student = created.json()
    assert (student["status"], student["practice_hours"], student["skills"]) == ("enrolled", 0, ["PLC programming"])
    assert student["national_id"] == NATIONAL_ID
    url = f"/api/v1/students/{student['id']}/"
    assert api.get(url).json() == student
    assert api.patch(url, {"practice_hours": 120}).json()["practice_hours"] == 120

    ApplicationFactory(student=Student.objects.get(pk=student["id"]))
    assert api.delete(url).status_code == 204
    assert not Student.objects.exists()
    assert not Application.objects.exists(), "a student's applications go with them"


def wrong_check_character(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param(
            {"national_id": wrong_check_character(NATIONAL_ID)},
            "national_id",
            f"The check character should be {NATIONAL_ID[17]}, not "
            f"{wrong_check_character(NATIONAL_ID)[17]}: the number is mistyped.",
            id="id-check-character",
        ),
        pytest.param(
            {"national_id": "32050520060230001X"},
            "national_id",
            "Characters 7–14 of a national ID number must be a real birth date.",
            id="id-birth-date",
        ),
        pytest.param(
            {"national_id": "3205052006"},
            "national_id",
            "A national ID number has 18 characters; this one has 10.",
            id="id-length",
        ),
        pytest.param(
            {"phone": "12345678901"},
            "phone",
            "Enter an 11-digit mainland mobile number starting with 13–19.",
            id="phone",
        ),
        pytest.param({"cohort_year": 1999}, None, "The cohort year must be between 2000 and 2100.", id="cohort"),
        pytest.param({"skills": ["Juggling"]}, "skills", "Object with name=Juggling does not exist.", id="skill"),
        pytest.param(
            {"student_number": "2025000001"},
            "non_field_errors",
            "The fields program, student_number must make a unique set.",
            id="duplicate-number",
        ),
    ],
)
def test_an_invalid_student_is_refused_with_a_message_on_the_field(api, program, overrides, field, message):
    StudentFactory(program=program, student_number="2025000001")

    response = api.post("/api/v1/students/", student_body(program, **overrides))

    assert (response.status_code, error_messages(response)) == (400, [message])
    if field:
        assert list(response.json()) == [field]
    assert Student.objects.count() == 1


def test_a_student_cannot_be_enrolled_in_or_moved_to_a_program_of_another_college(api, program, foreign_program):
    student = StudentFactory(program=program)

    created = api.post("/api/v1/students/", student_body(foreign_program))
    moved = api.patch(f"/api/v1/students/{student.pk}/", {"program": foreign_program.pk})

    assert (created.status_code, list(created.json())) == (400, ["program"])
    assert (moved.status_code, list(moved.json())) == (400, ["program"])


def test_a_student_with_a_placement_cannot_be_deleted(api, program):
    student = PlacementFactory(student__program=program).student

    response = api.delete(f"/api/v1/students/{student.pk}/")

    assert response.status_code == 409
    assert response.json()["detail"] == "It cannot be deleted while other records use it: placements."
    assert Student.objects.filter(pk=student.pk).exists()


def test_students_are_paginated_by_cursor_at_most_100_a_page(api, program):
    StudentFactory.create_batch(101, program=program)

    first = api.get("/api/v1/students/", {"page_size": 1000})

    assert first.status_code == 200
    assert "count" not in first.json(), "a cursor page never counts the table"
    assert len(first.json()["results"]) == 100
    assert first.json()["previous"] is None
    rest = api.get(first.json()["next"])
    assert len(rest.json()["results"]) == 1
    assert rest.json()["next"] is None
    assert set(ids(first)) | set(ids(rest)) == set(Student.objects.values_list("pk", flat=True))
    assert ids(first) == sorted(ids(first), reverse=True), "newest first"


@pytest.mark.parametrize(
    "cursor",
    [
        pytest.param("not-a-cursor", id="not-base64"),
        pytest.param("cD0xMjM", id="bad-base64-padding"),
        pytest.param("cj0xJnA9YWJj", id="position-not-an-id"),  # "r=1&p=abc"
    ],
)
def test_an_invalid_cursor_is_a_404_not_a_crash(api, cursor):
    response = api.get("/api/v1/students/", {"cursor": cursor})

    assert (response.status_code, response.json()) == (404, {"detail": "Invalid cursor"})


def test_students_filter_by_status_skill_college_cohort_and_text(api, program):
    welder = StudentFactory(program=program, name="王伟", cohort_year=2023, status="graduated")
    welder.skills.set([SkillFactory(name="Welding")])
    other = StudentFactory(program=program, cohort_year=2025)
    StudentFactory(program=ProgramFactory())  # another college's, out of scope

    assert ids(api.get("/api/v1/students/", {"status": "graduated"})) == [welder.pk]
    assert ids(api.get("/api/v1/students/", {"skill": "WELDING"})) == [welder.pk]
    assert ids(api.get("/api/v1/students/", {"cohort_year_min": 2024})) == [other.pk]
    assert ids(api.get("/api/v1/students/", {"q": "王"})) == [welder.pk]
    assert ids(api.get("/api/v1/students/", {"college": program.college_id})) == [other.pk, welder.pk]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"status": "bogus"}, {"status": ["Select a valid choice. bogus is not one of the available choices."]}),
        ({"college": "abc"}, {"college": ["Enter a whole number."]}),
        ({"cohort_year_min": "2020s"}, {"cohort_year_min": ["Enter a whole number."]}),
    ],
)
def test_an_invalid_student_filter_is_a_400(api, params, errors):
    response = api.get("/api/v1/students/", params)

    assert (response.status_code, response.json()) == (400, errors)


def test_a_city_official_cannot_search_students_by_text(staff):
    api = signed_in(CityOfficialFactory(city=staff.college.city).user)

    response = api.get("/api/v1/students/", {"q": "王"})

    assert response.status_code == 400
    assert response.json() == {"q": ["City officials see students' personal fields masked and cannot search them."]}


# ------------------------------------------------------------------------------
# Certificates and the certificates students earned
# ------------------------------------------------------------------------------
def test_the_certificate_catalogue_filters_by_text_and_sector(api):
    division = DivisionFactory(code="39")
    robot = CertificateFactory(name="Industrial robot operation and maintenance", sector=division)
    CertificateFactory(name="Elderly care")

    assert ids(api.get("/api/v1/certificates/", {"q": "robot"})) == [robot.pk]
    assert ids(api.get("/api/v1/certificates/", {"sector": "39"})) == [robot.pk]
    assert api.post("/api/v1/certificates/", {"code": "1X"}).status_code == 405


def test_college_staff_record_change_and_delete_a_certificate_a_student_earned(api, program):
    student = StudentFactory(program=program)
    CertificateFactory(code="1X-ROBOT")
    body = {"student": student.pk, "certificate": "1X-ROBOT", "level": "primary", "awarded_on": "2026-06-30"}

    created = api.post("/api/v1/student-certificates/", body)

    assert created.status_code == 201
    assert created.json() == {**body, "id": created.json()["id"]}
    url = f"/api/v1/student-certificates/{created.json()['id']}/"
    assert api.patch(url, {"level": "intermediate"}).json()["level"] == "intermediate"
    assert (
        api.get("/api/v1/student-certificates/", {"student": student.pk, "level": "intermediate"}).json()["count"] == 1
    )
    assert api.delete(url).status_code == 204
    assert not StudentCertificate.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"certificate": "1X-NONE"}, "certificate", id="unknown-certificate"),
        pytest.param({"level": "expert"}, "level", id="unknown-level"),
        pytest.param({"awarded_on": "30/06/2026"}, "awarded_on", id="date-format"),
        pytest.param({"level": "primary"}, "non_field_errors", id="awarded-twice"),
    ],
)
def test_an_invalid_student_certificate_is_refused(api, program, changes, field):
    award = StudentCertificateFactory(student__program=program, level="primary")
    body = {"student": award.student_id, "certificate": award.certificate.code, "level": "advanced"}

    response = api.post("/api/v1/student-certificates/", {**body, "awarded_on": "2026-06-30", **changes})

    assert (response.status_code, list(response.json())) == (400, [field])


def test_a_certificate_cannot_be_recorded_for_a_student_of_another_college(api, foreign_program):
    student = StudentFactory(program=foreign_program)
    body = {"student": student.pk, "certificate": CertificateFactory().code, "level": "primary"}

    response = api.post("/api/v1/student-certificates/", {**body, "awarded_on": "2026-06-30"})

    assert response.json() == {"student": [f'Invalid pk "{student.pk}" - object does not exist.']}
