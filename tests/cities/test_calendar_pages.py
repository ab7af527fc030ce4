"""The academic calendar, kept by the city's officials on their pages (and the API, and the platform admin in the
Django admin, through the same services): terms in order, never overlapping; every member of the city reads them,
nobody else changes them; a posting meets the calendar as it stands when it opens."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.principals import principal_of
from cities import services
from cities.models import AcademicTerm
from enterprises.choices import PostingStatus
from partnerships.services import postings
from tests.accounts.factories import UserFactory, signed_in
from tests.cities.factories import AcademicTermFactory, CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseStaffFactory, PostingFactory
from tests.pages import client_of

DAY = datetime.timedelta(days=1)
AUTUMN = {"name": "2026–2027 autumn", "starts_on": "2026-09-01", "ends_on": "2027-01-20"}


@pytest.fixture
def official(db):
    return CityOfficialFactory(city__name="Jinhe")


@pytest.fixture
def autumn(official):
    return AcademicTermFactory(
        city=official.city,
        name="2026–2027 autumn",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2027, 1, 20),
    )


def test_the_official_adds_a_term_and_finds_it_in_the_calendar(official):
    client = client_of(official)

    form = client.get("/calendar/new/")
    response = client.post("/calendar/new/", AUTUMN, follow=True)

    term = AcademicTerm.objects.get(city=official.city)
    assert form.status_code == 200
    assert (term.name, term.starts_on, term.ends_on) == (
        "2026–2027 autumn",
        datetime.date(2026, 9, 1),
        datetime.date(2027, 1, 20),
    )
    assert response.redirect_chain[-1][0] == f"/calendar/{term.pk}/"
    assert "Saved." in response.content.decode()
    listing = client.get("/calendar/").content.decode()
    assert "2026–2027 autumn" in listing
    assert 'href="/calendar/new/"' in listing


def test_a_term_sharing_days_with_another_is_refused_next_to_its_start(official, autumn):
    response = client_of(official).post(
        "/calendar/new/", {"name": "Winter school", "starts_on": "2027-01-10", "ends_on": "2027-02-20"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["starts_on"] == [
        "This term shares days with 2026–2027 autumn (2026-09-01 to 2027-01-20): the terms of a city do not overlap."
    ]
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_starts_on"' in html
    assert AcademicTerm.objects.count() == 1


def test_a_term_that_ends_before_it_starts_is_refused_above_the_form(official):
    response = client_of(official).post("/calendar/new/", {**AUTUMN, "ends_on": "2026-08-01"})

    assert response.context["form"].non_field_errors() == ["A term ends after it starts."]
    assert "A term ends after it starts." in response.content.decode()
    assert not AcademicTerm.objects.exists()


def test_a_missing_date_is_said_next_to_its_field(official):
    response = client_of(official).post("/calendar/new/", {**AUTUMN, "ends_on": ""})

    assert response.context["form"].errors["ends_on"] == ["This field is required."]
    assert not AcademicTerm.objects.exists()


def test_the_official_moves_a_term_without_it_meeting_itself_and_renames_it(official, autumn):
    response = client_of(official).post(
        f"/calendar/{autumn.pk}/edit/", {"name": "Autumn 2026", "starts_on": "2026-08-25", "ends_on": "2027-01-20"}
    )

    autumn.refresh_from_db()
    assert response.status_code == 302
    assert (autumn.name, autumn.starts_on) == ("Autumn 2026", datetime.date(2026, 8, 25))


def test_a_term_moved_onto_another_is_refused_and_left_as_it_was(official, autumn):
    spring = AcademicTermFactory(
        city=official.city, name="Spring 2027", starts_on=datetime.date(2027, 2, 20), ends_on=datetime.date(2027, 7, 1)
    )

    response = client_of(official).post(
        f"/calendar/{spring.pk}/edit/", {"name": "Spring 2027", "starts_on": "2027-01-15", "ends_on": "2027-07-01"}
    )

    spring.refresh_from_db()
    assert "starts_on" in response.context["form"].errors
    assert spring.starts_on == datetime.date(2027, 2, 20)


def test_removing_a_term_asks_first_and_keeps_an_open_posting_open(official):
    today = timezone.localdate()
    term = AcademicTermFactory(city=official.city, starts_on=today + DAY * 30, ends_on=today + DAY * 200)
    enterprise_staff = EnterpriseStaffFactory(enterprise__city=official.city)
    posting = PostingFactory(
        enterprise=enterprise_staff.enterprise,
        deadline=today + DAY * 20,
        starts_on=today + DAY * 40,
        ends_on=today + DAY * 100,
    )
    postings.posting_open(posting=posting, principal=principal_of(enterprise_staff.user))
    client = client_of(official)

    confirmation = client.get(f"/calendar/{term.pk}/delete/").content.decode()
    response = client.post(f"/calendar/{term.pk}/delete/", follow=True)

    assert "Postings already open in them keep their dates" in confirmation
    assert response.redirect_chain[-1][0] == "/calendar/"
    assert "The term is removed from the calendar." in response.content.decode()
    assert not AcademicTerm.objects.exists()
    posting.refresh_from_db()
    assert posting.status == PostingStatus.OPEN


def test_a_posting_without_a_term_is_told_who_keeps_the_calendar(official):
    enterprise_staff = EnterpriseStaffFactory(enterprise__city=official.city)
    draft = PostingFactory(enterprise=enterprise_staff.enterprise)

    with pytest.raises(ValidationError) as refusal:
        postings.posting_open(posting=draft, principal=principal_of(enterprise_staff.user))

    assert "the city's officials keep its academic calendar on the platform" in refusal.value.messages[0]


@pytest.mark.parametrize(
    "member",
    [
        pytest.param(lambda city: CollegeStaffFactory(college__city=city), id="college-staff"),
        pytest.param(lambda city: EnterpriseStaffFactory(enterprise__city=city), id="enterprise-staff"),
    ],
)
def test_the_city_s_colleges_and_enterprises_read_the_calendar_and_change_nothing(official, autumn, member):
    client = client_of(member(official.city))

    listing = client.get("/calendar/").content.decode()
    page = client.get(f"/calendar/{autumn.pk}/").content.decode()

    assert "2026–2027 autumn" in listing
    assert 'href="/calendar/new/"' not in listing
    assert f'href="/calendar/{autumn.pk}/edit/"' not in page
    assert client.get("/calendar/new/").status_code == 403
    assert client.post("/calendar/new/", {**AUTUMN, "name": "Other"}).status_code == 403
    assert client.post(f"/calendar/{autumn.pk}/edit/", {**AUTUMN, "name": "Renamed"}).status_code == 403
    assert client.post(f"/calendar/{autumn.pk}/delete/").status_code == 403
    autumn.refresh_from_db()
    assert autumn.name == "2026–2027 autumn"
    assert AcademicTerm.objects.count() == 1


def test_another_city_s_official_finds_no_term_of_this_city(autumn):
    client = client_of(CityOfficialFactory(city__name="Yunshan"))

    assert "2026–2027 autumn" not in client.get("/calendar/").content.decode()
    for path in ("", "edit/", "delete/"):
        assert client.get(f"/calendar/{autumn.pk}/{path}").status_code == 404
    assert client.post(f"/calendar/{autumn.pk}/delete/").status_code == 404
    assert AcademicTerm.objects.filter(pk=autumn.pk).exists()


def test_the_platform_admin_keeps_the_calendar_in_the_django_admin_through_the_same_checks(autumn, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    overlapping = {"city": autumn.city_id, "name": "Overlap", "starts_on": "2027-01-01", "ends_on": "2027-03-01"}

    refused = client.post("/admin/cities/academicterm/add/", overlapping)
    added = client.post("/admin/cities/academicterm/add/", {**overlapping, "starts_on": "2027-02-01"})

    assert "the terms of a city do not overlap" in refused.content.decode()
    assert added.status_code == 302
    assert list(AcademicTerm.objects.values_list("name", flat=True)) == ["2026–2027 autumn", "Overlap"]


def test_the_api_writes_through_the_same_service(official, autumn):
    api = signed_in(official.user)

    overlapping = api.post(
        "/api/v1/academic-terms/", {"name": "Winter", "starts_on": "2027-01-01", "ends_on": "2027-02-01"}
    )
    added = api.post(
        "/api/v1/academic-terms/", {"name": "Spring 2027", "starts_on": "2027-02-20", "ends_on": "2027-07-01"}
    )
    reversed_dates = api.patch(f"/api/v1/academic-terms/{autumn.pk}/", {"ends_on": "2026-08-01"})

    assert overlapping.status_code == 400
    assert "the terms of a city do not overlap" in overlapping.json()["starts_on"][0]
    assert added.status_code == 201
    assert added.json()["city"] == official.city_id
    assert reversed_dates.status_code == 400
    assert reversed_dates.json()["non_field_errors"] == ["A term ends after it starts."]


def add_terms(official, months: range) -> None:
    for month in months:
        services.academic_term_create(
            city_id=official.city_id,
            name=f"Term {month}",
            starts_on=datetime.date(2030, month, 1),
            ends_on=datetime.date(2030, month, 20),
        )


# What the layout takes (the session, the user with their membership, the saved views, and the bell's unread count),
# then the page's count and its rows.
CALENDAR_QUERIES = 6


def test_the_calendar_takes_the_same_few_queries_with_2_or_12_terms(official, django_assert_num_queries):
    client = client_of(official)
    add_terms(official, range(1, 3))
    with django_assert_num_queries(CALENDAR_QUERIES):
        client.get("/calendar/")
    add_terms(official, range(3, 13))

    with django_assert_num_queries(CALENDAR_QUERIES):
        html = client.get("/calendar/").content.decode()

    assert all(f"Term {month}<" in html for month in range(1, 13))
