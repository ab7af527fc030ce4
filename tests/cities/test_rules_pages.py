"""The internship rules, kept by the city's officials on their page (and the API, and the platform admin in the
Django admin, through the same service): the national defaults until the city sets its own, bounds the database
holds, every member of the city reads them, nobody else changes them; a posting meets them when it opens."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.principals import principal_of
from cities.models import InternshipRules
from partnerships.services import postings
from tests.accounts.factories import UserFactory, signed_in
from tests.cities.factories import AcademicTermFactory, CityOfficialFactory, InternshipRulesFactory
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseStaffFactory, PostingFactory
from tests.pages import client_of

RULES = {
    "max_daily_hours": "7.5",
    "night_work_allowed": "",
    "insurance_required": "on",
    "minimum_monthly_stipend": "2600.00",
    "minimum_age": "17",
}


@pytest.fixture
def official(db):
    return CityOfficialFactory(city__name="Jinhe")


def test_a_city_that_set_nothing_shows_the_national_defaults_and_its_official_sets_its_own(official):
    client = client_of(official)

    page = client.get("/internship-rules/").content.decode()
    response = client.post("/internship-rules/edit/", RULES, follow=True)

    assert "the national defaults below apply" in page
    assert "¥2,000.00" in page
    assert 'href="/internship-rules/edit/"' in page
    rules = InternshipRules.objects.get(city=official.city)
    assert (rules.max_daily_hours, rules.minimum_monthly_stipend, rules.minimum_age) == (
        Decimal("7.5"),
        Decimal("2600.00"),
        17,
    )
    assert response.redirect_chain[-1][0] == "/internship-rules/"
    html = response.content.decode()
    assert "The internship rules are saved" in html
    assert "¥2,600.00" in html
    assert "the national defaults below apply" not in html


def test_a_second_change_changes_the_city_s_one_row(official):
    InternshipRulesFactory(city=official.city)

    client_of(official).post("/internship-rules/edit/", {**RULES, "night_work_allowed": "on"})

    assert InternshipRules.objects.get().night_work_allowed is True


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"max_daily_hours": "25"}, "The daily hours limit is more than 0 and at most 24.", id="hours"),
        pytest.param({"minimum_age": "15"}, "Nobody under 16 may be placed: the floor cannot go lower.", id="age"),
        pytest.param({"minimum_monthly_stipend": "-1"}, "The stipend floor cannot be negative.", id="stipend"),
    ],
)
def test_a_bound_the_city_cannot_set_is_refused_with_its_reason(official, change, message):
    response = client_of(official).post("/internship-rules/edit/", {**RULES, **change})

    assert response.status_code == 200
    assert message in response.context["form"].non_field_errors()
    assert "There is a problem" in response.content.decode()
    assert not InternshipRules.objects.exists()


def test_a_value_that_is_no_number_is_said_next_to_its_field(official):
    response = client_of(official).post("/internship-rules/edit/", {**RULES, "max_daily_hours": "eight"})

    assert response.context["form"].errors["max_daily_hours"] == ["Enter a number."]
    assert 'href="#id_max_daily_hours"' in response.content.decode()
    assert not InternshipRules.objects.exists()


def test_a_posting_is_held_to_the_rules_as_they_are_when_it_opens(official):
    today = timezone.localdate()
    AcademicTermFactory(city=official.city, starts_on=today, ends_on=today + datetime.timedelta(days=300))
    enterprise_staff = EnterpriseStaffFactory(enterprise__city=official.city)
    draft = PostingFactory(
        enterprise=enterprise_staff.enterprise,
        stipend_monthly=Decimal("2200.00"),
        deadline=today + datetime.timedelta(days=10),
        starts_on=today + datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=120),
    )

    client_of(official).post("/internship-rules/edit/", RULES)
    with pytest.raises(ValidationError) as refusal:
        postings.posting_open(posting=draft, principal=principal_of(enterprise_staff.user))

    assert refusal.value.message_dict["stipend_monthly"] == [
        "The monthly stipend is at least 2600.00 CNY in this city; this posting offers 2200.00 CNY."
    ]


@pytest.mark.parametrize(
    "member",
    [
        pytest.param(lambda city: CollegeStaffFactory(college__city=city), id="college-staff"),
        pytest.param(lambda city: EnterpriseStaffFactory(enterprise__city=city), id="enterprise-staff"),
    ],
)
def test_the_city_s_colleges_and_enterprises_read_the_rules_and_change_nothing(official, member):
    InternshipRulesFactory(city=official.city, minimum_age=18)
    client = client_of(member(official.city))

    page = client.get("/internship-rules/")

    assert page.status_code == 200
    assert 'href="/internship-rules/edit/"' not in page.content.decode()
    assert client.get("/internship-rules/edit/").status_code == 403
    assert client.post("/internship-rules/edit/", RULES).status_code == 403
    assert InternshipRules.objects.get().minimum_age == 18


def test_another_city_s_official_changes_only_their_own_city_s_rules(official):
    InternshipRulesFactory(city=official.city, minimum_age=18)
    other = CityOfficialFactory(city__name="Yunshan")

    client_of(other).post("/internship-rules/edit/", RULES)
    api = signed_in(other.user)
    jinhe_rules = InternshipRules.objects.get(city=official.city)

    assert jinhe_rules.minimum_age == 18
    assert InternshipRules.objects.get(city=other.city).minimum_age == 17
    assert api.get(f"/api/v1/internship-rules/{jinhe_rules.pk}/").status_code == 404
    assert api.patch(f"/api/v1/internship-rules/{jinhe_rules.pk}/", {"minimum_age": 20}).status_code == 404


def test_the_platform_admin_has_no_city_page_and_keeps_the_rules_in_the_django_admin(official, client):
    rules = InternshipRulesFactory(city=official.city)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    form = {**RULES, "night_work_allowed": "", "insurance_required": "on"}

    page = client.get("/internship-rules/")
    refused = client.post(f"/admin/cities/internshiprules/{rules.pk}/change/", {**form, "max_daily_hours": "30"})
    changed = client.post(f"/admin/cities/internshiprules/{rules.pk}/change/", form)

    assert page.status_code == 404
    assert "The daily hours limit is more than 0 and at most 24." in refused.content.decode()
    assert changed.status_code == 302
    assert InternshipRules.objects.get().minimum_monthly_stipend == Decimal("2600.00")


def test_the_api_changes_the_rules_through_the_same_service(official):
    rules = InternshipRulesFactory(city=official.city)
    api = signed_in(official.user)

    refused = api.patch(f"/api/v1/internship-rules/{rules.pk}/", {"max_daily_hours": "30"})
    changed = api.patch(f"/api/v1/internship-rules/{rules.pk}/", {"minimum_monthly_stipend": "2500.00"})

    assert refused.status_code == 400
    assert changed.status_code == 200
    assert changed.json()["minimum_monthly_stipend"] == "2500.00"
    assert api.get("/api/v1/internship-rules/").json()["results"][0]["id"] == rules.pk
