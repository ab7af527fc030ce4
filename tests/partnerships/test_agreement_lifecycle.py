"""The agreement state machine, explored by hypothesis: an agreement is active iff both parties approved its current
version; every illegal step is refused (409) and changes nothing; simultaneous countersignatures make one
transition."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Q
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from accounts.principals import principal_of
from common.exceptions import BusinessRuleViolation
from partnerships.choices import AgreementStatus, Party, VersionStatus
from partnerships.models import AgreementVersion, CooperationAgreement
from partnerships.services import agreements
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseStaffFactory
from tests.partnerships.factories import CommitmentFactory, CooperationAgreementFactory

PARTIES = st.sampled_from([Party.COLLEGE, Party.ENTERPRISE])
LIVE = (AgreementStatus.DRAFT, AgreementStatus.PROPOSED, AgreementStatus.ACTIVE)


def snapshot(agreement: CooperationAgreement) -> tuple:
    """Everything a refused step must leave as it was."""
    row = CooperationAgreement.objects.filter(pk=agreement.pk).values().get()
    versions = list(agreement.versions.order_by("number").values_list("number", "status"))
    terms = list(agreement.commitments.order_by("pk").values_list("pk", "amount", "delivered_amount"))
    return row, versions, terms


class AgreementLifecycle(RuleBasedStateMachine):
    """Both parties take every step in any order; a model of the rules says which steps are legal."""

    def __init__(self):
        super().__init__()
        college_staff = CollegeStaffFactory()
        enterprise_staff = EnterpriseStaffFactory(enterprise__city=college_staff.college.city)
        # Already past its end date, so that completing it is legal once it is active.
        self.agreement = CooperationAgreementFactory(
            college=college_staff.college,
            enterprise=enterprise_staff.enterprise,
            starts_on=datetime.date(2024, 9, 1),
            ends_on=datetime.date(2025, 8, 31),
        )
        self.commitment = CommitmentFactory(agreement=self.agreement, party=Party.ENTERPRISE, amount=Decimal(10))
        self.principals = {
            Party.COLLEGE: principal_of(college_staff.user),
            Party.ENTERPRISE: principal_of(enterprise_staff.user),
        }
        # The model: the expected state, from which each step's legality follows.
        self.status = AgreementStatus.DRAFT
        self.proposer: str | None = None
        self.amendment_by: str | None = None
        self.renewed = False

    def attempt(self, legal: bool, service, party: str, **arguments):
        before = snapshot(self.agreement)
        try:
            service(principal=self.principals[party], **arguments)
        except BusinessRuleViolation:
            assert not legal, f"{service.__name__} by the {party} was refused in state {self.status}"
            assert snapshot(self.agreement) == before, f"a refused {service.__name__} changed the agreement"
            return False
        assert legal, f"{service.__name__} by the {party} went through in state {self.status}"
        return True

    @rule(party=PARTIES)
    def propose(self, party):
        if self.attempt(
            self.status == AgreementStatus.DRAFT, agreements.agreement_propose, party, agreement=self.agreement
        ):
            self.status, self.proposer = AgreementStatus.PROPOSED, party

    @rule(party=PARTIES)
    def countersign(self, party):
        legal = self.status == AgreementStatus.PROPOSED and party != self.proposer
        if self.attempt(legal, agreements.agreement_countersign, party, agreement=self.agreement):
            self.status = AgreementStatus.ACTIVE

    @rule(party=PARTIES)
    def decline(self, party):
        if self.attempt(
            self.status == AgreementStatus.PROPOSED, agreements.agreement_decline, party, agreement=self.agreement
        ):
            self.status, self.proposer = AgreementStatus.DRAFT, None

    @rule(party=PARTIES, amount=st.integers(min_value=1, max_value=99))
    def edit_terms(self, party, amount):
        legal = self.status in (AgreementStatus.DRAFT, AgreementStatus.PROPOSED)
        self.commitment.refresh_from_db()
        if self.attempt(
            legal, agreements.commitment_update, party, commitment=self.commitment, amount=Decimal(amount)
        ):
            self.status, self.proposer = AgreementStatus.DRAFT, None

    @rule(party=PARTIES, amount=st.integers(min_value=1, max_value=99))
    def amend(self, party, amount):
        legal = self.status == AgreementStatus.ACTIVE and self.amendment_by is None
        commitments = [{"id": self.commitment.pk, "party": Party.ENTERPRISE, "kind": "slots", "amount": str(amount)}]
        terms = {"commitments": commitments}
        if self.attempt(
            legal, agreements.agreement_amend, party, agreement=self.agreement, terms=terms, reason="More"
        ):
            self.amendment_by = party

    @rule(party=PARTIES)
    def approve_amendment(self, party):
        legal = self.status == AgreementStatus.ACTIVE and self.amendment_by not in (None, party)
        if self.attempt(legal, agreements.agreement_approve_amendment, party, agreement=self.agreement):
            self.amendment_by = None

    @rule(party=PARTIES)
    def decline_amendment(self, party):
        if self.attempt(
            self.amendment_by is not None, agreements.agreement_decline_amendment, party, agreement=self.agreement
        ):
            self.amendment_by = None

    @rule(party=PARTIES)
    def complete(self, party):
        if self.attempt(
            self.status == AgreementStatus.ACTIVE, agreements.agreement_complete, party, agreement=self.agreement
        ):
            self.status, self.amendment_by = AgreementStatus.COMPLETED, None

    @rule(party=PARTIES)
    def terminate(self, party):
        legal = self.status == AgreementStatus.ACTIVE
        if self.attempt(legal, agreements.agreement_terminate, party, agreement=self.agreement, reason="Plant closed"):
            self.status, self.amendment_by = AgreementStatus.TERMINATED, None

    @rule(party=PARTIES)
    def renew(self, party):
        legal = self.status in (AgreementStatus.ACTIVE, AgreementStatus.COMPLETED) and not self.renewed
        if self.attempt(legal, agreements.agreement_renew, party, agreement=self.agreement):
            self.renewed = True

    @invariant()
    def the_database_agrees_with_the_model(self):
        self.agreement.refresh_from_db()
        assert self.agreement.status == self.status
        pending = self.agreement.versions.filter(status=VersionStatus.PENDING).exclude(
            pk=self.agreement.current_version_id
        )
        assert pending.exists() == (self.amendment_by is not None)

    @invariant()
    def active_iff_both_parties_approved_the_current_version(self):
        self.agreement.refresh_from_db()
        if self.agreement.status not in LIVE:
            return
        current = AgreementVersion.objects.filter(pk=self.agreement.current_version_id).annotate(
            parties=Count("approvals__party", distinct=True)
        )
        approved_by_both = current.filter(status=VersionStatus.APPROVED, parties=2).exists()
        assert (self.agreement.status == AgreementStatus.ACTIVE) == approved_by_both

    @invariant()
    def no_version_is_approved_by_one_side_only_and_in_force(self):
        half = self.agreement.versions.annotate(parties=Count("approvals")).filter(
            Q(status=VersionStatus.APPROVED) & ~Q(parties=2)
        )
        assert not half.exists()


# A few hundred runs of up to ten steps each: every state and most illegal steps are reached in CI.
LIFECYCLE_SETTINGS = settings(
    max_examples=300,
    stateful_step_count=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_the_lifecycle_holds_whatever_the_parties_do(db):
    run_state_machine_as_test(AgreementLifecycle, settings=LIFECYCLE_SETTINGS)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between threads need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_countersignatures_make_one_transition():
    college_staff = CollegeStaffFactory()
    agreement = CooperationAgreementFactory(college=college_staff.college)
    signers = [principal_of(EnterpriseStaffFactory(enterprise=agreement.enterprise).user) for _ in range(2)]
    agreements.agreement_propose(agreement=agreement, principal=principal_of(college_staff.user))
    barrier, outcomes = threading.Barrier(len(signers)), []

    def countersign(principal):
        try:
            barrier.wait()
            agreements.agreement_countersign(agreement=agreement, principal=principal)
            outcomes.append("countersigned")
        except BusinessRuleViolation:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=countersign, args=(signer,)) for signer in signers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["countersigned", "refused"]
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    assert agreement.current_version.approvals.count() == 2
