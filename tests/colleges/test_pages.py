"""The college portal's pages of programs, courses and students: the API's scope, rules, filters and services."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from colleges.models import Program, Student
from tests.accounts.factories import NotificationFactory
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import (
    CollegeFactory,
    CollegeStaffFactory,
    CourseFactory,
    ProgramFactory,
    StudentFactory,
    national_id,
)
from tests.enterprises.factories import EnterpriseStaffFactory
from tests.evaluation.factories import TalentScoreFactory
from tests.partnerships.factories import ApplicationFactory, PlacementFactory


@pytest.fixture
def staff(db):
    return CollegeStaffFactory()


@pytest.fixture
def browser_client(client, staff):
    client.force_login(staff.user)
    return client


PROGRAM_FORM = {
    "catalogue_code": "460305",
    "name": "Industrial robotics",
    "level": "higher_vocational",
    "duration_years": "3",
    "annual_intake": "120",
    "training_objective": "Robot cell technicians for the city's machinery makers.",
    "practical_credit_share": "0.55",
    "required_practice_hours": "900",
}


def test_college_staff_create_a_program_through_the_page_and_land_on_its_page(browser_client, staff):
    response = browser_client.post("/programs/new/", PROGRAM_FORM, follow=True)

    program = Program.objects.get(name="Industrial robotics")
    assert program.college_id == staff.college_id
    assert response.redirect_chain[-1][0] == f"/programs/{program.pk}/"
    assert "Robot cell technicians" in response.content.decode()


def test_a_field_error_appears_next_to_its_field_and_a_rule_of_the_row_above_the_form(browser_client):
    missing_name = browser_client.post("/programs/new/", {**PROGRAM_FORM, "name": ""}).content.decode()
    bad_code = browser_client.post("/programs/new/", {**PROGRAM_FORM, "catalogue_code": "46-305"}).content.decode()

    assert 'class="field has-error"' in missing_name
    assert 'id="id_name_error"' in missing_name
    assert 'href="#id_name"' in missing_name  # the error summary links to the field
    # A check constraint of the row, validated by the service as for the API's 400: said above the form.
    assert 'class="error-summary"' in bad_code
    assert "A catalogue code is six digits" in bad_code
    assert not Program.objects.exists()


def test_a_duplicate_catalogue_code_is_refused_above_the_form_and_nothing_changes(browser_client, staff):
    program = ProgramFactory(college=staff.college)
    other = ProgramFactory(college=staff.college, catalogue_code="460306")
    response = browser_client.post(
        f"/programs/{other.pk}/edit/", {**PROGRAM_FORM, "catalogue_code": program.catalogue_code}
    )

    assert response.status_code == 200
    assert (
        "catalogue code already exists" in response.content.decode().lower() or "already" in response.content.decode()
    )
    assert Program.objects.get(pk=other.pk).catalogue_code == "460306"


def test_another_colleges_student_and_program_are_a_404_page(browser_client):
    stranger = StudentFactory(program=ProgramFactory(college=CollegeFactory()))

    for url in (f"/students/{stranger.pk}/", f"/programs/{stranger.program_id}/", f"/students/{stranger.pk}/edit/"):
        response = browser_client.get(url)
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


def test_a_form_posted_without_its_csrf_token_is_refused(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff.user)

    assert client.post("/programs/new/", PROGRAM_FORM).status_code == 403
    assert not Program.objects.exists()


def test_students_filter_by_placed_and_talent_band(browser_client, staff):
    program = ProgramFactory(college=staff.college)
    placed = PlacementFactory(
        student=StudentFactory(program=program, name="Placed Pat"), starts_on=timezone.localdate()
    ).student
    TalentScoreFactory(student=placed, score=Decimal("85.0"))
    middle = StudentFactory(program=program, name="Middle Mo")
    TalentScoreFactory(student=middle, score=Decimal("65.0"))
    StudentFactory(program=program, name="Unscored Una")

    def names(**query) -> set[str]:
        html = browser_client.get("/students/", query).content.decode()
        return {name for name in ("Placed Pat", "Middle Mo", "Unscored Una") if name in html}

    assert names(placed="true") == {"Placed Pat"}
    assert names(placed="false") == {"Middle Mo", "Unscored Una"}
    assert names(talent_band="high") == {"Placed Pat"}
    assert names(talent_band="middle") == {"Middle Mo"}
    assert names(talent_band="unscored") == {"Unscored Una"}


def test_the_student_list_refreshes_its_table_alone_for_htmx(browser_client, staff):
    StudentFactory(program=ProgramFactory(college=staff.college), name="Only Olga")

    fragment = browser_client.get("/students/", headers={"HX-Request": "true", "HX-Target": "object-list"})
    page = browser_client.get("/students/")

    assert "Only Olga" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    assert "<html" in page.content.decode()


def test_an_enterprise_sees_its_applicant_without_the_national_id(db, client):
    applicant = ApplicationFactory(student=StudentFactory(national_id=national_id(7))).student
    staff = EnterpriseStaffFactory(enterprise=applicant.applications.get().posting.enterprise)
    client.force_login(staff.user)

    html = client.get(f"/students/{applicant.pk}/").content.decode()

    assert applicant.name in html
    assert applicant.national_id not in html
    assert applicant.phone not in html
    assert client.get(f"/students/{StudentFactory().pk}/").status_code == 404


def test_creating_a_student_offers_only_the_colleges_own_programs(browser_client, staff):
    own = ProgramFactory(college=staff.college, name="Own program")
    ProgramFactory(name="Someone else's program")
    html = browser_client.get("/students/new/").content.decode()
    assert "Own program" in html
    assert "Someone else" not in html

    response = browser_client.post(
        "/students/new/",
        {
            "program": own.pk,
            "cohort_year": "2025",
            "name": "New Nia",
            "student_number": "2025000001",
            "national_id": national_id(3),
            "phone": "",
            "practice_hours": "0",
        },
    )
    student = Student.objects.get(name="New Nia")
    assert response.status_code == 302
    assert response["Location"] == f"/students/{student.pk}/"


def test_the_layout_shows_the_organisation_the_menu_and_the_unread_count(browser_client, staff):
    NotificationFactory.create_batch(3, recipient=staff.user)
    CourseFactory(program=ProgramFactory(college=staff.college))

    html = browser_client.get("/courses/").content.decode()

    assert staff.college.name in html
    assert 'aria-current="page"' in html
    assert ">Courses<" in html
    assert '<span class="count">3' in html


def test_a_saved_view_keeps_the_filters_and_is_listed_for_its_owner_only(browser_client, staff, client):
    response = browser_client.post(
        "/accounts/saved-views/",
        {
            "page": "colleges:student_list",
            "name": "Unplaced",
            "query": "placed=false",
            "next": "/students/?placed=false",
        },
    )
    assert response.status_code == 302
    assert 'href="?placed=false">Unplaced<' in browser_client.get("/students/").content.decode()

    other = CollegeStaffFactory(college=staff.college)
    client.force_login(other.user)
    assert "Unplaced" not in client.get("/students/").content.decode()


def test_a_city_official_sees_students_masked_and_a_refused_search_next_to_its_field(db, client):
    student = StudentFactory(name="张三丰", national_id=national_id(9))
    official = CityOfficialFactory(city=student.program.college.city)
    client.force_login(official.user)

    page = client.get(f"/students/{student.pk}/").content.decode()
    search = client.get("/students/", {"q": "张"})

    assert "张**" in page
    assert student.national_id not in page
    assert search.status_code == 200
    assert "cannot search them" in search.content.decode()
    assert "张**" not in search.content.decode()
