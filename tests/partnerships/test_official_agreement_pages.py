"""The city's agreements as its officials read them: the health band as a column and a filter, and an agreement's
page read-only (no party step is offered, and none may be taken); another city's agreement is a 404."""

from decimal import Decimal

import pytest

from partnerships.choices import AgreementStatus, HealthBand
from tests.cities.factories import CityOfficialFactory
from tests.evaluation.factories import PartnershipHealthFactory
from tests.pages import client_of
from tests.partnerships.factories import CooperationAgreementFactory


@pytest.fixture
def official(db):
    return CityOfficialFactory()


@pytest.fixture
def at_risk(official):
    return PartnershipHealthFactory(
        agreement__college__city=official.city,
        agreement__title="Failing order class",
        band=HealthBand.AT_RISK,
        score=Decimal("28.0"),
    ).agreement


@pytest.fixture
def healthy(official):
    return PartnershipHealthFactory(agreement__college__city=official.city, agreement__title="Thriving base").agreement


def test_the_list_shows_the_health_band_and_filters_by_it(official, at_risk, healthy):
    official_client = client_of(official)

    listing = official_client.get("/agreements/").content.decode()
    filtered = official_client.get("/agreements/", {"health_band": HealthBand.AT_RISK}).content.decode()

    assert 'name="health_band"' in listing
    row = listing[listing.index("Failing order class") :]
    assert "At risk" in row[: row.index("</tr>")]
    assert "Failing order class" in filtered
    assert "Thriving base" not in filtered
    assert "New cooperation agreement" not in listing


def test_an_agreements_page_is_read_only_for_an_official(official, at_risk):
    official_client = client_of(official)

    html = official_client.get(f"/agreements/{at_risk.pk}/").content.decode()
    terminate = official_client.post(f"/agreements/{at_risk.pk}/terminate/", {"reason": "Failing."})

    assert "28.0 / 100" in html
    for step in ("edit", "terminate", "amend", "renew", "rate"):
        assert f"/agreements/{at_risk.pk}/{step}/" not in html
    assert terminate.status_code == 403
    at_risk.refresh_from_db()
    assert at_risk.status == AgreementStatus.ACTIVE


def test_an_agreement_of_another_city_is_not_found(official):
    elsewhere = CooperationAgreementFactory(active=True)

    assert client_of(official).get(f"/agreements/{elsewhere.pk}/").status_code == 404
