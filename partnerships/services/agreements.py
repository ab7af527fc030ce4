"""Cooperation agreements, their commitments and milestones: drafting, and the lifecycle that builds on it."""

from django.db import transaction
from django.utils.translation import gettext as _

from colleges.models import College
from common.exceptions import BusinessRuleViolation
from common.services import model_create, model_update
from enterprises.models import Enterprise
from partnerships.choices import AgreementStatus
from partnerships.models import Commitment, CooperationAgreement, Milestone


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
