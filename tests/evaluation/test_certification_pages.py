"""The certification pages of the enterprise portal: apply with the evidence the city will weigh (shown before the
enterprise confirms), then follow the decision: status, reason and history."""

from decimal import Decimal

import pytest

from evaluation.models import IntegrationCertification
from tests.cities.factories import CityOfficialFactory
from tests.enterprises.factories import EducationInvestmentFactory, EnterpriseStaffFactory
from tests.evaluation.factories import IntegrationCertificationFactory


@pytest.fixture
def staff(db):
    return EnterpriseStaffFactory(enterprise__name="Jinhe Robotics")


@pytest.fixture
def enterprise_client(client, staff):
    client.force_login(staff.user)
    return client


def test_the_enterprise_sees_the_evidence_then_applies_and_lands_on_its_application(enterprise_client, staff):
    EducationInvestmentFactory(enterprise=staff.enterprise, amount=Decimal("201000.05"))

    listing = enterprise_client.get("/certification/").content.decode()
    form = enterprise_client.get("/certification/apply/").content.decode()
    response = enterprise_client.post("/certification/apply/", follow=True)

    certification = IntegrationCertification.objects.get(enterprise=staff.enterprise)
    assert 'href="/certification/apply/"' in listing
    assert "Total invested in education" in form
    assert "¥201,000.05" in form
    assert response.redirect_chain[-1][0] == f"/certification/{certification.pk}/"
    html = response.content.decode()
    assert "Applied: the city&#x27;s officials are told" in html
    assert "The city has yet to decide" in html
    assert "¥201,000.05" in html
    assert certification.evidence["investment_count"] == 1


def test_applying_twice_is_refused_with_a_message_and_nothing_is_written(enterprise_client, staff):
    IntegrationCertificationFactory(enterprise=staff.enterprise)

    response = enterprise_client.post("/certification/apply/")

    assert response.status_code == 200
    assert "Your enterprise has applied already" in response.content.decode()
    assert IntegrationCertification.objects.filter(enterprise=staff.enterprise).count() == 1


def test_a_decision_shows_its_status_reason_and_history_with_the_earlier_applications(enterprise_client, staff):
    rejected = IntegrationCertificationFactory(enterprise=staff.enterprise, rejected=True)
    revoked = IntegrationCertificationFactory(enterprise=staff.enterprise, revoked=True)

    html = enterprise_client.get(f"/certification/{revoked.pk}/").content.decode()

    assert "Revoked" in html
    assert "Stopped hosting interns." in html
    assert "Certified on" in html
    assert "Revoked on" in html
    assert f'href="/certification/{rejected.pk}/"' in html


def test_only_enterprise_staff_apply_and_another_enterprise_s_application_is_a_404(client, staff):
    stranger = IntegrationCertificationFactory()
    client.force_login(staff.user)
    assert client.get(f"/certification/{stranger.pk}/").status_code == 404

    official = CityOfficialFactory(city=staff.enterprise.city)
    client.force_login(official.user)
    assert client.get("/certification/apply/").status_code == 403
    assert 'href="/certification/apply/"' not in client.get("/certification/").content.decode()
