"""The city's register of enterprises, as its officials read it: certified integration enterprises marked and
filtered, an enterprise's page with its certification, postings, investments, agreements and the evidence the city
weighs; another city's enterprise is a 404, and a college sees neither investments nor certification evidence."""

from decimal import Decimal

import pytest

from tests.cities.factories import CityOfficialFactory, DivisionFactory, SectionFactory
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import (
    EducationInvestmentFactory,
    EnterpriseFactory,
    EnterpriseStaffFactory,
    PostingFactory,
)
from tests.evaluation.factories import IntegrationCertificationFactory
from tests.pages import client_of, page_and_queries
from tests.partnerships.factories import CooperationAgreementFactory


@pytest.fixture
def official(db):
    return CityOfficialFactory()


@pytest.fixture
def certified(official):
    enterprise = EnterpriseFactory(city=official.city, name="Jinhe Robotics")
    IntegrationCertificationFactory(enterprise=enterprise, certified=True, evidence={"investment_count": 0})
    return enterprise


@pytest.fixture
def uncertified(official):
    agriculture = DivisionFactory(code="01", parent=SectionFactory(code="A"), name_en="Agriculture")
    return EnterpriseFactory(city=official.city, name="Green Fields Farming", sector=agriculture, district="Wuzhong")


def test_the_list_marks_certified_enterprises_and_filters_by_certification(official, certified, uncertified):
    official_client = client_of(official)

    listing = official_client.get("/enterprises/").content.decode()
    only_certified = official_client.get("/enterprises/", {"certified": "true"}).content.decode()

    row = listing[listing.index("Jinhe Robotics") :]
    assert "Certified" in row[: row.index("</tr>")]
    assert "Green Fields Farming" in listing
    assert "Jinhe Robotics" in only_certified
    assert "Green Fields Farming" not in only_certified


def test_the_list_filters_by_section_district_and_name(official, certified, uncertified):
    official_client = client_of(official)

    by_section = official_client.get("/enterprises/", {"section": "A"}).content.decode()
    by_district = official_client.get("/enterprises/", {"district": "Wuzhong"}).content.decode()
    by_name = official_client.get("/enterprises/", {"q": "jinhe"}).content.decode()

    assert '<option value="A" selected>' in by_section
    assert "Green Fields Farming" in by_section
    assert "Jinhe Robotics" not in by_section
    assert "Green Fields Farming" in by_district
    assert "Jinhe Robotics" not in by_district
    assert "Jinhe Robotics" in by_name
    assert "Green Fields Farming" not in by_name


def test_the_list_shows_only_the_officials_city_in_the_same_queries_however_many(official, certified):
    EnterpriseFactory(name="Elsewhere Holdings")
    official_client = client_of(official)

    html, few = page_and_queries(official_client, "/enterprises/")
    for _ in range(8):
        IntegrationCertificationFactory(enterprise__city=official.city, certified=True)

    assert "Elsewhere Holdings" not in html
    assert page_and_queries(official_client, "/enterprises/")[1] == few


def test_an_enterprises_page_shows_its_certification_postings_investments_agreements_and_evidence(official, certified):
    PostingFactory(enterprise=certified, title="Robot cell technician intern")
    EducationInvestmentFactory(enterprise=certified, amount=Decimal("50000.00"))
    CooperationAgreementFactory(
        college__city=official.city, enterprise=certified, title="Order class 2026", active=True
    )

    html = client_of(official).get(f"/enterprises/{certified.pk}/").content.decode()

    assert "Certified by the city" in html
    assert "Robot cell technician intern" in html
    assert "¥50,000.00" in html
    assert "Order class 2026" in html
    assert "Certification as an integration enterprise" in html
    # Recorded with the application: none; now: one.
    assert 'Investments in education recorded</th><td class="number">0</td><td class="number">1</td>' in html
    assert f'href="/enterprises/{certified.pk}/edit/"' not in html


def test_an_enterprise_of_another_city_is_not_found(official):
    elsewhere = EnterpriseFactory()

    assert client_of(official).get(f"/enterprises/{elsewhere.pk}/").status_code == 404


def test_a_college_sees_the_enterprise_but_not_its_investments_or_certification_evidence(official, certified):
    EducationInvestmentFactory(enterprise=certified, amount=Decimal("50000.00"))
    staff = CollegeStaffFactory(college__city=official.city)

    html = client_of(staff).get(f"/enterprises/{certified.pk}/").content.decode()

    assert "Certified by the city" in html
    assert "¥50,000.00" not in html
    assert "Certification as an integration enterprise" not in html


def test_enterprise_staff_see_their_own_page_only(official, certified, uncertified):
    staff = EnterpriseStaffFactory(enterprise=certified)
    staff_client = client_of(staff)

    assert staff_client.get(f"/enterprises/{certified.pk}/").status_code == 200
    assert staff_client.get(f"/enterprises/{uncertified.pk}/").status_code == 404
