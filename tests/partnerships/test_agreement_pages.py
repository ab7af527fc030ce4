"""The agreement pages, the same for both parties: every step through its page as the party that takes it, the other
party's refusal as a message, another organisation's agreement as a 404 page, the list's filters and its queries."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.principals import principal_of
from common.exceptions import BusinessRuleViolation
from evaluation.choices import HealthBand
from evaluation.models import PartyRating
from partnerships.choices import AgreementKind, AgreementStatus, CommitmentKind, Party, VersionStatus
from partnerships.models import AgreementScan, CooperationAgreement
from partnerships.services import agreements
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseStaffFactory
from tests.evaluation.factories import PartnershipHealthFactory
from tests.pages import client_of
from tests.partnerships.factories import (
    CommitmentFactory,
    CooperationAgreementFactory,
    CouncilSeatFactory,
    MilestoneFactory,
    pdf_upload,
)

PAST = {"starts_on": datetime.date(2024, 9, 1), "ends_on": datetime.date(2025, 8, 31)}
TERMS = {
    "kind": AgreementKind.ORDER_CLASS,
    "title": "Robotics order class",
    "summary": "A class designed with the enterprise.",
    "starts_on": "2026-09-01",
    "ends_on": "2029-08-31",
}


@pytest.fixture
def college_staff(db):
    return CollegeStaffFactory()


@pytest.fixture
def enterprise_staff(college_staff):
    return EnterpriseStaffFactory(enterprise__city=college_staff.college.city)


@pytest.fixture
def college(college_staff):
    return client_of(college_staff)


@pytest.fixture
def enterprise(enterprise_staff):
    return client_of(enterprise_staff)


@pytest.fixture
def draft(college_staff, enterprise_staff):
    agreement = CooperationAgreementFactory(
        college=college_staff.college, enterprise=enterprise_staff.enterprise, title="Robotics internship base", **PAST
    )
    CommitmentFactory(agreement=agreement, party=Party.ENTERPRISE, kind=CommitmentKind.SLOTS, amount=Decimal(30))
    MilestoneFactory(agreement=agreement, title="First cohort starts", due_on=datetime.date(2024, 10, 1))
    return agreement


@pytest.fixture
def active(draft, college_staff, enterprise_staff):
    agreements.agreement_propose(agreement=draft, principal=principal_of(college_staff.user))
    agreements.agreement_countersign(agreement=draft, principal=principal_of(enterprise_staff.user))
    draft.refresh_from_db()
    return draft


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def take(client, url, data=None):
    """POST a step's form and follow to where it lands; the page's HTML."""
    return client.post(url, data or {}, follow=True).content.decode()


def test_college_staff_draft_an_agreement_add_a_commitment_and_a_milestone_and_propose_it(
    college, enterprise, college_staff, enterprise_staff
):
    form = page(college, "/agreements/new/")
    assert enterprise_staff.enterprise.name in form

    response = college.post("/agreements/new/", {**TERMS, "counterparty": enterprise_staff.enterprise.pk}, follow=True)
    agreement = CooperationAgreement.objects.get(title="Robotics order class")
    assert (agreement.college, agreement.enterprise) == (college_staff.college, enterprise_staff.enterprise)
    assert response.redirect_chain[-1][0] == f"/agreements/{agreement.pk}/"

    take(
        college,
        f"/agreements/{agreement.pk}/commitments/new/",
        {"party": Party.ENTERPRISE, "kind": CommitmentKind.SLOTS, "amount": "30", "description": "Internship slots"},
    )
    detail = take(
        college, f"/agreements/{agreement.pk}/milestones/new/", {"title": "Class opens", "due_on": "2026-10-01"}
    )
    assert "Internship slots" in detail
    assert "Class opens" in detail

    detail = take(college, f"/agreements/{agreement.pk}/propose/")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.PROPOSED
    assert "Proposed: the other party is asked to countersign." in detail
    assert "Version 1" in detail
    # The proposer is not offered the countersignature; the other party is.
    assert f"/agreements/{agreement.pk}/countersign/" not in detail
    assert f"/agreements/{agreement.pk}/countersign/" in page(enterprise, f"/agreements/{agreement.pk}/")


def test_a_field_error_is_next_to_its_field_and_nothing_is_written(college, enterprise_staff):
    html = college.post("/agreements/new/", {**TERMS, "title": "", "counterparty": enterprise_staff.enterprise.pk})

    assert 'id="id_title_error"' in html.content.decode()
    ends_early = college.post(
        "/agreements/new/", {**TERMS, "ends_on": "2026-01-01", "counterparty": enterprise_staff.enterprise.pk}
    ).content.decode()
    assert "An agreement ends after it starts." in ends_early
    assert not CooperationAgreement.objects.exists()


def test_an_enterprise_drafts_with_a_college_of_its_city(enterprise, college_staff):
    assert college_staff.college.name in page(enterprise, "/agreements/new/")

    take(enterprise, "/agreements/new/", {**TERMS, "counterparty": college_staff.college.pk})

    assert CooperationAgreement.objects.get().college == college_staff.college


def test_the_proposer_cannot_countersign_its_own_proposal_the_refusal_is_a_message(
    draft, college, enterprise, college_staff
):
    agreements.agreement_propose(agreement=draft, principal=principal_of(college_staff.user))

    refused = take(college, f"/agreements/{draft.pk}/countersign/")
    draft.refresh_from_db()
    assert "the other party countersigns it" in refused
    assert draft.status == AgreementStatus.PROPOSED

    done = take(enterprise, f"/agreements/{draft.pk}/countersign/")
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.ACTIVE
    assert "Countersigned: the agreement is active." in done


def test_declining_a_proposal_asks_to_confirm_and_makes_it_a_draft_again(draft, enterprise, college_staff):
    agreements.agreement_propose(agreement=draft, principal=principal_of(college_staff.user))

    confirm = page(enterprise, f"/agreements/{draft.pk}/decline/")
    assert "This cannot be undone." in confirm
    take(enterprise, f"/agreements/{draft.pk}/decline/", {"reason": "Too few slots."})

    draft.refresh_from_db()
    assert draft.status == AgreementStatus.DRAFT
    assert draft.versions.get().status == VersionStatus.WITHDRAWN


def test_editing_a_draft_through_its_page(draft, enterprise):
    assert "Robotics internship base" in page(enterprise, f"/agreements/{draft.pk}/edit/")

    take(enterprise, f"/agreements/{draft.pk}/edit/", {**TERMS, "title": "Renamed base"})

    draft.refresh_from_db()
    assert draft.title == "Renamed base"


def test_an_amendment_is_proposed_then_approved_by_the_other_party(active, college, enterprise):
    take(college, f"/agreements/{active.pk}/amend/", {**TERMS, "title": "Amended title", "reason": "A wider scope."})
    active.refresh_from_db()
    assert active.title == "Robotics internship base"  # not in force until approved
    assert active.versions.filter(status=VersionStatus.PENDING).exists()
    assert f"/agreements/{active.pk}/approve-amendment/" not in page(college, f"/agreements/{active.pk}/")

    take(enterprise, f"/agreements/{active.pk}/approve-amendment/")

    active.refresh_from_db()
    assert active.title == "Amended title"
    assert active.current_version.number == 2


def test_an_amendment_is_declined_with_a_reason(active, college, enterprise):
    take(college, f"/agreements/{active.pk}/amend/", {**TERMS, "title": "Amended", "reason": "Change."})

    take(enterprise, f"/agreements/{active.pk}/decline-amendment/", {"reason": "Not now."})

    assert not active.versions.filter(status=VersionStatus.PENDING).exists()


def test_each_party_records_deliveries_of_its_own_commitments_and_both_see_the_progress(active, college, enterprise):
    commitment = active.commitments.get()
    assert f"/commitments/{commitment.pk}/deliver/" not in page(college, f"/agreements/{active.pk}/")

    refused = take(college, f"/commitments/{commitment.pk}/deliver/", {"amount": "5"})
    assert "Each party records the deliveries of its own commitments." in refused
    take(enterprise, f"/commitments/{commitment.pk}/deliver/", {"amount": "10"})

    commitment.refresh_from_db()
    assert commitment.delivered_amount == Decimal(10)
    detail = page(college, f"/agreements/{active.pk}/")
    assert '<progress max="30.00" value="10.00"' in detail
    assert "33%" in detail


def test_a_milestone_is_marked_done_with_evidence_and_an_overdue_one_is_marked(active, college):
    milestone = active.milestones.get()
    assert "Overdue" in page(college, f"/agreements/{active.pk}/")

    missing = college.post(f"/milestones/{milestone.pk}/done/", {"evidence": ""}).content.decode()
    assert 'id="id_evidence_error"' in missing
    take(college, f"/milestones/{milestone.pk}/done/", {"evidence": "Class list no. 12."})

    milestone.refresh_from_db()
    assert milestone.evidence == "Class list no. 12."
    assert "Overdue" not in page(college, f"/agreements/{active.pk}/")


def test_terminating_takes_a_reason_and_asks_to_confirm(active, enterprise):
    assert "This cannot be undone." in page(enterprise, f"/agreements/{active.pk}/terminate/")
    no_reason = enterprise.post(f"/agreements/{active.pk}/terminate/", {"reason": ""}).content.decode()
    assert 'id="id_reason_error"' in no_reason

    take(enterprise, f"/agreements/{active.pk}/terminate/", {"reason": "The plant closed."})

    active.refresh_from_db()
    assert (active.status, active.termination_reason) == (AgreementStatus.TERMINATED, "The plant closed.")


def test_completing_after_the_end_date_then_renewing_opens_the_renewal(active, college):
    take(college, f"/agreements/{active.pk}/complete/")
    active.refresh_from_db()
    assert active.status == AgreementStatus.COMPLETED

    response = college.post(f"/agreements/{active.pk}/renew/", {}, follow=True)

    renewal = CooperationAgreement.objects.get(predecessor=active)
    assert response.redirect_chain[-1][0] == f"/agreements/{renewal.pk}/"
    assert renewal.status == AgreementStatus.DRAFT


def test_completing_before_the_end_date_is_refused_as_a_message(active, college):
    CooperationAgreement.objects.filter(pk=active.pk).update(ends_on=datetime.date(2099, 1, 1))

    refused = take(college, f"/agreements/{active.pk}/complete/")

    assert "end it earlier by terminating it" in refused
    assert CooperationAgreement.objects.get(pk=active.pk).status == AgreementStatus.ACTIVE


def test_a_party_rates_the_other_for_a_month(active, college):
    assert "/rate/" in page(college, f"/agreements/{active.pk}/")

    take(college, f"/agreements/{active.pk}/rate/", {"period": "2025-03", "score": "4", "comment": "Reliable."})

    rating = PartyRating.objects.get()
    assert (rating.rater_party, rating.score, rating.period) == (Party.COLLEGE, 4, datetime.date(2025, 3, 1))
    assert "Reliable." in page(college, f"/agreements/{active.pk}/")


def test_a_signed_scan_is_attached_listed_and_downloaded(active, enterprise, college):
    take(enterprise, f"/agreements/{active.pk}/scans/new/", {"version": "1", "file": pdf_upload("signed.pdf")})

    scan = AgreementScan.objects.get()
    assert "signed.pdf" in page(college, f"/agreements/{active.pk}/")
    download = college.get(f"/agreements/{active.pk}/scans/{scan.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_health_panel_shows_the_score_its_components_and_its_trend(active, college):
    # The current score is the agreement's row in its city's current run, and so that run's point of the trend.
    PartnershipHealthFactory(agreement=active, score=Decimal("74.5"), band=HealthBand.HEALTHY)

    detail = page(college, f"/agreements/{active.pk}/")

    assert "74.5 / 100" in detail
    assert "Commitments kept" in detail
    assert "90%" in detail  # the factory's commitments kept, 0.9


def test_another_organisations_agreement_is_a_404_page_and_a_non_party_is_refused(active, db):
    stranger = client_of(CollegeStaffFactory())
    for url in (
        f"/agreements/{active.pk}/",
        f"/agreements/{active.pk}/terminate/",
        f"/agreements/{active.pk}/rate/",
        f"/commitments/{active.commitments.get().pk}/deliver/",
    ):
        assert stranger.get(url).status_code == 404
    assert stranger.post(f"/agreements/{active.pk}/terminate/", {"reason": "x"}).status_code == 404

    official = client_of(CityOfficialFactory(city=active.college.city))
    assert official.get(f"/agreements/{active.pk}/").status_code == 200
    assert official.post(f"/agreements/{active.pk}/terminate/", {"reason": "x"}).status_code == 403
    assert CooperationAgreement.objects.get(pk=active.pk).status == AgreementStatus.ACTIVE


def test_the_list_filters_by_kind_status_and_health_band(college, college_staff, enterprise_staff, active):
    parties = {"college": college_staff.college, "enterprise": enterprise_staff.enterprise}
    CooperationAgreementFactory(title="Draft order class", kind=AgreementKind.ORDER_CLASS, **parties)
    at_risk = CooperationAgreementFactory(title="Shaky base", active=True, **parties)
    PartnershipHealthFactory(agreement=at_risk, score=Decimal("30.0"), band=HealthBand.AT_RISK)

    def titles(**query) -> set[str]:
        html = page(college, "/agreements/?" + "&".join(f"{k}={v}" for k, v in query.items()))
        return {title for title in ("Robotics internship base", "Draft order class", "Shaky base") if title in html}

    offered = page(college, "/agreements/")
    assert offered.count('<option value="" selected>All</option>') == 3  # kind, status and health band
    assert "---------" not in offered
    assert titles(kind="order_class") == {"Draft order class"}
    assert titles(status="active") == {"Robotics internship base", "Shaky base"}
    assert titles(health_band="at_risk") == {"Shaky base"}
    api = college.get("/api/v1/agreements/", {"health_band": "at_risk"}).json()
    assert [row["title"] for row in api["results"]] == ["Shaky base"]


def test_the_list_takes_as_many_queries_for_50_agreements_as_for_5(college, college_staff, enterprise_staff):
    def build(n):
        for agreement in CooperationAgreementFactory.create_batch(
            n, college=college_staff.college, enterprise=enterprise_staff.enterprise, active=True
        ):
            PartnershipHealthFactory(agreement=agreement)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert college.get("/agreements/", {"per_page": 50}).status_code == 200
        return len(queries)

    build(5)
    few = count()
    build(45)
    assert count() == few


def test_a_council_seat_has_its_page_for_the_college_and_the_enterprise(
    college, enterprise, college_staff, enterprise_staff
):
    seat = CouncilSeatFactory(
        college=college_staff.college, enterprise=enterprise_staff.enterprise, representative_name="Wang Fang"
    )

    listed = page(college, "/council-seats/")
    assert f'href="/council-seats/{seat.pk}/"' in listed
    assert "Sits on the council now" in page(enterprise, f"/council-seats/{seat.pk}/")
    assert client_of(CollegeStaffFactory()).get(f"/council-seats/{seat.pk}/").status_code == 404


STEP_CALLS = {
    "propose": lambda a, p: agreements.agreement_propose(agreement=a, principal=p),
    "countersign": lambda a, p: agreements.agreement_countersign(agreement=a, principal=p),
    "decline": lambda a, p: agreements.agreement_decline(agreement=a, principal=p),
    "amend": lambda a, p: agreements.agreement_amend(agreement=a, principal=p, terms={"title": "New"}, reason="Why"),
    "approve_amendment": lambda a, p: agreements.agreement_approve_amendment(agreement=a, principal=p),
    "decline_amendment": lambda a, p: agreements.agreement_decline_amendment(agreement=a, principal=p),
    "complete": lambda a, p: agreements.agreement_complete(agreement=a, principal=p),
    "terminate": lambda a, p: agreements.agreement_terminate(agreement=a, principal=p, reason="Why"),
    "renew": lambda a, p: agreements.agreement_renew(agreement=a, principal=p),
    "edit": lambda a, p: agreements.agreement_update(agreement=a, principal=p, title="Edited"),
}


@pytest.mark.parametrize(
    "stage", ["draft", "proposed", "active", "amendment_pending", "completed", "terminated", "renewed"]
)
def test_the_steps_a_page_offers_are_the_ones_the_services_accept(stage, draft, college_staff, enterprise_staff):
    by_college, by_enterprise = principal_of(college_staff.user), principal_of(enterprise_staff.user)
    if stage != "draft":
        agreements.agreement_propose(agreement=draft, principal=by_college)
    if stage not in ("draft", "proposed"):
        agreements.agreement_countersign(agreement=draft, principal=by_enterprise)
    if stage == "amendment_pending":
        agreements.agreement_amend(agreement=draft, principal=by_college, terms={"title": "Amended"}, reason="Why")
    if stage in ("completed", "renewed"):
        agreements.agreement_complete(agreement=draft, principal=by_college)
    if stage == "renewed":
        agreements.agreement_renew(agreement=draft, principal=by_college)
    if stage == "terminated":
        agreements.agreement_terminate(agreement=draft, principal=by_college, reason="Why")

    draft.refresh_from_db()
    for principal in (by_college, by_enterprise):
        offered = agreements.agreement_open_steps(agreement=draft, principal=principal)
        for step, call in STEP_CALLS.items():
            accepted = True
            try:
                with transaction.atomic():
                    call(CooperationAgreement.objects.get(pk=draft.pk), principal)
                    transaction.set_rollback(True)
            except BusinessRuleViolation:
                accepted = False
            assert (step in offered) == accepted, (stage, principal.role, step)
    stranger = principal_of(CollegeStaffFactory(college__city=draft.college.city).user)
    assert agreements.agreement_open_steps(agreement=draft, principal=stranger) == frozenset()


@pytest.mark.skipif(not settings.AUDIT_TRAIL_ENABLED, reason="the audit trail is recorded on PostgreSQL only")
def test_the_audit_trail_shows_who_changed_what(draft, college, college_staff):
    take(college, f"/agreements/{draft.pk}/propose/")

    history = page(college, f"/agreements/{draft.pk}/").split('id="history-heading"')[1]

    assert college_staff.user.username in history
    assert "Status: Draft → Proposed" in history
