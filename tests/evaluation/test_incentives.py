"""Incentives of certified integration enterprises: the city's rate × the investments made on or after the day the
certification in force was granted, shown to the enterprise and summed per city for its officials."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.models import City
from tests.accounts.factories import UserFactory, signed_in
from tests.cities.factories import CityFactory, CityOfficialFactory
from tests.enterprises.factories import EducationInvestmentFactory, EnterpriseFactory, EnterpriseStaffFactory
from tests.evaluation.factories import IntegrationCertificationFactory

URL = "/api/v1/incentives/"
# 18:00 UTC on 1 March is 02:00 on 2 March in the platform's time zone (Asia/Shanghai): the day granted is 2 March.
GRANTED_AT = datetime.datetime(2026, 3, 1, 18, 0, tzinfo=datetime.UTC)


@pytest.fixture
def city(db) -> City:
    return CityFactory()


@pytest.fixture
def official_api(city):
    return signed_in(CityOfficialFactory(city=city).user)


def certified_enterprise(city: City, *, granted_at: datetime.datetime = GRANTED_AT, **fields):
    enterprise = EnterpriseFactory(city=city, **fields)
    IntegrationCertificationFactory(
        enterprise=enterprise,
        certified=True,
        applied_at=granted_at - datetime.timedelta(days=30),
        decided_at=granted_at,
    )
    return enterprise


def invest(enterprise, on: str, amount: str) -> None:
    EducationInvestmentFactory(enterprise=enterprise, invested_on=on, amount=Decimal(amount))


def rows_by_name(response) -> dict[str, dict]:
    assert response.status_code == 200, response.json()
    return {row["name"]: row for row in response.json()["results"]}


# ------------------------------------------------------------------------------
# Which investments count
# ------------------------------------------------------------------------------
def test_an_incentive_counts_the_investments_from_the_day_the_certification_was_granted(city, official_api):
    enterprise = certified_enterprise(city, name="Jinhe Robotics")
    invest(enterprise, "2026-03-01", "100000.00")  # the day before, in the platform's time zone
    invest(enterprise, "2026-03-02", "20000.07")
    invest(enterprise, "2026-09-30", "10000.00")

    row = rows_by_name(official_api.get(URL))["Jinhe Robotics"]

    assert row == {
        "id": enterprise.pk,
        "name": "Jinhe Robotics",
        "city": city.pk,
        "certified": True,
        "certified_at": "2026-03-02T02:00:00+08:00",
        "incentive_rate": "0.300",
        "investment_total": "130000.07",
        "counted_investment_total": "30000.07",
        "estimated_incentive": "9000.02",  # 0.3 × 30000.07 = 9000.021, to the fen
    }


@pytest.mark.parametrize(
    ("history", "certified"),
    [({}, False), ({"rejected": True}, False), ({"revoked": True}, False), ({"certified": True}, True)],
    ids=["never-applied", "rejected", "revoked", "certified"],
)
def test_only_an_enterprise_certified_now_has_an_incentive(city, official_api, history, certified):
    enterprise = EnterpriseFactory(city=city, name="Yunhe Tools")
    if history:
        IntegrationCertificationFactory(enterprise=enterprise, **history)
    invest(enterprise, "2099-01-01", "5000.00")  # after any decision

    row = rows_by_name(official_api.get(URL))["Yunhe Tools"]

    assert (row["certified"], row["investment_total"]) == (certified, "5000.00")
    assert (row["counted_investment_total"], row["estimated_incentive"]) == (
        ("5000.00", "1500.00") if certified else ("0.00", "0.00")
    )


def test_the_rate_is_the_citys_and_a_change_of_it_applies_at_once(city, official_api):
    enterprise = certified_enterprise(city)
    invest(enterprise, "2026-06-01", "10000.00")
    City.objects.filter(pk=city.pk).update(incentive_rate=Decimal("0.150"))

    row = official_api.get(f"{URL}{enterprise.pk}/").json()

    assert (row["incentive_rate"], row["estimated_incentive"]) == ("0.150", "1500.00")


# ------------------------------------------------------------------------------
# Who sees what
# ------------------------------------------------------------------------------
def test_an_enterprise_reads_its_own_row_only(city):
    own = certified_enterprise(city)
    neighbour = certified_enterprise(city)
    api = signed_in(EnterpriseStaffFactory(enterprise=own).user)

    assert [row["id"] for row in api.get(URL).json()["results"]] == [own.pk]
    assert api.get(f"{URL}{own.pk}/").status_code == 200
    assert api.get(f"{URL}{neighbour.pk}/").status_code == 404
    assert api.get(f"{URL}summary/").status_code == 403


def test_an_official_reads_the_rows_of_their_city_and_filters_them(city, official_api):
    certified = certified_enterprise(city, name="Certified Co.")
    plain = EnterpriseFactory(city=city, name="Plain Co.")
    elsewhere = certified_enterprise(CityFactory())
    invest(certified, "2026-05-01", "300.00")
    invest(plain, "2026-05-01", "1000.00")

    listed = official_api.get(URL).json()["results"]

    assert [row["id"] for row in listed] == [certified.pk, plain.pk]  # by name
    assert official_api.get(f"{URL}{elsewhere.pk}/").status_code == 404
    assert [row["id"] for row in official_api.get(URL, {"certified": "true"}).json()["results"]] == [certified.pk]
    assert [row["id"] for row in official_api.get(URL, {"q": "plain"}).json()["results"]] == [plain.pk]
    by_investment = official_api.get(URL, {"ordering": "-investment_total"}).json()["results"]
    assert [row["id"] for row in by_investment] == [plain.pk, certified.pk]


# ------------------------------------------------------------------------------
# The summary per city
# ------------------------------------------------------------------------------
def test_the_summary_sums_the_citys_rows_for_its_officials(city, official_api):
    for name, amount in (("A", "10000.02"), ("B", "20000.02")):
        invest(certified_enterprise(city, name=name), "2026-04-01", amount)
    invest(EnterpriseFactory(city=city, name="C"), "2026-04-01", "7.00")
    invest(certified_enterprise(CityFactory()), "2026-04-01", "99999.00")  # another city's

    summary = official_api.get(f"{URL}summary/")
    rows = rows_by_name(official_api.get(URL))

    assert summary.status_code == 200
    assert summary.json() == [
        {
            "city": city.pk,
            "city_name": city.name,
            "incentive_rate": "0.300",
            "enterprise_count": 3,
            "certified_count": 2,
            "investment_sum": "30007.04",
            "counted_investment_sum": "30000.04",
            "estimated_incentive_sum": "9000.02",  # 3000.01 + 6000.01: the rows' sum (0.3 × 30000.04 is 9000.012)
        }
    ]
    assert sum(Decimal(row["estimated_incentive"]) for row in rows.values()) == Decimal("9000.02")


def test_the_platform_admin_reads_a_summary_per_city_each_at_its_rate(city):
    other = CityFactory(incentive_rate=Decimal("0.200"))
    invest(certified_enterprise(city), "2026-04-01", "1000.00")
    invest(certified_enterprise(other), "2026-04-01", "1000.00")
    admin_api = signed_in(UserFactory(is_staff=True, is_superuser=True))

    summary = {row["city"]: row for row in admin_api.get(f"{URL}summary/").json()}

    assert {pk: row["estimated_incentive_sum"] for pk, row in summary.items() if pk in (city.pk, other.pk)} == {
        city.pk: "300.00",
        other.pk: "200.00",
    }


def test_the_summary_takes_as_many_queries_for_many_enterprises_as_for_one(city, official_api):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert official_api.get(f"{URL}summary/").status_code == 200
        return len(captured)

    invest(certified_enterprise(city), "2026-04-01", "1.00")
    one = queries()
    for _ in range(5):
        invest(certified_enterprise(city), "2026-04-01", "1.00")

    assert queries() == one
