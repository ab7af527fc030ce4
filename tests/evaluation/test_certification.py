"""Certification as an integration enterprise: an enterprise applies with the evidence of its platform data, an
official of its city certifies or rejects it and may revoke it later; each step notifies the other side and leaves
an audit record with its actor."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.choices import NotificationKind
from accounts.models import Notification
from accounts.principals import principal_of
from common.audit import history_of
from common.exceptions import BusinessRuleViolation
from common.links import api_link
from enterprises.selectors import CERTIFIED
from evaluation import services
from evaluation.choices import CertificationStatus
from evaluation.models import IntegrationCertification
from evaluation.selectors import certification_evidence
from partnerships.choices import AgreementStatus, TrainingBaseKind
from tests.accounts.factories import error_messages, signed_in
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeFactory
from tests.enterprises.factories import EducationInvestmentFactory, EnterpriseStaffFactory, PostingFactory
from tests.evaluation.factories import IntegrationCertificationFactory
from tests.partnerships.factories import CooperationAgreementFactory, PlacementFactory, TrainingBaseFactory

URL = "/api/v1/integration-certifications/"
NO_EVIDENCE = {
    "active_agreements": 0,
    "completed_agreements": 0,
    "interns_hosted": 0,
    "interns_hired": 0,
    "co_built_training_bases": 0,
    "investment_count": 0,
    "investment_total": "0.00",
}


@pytest.fixture
def staff(db):
    """A member of an enterprise's staff."""
    return EnterpriseStaffFactory(is_mentor=False)


@pytest.fixture
def enterprise(staff):
    return staff.enterprise


@pytest.fixture
def staff_api(staff):
    return signed_in(staff.user)


@pytest.fixture
def official(enterprise):
    """An official of the enterprise's city."""
    return CityOfficialFactory(city=enterprise.city).user


@pytest.fixture
def official_api(official):
    return signed_in(official)


def decide(api, certification, decision: str, **body):
    return api.post(f"{URL}{certification.pk}/{decision}/", body)


def build_track_record(enterprise) -> None:
    """Two agreements in force and one completed, three interns hosted (one hired), a co-built base, two investments;
    and what does not count: a draft agreement, a cancelled placement, another enterprise's agreement."""
    for _ in range(2):
        CooperationAgreementFactory(enterprise=enterprise, college__city=enterprise.city, active=True)
    CooperationAgreementFactory(
        enterprise=enterprise,
        college__city=enterprise.city,
        active=True,
        status=AgreementStatus.COMPLETED,
        ended_at=timezone.now(),
    )
    CooperationAgreementFactory(enterprise=enterprise, college__city=enterprise.city)
    CooperationAgreementFactory(college__city=enterprise.city, active=True)
    posting = PostingFactory(enterprise=enterprise)
    for traits in ({}, {"completed": True}, {"completed": True, "hired_after": True}, {"cancelled": True}):
        PlacementFactory(posting=posting, student__program__college__city=enterprise.city, **traits)
    TrainingBaseFactory(
        city=enterprise.city,
        kind=TrainingBaseKind.CO_BUILT,
        host_enterprise=enterprise,
        host_college=CollegeFactory(city=enterprise.city),
    )
    EducationInvestmentFactory(enterprise=enterprise, amount="150000.50")
    EducationInvestmentFactory(enterprise=enterprise, amount="49999.50")


TRACK_RECORD = {
    "active_agreements": 2,
    "completed_agreements": 1,
    "interns_hosted": 3,
    "interns_hired": 1,
    "co_built_training_bases": 1,
    "investment_count": 2,
    "investment_total": "200000.00",
}


# ------------------------------------------------------------------------------
# Applying
# ------------------------------------------------------------------------------
def test_an_enterprise_applies_with_the_evidence_of_its_platform_data_and_the_officials_are_told(
    staff, staff_api, enterprise, official, django_capture_on_commit_callbacks
):
    build_track_record(enterprise)
    CityOfficialFactory()  # of another city: not told

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_api.post(URL)

    assert response.status_code == 201, response.json()
    applied = response.json()
    assert applied | {"id": None, "applied_at": None} == {
        "id": None,
        "enterprise": enterprise.pk,
        "status": "applied",
        "applied_at": None,
        "applied_by": staff.user.pk,
        "evidence": TRACK_RECORD,
        "decided_at": None,
        "decided_by": None,
        "revoked_at": None,
        "revoked_by": None,
        "reason": "",
    }
    told = Notification.objects.get()
    assert (told.recipient, told.kind, api_link(told.subject_model, told.subject_id)) == (
        official,
        NotificationKind.CERTIFICATION_APPLIED,
        f"{URL}{applied['id']}/",
    )
    assert [message.to for message in mail.outbox] == [[official.email]]


def test_the_evidence_is_counted_in_one_query(enterprise, django_assert_num_queries):
    build_track_record(enterprise)

    with django_assert_num_queries(1):
        figures = certification_evidence(enterprise_id=enterprise.pk)

    assert {name: str(value) if name == "investment_total" else value for name, value in figures.items()} == (
        TRACK_RECORD
    )


def test_an_enterprise_with_no_track_record_may_apply_and_the_evidence_says_so(staff_api):
    response = staff_api.post(URL, {})

    assert (response.status_code, response.json()["evidence"]) == (201, NO_EVIDENCE)


@pytest.mark.parametrize(
    ("existing", "status", "message"),
    [
        ({}, 409, "Your enterprise has applied already: the city has yet to decide."),
        ({"certified": True}, 409, "Your enterprise is certified already."),
        ({"rejected": True}, 201, None),
        ({"revoked": True}, 201, None),
    ],
    ids=["pending", "certified", "rejected", "revoked"],
)
def test_an_enterprise_applies_again_only_once_refused_or_revoked(enterprise, staff_api, existing, status, message):
    IntegrationCertificationFactory(enterprise=enterprise, **existing)

    response = staff_api.post(URL)

    assert response.status_code == status
    if message:
        assert error_messages(response) == [message]
    assert IntegrationCertification.objects.count() == 1 + (status == 201)


def test_only_enterprise_staff_apply(enterprise, official):
    with pytest.raises(BusinessRuleViolation, match="An enterprise's staff apply for its certification"):
        services.certification_apply(principal=principal_of(official))

    assert signed_in(official).post(URL).status_code == 403
    assert not IntegrationCertification.objects.exists()


# ------------------------------------------------------------------------------
# Deciding
# ------------------------------------------------------------------------------
def test_an_official_certifies_an_application_and_the_enterprise_is_told_and_marked_certified(
    staff, enterprise, official, official_api, django_capture_on_commit_callbacks
):
    application = IntegrationCertificationFactory(enterprise=enterprise)

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(official_api, application, "certify")

    assert response.status_code == 200, response.json()
    certified = response.json()
    assert (certified["status"], certified["decided_by"], certified["reason"]) == ("certified", official.pk, "")
    assert certified["decided_at"] is not None
    told = Notification.objects.get()
    assert (told.recipient, told.kind) == (staff.user, NotificationKind.CERTIFICATION_DECIDED)
    assert [message.to for message in mail.outbox] == [[staff.user.email]]
    assert official_api.get(f"/api/v1/enterprises/{enterprise.pk}/").json()["is_certified"] is True


def test_an_official_rejects_an_application_with_a_reason_the_enterprise_reads(
    staff, enterprise, official, official_api, staff_api
):
    application = IntegrationCertificationFactory(enterprise=enterprise)

    without_reason = decide(official_api, application, "reject")
    blank_reason = decide(official_api, application, "reject", reason="  ")
    rejected = decide(official_api, application, "reject", reason="No agreement in force.")

    assert (without_reason.status_code, without_reason.json()) == (400, {"reason": ["This field is required."]})
    assert (blank_reason.status_code, blank_reason.json()) == (400, {"reason": ["This field may not be blank."]})
    assert rejected.status_code == 200
    assert (rejected.json()["status"], rejected.json()["reason"]) == ("rejected", "No agreement in force.")
    assert rejected.json()["decided_by"] == official.pk
    assert staff_api.get(f"{URL}{application.pk}/").json() == rejected.json()
    told = Notification.objects.get(recipient=staff.user)
    assert (told.kind, told.body) == (NotificationKind.CERTIFICATION_DECIDED, "No agreement in force.")


def test_an_official_revokes_a_certification_in_force_with_a_reason(staff, enterprise, official, official_api):
    certification = IntegrationCertificationFactory(enterprise=enterprise, certified=True)

    response = decide(official_api, certification, "revoke", reason="Stopped hosting interns.")

    assert response.status_code == 200, response.json()
    revoked = response.json()
    assert (revoked["status"], revoked["revoked_by"], revoked["reason"]) == (
        "revoked",
        official.pk,
        "Stopped hosting interns.",
    )
    assert revoked["revoked_at"] >= revoked["decided_at"]
    assert Notification.objects.get().recipient == staff.user
    assert official_api.get(f"/api/v1/enterprises/{enterprise.pk}/").json()["is_certified"] is False


# The state machine: applied → certified or rejected; certified → revoked; rejected and revoked are final.
ALLOWED_DECISIONS = {"applied": {"certify", "reject"}, "certified": {"revoke"}, "rejected": set(), "revoked": set()}
ILLEGAL = [
    (status, decision)
    for status, allowed in ALLOWED_DECISIONS.items()
    for decision in ("certify", "reject", "revoke")
    if decision not in allowed
]


@pytest.mark.parametrize(("status", "decision"), ILLEGAL)
def test_a_decision_the_state_does_not_allow_is_refused_and_changes_nothing(
    enterprise, official_api, status, decision
):
    certification = IntegrationCertificationFactory(
        enterprise=enterprise, **({} if status == "applied" else {status: True})
    )
    before = IntegrationCertification.objects.filter(pk=certification.pk).values().get()

    response = decide(official_api, certification, decision, reason="Because.")

    assert response.status_code == 409
    assert error_messages(response)[0].startswith(
        f"This integration certification is {status}: it cannot be {decision[:-1]}"
    )
    assert IntegrationCertification.objects.filter(pk=certification.pk).values().get() == before
    assert not Notification.objects.exists()


def test_only_an_official_of_the_enterprises_city_decides(enterprise, staff, staff_api):
    application = IntegrationCertificationFactory(enterprise=enterprise)
    elsewhere = CityOfficialFactory().user

    assert decide(staff_api, application, "certify").status_code == 403
    assert decide(signed_in(elsewhere), application, "certify").status_code == 404
    for principal in (principal_of(staff.user), principal_of(elsewhere)):
        with pytest.raises(BusinessRuleViolation, match="Only an official of the enterprise's city decides"):
            services.certification_certify(certification=application, principal=principal)
    application.refresh_from_db()
    assert application.status == CertificationStatus.APPLIED


# ------------------------------------------------------------------------------
# The evidence now, and the trail
# ------------------------------------------------------------------------------
def test_the_live_evidence_follows_the_platform_data_while_the_application_keeps_its_own(
    enterprise, staff_api, official_api
):
    application = staff_api.post(URL).json()
    EducationInvestmentFactory(enterprise=enterprise, amount="1000.00")

    live = official_api.get(f"{URL}{application['id']}/evidence/")

    assert live.status_code == 200
    assert live.json() == NO_EVIDENCE | {"investment_count": 1, "investment_total": "1000.00"}
    assert official_api.get(f"{URL}{application['id']}/").json()["evidence"] == NO_EVIDENCE


def test_an_application_recorded_without_evidence_shows_none(enterprise, staff_api):
    imported = IntegrationCertificationFactory(enterprise=enterprise, evidence={})

    assert staff_api.get(f"{URL}{imported.pk}/").json()["evidence"] is None


@pytest.mark.skipif(not settings.AUDIT_TRAIL_ENABLED, reason="the audit trail is recorded on PostgreSQL only")
def test_every_step_leaves_an_audit_record_with_its_actor(staff, staff_api, official, official_api):
    application = staff_api.post(URL).json()
    certification = IntegrationCertification.objects.get(pk=application["id"])
    decide(official_api, certification, "certify")
    decide(official_api, certification, "revoke", reason="Stopped hosting interns.")

    trail = history_of(certification)
    read = official_api.get(f"{URL}{certification.pk}/history/").json()

    assert [(event.actor_id, event.changes["status"]["after"]) for event in trail] == [
        (staff.user.pk, "applied"),
        (official.pk, "certified"),
        (official.pk, "revoked"),
    ]
    assert [event["actor"] for event in read] == [staff.user.username, official.username, official.username]


# ------------------------------------------------------------------------------
# The admin shows certifications and changes none
# ------------------------------------------------------------------------------
def test_the_admin_shows_a_certification_read_only(client, admin_user, enterprise):
    certification = IntegrationCertificationFactory(enterprise=enterprise)
    client.force_login(admin_user)
    url = reverse("admin:evaluation_integrationcertification_change", args=[certification.pk])

    shown = client.get(url)
    posted = client.post(url, {"status": CertificationStatus.CERTIFIED})

    assert shown.status_code == 200
    assert posted.status_code == 403
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.APPLIED


def test_the_certified_mark_of_enterprises_reads_the_certified_status():
    # enterprises.selectors compares the status by value, so that enterprises does not import evaluation.
    assert CERTIFIED == CertificationStatus.CERTIFIED
