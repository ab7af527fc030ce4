"""A student's personal fields (colleges/privacy.py and docs/permissions.md, "Student personal data"): who reads
them in clear, masked or not at all, in the functions and in every API response that shows a student."""

import json

import pytest
from rest_framework import serializers

from accounts.choices import Role
from accounts.principals import ANONYMOUS, Principal
from colleges.models import Student
from colleges.privacy import MASKS, PERSONAL_FIELDS, mask, present_personal_fields
from partnerships.choices import ApplicationStatus
from tests.api_world import WORLD_BIRTH_DATE, api_resources
from tests.colleges.factories import StudentFactory, national_id
from tests.partnerships.factories import ApplicationFactory, PlacementFactory

RESOURCES = api_resources()


# ------------------------------------------------------------------------------
# colleges/privacy.py
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "keep_start", "keep_end", "masked"),
    [
        ("王小明", 1, 0, "王**"),
        ("2024051234", 0, 4, "******1234"),
        ("13912345678", 3, 4, "139****5678"),
        # Nothing is left to hide: everything is hidden rather than shown.
        ("1234", 0, 4, "****"),
        ("王", 1, 0, "*"),
        ("139", 3, 4, "***"),
        ("", 1, 0, ""),
    ],
)
def test_mask_keeps_the_ends_it_is_told_and_hides_the_rest(value, keep_start, keep_end, masked):
    assert mask(value, keep_start=keep_start, keep_end=keep_end) == masked


@pytest.mark.parametrize(
    ("field", "value", "masked"),
    [
        ("name", "张三", "张*"),
        ("student_number", "2024051234", "******1234"),
        ("national_id", "32050520060301123X", "320505********123X"),
        ("phone", "13912345678", "139****5678"),
    ],
)
def test_each_personal_field_is_masked_as_documented(field, value, masked):
    assert MASKS[field](value) == masked


def test_the_personal_fields_are_the_four_of_the_docs():
    assert set(PERSONAL_FIELDS) == set(MASKS) == {"name", "student_number", "national_id", "phone"}


STUDENT = {
    "id": 7,
    "cohort_year": 2024,
    "name": "张三",
    "student_number": "2024051234",
    "national_id": "32050520060301123X",
    "phone": "13912345678",
}
PRINCIPALS = {
    "college_staff": Principal(role=Role.COLLEGE_STAFF, user_id=1, college_id=1, city_id=1),
    "platform_admin": Principal(role=Role.PLATFORM_ADMIN, user_id=2),
    "enterprise_staff": Principal(role=Role.ENTERPRISE_STAFF, user_id=3, enterprise_id=1, city_id=1),
    "city_official": Principal(role=Role.CITY_OFFICIAL, user_id=4, city_id=1),
    "no_membership": Principal(role=Role.ANONYMOUS, user_id=5),
    "anonymous": ANONYMOUS,
}
CLEAR = {field: STUDENT[field] for field in PERSONAL_FIELDS}
MASKED = {
    "name": "张*",
    "student_number": "******1234",
    "national_id": "320505********123X",
    "phone": "139****5678",
}
WITHHELD = dict.fromkeys(PERSONAL_FIELDS)


@pytest.mark.parametrize(
    ("reader", "contact_released", "shown"),
    [
        ("college_staff", False, CLEAR),
        ("platform_admin", False, CLEAR),
        ("enterprise_staff", False, CLEAR | {"national_id": None, "phone": None}),
        ("enterprise_staff", True, CLEAR | {"national_id": None}),
        ("city_official", False, MASKED),
        ("city_official", True, MASKED),
        ("no_membership", True, WITHHELD),
        ("anonymous", True, WITHHELD),
    ],
)
def test_each_reader_sees_the_personal_fields_as_documented(reader, contact_released, shown):
    student = dict(STUDENT)

    presented = present_personal_fields(student, principal=PRINCIPALS[reader], contact_released=contact_released)

    assert presented == {"id": 7, "cohort_year": 2024, **shown}
    assert student == STUDENT, "the serialised data it was given is left as it was"


@pytest.mark.parametrize("reader", list(PRINCIPALS))
def test_a_summary_without_the_national_id_does_not_gain_one(reader):
    summary = {name: value for name, value in STUDENT.items() if name != "national_id"}

    assert "national_id" not in present_personal_fields(summary, principal=PRINCIPALS[reader])


def test_a_city_official_sees_a_missing_phone_as_missing_not_masked():
    presented = present_personal_fields(STUDENT | {"phone": ""}, principal=PRINCIPALS["city_official"])

    assert presented["phone"] == ""


# ------------------------------------------------------------------------------
# The API
# ------------------------------------------------------------------------------
def shows_a_student(serializer: serializers.BaseSerializer) -> bool:
    if isinstance(serializer, serializers.ListSerializer):
        return shows_a_student(serializer.child)
    if getattr(getattr(serializer, "Meta", None), "model", None) is Student:
        return True
    return any(
        shows_a_student(field) for field in serializer.fields.values() if isinstance(field, serializers.BaseSerializer)
    )


def test_the_resources_that_show_a_student_are_the_ones_checked_here():
    showing = {
        prefix for prefix, resource in RESOURCES.items() if shows_a_student(resource.viewset.serializer_class())
    }

    assert showing == {"students", "applications", "placements"}


@pytest.fixture
def student(api_world):
    """A student of college A with personal values found nowhere else in the world."""
    return StudentFactory(
        program=api_world.a.student_program,
        name="赵六一",
        student_number="JH2024990042",
        national_id=national_id(42, born=WORLD_BIRTH_DATE),
        phone="13655501234",
    )


def personal_values(student: Student) -> dict[str, str]:
    return {field: getattr(student, field) for field in PERSONAL_FIELDS}


def response_bodies(client, urls) -> dict[str, str]:
    """The raw body of a GET of each url (every list of the API, first page, and the details given)."""
    list_urls = [f"{resource.url()}?page_size=100" for resource in RESOURCES.values()]
    return {url: client.get(url).content.decode() for url in [*list_urls, *urls]}


def appears(value: str, body: str) -> bool:
    return value in body or json.dumps(value)[1:-1] in body


def student_urls(student, *rows) -> list[str]:
    """The detail urls of ``student`` and of the applications and placements given."""
    by_model = {"Application": "applications", "Placement": "placements"}
    return [RESOURCES["students"].url(student.pk)] + [
        RESOURCES[by_model[type(row).__name__]].url(row.pk) for row in rows
    ]


NOT_ACCEPTED = [status for status in ApplicationStatus if status != ApplicationStatus.ACCEPTED]


@pytest.mark.parametrize("status", NOT_ACCEPTED)
def test_an_enterprise_sees_neither_national_id_nor_phone_of_an_applicant_before_acceptance(
    api_world, student, status
):
    application = ApplicationFactory(student=student, posting=api_world.a.open_posting, status=status)
    client = api_world.client("enterprise_a")

    bodies = response_bodies(client, student_urls(student, application))

    for url, body in bodies.items():
        assert not appears(student.national_id, body), url
        assert not appears(student.phone, body), url
    shown = client.get(RESOURCES["students"].url(student.pk)).json()
    assert {field: shown[field] for field in PERSONAL_FIELDS} == {
        "name": student.name,
        "student_number": student.student_number,
        "national_id": None,
        "phone": None,
    }
    summary = client.get(RESOURCES["applications"].url(application.pk)).json()["student_summary"]
    assert (summary["name"], summary["student_number"], summary["phone"]) == (
        student.name,
        student.student_number,
        None,
    )


def test_an_enterprise_sees_the_phone_once_the_student_accepted_its_offer_and_never_the_national_id(
    api_world, student
):
    application = ApplicationFactory(
        student=student, posting=api_world.a.open_posting, status=ApplicationStatus.ACCEPTED
    )
    placement = PlacementFactory(student=student, posting=api_world.a.open_posting, application=application)
    client = api_world.client("enterprise_a")

    bodies = response_bodies(client, student_urls(student, application, placement))

    for url, body in bodies.items():
        assert not appears(student.national_id, body), url
    for url in student_urls(student, application, placement):
        assert appears(student.phone, bodies[url]), url
    assert client.get(RESOURCES["students"].url(student.pk)).json()["national_id"] is None


def test_an_offer_accepted_from_one_enterprise_shows_the_phone_to_that_one_only(api_world, student):
    ApplicationFactory(student=student, posting=api_world.a.open_posting, status=ApplicationStatus.ACCEPTED)
    other = ApplicationFactory(student=student, posting=api_world.b.open_posting)
    client = api_world.client("enterprise_b")

    bodies = response_bodies(client, student_urls(student, other))

    for url, body in bodies.items():
        assert not appears(student.national_id, body), url
        assert not appears(student.phone, body), url


def test_a_placement_shows_its_enterprise_the_phone(api_world):
    placement = api_world.a.placement
    client = api_world.client("enterprise_a")

    summary = client.get(RESOURCES["placements"].url(placement.pk)).json()["student_summary"]

    assert summary["phone"] == placement.student.phone


@pytest.mark.parametrize("status", [ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED])
def test_a_city_official_sees_every_personal_field_masked_and_none_in_clear(api_world, student, status):
    application = ApplicationFactory(student=student, posting=api_world.a.open_posting, status=status)
    placement = PlacementFactory(student=student, posting=api_world.a.open_posting, application=application)
    client = api_world.client("official")

    bodies = response_bodies(client, student_urls(student, application, placement))

    for url, body in bodies.items():
        for field, value in personal_values(student).items():
            assert not appears(value, body), f"{field} in {url}"
    masked = {field: MASKS[field](value) for field, value in personal_values(student).items()}
    assert masked == {
        "name": "赵**",
        "student_number": "********0042",
        "national_id": student.national_id[:6] + "********" + student.national_id[-4:],
        "phone": "136****1234",
    }
    shown = client.get(RESOURCES["students"].url(student.pk)).json()
    assert {field: shown[field] for field in PERSONAL_FIELDS} == masked
    for prefix, row in (("applications", application), ("placements", placement)):
        summary = client.get(RESOURCES[prefix].url(row.pk)).json()["student_summary"]
        assert {field: summary[field] for field in ("name", "student_number", "phone")} == {
            field: masked[field] for field in ("name", "student_number", "phone")
        }


@pytest.mark.parametrize("reader", ["college_a", "platform_admin"])
def test_the_students_college_and_the_platform_admin_see_every_personal_field_in_clear(api_world, student, reader):
    application = ApplicationFactory(student=student, posting=api_world.a.open_posting)
    placement = PlacementFactory(student=student, posting=api_world.a.filled_posting)
    client = api_world.client(reader)

    shown = client.get(RESOURCES["students"].url(student.pk)).json()
    summaries = [
        client.get(RESOURCES[prefix].url(row.pk)).json()["student_summary"]
        for prefix, row in (("applications", application), ("placements", placement))
    ]

    assert {field: shown[field] for field in PERSONAL_FIELDS} == personal_values(student)
    for summary in summaries:
        assert {field: summary[field] for field in ("name", "student_number", "phone")} == {
            field: getattr(student, field) for field in ("name", "student_number", "phone")
        }


@pytest.mark.parametrize(
    ("reader", "status"),
    [("official", 400), ("college_a", 200), ("enterprise_a", 200), ("platform_admin", 200)],
)
def test_only_a_city_official_cannot_search_students_by_text(api_world, reader, status):
    response = api_world.client(reader).get(RESOURCES["students"].url(), {"q": "王"})

    assert response.status_code == status, response.content.decode()
    if status == 400:
        assert "q" in response.json()
    else:
        assert [row["id"] for row in response.json()["results"]] == [api_world.a.student.pk]
