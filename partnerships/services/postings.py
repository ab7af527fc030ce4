"""The lifecycle of a posting (docs/workflows.md, "Postings"), in one module.

A draft opens once it meets the city's internship rules (``enterprises.compliance``); it fills when its last slot
is taken (``application_accept``) and closes when its enterprise stops recruiting. Filling and closing end the
posting's open applications, so the lifecycle lives in the app that holds applications; the ``Posting`` model and
its table stay in ``enterprises``.

Every step that changes a posting's status or its fill counter first takes the posting's row lock
(``locked(posting, "enterprise")``), before any application or placement row: the steps on one posting run one at a
time, and always lock in the same order (partnerships/services/applications.py).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.principals import Principal
from common.services import locked, model_create, model_update, require_status, workflow_step
from enterprises.choices import PostingStatus
from enterprises.compliance import RULED_FIELDS, posting_violations
from enterprises.models import Posting
from partnerships.services.applications import end_recruitment
from partnerships.services.recommendations import skill_profile_posting_refresh


def _deadline_violation(posting: Posting) -> dict[str, list[str]]:
    if posting.deadline >= timezone.localdate():
        return {}
    return {
        "deadline": [
            _("The deadline to apply, %(deadline)s, has passed: set a later one.") % {"deadline": posting.deadline}
        ]
    }


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
    posting = locked(posting, "enterprise")
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
        if "skills" in changed:
            skill_profile_posting_refresh(posting=posting)
    return posting


@workflow_step
def posting_open(*, posting: Posting, principal: Principal) -> Posting:
    """Publish a draft to the colleges of its city. It must meet every internship rule of the city and have a
    deadline to come; otherwise each broken rule is a field error (400) and the posting stays a draft."""
    posting = locked(posting, "enterprise")
    require_status(posting, PostingStatus.DRAFT, doing=_("opened (only a draft is)"))
    errors = posting_violations(posting) | _deadline_violation(posting)
    if errors:
        raise ValidationError(errors)
    posting.status = PostingStatus.OPEN
    posting.save(update_fields=["status"])
    skill_profile_posting_refresh(posting=posting)
    return posting


@workflow_step
def posting_close(*, posting: Posting, principal: Principal) -> Posting:
    """Stop recruiting: an open or filled posting closes, its open applications are closed with a notice, and a
    cancelled placement no longer reopens it. Its running placements go on."""
    posting = locked(posting, "enterprise")
    require_status(
        posting,
        PostingStatus.OPEN,
        PostingStatus.FILLED,
        doing=_("closed (only an open or filled one is; a draft is deleted instead)"),
    )
    if principal.role == Role.PLATFORM_ADMIN:
        notice = _("The platform closed this posting.")
    else:
        notice = _("The enterprise closed this posting.")
    end_recruitment(posting, PostingStatus.CLOSED, notice=notice)
    return posting


def posting_delete(*, posting: Posting) -> None:
    """Delete a posting and its applications; refused (409) once it has placements."""
    posting.delete()
