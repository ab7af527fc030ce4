"""Enterprises, postings, talent demand, education investments and certifications through the API."""

import datetime
from decimal import Decimal

import pytest

from enterprises.models import EducationInvestment, Posting, TalentDemand
from partnerships.models import Application
from tests.accounts.factories import error_messages, signed_in
from tests.cities.factories import CityOfficialFactory, DivisionFactory, SectionFactory, SkillFactory
from tests.colleges.factories import CollegeFactory
from tests.enterprises.factories import (
    EducationInvestmentFactory,
    EnterpriseFactory,
    EnterpriseStaffFactory,
    PostingFactory,
    TalentDemandFactory,
)
from tests.evaluation.factories import IntegrationCertificationFactory
from tests.partnerships.factories import ApplicationFactory, PlacementFactory, TrainingBaseFactory


@pytest.fixture
def staff(db):
    """A member of the staff of an enterprise (in division 39, electronics)."""
    return EnterpriseStaffFactory(enterprise__name="Suzhou Precision Robotics", enterprise__sector=DivisionFactory())


@pytest.fixture
def enterprise(staff):
    return staff.enterprise


@pytest.fixture
def api(staff):
    return signed_in(staff.user)


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


# ------------------------------------------------------------------------------
# Enterprises
# ------------------------------------------------------------------------------
def test_enterprise_staff_edit_their_profile_but_not_its_credit_code(api, enterprise):
    url = f"/api/v1/enterprises/{enterprise.pk}/"
    DivisionFactory(code="38", name_en="Electrical machinery")

    changed = api.patch(url, {"description": "Robot cells for electronics assembly.", "sector": "38"})

    assert changed.status_code == 200
    assert (changed.json()["description"], changed.json()["sector"]) == ("Robot cells for electronics assembly.", "38")
    ignored = api.patch(url, {"credit_code": "NOT-A-CREDIT-CODE"})
    assert (ignored.status_code, ignored.json()["credit_code"]) == (200, enterprise.credit_code)
    assert api.patch(url, {"sector": "ZZ"}).json() == {"sector": ["Object with code=ZZ does not exist."]}
    assert api.patch(url, {"size": "giant"}).json() == {"size": ['"giant" is not a valid choice.']}
    assert api.patch(url, {"name": "x" * 121}).status_code == 400
    assert api.patch(f"/api/v1/enterprises/{EnterpriseFactory(city=enterprise.city).pk}/", {}).status_code == 404


def test_enterprises_filter_by_text_sector_section_and_size(enterprise):
    city = enterprise.city
    retailer = EnterpriseFactory(city=city, name="Gusu Retail", size="small", sector=DivisionFactory(code="52"))
    api = signed_in(CityOfficialFactory(city=city).user)

    assert ids(api.get("/api/v1/enterprises/", {"q": "precision robotics"})) == [enterprise.pk]
    assert ids(api.get("/api/v1/enterprises/", {"q": enterprise.credit_code})) == [enterprise.pk]
    assert ids(api.get("/api/v1/enterprises/", {"sector": "39"})) == [enterprise.pk]
    assert ids(api.get("/api/v1/enterprises/", {"section": "F"})) == [retailer.pk]
    assert ids(api.get("/api/v1/enterprises/", {"size": "small"})) == [retailer.pk]
    assert api.get("/api/v1/enterprises/", {"size": "giant"}).status_code == 400
    assert api.get("/api/v1/enterprises/", {"city": "Suzhou"}).json() == {"city": ["Enter a whole number."]}


# ------------------------------------------------------------------------------
# Postings
# ------------------------------------------------------------------------------
def posting_body(**overrides) -> dict:
    return {
        "kind": "internship",
        "title": "Robot cell technician intern",
        "sector": "39",
        "slots": 4,
        "starts_on": "2026-07-01",
        "ends_on": "2026-09-30",
        "deadline": "2026-06-15",
        "daily_hours": "8.0",
        "stipend_monthly": "2400.00",
        **overrides,
    }


def test_enterprise_staff_create_read_change_and_delete_a_posting(api, enterprise):
    SkillFactory(name="PLC programming")
    base = TrainingBaseFactory(city=enterprise.city)

    created = api.post("/api/v1/postings/", posting_body(skills=["PLC programming"], training_base=base.pk))

    assert created.status_code == 201, created.json()
    posting = created.json()
    assert (posting["enterprise"], posting["status"]) == (enterprise.pk, "draft")
    assert (posting["insurance"], posting["night_work"], posting["minimum_age"]) == (True, False, 16)
    assert (posting["skills"], posting["training_base"]) == (["PLC programming"], base.pk)
    url = f"/api/v1/postings/{posting['id']}/"
    assert api.get(url).json() == posting

    changed = api.patch(url, {"slots": 6, "training_base": None, "skills": []})
    assert (changed.json()["slots"], changed.json()["training_base"], changed.json()["skills"]) == (6, None, [])

    ApplicationFactory(posting=Posting.objects.get(pk=posting["id"]))
    assert api.delete(url).status_code == 204
    assert not Posting.objects.exists()
    assert not Application.objects.exists(), "a posting's applications go with it"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param({"ends_on": "2026-06-30"}, None, "A posting ends after it starts.", id="end-before-start"),
        pytest.param(
            {"deadline": "2026-07-02"}, None, "The application deadline is on or before the start date.", id="deadline"
        ),
        pytest.param({"slots": 0}, None, "A posting offers at least one slot.", id="no-slots"),
        pytest.param({"daily_hours": "25.0"}, None, "Daily hours are more than 0 and at most 24.", id="hours"),
        pytest.param({"stipend_monthly": "-1.00"}, None, "The stipend cannot be negative.", id="stipend"),
        pytest.param({"sector": "ZZ"}, "sector", "Object with code=ZZ does not exist.", id="unknown-sector"),
        pytest.param({"skills": ["Juggling"]}, "skills", "Object with name=Juggling does not exist.", id="skill"),
        pytest.param({"kind": "job"}, "kind", '"job" is not a valid choice.', id="kind"),
        pytest.param({"starts_on": "1 July"}, "starts_on", None, id="date-format"),
    ],
)
def test_an_invalid_posting_is_refused_with_a_readable_message(api, overrides, field, message):
    response = api.post("/api/v1/postings/", posting_body(**overrides))

    assert response.status_code == 400
    if message:
        assert error_messages(response) == [message]
    if field:
        assert list(response.json()) == [field]
    assert not Posting.objects.exists()


def test_a_posting_cannot_be_placed_at_a_training_base_of_another_city(api):
    base = TrainingBaseFactory()

    response = api.post("/api/v1/postings/", posting_body(training_base=base.pk))

    assert response.json() == {"training_base": [f'Invalid pk "{base.pk}" - object does not exist.']}


def test_a_posting_with_placements_cannot_be_deleted(api, enterprise):
    posting = PostingFactory(enterprise=enterprise)
    PlacementFactory(posting=posting, student__program__college__city=enterprise.city)

    response = api.delete(f"/api/v1/postings/{posting.pk}/")

    assert response.status_code == 409
    assert response.json()["detail"] == "It cannot be deleted while other records use it: placements."
    assert Posting.objects.filter(pk=posting.pk).exists()


def test_postings_filter_by_status_sector_skill_kind_and_text(enterprise):
    plc = SkillFactory(name="PLC programming")
    open_posting = PostingFactory(enterprise=enterprise, status="open", title="PLC technician")
    open_posting.skills.set([plc])
    apprenticeship = PostingFactory(enterprise=enterprise, kind="apprenticeship", sector=DivisionFactory(code="38"))
    api = signed_in(CityOfficialFactory(city=enterprise.city).user)

    assert ids(api.get("/api/v1/postings/", {"status": "open"})) == [open_posting.pk]
    assert ids(api.get("/api/v1/postings/", {"skill": "plc PROGRAMMING"})) == [open_posting.pk]
    assert ids(api.get("/api/v1/postings/", {"sector": "38"})) == [apprenticeship.pk]
    assert ids(api.get("/api/v1/postings/", {"kind": "apprenticeship"})) == [apprenticeship.pk]
    assert ids(api.get("/api/v1/postings/", {"q": "plc precision"})) == [open_posting.pk]
    assert len(ids(api.get("/api/v1/postings/", {"enterprise": enterprise.pk}))) == 2


def test_postings_filter_by_dates_and_a_minimum_stipend(enterprise):
    well_paid = PostingFactory(enterprise=enterprise, stipend_monthly=Decimal("3200.00"))
    long_one = PostingFactory(enterprise=enterprise, ends_on=well_paid.ends_on + datetime.timedelta(days=30))
    api = signed_in(CityOfficialFactory(city=enterprise.city).user)

    assert ids(api.get("/api/v1/postings/", {"stipend_min": "3000"})) == [well_paid.pk]
    assert ids(api.get("/api/v1/postings/", {"ends_before": well_paid.ends_on.isoformat()})) == [well_paid.pk]
    assert api.get("/api/v1/postings/", {"stipend_min": "-1"}).status_code == 400
    assert long_one.pk in ids(api.get("/api/v1/postings/", {"starts_after": well_paid.starts_on.isoformat()}))


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "bogus"}, "status"), ({"enterprise": "abc"}, "enterprise"), ({"deadline_after": "soon"}, None)],
)
def test_an_invalid_posting_filter_is_a_400(api, params, field):
    response = api.get("/api/v1/postings/", params)

    assert (response.status_code, list(response.json())) == (400, [field or next(iter(params))])


# ------------------------------------------------------------------------------
# Talent demand
# ------------------------------------------------------------------------------
def test_enterprise_staff_record_change_and_delete_their_talent_demand(api, enterprise):
    SkillFactory(name="PLC programming")
    body = {"sector": "39", "skill": "PLC programming", "headcount": 12, "year": 2027}

    created = api.post("/api/v1/talent-demands/", body)

    assert created.status_code == 201
    assert created.json() == {**body, "id": created.json()["id"], "enterprise": enterprise.pk}
    url = f"/api/v1/talent-demands/{created.json()['id']}/"
    assert api.patch(url, {"headcount": 20}).json()["headcount"] == 20
    assert api.delete(url).status_code == 204
    assert not TalentDemand.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({}, "Talent demand with this Enterprise, Sector, Skill and Year already exists.", id="twice"),
        pytest.param({"year": 1999}, "The year must be between 2000 and 2100.", id="year"),
        pytest.param({"headcount": 0, "year": 2028}, "The headcount must be at least 1.", id="headcount"),
        pytest.param({"skill": "Juggling"}, "Object with name=Juggling does not exist.", id="skill"),
    ],
)
def test_an_invalid_talent_demand_is_refused(api, enterprise, changes, message):
    demand = TalentDemandFactory(enterprise=enterprise, sector=enterprise.sector, year=2027)
    body = {"sector": "39", "skill": demand.skill.name, "headcount": 12, "year": 2027, **changes}

    response = api.post("/api/v1/talent-demands/", body)

    assert (response.status_code, error_messages(response)) == (400, [message])


def test_talent_demand_filters_by_sector_skill_and_year(enterprise):
    robots = TalentDemandFactory(enterprise=enterprise, skill=SkillFactory(name="Robot programming"), year=2027)
    TalentDemandFactory(enterprise=enterprise, sector=DivisionFactory(code="38"), year=2026)
    api = signed_in(CityOfficialFactory(city=enterprise.city).user)

    assert ids(api.get("/api/v1/talent-demands/", {"skill": "robot programming"})) == [robots.pk]
    assert ids(api.get("/api/v1/talent-demands/", {"sector": "39", "year": 2027})) == [robots.pk]
    assert api.get("/api/v1/talent-demands/", {"year": "next"}).json() == {"year": ["Enter a whole number."]}


# ------------------------------------------------------------------------------
# Education investments
# ------------------------------------------------------------------------------
def test_enterprise_staff_record_change_and_delete_an_investment_in_a_college_of_their_city(api, enterprise):
    college = CollegeFactory(city=enterprise.city)
    body = {"college": college.pk, "amount": "350000.00", "invested_on": "2026-03-01", "purpose": "equipment"}

    created = api.post("/api/v1/education-investments/", body)

    assert created.status_code == 201
    assert created.json() == {**body, "id": created.json()["id"], "enterprise": enterprise.pk, "description": ""}
    url = f"/api/v1/education-investments/{created.json()['id']}/"
    assert api.patch(url, {"college": None}).json()["college"] is None
    assert api.delete(url).status_code == 204
    assert not EducationInvestment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param({"amount": "0"}, None, "An investment amount must be more than 0.", id="amount"),
        pytest.param({"purpose": "bribes"}, "purpose", '"bribes" is not a valid choice.', id="purpose"),
        pytest.param(
            {"amount": "1" * 13}, "amount", "Ensure that there are no more than 12 digits before the decimal point."
        ),
    ],
)
def test_an_invalid_investment_is_refused(api, changes, field, message):
    body = {"amount": "1000.00", "invested_on": "2026-03-01", "purpose": "equipment", **changes}

    response = api.post("/api/v1/education-investments/", body)

    assert (response.status_code, error_messages(response)) == (400, [message])
    if field:
        assert list(response.json()) == [field]


def test_an_investment_cannot_name_a_college_of_another_city(api):
    college = CollegeFactory()
    body = {"college": college.pk, "amount": "1000.00", "invested_on": "2026-03-01", "purpose": "equipment"}

    response = api.post("/api/v1/education-investments/", body)

    assert response.json() == {"college": [f'Invalid pk "{college.pk}" - object does not exist.']}


def test_investments_filter_by_college_purpose_and_date(api, enterprise):
    college = CollegeFactory(city=enterprise.city)
    scholarship = EducationInvestmentFactory(enterprise=enterprise, college=college, purpose="scholarship")
    EducationInvestmentFactory(enterprise=enterprise, invested_on="2024-01-01")

    assert ids(api.get("/api/v1/education-investments/", {"college": college.pk})) == [scholarship.pk]
    assert ids(api.get("/api/v1/education-investments/", {"purpose": "scholarship"})) == [scholarship.pk]
    assert ids(api.get("/api/v1/education-investments/", {"invested_after": "2025-01-01"})) == [scholarship.pk]
    assert api.get("/api/v1/education-investments/", {"purpose": "bribes"}).status_code == 400


# ------------------------------------------------------------------------------
# Integration certifications (moved on by workflow actions only)
# ------------------------------------------------------------------------------
def test_an_enterprise_reads_its_certifications_and_filters_them_by_status(api, enterprise):
    rejected = IntegrationCertificationFactory(enterprise=enterprise, rejected=True)
    pending = IntegrationCertificationFactory(enterprise=enterprise)
    IntegrationCertificationFactory(enterprise__city=enterprise.city)

    assert sorted(ids(api.get("/api/v1/integration-certifications/"))) == sorted([rejected.pk, pending.pk])
    assert ids(api.get("/api/v1/integration-certifications/", {"status": "rejected"})) == [rejected.pk]
    assert api.get("/api/v1/integration-certifications/", {"status": "bogus"}).status_code == 400
    assert api.post("/api/v1/integration-certifications/", {}).status_code == 409  # applying: one is pending
    assert api.patch(f"/api/v1/integration-certifications/{pending.pk}/", {"status": "certified"}).status_code == 405


def test_the_sector_section_filter_follows_the_gbt_4754_tree(enterprise):
    """``section`` finds enterprises by the section above their division (39 is under C, manufacturing)."""
    api = signed_in(CityOfficialFactory(city=enterprise.city).user)

    assert SectionFactory().code == "C"
    assert ids(api.get("/api/v1/enterprises/", {"section": "C"})) == [enterprise.pk]
