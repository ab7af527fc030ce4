"""The admin writes an agreement through its services: a platform admin corrects a draft's terms, never its
lifecycle, and an agreement past its draft (its terms, commitments and milestones) is read-only."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships.choices import AgreementStatus
from partnerships.models import Commitment, CooperationAgreement, Milestone
from tests.accounts.factories import UserFactory
from tests.admin_forms import change_form_data
from tests.partnerships.factories import CommitmentFactory, CooperationAgreementFactory, MilestoneFactory

LIFECYCLE = {
    "status": AgreementStatus.ACTIVE,
    "proposer_party": "college",
    "proposed_at_0": "2026-01-05",
    "proposed_at_1": "10:00:00",
    "countersigned_at_0": "2026-01-06",
    "countersigned_at_1": "10:00:00",
}


def change_url(record) -> str:
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])


def test_the_admin_corrects_a_drafts_terms_but_not_its_lifecycle(admin_client):
    draft = CooperationAgreementFactory()
    commitment = CommitmentFactory(agreement=draft)
    url = change_url(draft)
    data = change_form_data(admin_client.get(url))
    other_user = UserFactory()

    posted = admin_client.post(
        url,
        data
        | LIFECYCLE
        | {"title": "Corrected title", "proposed_by": other_user.pk, "countersigned_by": other_user.pk}
        | {"commitments-0-amount": "45"},
    )

    assert posted.status_code == 302, posted.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.title == "Corrected title"
    assert (draft.status, draft.proposer_party, draft.proposed_by, draft.countersigned_by) == (
        AgreementStatus.DRAFT,
        "",
        None,
        None,
    )
    assert (draft.proposed_at, draft.countersigned_at) == (None, None)
    commitment.refresh_from_db()
    assert commitment.amount == Decimal("45")


def test_an_agreement_is_not_created_in_the_admin(admin_client):
    # Creating one takes a party, and the same-city rule of agreement_create.
    assert admin_client.get(reverse("admin:partnerships_cooperationagreement_add")).status_code == 403


@pytest.mark.parametrize("status", ["proposed", "active"])
def test_an_agreement_past_its_draft_is_read_only_in_the_admin(admin_client, status):
    agreement = CooperationAgreementFactory(**{status: True})
    commitment = CommitmentFactory(agreement=agreement, amount=Decimal("30"))
    milestone = MilestoneFactory(agreement=agreement)
    shown = admin_client.get(change_url(agreement))
    data = change_form_data(shown)

    posted = admin_client.post(
        change_url(agreement),
        data | {"title": "Changed behind the other party's back", "status": AgreementStatus.DRAFT},
    )
    posted_commitment = admin_client.post(change_url(commitment), {"amount": "300", "party": "enterprise"})
    posted_milestone = admin_client.post(change_url(milestone), {"title": "Moved", "due_on": "2030-01-01"})

    assert not shown.context["has_change_permission"]
    assert (posted.status_code, posted_commitment.status_code, posted_milestone.status_code) == (403, 403, 403)
    assert CooperationAgreement.objects.filter(pk=agreement.pk, status=status, title=agreement.title).exists()
    assert Commitment.objects.get(pk=commitment.pk).amount == Decimal("30")
    assert Milestone.objects.get(pk=milestone.pk).due_on == milestone.due_on


def test_a_drafts_commitment_changes_on_its_own_page_through_the_service(admin_client):
    commitment = CommitmentFactory(amount=Decimal("30"))
    url = change_url(commitment)
    data = change_form_data(admin_client.get(url))

    posted = admin_client.post(url, data | {"amount": "40", "delivered_amount": "40"})

    assert posted.status_code == 302
    commitment.refresh_from_db()
    # What was delivered is recorded by the parties' workflow step (deliver), never here.
    assert (commitment.amount, commitment.delivered_amount) == (Decimal("40"), Decimal("0"))


def test_a_drafts_milestone_is_added_inline_through_the_service(admin_client):
    draft = CooperationAgreementFactory()
    url = change_url(draft)
    data = change_form_data(admin_client.get(url))

    posted = admin_client.post(
        url,
        data
        | {
            "milestones-TOTAL_FORMS": "1",
            "milestones-0-title": "Equipment installed",
            "milestones-0-due_on": "2027-03-01",
            "milestones-0-agreement": str(draft.pk),
        },
    )

    assert posted.status_code == 302
    assert list(draft.milestones.values_list("title", "due_on")) == [
        ("Equipment installed", datetime.date(2027, 3, 1))
    ]


def test_a_posting_is_not_created_in_the_admin(admin_client):
    # A posting is its enterprise's offer: its staff create it, through posting_create.
    assert admin_client.get(reverse("admin:enterprises_posting_add")).status_code == 403
