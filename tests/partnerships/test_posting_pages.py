"""The pages of postings: the enterprise creates, edits, opens (each broken internship rule next to its field) and
closes its postings through the API's services; colleges find the city's open postings with the API's filters."""

import datetime
from decimal import Decimal

import pytest

from enterprises.choices import PostingStatus
from enterprises.models import Posting
from tests.cities.factories import AcademicTermFactory, DivisionFactory, SkillFactory
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseFactory, EnterpriseStaffFactory, PostingFactory
from tests.partnerships.factories import ApplicationFactory

TODAY = datetime.date.today()


def day(offset: int) -> str:
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture
def enterprise(db):
    enterprise = EnterpriseFactory(name="Jinhe Robotics")
    AcademicTermFactory(
        city=enterprise.city,
        starts_on=TODAY + datetime.timedelta(days=10),
        ends_on=TODAY + datetime.timedelta(days=200),
    )
    return enterprise


@pytest.fixture
def staff(enterprise):
    return EnterpriseStaffFactory(enterprise=enterprise)


@pytest.fixture
def enterprise_client(client, staff):
    client.force_login(staff.user)
    return client


def posting_form(**changes) -> dict:
    """The form of a compliant posting, with ``changes``."""
    return {
        "kind": "internship",
        "title": "Robot cell intern",
        "description": "Programs and tends the welding cells.",
        "sector": DivisionFactory(code="34").pk,
        "slots": "4",
        "starts_on": day(30),
        "ends_on": day(120),
        "deadline": day(20),
        "daily_hours": "8.0",
        "stipend_monthly": "2600.00",
        "insurance": "on",
        "minimum_age": "18",
        "district": "Industrial Park",
        **changes,
    }


def test_enterprise_staff_create_a_draft_and_land_on_its_page(enterprise_client, enterprise):
    skill = SkillFactory(name="Welding")

    response = enterprise_client.post("/postings/new/", posting_form(skills=[skill.pk]), follow=True)

    posting = Posting.objects.get(title="Robot cell intern")
    html = response.content.decode()
    assert (posting.enterprise, posting.status, list(posting.skills.all())) == (enterprise, "draft", [skill])
    assert response.redirect_chain[-1][0] == f"/postings/{posting.pk}/"
    assert "Saved as a draft" in html
    assert "¥2,600.00" in html
    assert "Welding" in html
    assert f'href="/postings/{posting.pk}/open/"' in html
    assert f'href="/postings/{posting.pk}/close/"' not in html


def test_the_form_shows_the_city_s_limits_as_hints_and_a_field_error_next_to_its_field(enterprise_client):
    form = enterprise_client.get("/postings/new/").content.decode()
    assert "At most 8.0 hours a day in your city." in form
    assert "At least 2000.00 CNY a month in your city." in form

    refused = enterprise_client.post("/postings/new/", posting_form(ends_on=day(25))).content.decode()

    assert "A posting ends after it starts." in refused
    assert not Posting.objects.exists()


def test_opening_a_posting_that_breaks_two_rules_says_each_next_to_its_field(enterprise_client, enterprise):
    draft = PostingFactory(enterprise=enterprise, daily_hours=Decimal("10.0"), insurance=False)
    form = posting_form(title=draft.title, daily_hours="10.0", insurance="")

    refused = enterprise_client.post(f"/postings/{draft.pk}/open/", form)

    html = refused.content.decode()
    assert refused.status_code == 200
    assert "The posting is not open yet" in html
    assert '<p class="field-error" id="id_daily_hours_error">Interns work at most 8.0 hours a day' in html
    assert '<p class="field-error" id="id_insurance_error">Interns must be covered by liability insurance' in html
    assert Posting.objects.get(pk=draft.pk).status == PostingStatus.DRAFT

    opened = enterprise_client.post(f"/postings/{draft.pk}/open/", {**form, "daily_hours": "8.0", "insurance": "on"})

    draft.refresh_from_db()
    assert opened.status_code == 302
    assert (draft.status, draft.daily_hours, draft.insurance) == ("open", Decimal("8.0"), True)


def test_a_refused_opening_saves_nothing_of_the_form(enterprise_client, enterprise):
    draft = PostingFactory(enterprise=enterprise, title="Before")

    enterprise_client.post(f"/postings/{draft.pk}/open/", posting_form(title="After", minimum_age="14"))

    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Before", "draft")


def test_closing_asks_to_confirm_then_closes_and_ends_the_open_applications(enterprise_client, enterprise):
    posting = PostingFactory(enterprise=enterprise, status=PostingStatus.OPEN)
    application = ApplicationFactory(posting=posting)

    confirm = enterprise_client.get(f"/postings/{posting.pk}/close/").content.decode()
    assert "This cannot be undone." in confirm
    assert Posting.objects.get(pk=posting.pk).status == PostingStatus.OPEN

    response = enterprise_client.post(f"/postings/{posting.pk}/close/", follow=True)

    application.refresh_from_db()
    assert Posting.objects.get(pk=posting.pk).status == PostingStatus.CLOSED
    assert application.status == "closed"
    assert "The posting is closed." in response.content.decode()


def test_a_closed_posting_is_no_longer_edited_and_the_refusal_is_a_message(enterprise_client, enterprise):
    posting = PostingFactory(enterprise=enterprise, status=PostingStatus.CLOSED)

    page = enterprise_client.get(f"/postings/{posting.pk}/").content.decode()
    response = enterprise_client.post(f"/postings/{posting.pk}/edit/", posting_form(title=posting.title))

    assert f"/postings/{posting.pk}/edit/" not in page
    assert "it cannot be edited" in response.content.decode()
    assert Posting.objects.get(pk=posting.pk).title == posting.title


def test_another_enterprise_s_posting_is_a_404_and_college_staff_may_not_write(client, enterprise):
    stranger = PostingFactory(status=PostingStatus.OPEN)
    client.force_login(EnterpriseStaffFactory(enterprise=enterprise).user)
    for url in (f"/postings/{stranger.pk}/", f"/postings/{stranger.pk}/edit/", f"/postings/{stranger.pk}/close/"):
        assert client.get(url).status_code == 404

    own = PostingFactory(enterprise=enterprise, status=PostingStatus.OPEN)
    client.force_login(CollegeStaffFactory(college__city=enterprise.city).user)
    page = client.get(f"/postings/{own.pk}/").content.decode()
    assert own.title in page
    assert f"/postings/{own.pk}/close/" not in page
    assert client.get("/postings/new/").status_code == 403
    assert client.post(f"/postings/{own.pk}/close/").status_code == 403


def test_college_staff_find_the_city_s_open_postings_by_sector_skill_dates_and_stipend(client, enterprise):
    welding = SkillFactory(name="Welding")
    robots = DivisionFactory(code="34")
    wanted = PostingFactory(
        enterprise=enterprise,
        title="Wanted welder",
        sector=robots,
        status=PostingStatus.OPEN,
        stipend_monthly=Decimal("3200.00"),
    )
    wanted.skills.add(welding)
    PostingFactory(enterprise=enterprise, title="Cheap welder", sector=robots, status="open").skills.add(welding)
    PostingFactory(
        enterprise=enterprise,
        title="Late welder",
        status="open",
        starts_on=TODAY + datetime.timedelta(days=99),
        ends_on=TODAY + datetime.timedelta(days=150),
    )
    PostingFactory(enterprise=enterprise, title="Draft welder", sector=robots)
    client.force_login(CollegeStaffFactory(college__city=enterprise.city).user)

    def titles(**query) -> set[str]:
        html = client.get("/postings/", query).content.decode()
        return {title for title in ("Wanted", "Cheap", "Late", "Draft") if f"{title} welder" in html}

    assert titles() == {"Wanted", "Cheap", "Late"}
    assert titles(sector="34", skill="Welding") == {"Wanted", "Cheap"}
    assert titles(stipend_min="3000") == {"Wanted"}
    assert titles(starts_after=day(90)) == {"Late"}
    assert titles(ends_before=day(120)) == {"Wanted", "Cheap"}

    page = client.get("/postings/").content.decode()
    assert '<option value="34">' in page
    assert '<option value="Welding">Welding</option>' in page
    assert 'type="date" name="starts_after"' in page
    assert '<option value="" selected>All</option>' in page
    assert "---------" not in page
    assert "New posting" not in page
