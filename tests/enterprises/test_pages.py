"""The enterprise portal's pages of its profile, talent demand and education investments: the API's scope, rules
and services."""

import datetime
from decimal import Decimal

import pytest

from enterprises.models import EducationInvestment, Enterprise, TalentDemand
from tests.cities.factories import DivisionFactory, SkillFactory
from tests.colleges.factories import CollegeFactory, CollegeStaffFactory
from tests.enterprises.factories import (
    EducationInvestmentFactory,
    EnterpriseFactory,
    EnterpriseStaffFactory,
    TalentDemandFactory,
)


@pytest.fixture
def staff(db):
    return EnterpriseStaffFactory(enterprise__name="Jinhe Robotics")


@pytest.fixture
def enterprise_client(client, staff):
    client.force_login(staff.user)
    return client


def profile_form(enterprise, **changes) -> dict:
    return {
        "name": enterprise.name,
        "sector": enterprise.sector_id,
        "size": "large",
        "district": "High-tech Zone",
        "description": "Welding robots.",
        **changes,
    }


def test_our_enterprise_leads_to_the_profile_which_its_staff_edit(enterprise_client, staff):
    enterprise = staff.enterprise
    profile = enterprise_client.get("/enterprise/", follow=True)
    assert profile.redirect_chain[-1][0] == f"/enterprises/{enterprise.pk}/"
    assert enterprise.credit_code in profile.content.decode()

    response = enterprise_client.post(
        f"/enterprises/{enterprise.pk}/edit/", profile_form(enterprise, credit_code="91320505000000000X")
    )

    enterprise.refresh_from_db()
    assert response.status_code == 302
    assert (enterprise.size, enterprise.district) == ("large", "High-tech Zone")
    assert enterprise.credit_code != "91320505000000000X"  # shown on the form, registered by the platform admin


def test_a_profile_field_error_appears_next_to_its_field(enterprise_client, staff):
    other = EnterpriseFactory(city=staff.enterprise.city, name="Gusu Retail")

    form = enterprise_client.get(f"/enterprises/{staff.enterprise.pk}/edit/").content.decode()
    taken = enterprise_client.post(
        f"/enterprises/{staff.enterprise.pk}/edit/", profile_form(staff.enterprise, name=other.name)
    ).content.decode()
    no_size = enterprise_client.post(
        f"/enterprises/{staff.enterprise.pk}/edit/", profile_form(staff.enterprise, size="")
    ).content.decode()

    assert f'value="{staff.enterprise.credit_code}" maxlength="18" disabled' in form
    assert "already exists" in taken
    assert 'id="id_size_error"' in no_size
    assert Enterprise.objects.get(pk=staff.enterprise.pk).name == "Jinhe Robotics"


def test_another_enterprise_s_profile_is_read_only_and_colleges_read_it(client, staff):
    other = EnterpriseFactory(city=staff.enterprise.city)
    client.force_login(staff.user)
    assert client.get(f"/enterprises/{other.pk}/").status_code == 404
    assert client.get(f"/enterprises/{other.pk}/edit/").status_code == 404

    client.force_login(CollegeStaffFactory(college__city=staff.enterprise.city).user)
    page = client.get(f"/enterprises/{staff.enterprise.pk}/").content.decode()
    assert "Jinhe Robotics" in page
    assert f"/enterprises/{staff.enterprise.pk}/edit/" not in page
    assert client.get(f"/enterprises/{staff.enterprise.pk}/edit/").status_code == 403


def test_talent_demand_is_created_shown_and_edited(enterprise_client, staff):
    sector, skill = DivisionFactory(code="34"), SkillFactory(name="Welding")
    form = {"sector": sector.pk, "skill": skill.pk, "headcount": "12", "year": "2027"}

    created = enterprise_client.post("/talent-demand/new/", form, follow=True)

    demand = TalentDemand.objects.get(enterprise=staff.enterprise)
    assert created.redirect_chain[-1][0] == f"/talent-demand/{demand.pk}/"
    assert "Welding" in created.content.decode()
    duplicate = enterprise_client.post("/talent-demand/new/", form).content.decode()
    assert 'class="error-summary"' in duplicate
    assert TalentDemand.objects.count() == 1

    enterprise_client.post(f"/talent-demand/{demand.pk}/edit/", {**form, "headcount": "20"})
    assert TalentDemand.objects.get(pk=demand.pk).headcount == 20
    assert f'href="/talent-demand/{demand.pk}/"' in enterprise_client.get("/talent-demand/").content.decode()


def test_another_enterprise_s_demand_is_read_only(enterprise_client):
    demand = TalentDemandFactory()
    assert enterprise_client.get(f"/talent-demand/{demand.pk}/edit/").status_code == 404


def test_an_investment_is_recorded_in_cny_with_a_college_of_the_city_only(enterprise_client, staff):
    own_city = CollegeFactory(city=staff.enterprise.city, name="Suzhou Vocational")
    CollegeFactory(name="Far Away College")
    form_page = enterprise_client.get("/investments/new/").content.decode()
    assert "Suzhou Vocational" in form_page
    assert "Far Away College" not in form_page
    form = {
        "purpose": "equipment",
        "amount": "120000.50",
        "invested_on": "2026-03-01",
        "college": own_city.pk,
        "description": "Two welding cells.",
    }

    created = enterprise_client.post("/investments/new/", form, follow=True)

    investment = EducationInvestment.objects.get(enterprise=staff.enterprise)
    assert (investment.amount, investment.invested_on) == (Decimal("120000.50"), datetime.date(2026, 3, 1))
    assert "¥120,000.50" in created.content.decode()

    refused = enterprise_client.post(f"/investments/{investment.pk}/edit/", {**form, "amount": "0"}).content.decode()
    assert "An investment amount must be more than 0." in refused
    assert EducationInvestment.objects.get(pk=investment.pk).amount == Decimal("120000.50")


def test_college_staff_do_not_see_investments(db, client):
    investment = EducationInvestmentFactory()
    client.force_login(CollegeStaffFactory(college__city=investment.enterprise.city).user)
    assert client.get(f"/investments/{investment.pk}/").status_code in (403, 404)
