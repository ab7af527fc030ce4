"""Writes of the enterprises app. Each validates the whole row (fields and constraints) before it touches the table.

A posting's lifecycle (docs/workflows.md, "Postings"): a draft opens once it meets the city's internship rules
(``enterprises.compliance``); it fills when its last slot is taken and closes when its enterprise stops recruiting.
Filling and closing end the posting's open applications, so they live with them in
``partnerships.services.applications``: these services never reach into the partnerships app.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.principals import Principal
from common.services import model_create, model_update, require_status, workflow_step
from enterprises.choices import PostingStatus
from enterprises.compliance import RULED_FIELDS, posting_violations
from enterprises.models import EducationInvestment, Enterprise, Posting, TalentDemand


def posting_for_update(posting_id: int) -> Posting:
    """The posting read again under a row lock, so that a step decides on its committed state.

    Every step that changes a posting's status or its fill counter takes this lock before any application or
    placement row: the steps on one posting run one at a time, and always lock in the same order.
    """
    return Posting.objects.select_related("enterprise").select_for_update(of=("self",)).get(pk=posting_id)


def _deadline_violation(posting: Posting) -> dict[str, list[str]]:
    if posting.deadline >= timezone.localdate():
        return {}
    return {
        "deadline": [
            _("The deadline to apply, %(deadline)s, has passed: set a later one.") % {"deadline": posting.deadline}
        ]
    }


def enterprise_update(*, enterprise: Enterprise, **changes) -> Enterprise:
    return model_update(enterprise, **changes)


def posting_create(*, enterprise_id: int, **fields) -> Posting:
    """Record a posting as a draft; it opens only through the compliance checks."""
    return model_create(Posting, enterprise_id=enterprise_id, **fields)


@transaction.atomic
def posting_update(*, posting: Posting, **changes) -> Posting:
    """Change a draft freely. An open posting must still meet the internship rules (checked again when a value
    they read changes), keep a free slot and a deadline to come; a closed or filled one no longer changes.

    The row is read again under its lock, so a fill counter moved by an acceptance since ``posting`` was read is
    not written back over.
    """
    posting = posting_for_update(posting.pk)
    require_status(
        posting, PostingStatus.DRAFT, PostingStatus.OPEN, doing=_("edited (only a draft or an open one is)")
    )
    changed = {name for name, value in changes.items() if getattr(posting, name) != value}
    posting = model_update(posting, **changes)
    if posting.status == PostingStatus.OPEN:
        errors = posting_violations(posting) if changed & RULED_FIELDS else {}
        if "deadline" in changed:
            errors |= _deadline_violation(posting)
        if "slots" in changed and posting.slots <= posting.filled_slots:
            errors["slots"] = [
                _("An open posting needs more slots than the %(taken)s already taken; close it to stop recruiting.")
                % {"taken": posting.filled_slots}
            ]
        if errors:
            raise ValidationError(errors)
    return posting


@workflow_step
def posting_open(*, posting: Posting, principal: Principal) -> Posting:
    """Publish a draft to the colleges of its city. It must meet every internship rule of the city and have a
    deadline to come; otherwise each broken rule is a field error (400) and the posting stays a draft."""
    posting = posting_for_update(posting.pk)
    require_status(posting, PostingStatus.DRAFT, doing=_("opened (only a draft is)"))
    errors = posting_violations(posting) | _deadline_violation(posting)
    if errors:
        raise ValidationError(errors)
    posting.status = PostingStatus.OPEN
    posting.save(update_fields=["status"])
    return posting


def posting_delete(*, posting: Posting) -> None:
    """Delete a posting and its applications; refused (409) once it has placements."""
    posting.delete()


def talent_demand_create(*, enterprise_id: int, **fields) -> TalentDemand:
    return model_create(TalentDemand, enterprise_id=enterprise_id, **fields)


def talent_demand_update(*, demand: TalentDemand, **changes) -> TalentDemand:
    return model_update(demand, **changes)


def talent_demand_delete(*, demand: TalentDemand) -> None:
    demand.delete()


def education_investment_create(*, enterprise_id: int, **fields) -> EducationInvestment:
    return model_create(EducationInvestment, enterprise_id=enterprise_id, **fields)


def education_investment_update(*, investment: EducationInvestment, **changes) -> EducationInvestment:
    return model_update(investment, **changes)


def education_investment_delete(*, investment: EducationInvestment) -> None:
    investment.delete()
