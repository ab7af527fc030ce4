"""The incentives page: each enterprise of the official's city with its investments, those counted since it was
certified, the city's rate and the estimated incentive, with the city's total; sortable and paginated, in the same
queries however many enterprises; an enterprise reads its own row, a college nothing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EducationInvestmentFactory, EnterpriseFactory, EnterpriseStaffFactory
from tests.evaluation.factories import IntegrationCertificationFactory
from tests.pages import client_of, page_and_queries


@pytest.fixture
def official(db):
    return CityOfficialFactory(city__incentive_rate=Decimal("0.300"))


@pytest.fixture
def certified(official):
    """Certified 30 days ago: ¥100,000 invested since counts, ¥40,000 invested before does not."""
    enterprise = EnterpriseFactory(city=official.city, name="Jinhe Robotics")
    IntegrationCertificationFactory(enterprise=enterprise, certified=True)
    EducationInvestmentFactory(enterprise=enterprise, amount=Decimal("100000.00"), invested_on=timezone.localdate())
    EducationInvestmentFactory(
        enterprise=enterprise,
        amount=Decimal("40000.00"),
        invested_on=timezone.localdate() - datetime.timedelta(days=60),
    )
    return enterprise


@pytest.fixture
def uncertified(official):
    enterprise = EnterpriseFactory(city=official.city, name="Green Fields Farming")
    EducationInvestmentFactory(enterprise=enterprise, amount=Decimal("10000.00"))
    return enterprise


def _row(html: str, name: str) -> str:
    row = html[html.index(name) :]
    return row[: row.index("</tr>")]


def test_each_enterprise_with_its_investments_rate_and_estimated_incentive_and_the_city_total(
    official, certified, uncertified
):
    html = client_of(official).get("/incentives/").content.decode()

    jinhe = _row(html, "Jinhe Robotics")
    assert "Certified" in jinhe
    assert "¥140,000.00" in jinhe
    assert "¥100,000.00" in jinhe
    assert "¥30,000.00" in jinhe
    assert "30.0%" in jinhe
    fields = _row(html, "Green Fields Farming")
    assert "¥10,000.00" in fields
    assert "¥0.00" in fields
    total = html[html.index(f"{official.city.name} in total") :]
    assert "¥150,000.00" in total
    assert "¥30,000.00" in total


def test_the_list_filters_by_certification_and_sorts_by_the_estimated_incentive(official, certified, uncertified):
    official_client = client_of(official)

    only_certified = official_client.get("/incentives/", {"certified": "true"}).content.decode()
    smallest_first = official_client.get("/incentives/", {"sort": "estimated_incentive"}).content.decode()
    largest_first = official_client.get("/incentives/", {"sort": "-estimated_incentive"}).content.decode()

    assert "Jinhe Robotics" in only_certified
    assert "Green Fields Farming" not in only_certified
    assert smallest_first.index("Green Fields Farming") < smallest_first.index("Jinhe Robotics")
    assert largest_first.index("Jinhe Robotics") < largest_first.index("Green Fields Farming")


def test_the_list_pages_in_the_same_queries_however_many_enterprises(official, certified):
    EnterpriseFactory(name="Elsewhere Holdings")
    official_client = client_of(official)

    html, few = page_and_queries(official_client, "/incentives/")
    for _ in range(30):
        IntegrationCertificationFactory(enterprise__city=official.city, certified=True)
    second_page, many = page_and_queries(official_client, "/incentives/", {"page": 2})

    assert "Elsewhere Holdings" not in html
    assert many == few
    assert "Rows 26–31 of 31" in second_page


def test_an_enterprise_reads_its_own_row_without_the_city_total(official, certified, uncertified):
    staff = EnterpriseStaffFactory(enterprise=certified)

    html = client_of(staff).get("/incentives/").content.decode()

    assert "Jinhe Robotics" in html
    assert "Green Fields Farming" not in html
    assert "in total" not in html


def test_a_college_may_not_open_the_incentives(official):
    assert client_of(CollegeStaffFactory(college__city=official.city)).get("/incentives/").status_code == 403


def test_an_official_of_another_city_sees_none_of_this_citys_enterprises(certified):
    html = client_of(CityOfficialFactory()).get("/incentives/").content.decode()

    assert "Jinhe Robotics" not in html
