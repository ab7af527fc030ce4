"""The officials' certification queue: the applications waiting for a decision, each decided on its page with the
evidence recorded at application beside the evidence the platform's data show now; a rejection and a revocation need
a reason, told to the enterprise. Only an official of the enterprise's city decides (another city's: 404)."""

from decimal import Decimal

import pytest

from accounts.choices import NotificationKind
from accounts.models import Notification
from evaluation.choices import CertificationStatus
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EducationInvestmentFactory, EnterpriseFactory, EnterpriseStaffFactory
from tests.evaluation.factories import IntegrationCertificationFactory
from tests.pages import client_of, page_and_queries


@pytest.fixture
def official(db):
    return CityOfficialFactory()


@pytest.fixture
def staff(official):
    return EnterpriseStaffFactory(enterprise__city=official.city, enterprise__name="Jinhe Robotics")


@pytest.fixture
def application(staff):
    """A pending application, made when the enterprise had recorded nothing; since then it invested ¥80,000."""
    application = IntegrationCertificationFactory(
        enterprise=staff.enterprise, evidence={"investment_count": 0, "investment_total": "0.00"}
    )
    EducationInvestmentFactory(enterprise=staff.enterprise, amount=Decimal("80000.00"))
    return application


def test_the_queue_lists_the_pending_applications_and_all_on_request(official, application):
    IntegrationCertificationFactory(enterprise__city=official.city, enterprise__name="Old Mill", rejected=True)
    official_client = client_of(official)

    queue = official_client.get("/certification/").content.decode()
    everything = official_client.get("/certification/", {"status": ""}).content.decode()

    assert "The certification queue" in queue
    assert "Jinhe Robotics" in queue
    assert "Old Mill" not in queue
    assert "Jinhe Robotics" in everything
    assert "Old Mill" in everything


def test_the_queue_takes_the_same_queries_for_one_application_and_for_eleven(official, application):
    official_client = client_of(official)

    one, few = page_and_queries(official_client, "/certification/")
    IntegrationCertificationFactory.create_batch(10, enterprise__city=official.city)
    eleven, many = page_and_queries(official_client, "/certification/")

    assert one.count('href="/certification/') < eleven.count('href="/certification/')
    assert many == few


def test_the_menu_leads_an_official_to_the_queue_and_the_incentives(official):
    html = client_of(official).get("/", follow=True).content.decode()

    assert 'href="/certification/"' in html
    assert "Certification queue" in html
    assert 'href="/incentives/"' in html


def test_an_application_offers_certify_and_reject_to_the_official_only(official, staff, application):
    official_page = client_of(official).get(f"/certification/{application.pk}/").content.decode()
    enterprise_page = client_of(staff).get(f"/certification/{application.pk}/").content.decode()

    assert f'href="/certification/{application.pk}/certify/"' in official_page
    assert f'href="/certification/{application.pk}/reject/"' in official_page
    assert "/revoke/" not in official_page
    assert "/certify/" not in enterprise_page
    assert "/reject/" not in enterprise_page


def test_certifying_shows_the_evidence_then_and_now_and_tells_the_enterprise(official, staff, application):
    official_client = client_of(official)

    form = official_client.get(f"/certification/{application.pk}/certify/").content.decode()
    response = official_client.post(f"/certification/{application.pk}/certify/", follow=True)

    assert 'Total invested in education</th><td class="number">¥0.00</td><td class="number">¥80,000.00</td>' in form
    assert response.redirect_chain[-1][0] == f"/certification/{application.pk}/"
    assert "Certified: the enterprise is told." in response.content.decode()
    application.refresh_from_db()
    assert (application.status, application.decided_by) == (CertificationStatus.CERTIFIED, official.user)
    told = Notification.objects.get(recipient=staff.user)
    assert told.kind == NotificationKind.CERTIFICATION_DECIDED


def test_rejecting_needs_a_reason_which_the_enterprise_is_told(official, staff, application):
    official_client = client_of(official)

    form = official_client.get(f"/certification/{application.pk}/reject/").content.decode()
    blank = official_client.post(f"/certification/{application.pk}/reject/", {"reason": "  "})
    application.refresh_from_db()
    assert application.status == CertificationStatus.APPLIED
    official_client.post(f"/certification/{application.pk}/reject/", {"reason": "No intern hosted yet."})

    assert "¥80,000.00" in form
    assert blank.status_code == 200
    assert "This field is required." in blank.content.decode()
    application.refresh_from_db()
    assert (application.status, application.reason) == (CertificationStatus.REJECTED, "No intern hosted yet.")
    assert Notification.objects.get(recipient=staff.user).body == "No intern hosted yet."


def test_revoking_a_certification_in_force_needs_a_reason(official, staff):
    certification = IntegrationCertificationFactory(enterprise=staff.enterprise, certified=True)
    official_client = client_of(official)

    page = official_client.get(f"/certification/{certification.pk}/").content.decode()
    blank = official_client.post(f"/certification/{certification.pk}/revoke/", {"reason": ""})
    official_client.post(f"/certification/{certification.pk}/revoke/", {"reason": "Stopped hosting interns."})

    assert f'href="/certification/{certification.pk}/revoke/"' in page
    assert "This field is required." in blank.content.decode()
    certification.refresh_from_db()
    assert (certification.status, certification.revoked_by) == (CertificationStatus.REVOKED, official.user)


def test_a_step_the_state_does_not_allow_is_refused_with_a_message(official, staff):
    rejected = IntegrationCertificationFactory(enterprise=staff.enterprise, rejected=True)

    response = client_of(official).post(f"/certification/{rejected.pk}/certify/")

    assert response.status_code == 200
    assert "only a pending application is" in response.content.decode()
    rejected.refresh_from_db()
    assert rejected.status == CertificationStatus.REJECTED


@pytest.mark.parametrize("step", ["certify", "reject", "revoke"])
def test_the_enterprise_may_not_decide_on_its_own_application(staff, application, step):
    response = client_of(staff).post(f"/certification/{application.pk}/{step}/", {"reason": "Because."})

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == CertificationStatus.APPLIED


@pytest.mark.parametrize("step", ["certify", "reject", "revoke"])
def test_an_official_of_another_city_finds_no_application(application, step):
    stranger = CityOfficialFactory()

    assert client_of(stranger).get(f"/certification/{application.pk}/{step}/").status_code == 404
    assert client_of(stranger).post(f"/certification/{application.pk}/{step}/", {"reason": "x"}).status_code == 404
    assert client_of(stranger).get("/certification/").content.decode().count("Jinhe Robotics") == 0


def test_a_college_may_not_open_the_queue(official):
    college_staff = CollegeStaffFactory(college__city=official.city)

    assert client_of(college_staff).get("/certification/").status_code == 403


def test_another_citys_enterprise_is_not_in_the_queue(official, application):
    IntegrationCertificationFactory(enterprise=EnterpriseFactory(name="Far Away Ltd"))

    assert "Far Away Ltd" not in client_of(official).get("/certification/").content.decode()
