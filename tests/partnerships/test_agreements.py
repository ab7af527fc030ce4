"""The agreement workflow through the API: proposal and countersignature, amendments and their versions,
completion, termination, renewal, deliveries and milestones, with the notifications each step sends."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from accounts.models import Notification
from partnerships.choices import AgreementStatus, CommitmentKind, Party, VersionStatus
from partnerships.models import CooperationAgreement
from tests.accounts.factories import signed_in
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseStaffFactory
from tests.partnerships.factories import CommitmentFactory, CooperationAgreementFactory, MilestoneFactory

PAST = {"starts_on": datetime.date(2024, 9, 1), "ends_on": datetime.date(2025, 8, 31)}


@pytest.fixture
def college_staff(db):
    return CollegeStaffFactory(user__email="office@college.example")


@pytest.fixture
def enterprise_staff(college_staff):
    return EnterpriseStaffFactory(enterprise__city=college_staff.college.city, user__email="hr@enterprise.example")


@pytest.fixture
def college_api(college_staff):
    return signed_in(college_staff.user)


@pytest.fixture
def enterprise_api(enterprise_staff):
    return signed_in(enterprise_staff.user)


@pytest.fixture
def draft(college_staff, enterprise_staff):
    agreement = CooperationAgreementFactory(
        college=college_staff.college, enterprise=enterprise_staff.enterprise, title="Robotics internship base", **PAST
    )
    CommitmentFactory(agreement=agreement, party=Party.ENTERPRISE, kind=CommitmentKind.SLOTS, amount=20)
    return agreement


def step(api, agreement, name, body=None):
    return api.post(f"/api/v1/agreements/{agreement.pk}/{name}/", body or {})


@pytest.fixture
def active(draft, college_api, enterprise_api):
    step(college_api, draft, "propose")
    step(enterprise_api, draft, "countersign")
    draft.refresh_from_db()
    return draft


def titles_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_a_proposal_becomes_active_only_when_the_other_party_countersigns(
    draft, college_api, enterprise_api, college_staff, enterprise_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposed = step(college_api, draft, "propose")
    own_countersignature = step(college_api, draft, "countersign")
    with django_capture_on_commit_callbacks(execute=True):
        countersigned = step(enterprise_api, draft, "countersign")

    assert (proposed.status_code, proposed.json()["status"], proposed.json()["proposer_party"]) == (
        200,
        "proposed",
        "college",
    )
    assert (own_countersignature.status_code, own_countersignature.json()) == (
        409,
        {"detail": "Your side proposed this agreement: the other party countersigns it."},
    )
    assert (countersigned.status_code, countersigned.json()["status"]) == (200, "active")
    assert countersigned.json()["current_version"] == 1
    versions = college_api.get(f"/api/v1/agreements/{draft.pk}/versions/").json()
    assert [(v["number"], v["status"], sorted(a["party"] for a in v["approvals"])) for v in versions] == [
        (1, "approved", ["college", "enterprise"])
    ]
    assert versions[0]["terms"]["commitments"][0]["amount"] == "20.00"
    assert titles_of(enterprise_staff.user) == ["“Robotics internship base” was proposed to you for countersignature"]
    assert titles_of(college_staff.user) == ["“Robotics internship base” was countersigned and is now active"]
    assert sorted(message.to[0] for message in mail.outbox) == ["hr@enterprise.example", "office@college.example"]
    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL


def test_a_step_out_of_turn_is_a_409_that_changes_nothing(draft, enterprise_api):
    before = CooperationAgreement.objects.filter(pk=draft.pk).values().get()

    responses = [step(enterprise_api, draft, name) for name in ("countersign", "approve-amendment", "complete")]

    assert [response.status_code for response in responses] == [409, 409, 409]
    assert (
        responses[0].json()["detail"]
        == "This cooperation agreement is draft: it cannot be countersigned (only a proposal is)."
    )
    assert CooperationAgreement.objects.filter(pk=draft.pk).values().get() == before


def test_declining_or_editing_a_proposal_makes_it_a_draft_again_and_resets_approvals(
    draft, college_api, enterprise_api, college_staff
):
    step(college_api, draft, "propose")
    declined = step(enterprise_api, draft, "decline", {"reason": "Stipend too low"})
    step(college_api, draft, "propose")
    edited = enterprise_api.patch(f"/api/v1/agreements/{draft.pk}/", {"summary": "Twenty slots a year"})

    assert (declined.json()["status"], declined.json()["current_version"]) == ("draft", None)
    assert (edited.json()["status"], edited.json()["proposer_party"]) == ("draft", "")
    versions = college_api.get(f"/api/v1/agreements/{draft.pk}/versions/").json()
    assert [(v["number"], v["status"]) for v in versions] == [(1, "withdrawn"), (2, "withdrawn")]
    assert Notification.objects.filter(recipient=college_staff.user, body="Stipend too low").exists()


def test_an_amendment_applies_only_once_the_other_party_approves_it(active, college_api, enterprise_api):
    slots = active.commitments.get()
    terms = {
        "title": "Robotics internship base (extended)",
        "commitments": [
            {"id": slots.pk, "party": "enterprise", "kind": "slots", "amount": "30"},
            {"party": "college", "kind": "teaching_hours", "amount": "120", "description": "Two teachers on site"},
        ],
    }

    amended = step(college_api, active, "amend", {"terms": terms, "reason": "Second production line"})
    meanwhile = college_api.get(f"/api/v1/agreements/{active.pk}/").json()
    self_approval = step(college_api, active, "approve-amendment")
    approved = step(enterprise_api, active, "approve-amendment")

    assert (amended.status_code, amended.json()["number"], amended.json()["status"]) == (201, 2, "pending")
    assert (meanwhile["title"], meanwhile["amendment_pending"], meanwhile["current_version"]) == (
        "Robotics internship base",
        True,
        1,
    )
    assert self_approval.status_code == 409
    assert (approved.json()["title"], approved.json()["current_version"], approved.json()["status"]) == (
        "Robotics internship base (extended)",
        2,
        "active",
    )
    assert sorted(active.commitments.values_list("party", "kind", "amount")) == [
        ("college", "teaching_hours", 120),
        ("enterprise", "slots", 30),
    ]
    versions = college_api.get(f"/api/v1/agreements/{active.pk}/versions/").json()
    assert [(v["number"], v["status"]) for v in versions] == [(1, "superseded"), (2, "approved")]


def test_an_amendment_is_checked_when_proposed_and_can_be_declined(active, college_api, enterprise_api):
    backwards = step(
        college_api,
        active,
        "amend",
        {"terms": {"starts_on": "2026-01-01", "ends_on": "2025-01-01"}, "reason": "Typo"},
    )
    step(college_api, active, "amend", {"terms": {"summary": "New summary"}, "reason": "Clearer"})
    second = step(enterprise_api, active, "amend", {"terms": {"summary": "Other"}, "reason": "Mine"})
    declined = step(enterprise_api, active, "decline-amendment", {"reason": "Not now"})

    assert (backwards.status_code, backwards.json()) == (
        400,
        {"non_field_errors": ["An agreement ends after it starts."]},
    )
    assert (second.status_code, second.json()) == (
        409,
        {"detail": "An amendment of this agreement already awaits approval."},
    )
    assert (declined.status_code, declined.json()["amendment_pending"], declined.json()["summary"]) == (200, False, "")
    assert active.versions.filter(status=VersionStatus.WITHDRAWN).count() == 1


def test_an_amendment_cannot_drop_a_commitment_already_delivered_on(active, college_api, enterprise_api):
    slots = active.commitments.get()
    enterprise_api.post(f"/api/v1/commitments/{slots.pk}/deliver/", {"amount": "5"})
    step(college_api, active, "amend", {"terms": {"commitments": []}, "reason": "No slots after all"})

    approved = step(enterprise_api, active, "approve-amendment")

    assert (approved.status_code, approved.json()) == (
        409,
        {"detail": "An amendment cannot drop a commitment or milestone with work done on it."},
    )
    assert active.commitments.count() == 1


def test_an_active_agreement_completes_after_its_end_or_is_terminated_with_a_reason(
    active, college_api, enterprise_api
):
    future = CooperationAgreementFactory(college=active.college, enterprise=active.enterprise, active=True)

    too_early = step(college_api, future, "complete")
    no_reason = step(enterprise_api, future, "terminate")
    terminated = step(enterprise_api, future, "terminate", {"reason": "The plant closed"})
    completed = step(college_api, active, "complete")

    assert (too_early.status_code, too_early.json()["detail"]) == (
        409,
        "This agreement runs until 2029-08-31: end it earlier by terminating it with a reason.",
    )
    assert (no_reason.status_code, no_reason.json()) == (400, {"reason": ["This field is required."]})
    assert (terminated.json()["status"], terminated.json()["termination_reason"]) == ("terminated", "The plant closed")
    assert completed.json()["status"] == "completed"
    assert completed.json()["ended_at"] is not None


def test_a_renewal_is_a_new_draft_linked_to_its_predecessor(active, college_api, enterprise_api):
    renewed = step(enterprise_api, active, "renew")
    again = step(college_api, active, "renew")

    assert renewed.status_code == 201
    body = renewed.json()
    assert (body["status"], body["predecessor"], body["starts_on"], body["ends_on"]) == (
        "draft",
        active.pk,
        "2025-09-01",
        "2026-08-31",
    )
    renewal = CooperationAgreement.objects.get(pk=body["id"])
    assert list(renewal.commitments.values_list("kind", "amount", "delivered_amount")) == [("slots", 20, 0)]
    assert (again.status_code, again.json()) == (409, {"detail": "This agreement has been renewed already."})


def test_each_party_records_the_deliveries_of_its_own_commitments(active, college_api, enterprise_api):
    slots = active.commitments.get()
    url = f"/api/v1/commitments/{slots.pk}/deliver/"

    delivered = [enterprise_api.post(url, {"amount": "4"}), enterprise_api.post(url, {"amount": "3.5"})]
    by_the_other_side = college_api.post(url, {"amount": "1"})
    nothing = enterprise_api.post(url, {"amount": "0"})

    assert [response.json()["delivered_amount"] for response in delivered] == ["4.00", "7.50"]
    assert (by_the_other_side.status_code, by_the_other_side.json()) == (
        409,
        {"detail": "Each party records the deliveries of its own commitments."},
    )
    assert nothing.status_code == 400


def test_milestones_are_done_with_evidence_and_the_overdue_ones_listed(active, college_api):
    overdue = MilestoneFactory(agreement=active, title="Open the training line", due_on=datetime.date(2025, 1, 15))
    done = MilestoneFactory(agreement=active, title="Sign the mentor list", due_on=datetime.date(2025, 2, 1))
    MilestoneFactory(agreement=active, title="Graduation show", due_on=datetime.date(2099, 6, 1))

    without_evidence = college_api.post(f"/api/v1/milestones/{done.pk}/complete/", {"evidence": ""})
    completed = college_api.post(f"/api/v1/milestones/{done.pk}/complete/", {"evidence": "Minutes 2025-02-03"})
    listed = college_api.get("/api/v1/milestones/", {"overdue": "true"}).json()["results"]

    assert without_evidence.status_code == 400
    assert (completed.json()["evidence"], completed.json()["done_at"] is not None) == ("Minutes 2025-02-03", True)
    assert [milestone["id"] for milestone in listed] == [overdue.pk]


def test_a_city_official_reads_the_versions_but_takes_no_step(active, college_staff):
    official = signed_in(CityOfficialFactory(city=college_staff.college.city).user)

    assert official.get(f"/api/v1/agreements/{active.pk}/versions/").status_code == 200
    assert step(official, active, "terminate", {"reason": "Audit"}).status_code == 403
    assert CooperationAgreement.objects.get(pk=active.pk).status == AgreementStatus.ACTIVE


@pytest.mark.skipif(not settings.AUDIT_TRAIL_ENABLED, reason="the audit trail is recorded by PostgreSQL triggers")
def test_every_step_leaves_an_audit_record_with_its_actor(draft, college_api, enterprise_api, college_staff):
    step(college_api, draft, "propose")
    step(enterprise_api, draft, "countersign")
    CooperationAgreement.objects.filter(pk=draft.pk).update(summary="Changed by a bulk update")

    history = college_api.get(f"/api/v1/agreements/{draft.pk}/history/").json()

    statuses = [(event["actor"], event["changes"].get("status")) for event in history if "status" in event["changes"]]
    assert statuses[1:] == [
        (college_staff.user.username, {"before": "draft", "after": "proposed"}),
        (draft.enterprise.staff.get().user.username, {"before": "proposed", "after": "active"}),
    ]
    assert history[-1]["changes"]["summary"] == {"before": "", "after": "Changed by a bulk update"}
