"""Writes of the partnerships app. The agreement lifecycle (propose, countersign, amend, terminate) builds on these."""

from django.db import transaction
from django.utils.translation import gettext as _

from colleges.models import College, Student
from common.exceptions import BusinessRuleViolation
from common.services import model_create, model_update
from enterprises.choices import PostingStatus
from enterprises.models import Enterprise, Posting
from partnerships.choices import AgreementStatus
from partnerships.models import Application, Commitment, CooperationAgreement, CouncilSeat, Milestone, TrainingBase


def training_base_create(*, host_college_id: int, **fields) -> TrainingBase:
    """Register a base the college hosts (in-school, or co-built with an enterprise), in the college's city."""
    city_id = College.objects.values_list("city_id", flat=True).get(pk=host_college_id)
    return model_create(TrainingBase, host_college_id=host_college_id, city_id=city_id, **fields)


def training_base_update(*, base: TrainingBase, **changes) -> TrainingBase:
    return model_update(base, **changes)


@transaction.atomic
def training_base_delete(*, base: TrainingBase) -> None:
    """Delete a training base; refused (409) while agreements or postings refer to it."""
    if base.agreements.exists() or base.postings.exists():
        raise BusinessRuleViolation(_("Agreements or postings refer to this training base: it cannot be deleted."))
    base.delete()


def _ensure_draft(agreement: CooperationAgreement) -> None:
    if agreement.status != AgreementStatus.DRAFT:
        raise BusinessRuleViolation(
            _("This agreement is %(status)s: only a draft's terms are edited directly; later changes are amendments.")
            % {"status": agreement.get_status_display().lower()}
        )


def agreement_create(*, college_id: int, enterprise_id: int, **terms) -> CooperationAgreement:
    """Start a draft agreement between a college and an enterprise of the same city."""
    college_city = College.objects.values_list("city_id", flat=True).get(pk=college_id)
    if not Enterprise.objects.filter(pk=enterprise_id, city_id=college_city).exists():
        raise BusinessRuleViolation(_("A cooperation agreement joins a college and an enterprise of the same city."))
    return model_create(CooperationAgreement, college_id=college_id, enterprise_id=enterprise_id, **terms)


@transaction.atomic
def agreement_update(*, agreement: CooperationAgreement, **changes) -> CooperationAgreement:
    _ensure_draft(agreement)
    return model_update(agreement, **changes)


@transaction.atomic
def agreement_delete(*, agreement: CooperationAgreement) -> None:
    _ensure_draft(agreement)
    agreement.delete()


@transaction.atomic
def commitment_create(*, agreement: CooperationAgreement, **fields) -> Commitment:
    _ensure_draft(agreement)
    return model_create(Commitment, agreement=agreement, **fields)


@transaction.atomic
def commitment_update(*, commitment: Commitment, **changes) -> Commitment:
    _ensure_draft(commitment.agreement)
    _ensure_draft(changes.get("agreement", commitment.agreement))
    return model_update(commitment, **changes)


@transaction.atomic
def commitment_delete(*, commitment: Commitment) -> None:
    _ensure_draft(commitment.agreement)
    commitment.delete()


@transaction.atomic
def milestone_create(*, agreement: CooperationAgreement, **fields) -> Milestone:
    _ensure_draft(agreement)
    return model_create(Milestone, agreement=agreement, **fields)


@transaction.atomic
def milestone_update(*, milestone: Milestone, **changes) -> Milestone:
    _ensure_draft(milestone.agreement)
    _ensure_draft(changes.get("agreement", milestone.agreement))
    return model_update(milestone, **changes)


@transaction.atomic
def milestone_delete(*, milestone: Milestone) -> None:
    _ensure_draft(milestone.agreement)
    milestone.delete()


def council_seat_create(*, college_id: int, **fields) -> CouncilSeat:
    return model_create(CouncilSeat, college_id=college_id, **fields)


def council_seat_update(*, seat: CouncilSeat, **changes) -> CouncilSeat:
    return model_update(seat, **changes)


def council_seat_delete(*, seat: CouncilSeat) -> None:
    seat.delete()


@transaction.atomic
def application_create(*, student: Student, posting: Posting, submitted_by_id: int, note: str = "") -> Application:
    """A college applies to an open posting for one of its students."""
    if posting.status != PostingStatus.OPEN:
        raise BusinessRuleViolation(_("This posting is not open for applications."))
    if posting.enterprise.city_id != student.program.college.city_id:
        raise BusinessRuleViolation(_("Students apply to postings of their own city."))
    return model_create(Application, student=student, posting=posting, submitted_by_id=submitted_by_id, note=note)
