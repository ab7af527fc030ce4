"""Cities, the GB/T 4754 sectors and the shared skill vocabulary, through the API."""

import pytest

from cities.models import Skill
from tests.accounts.factories import error_messages, signed_in
from tests.cities.factories import CityFactory, CityOfficialFactory, DivisionFactory, SkillFactory
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseStaffFactory

SECTORS = "/api/v1/industry-sectors/"
SKILLS = "/api/v1/skills/"


def test_a_member_sees_their_own_city_and_no_other(db):
    official = CityOfficialFactory(city__name="Suzhou")
    other = CityFactory()
    api = signed_in(official.user)

    listed = api.get("/api/v1/cities/")

    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    assert [city["name"] for city in listed.json()["results"]] == ["Suzhou"]
    assert api.get(f"/api/v1/cities/{official.city_id}/").json()["name"] == "Suzhou"
    assert api.get(f"/api/v1/cities/{other.pk}/").status_code == 404


def test_cities_filter_by_text_and_pilot_year_and_refuse_a_malformed_year(db, admin_user):
    CityFactory(name="Suzhou", pilot_batch_year=2019)
    CityFactory(name="Wuxi", pilot_batch_year=2021)
    api = signed_in(admin_user)

    assert [city["name"] for city in api.get("/api/v1/cities/", {"q": "zhou"}).json()["results"]] == ["Suzhou"]
    assert [city["name"] for city in api.get("/api/v1/cities/", {"pilot_batch_year": 2021}).json()["results"]] == [
        "Wuxi"
    ]
    refused = api.get("/api/v1/cities/", {"pilot_batch_year": "recent"})
    assert (refused.status_code, refused.json()) == (400, {"pilot_batch_year": ["Enter a whole number."]})


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        pytest.param({"q": "general-purpose machinery"}, ["34"], id="q"),
        pytest.param({"level": "section", "code": "C"}, ["C"], id="level-and-code"),
        pytest.param({"parent": "A"}, ["01", "02", "03", "04", "05"], id="divisions-of-a-section"),
    ],
)
def test_sectors_filter(db, params, codes):
    api = signed_in(CollegeStaffFactory().user)

    response = api.get(SECTORS, params)

    assert response.status_code == 200
    assert [sector["code"] for sector in response.json()["results"]] == codes


def test_sectors_refuse_an_unknown_level(db):
    response = signed_in(CollegeStaffFactory().user).get(SECTORS, {"level": "bogus"})

    assert response.status_code == 400
    assert list(response.json()) == ["level"]


def test_a_page_holds_at_most_100_rows_whatever_page_size_is_asked(db):
    api = signed_in(CollegeStaffFactory().user)

    default = api.get(SECTORS).json()
    capped = api.get(SECTORS, {"page_size": 1000}).json()
    last = api.get(SECTORS, {"page_size": 100, "page": 2}).json()

    assert default["count"] == capped["count"] == 117  # GB/T 4754-2017: 20 sections, 97 divisions
    assert len(default["results"]) == 25
    assert len(capped["results"]) == 100
    assert capped["next"].endswith("page=2&page_size=1000")
    assert (len(last["results"]), last["next"]) == (17, None)
    assert api.get(SECTORS, {"page": 99}).status_code == 404
    assert api.get(SECTORS, {"page": "last"}).status_code == 200  # DRF's alias of the last page


@pytest.mark.parametrize("make_member", [CollegeStaffFactory, EnterpriseStaffFactory])
def test_college_and_enterprise_staff_add_a_skill_and_read_it_back(db, make_member):
    DivisionFactory(code="39")
    api = signed_in(make_member().user)

    created = api.post(SKILLS, {"name": "PLC programming", "sector": "39"})

    assert created.status_code == 201
    assert created.json() == {"id": created.json()["id"], "name": "PLC programming", "sector": "39"}
    assert api.get(f"{SKILLS}{created.json()['id']}/").json() == created.json()
    assert api.post(SKILLS, {"name": "Welding"}).json()["sector"] is None


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        pytest.param({"name": "plc PROGRAMMING"}, None, "A skill with this name already exists.", id="duplicate"),
        pytest.param(
            {"name": "Welding", "sector": "ZZ"}, "sector", "Object with code=ZZ does not exist.", id="sector"
        ),
        pytest.param({"name": ""}, "name", "This field may not be blank.", id="blank"),
        pytest.param({"name": "x" * 81}, "name", "Ensure this field has no more than 80 characters.", id="long"),
    ],
)
def test_a_skill_is_refused_with_a_readable_message(db, body, field, message):
    SkillFactory(name="PLC programming")

    response = signed_in(CollegeStaffFactory().user).post(SKILLS, body)

    assert response.status_code == 400
    assert error_messages(response) == [message]
    if field:
        assert list(response.json()) == [field]
    assert Skill.objects.count() == 1


def test_skills_are_recorded_once_never_edited_and_city_officials_only_read_them(db):
    skill = SkillFactory(name="Welding")
    staff, official = signed_in(CollegeStaffFactory().user), signed_in(CityOfficialFactory().user)

    assert staff.patch(f"{SKILLS}{skill.pk}/", {"name": "Arc welding"}).status_code == 405
    assert staff.delete(f"{SKILLS}{skill.pk}/").status_code == 405
    assert official.post(SKILLS, {"name": "Soldering"}).status_code == 403
    assert official.get(f"{SKILLS}{skill.pk}/").status_code == 200


def test_skills_filter_by_text_and_sector(db):
    division = DivisionFactory(code="39")
    SkillFactory(name="PLC programming", sector=division)
    SkillFactory(name="Robot programming")
    SkillFactory(name="Welding")
    api = signed_in(EnterpriseStaffFactory().user)

    def names(**params):
        return [skill["name"] for skill in api.get(SKILLS, params).json()["results"]]

    assert names(q="programming") == ["PLC programming", "Robot programming"]
    assert names(sector="39") == ["PLC programming"]
    assert names(sector="39", q="robot") == []
