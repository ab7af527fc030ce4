"""Cooperation agreements, their commitments and milestones, from draft to their end.

The lifecycle (docs/workflows.md): a draft's terms are edited freely by both parties; one party proposes them (a
version of the terms, approved by the proposer); the *other* party countersigns, and only then is the agreement
active. Editing a proposed agreement's terms takes it back to a draft, so every approval is reset. An active
agreement's terms change only by an amendment (a new version) that the other party approves. It ends completed
(once its end date is reached) or terminated with a reason, and a renewal starts a new draft linked to it.
Every step locks the agreement row first, so two simultaneous steps (two countersignatures) make one transition.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import NotificationKind, Role
from accounts.principals import Principal
from accounts.services import notification_tell
from colleges.models import College
from common.exceptions import BusinessRuleViolation
from common.services import locked, model_create, model_update, require_reason, require_status, workflow_step
from enterprises.models import Enterprise
from partnerships.choices import AgreementStatus, Party, VersionStatus
from partnerships.models import AgreementApproval, AgreementVersion, Commitment, CooperationAgreement, Milestone

# The agreement's own fields that make up its terms, besides its commitments and milestones.
TERM_FIELDS = ("kind", "title", "summary", "training_base_id", "starts_on", "ends_on")
EDITABLE_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.PROPOSED)


# ------------------------------------------------------------------------------
# Helpers: parties, locking, terms, notifications
# ------------------------------------------------------------------------------
def party_of(principal: Principal, agreement: CooperationAgreement) -> Party:
    """The side ``principal`` acts for in ``agreement``; refused (409) for anyone who is not a party."""
    if principal.role == Role.COLLEGE_STAFF and principal.college_id == agreement.college_id:
        return Party.COLLEGE
    if principal.role == Role.ENTERPRISE_STAFF and principal.enterprise_id == agreement.enterprise_id:
        return Party.ENTERPRISE
    raise BusinessRuleViolation(_("Only the college and the enterprise of an agreement act on it."))


def _json(value):
    return (
        value.isoformat() if isinstance(value, datetime.date) else str(value) if isinstance(value, Decimal) else value
    )


COMMITMENT_TERMS = ("party", "kind", "amount", "description")
MILESTONE_TERMS = ("title", "due_on")


def terms_of(agreement: CooperationAgreement) -> dict:
    """The agreement's terms as a version records them: its fields, commitments and milestones (with their ids,
    so that an amendment can say which it changes)."""
    return {
        **{field: _json(getattr(agreement, field)) for field in TERM_FIELDS},
        "commitments": [
            {"id": c.pk, **{field: _json(getattr(c, field)) for field in COMMITMENT_TERMS}}
            for c in agreement.commitments.order_by("pk")
        ],
        "milestones": [
            {"id": m.pk, **{field: _json(getattr(m, field)) for field in MILESTONE_TERMS}}
            for m in agreement.milestones.order_by("pk")
        ],
    }


def _tell_other_party(
    agreement: CooperationAgreement, principal: Principal, kind: NotificationKind, title: str, body: str = ""
) -> None:
    """Tell the party of ``agreement`` that did not take the step (``principal``'s) about it."""
    notification_tell(
        college_id=agreement.college_id,
        enterprise_id=agreement.enterprise_id,
        acted_by=principal,
        kind=kind,
        title=title,
        body=body,
        subject=agreement,
    )


def _new_version(
    agreement: CooperationAgreement, *, terms: dict, party: Party, principal: Principal, reason: str = ""
):
    """A pending version of the terms, approved by the side that proposes it."""
    number = (agreement.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=number,
        terms=terms,
        proposer_party=party,
        reason=reason,
        created_by_id=principal.user_id,
    )
    AgreementApproval.objects.create(version=version, party=party, approved_by_id=principal.user_id)
    return version


def _approve(version: AgreementVersion, *, party: Party, principal: Principal) -> None:
    AgreementApproval.objects.create(version=version, party=party, approved_by_id=principal.user_id)
    version.status = VersionStatus.APPROVED
    version.save(update_fields=["status"])


def _pending_amendment(agreement: CooperationAgreement) -> AgreementVersion | None:
    """The amendment awaiting approval, if any (a proposal's own version is pending too, but is no amendment)."""
    if agreement.status != AgreementStatus.ACTIVE:
        return None
    return agreement.versions.filter(status=VersionStatus.PENDING).first()


def _withdraw(version: AgreementVersion | None) -> None:
    if version is not None:
        version.status = VersionStatus.WITHDRAWN
        version.save(update_fields=["status"])


def _back_to_draft(agreement: CooperationAgreement) -> None:
    """Drop a proposal: its version is withdrawn, and with it every approval."""
    _withdraw(agreement.current_version)
    agreement.status = AgreementStatus.DRAFT
    agreement.current_version = None
    agreement.proposer_party, agreement.proposed_by_id, agreement.proposed_at = "", None, None
    agreement.save(update_fields=["status", "current_version", "proposer_party", "proposed_by", "proposed_at"])


def _editing_terms(agreement: CooperationAgreement, principal: Principal) -> None:
    """Terms are edited on a draft; editing a proposed agreement takes it back to a draft (approvals reset)."""
    require_status(
        agreement, *EDITABLE_STATUSES, doing=_("edited directly (an active agreement changes by amendment)")
    )
    if agreement.status == AgreementStatus.PROPOSED:
        party_of(principal, agreement)  # refused unless a party acts
        _back_to_draft(agreement)
        _tell_other_party(
            agreement,
            principal,
            NotificationKind.AGREEMENT_DECLINED,
            _("“%(title)s” is a draft again: its terms were changed") % {"title": agreement.title},
        )


def agreement_open_steps(*, agreement: CooperationAgreement, principal: Principal) -> frozenset[str]:
    """The steps of AGREEMENT_STEPS (and ``edit``, ``deliver``, ``complete_milestone``) that ``principal`` may take on
    ``agreement`` as it stands: what the pages offer. Each is the state and party rule of its step below; the step
    still decides (a concurrent change can refuse it)."""
    try:
        party = party_of(principal, agreement)
    except BusinessRuleViolation:
        return frozenset()
    status = agreement.status
    if status == AgreementStatus.DRAFT:
        return frozenset({"edit", "propose"})
    if status == AgreementStatus.PROPOSED:
        return frozenset({"edit", "decline"} | ({"countersign"} if party != agreement.proposer_party else set()))
    renewable = not CooperationAgreement.objects.filter(predecessor=agreement).exists()
    if status == AgreementStatus.COMPLETED:
        return frozenset({"renew"} if renewable else set())
    if status != AgreementStatus.ACTIVE:
        return frozenset()
    steps = {"terminate", "deliver", "complete_milestone"} | ({"renew"} if renewable else set())
    if timezone.localdate() >= agreement.ends_on:
        steps.add("complete")
    amendment = _pending_amendment(agreement)
    if amendment is None:
        steps.add("amend")
    else:
        steps |= {"decline_amendment"} | ({"approve_amendment"} if party != amendment.proposer_party else set())
    return frozenset(steps)


# ------------------------------------------------------------------------------
# Drafting
# ------------------------------------------------------------------------------
def agreement_create(*, college_id: int, enterprise_id: int, **terms) -> CooperationAgreement:
    """Start a draft agreement between a college and an enterprise of the same city."""
    college_city = College.objects.values_list("city_id", flat=True).get(pk=college_id)
    if not Enterprise.objects.filter(pk=enterprise_id, city_id=college_city).exists():
        raise BusinessRuleViolation(_("A cooperation agreement joins a college and an enterprise of the same city."))
    return model_create(CooperationAgreement, college_id=college_id, enterprise_id=enterprise_id, **terms)


@workflow_step
def agreement_update(*, agreement: CooperationAgreement, principal: Principal, **changes) -> CooperationAgreement:
    agreement = locked(agreement)
    _editing_terms(agreement, principal)
    return model_update(agreement, **changes)


@workflow_step
def agreement_delete(*, agreement: CooperationAgreement, principal: Principal) -> None:
    agreement = locked(agreement)
    require_status(agreement, AgreementStatus.DRAFT, doing=_("deleted (only a draft is)"))
    agreement.delete()


@workflow_step
def commitment_create(*, agreement: CooperationAgreement, principal: Principal, **fields) -> Commitment:
    _editing_terms(locked(agreement), principal)
    return model_create(Commitment, agreement=agreement, **fields)


@workflow_step
def commitment_update(*, commitment: Commitment, principal: Principal, **changes) -> Commitment:
    _editing_terms(locked(commitment.agreement), principal)
    if "agreement" in changes and changes["agreement"].pk != commitment.agreement_id:
        _editing_terms(locked(changes["agreement"]), principal)
    return model_update(commitment, **changes)


@workflow_step
def commitment_delete(*, commitment: Commitment, principal: Principal) -> None:
    _editing_terms(locked(commitment.agreement), principal)
    commitment.delete()


@workflow_step
def milestone_create(*, agreement: CooperationAgreement, principal: Principal, **fields) -> Milestone:
    _editing_terms(locked(agreement), principal)
    return model_create(Milestone, agreement=agreement, **fields)


@workflow_step
def milestone_update(*, milestone: Milestone, principal: Principal, **changes) -> Milestone:
    _editing_terms(locked(milestone.agreement), principal)
    if "agreement" in changes and changes["agreement"].pk != milestone.agreement_id:
        _editing_terms(locked(changes["agreement"]), principal)
    return model_update(milestone, **changes)


@workflow_step
def milestone_delete(*, milestone: Milestone, principal: Principal) -> None:
    _editing_terms(locked(milestone.agreement), principal)
    milestone.delete()


# ------------------------------------------------------------------------------
# Proposal and countersignature
# ------------------------------------------------------------------------------
@workflow_step
def agreement_propose(*, agreement: CooperationAgreement, principal: Principal) -> CooperationAgreement:
    """One party proposes the draft's terms to the other; the proposal is version N, approved by the proposer."""
    agreement = locked(agreement)
    party = party_of(principal, agreement)
    require_status(agreement, AgreementStatus.DRAFT, doing=_("proposed (only a draft is)"))
    version = _new_version(agreement, terms=terms_of(agreement), party=party, principal=principal)
    agreement.status = AgreementStatus.PROPOSED
    agreement.current_version = version
    agreement.proposer_party, agreement.proposed_by_id, agreement.proposed_at = (
        party,
        principal.user_id,
        timezone.now(),
    )
    agreement.save()
    _tell_other_party(
        agreement,
        principal,
        NotificationKind.AGREEMENT_PROPOSED,
        _("“%(title)s” was proposed to you for countersignature") % {"title": agreement.title},
    )
    return agreement


@workflow_step
def agreement_countersign(*, agreement: CooperationAgreement, principal: Principal) -> CooperationAgreement:
    """The other party approves the proposed terms: the agreement is active."""
    agreement = locked(agreement)
    party = party_of(principal, agreement)
    require_status(agreement, AgreementStatus.PROPOSED, doing=_("countersigned (only a proposal is)"))
    if party == agreement.proposer_party:
        raise BusinessRuleViolation(_("Your side proposed this agreement: the other party countersigns it."))
    _approve(agreement.current_version, party=party, principal=principal)
    agreement.status = AgreementStatus.ACTIVE
    agreement.countersigned_by_id, agreement.countersigned_at = principal.user_id, timezone.now()
    agreement.save()
    _tell_other_party(
        agreement,
        principal,
        NotificationKind.AGREEMENT_COUNTERSIGNED,
        _("“%(title)s” was countersigned and is now active") % {"title": agreement.title},
    )
    return agreement


@workflow_step
def agreement_decline(
    *, agreement: CooperationAgreement, principal: Principal, reason: str = ""
) -> CooperationAgreement:
    """Either party drops a proposal (the proposer withdraws it, the other declines it): it is a draft again."""
    agreement = locked(agreement)
    party_of(principal, agreement)  # refused unless a party acts
    require_status(agreement, AgreementStatus.PROPOSED, doing=_("declined (only a proposal is)"))
    _back_to_draft(agreement)
    _tell_other_party(
        agreement,
        principal,
        NotificationKind.AGREEMENT_DECLINED,
        _("The proposal of “%(title)s” was declined or withdrawn") % {"title": agreement.title},
        reason,
    )
    return agreement


# ------------------------------------------------------------------------------
# Amendments of an active agreement
# ------------------------------------------------------------------------------
@workflow_step
def agreement_amend(
    *, agreement: CooperationAgreement, principal: Principal, terms: dict, reason: str
) -> AgreementVersion:
    """Propose new terms for an active agreement (a pending version); they apply once the other party approves.

    ``terms`` holds the changed fields of TERM_FIELDS and, to change them, the full ``commitments`` and
    ``milestones`` lists (as ``terms_of`` writes them).
    """
    reason = require_reason(reason)
    agreement = locked(agreement)
    party = party_of(principal, agreement)
    require_status(agreement, AgreementStatus.ACTIVE, doing=_("amended (only an active agreement is)"))
    if _pending_amendment(agreement) is not None:
        raise BusinessRuleViolation(_("An amendment of this agreement already awaits approval."))
    version = _new_version(
        agreement, terms=_checked_terms(agreement, terms), party=party, principal=principal, reason=reason
    )
    _tell_other_party(
        agreement,
        principal,
        NotificationKind.AMENDMENT_PROPOSED,
        _("An amendment of “%(title)s” awaits your approval") % {"title": agreement.title},
        reason,
    )
    return version


def _checked_terms(agreement: CooperationAgreement, changes: dict) -> dict:
    """The agreement's current terms with ``changes`` applied, checked as the rows they will become.

    ``changes`` holds changed fields of TERM_FIELDS and, to change them, the full ``commitments`` and
    ``milestones`` lists: an entry with the ``id`` of an existing one changes it, one without adds one, and a
    missing one is dropped (unless something was already delivered or done on it).
    """
    unknown = set(changes) - {*TERM_FIELDS, "commitments", "milestones"}
    if unknown:
        raise ValidationError(_("These are not terms of an agreement: %s.") % ", ".join(sorted(unknown)))
    terms = {**terms_of(agreement), **changes}
    candidate = CooperationAgreement(
        pk=agreement.pk, college_id=agreement.college_id, enterprise_id=agreement.enterprise_id
    )
    for field in TERM_FIELDS:
        setattr(candidate, field, terms[field])
    candidate.full_clean(exclude=["status", "current_version", "predecessor"], validate_unique=False)
    terms.update({field: _json(getattr(candidate, field)) for field in TERM_FIELDS})
    for key, model, fields in (
        ("commitments", Commitment, COMMITMENT_TERMS),
        ("milestones", Milestone, MILESTONE_TERMS),
    ):
        current = {row.pk: row for row in getattr(agreement, key).all()}
        for entry in terms[key]:
            given = {field: entry[field] for field in fields if field in entry}
            if entry.get("id") is not None:
                if entry["id"] not in current:
                    raise ValidationError({key: _("%(id)s is not one of this agreement's.") % {"id": entry["id"]}})
                given = {field: getattr(current[entry["id"]], field) for field in fields} | given
            row = model(agreement=agreement, **given)
            row.full_clean(exclude=["agreement"])
            entry.update({field: _json(getattr(row, field)) for field in fields})
    return terms


def _sync(agreement: CooperationAgreement, model, entries: list[dict], fields: tuple[str, ...], kept_if) -> None:
    """Make ``agreement``'s rows of ``model`` the ``entries``: change those named by id, add the others, and delete
    the ones left out unless ``kept_if`` (a filter of rows with history) says they must stay."""
    kept = set()
    for entry in entries:
        values = {field: entry[field] for field in fields}
        if entry.get("id") is None:
            kept.add(model_create(model, agreement=agreement, **values).pk)
        else:
            kept.add(model_update(model.objects.get(pk=entry["id"], agreement=agreement), **values).pk)
    left_out = model.objects.filter(agreement=agreement).exclude(pk__in=kept)
    if left_out.filter(**kept_if).exists():
        raise BusinessRuleViolation(_("An amendment cannot drop a commitment or milestone with work done on it."))
    left_out.delete()


def _apply_terms(agreement: CooperationAgreement, terms: dict) -> None:
    """Make ``terms`` the agreement's: its fields, commitments and milestones."""
    model_update(agreement, **{field: terms[field] for field in TERM_FIELDS})
    _sync(agreement, Commitment, terms["commitments"], COMMITMENT_TERMS, {"delivered_amount__gt": 0})
    _sync(agreement, Milestone, terms["milestones"], MILESTONE_TERMS, {"done_at__isnull": False})


@workflow_step
def agreement_approve_amendment(*, agreement: CooperationAgreement, principal: Principal) -> CooperationAgreement:
    """The other party approves the pending amendment: its terms become the agreement's current version."""
    agreement = locked(agreement)
    party = party_of(principal, agreement)
    require_status(agreement, AgreementStatus.ACTIVE, doing=_("amended (only an active agreement is)"))
    amendment = _pending_amendment(agreement)
    if amendment is None:
        raise BusinessRuleViolation(_("No amendment of this agreement awaits approval."))
    if party == amendment.proposer_party:
        raise BusinessRuleViolation(_("Your side proposed this amendment: the other party approves it."))
    _apply_terms(agreement, amendment.terms)
    _approve(amendment, party=party, principal=principal)
    AgreementVersion.objects.filter(pk=agreement.current_version_id).update(status=VersionStatus.SUPERSEDED)
    agreement.current_version = amendment
    agreement.save(update_fields=["current_version"])
    _tell_other_party(
        agreement,
        principal,
        NotificationKind.AMENDMENT_DECIDED,
        _("Your amendment of “%(title)s” was approved and is in force") % {"title": agreement.title},
    )
    return agreement


@workflow_step
def agreement_decline_amendment(
    *, agreement: CooperationAgreement, principal: Principal, reason: str = ""
) -> CooperationAgreement:
    """Either party drops the pending amendment (its proposer withdraws it, the other declines it)."""
    agreement = locked(agreement)
    party_of(principal, agreement)  # refused unless a party acts
    amendment = _pending_amendment(agreement)
    if amendment is None:
        raise BusinessRuleViolation(_("No amendment of this agreement awaits approval."))
    _withdraw(amendment)
    _tell_other_party(
        agreement,
        principal,
        NotificationKind.AMENDMENT_DECIDED,
        _("The amendment of “%(title)s” was declined or withdrawn") % {"title": agreement.title},
        reason,
    )
    return agreement


# ------------------------------------------------------------------------------
# The end, and renewal
# ------------------------------------------------------------------------------
def _end(agreement: CooperationAgreement, status: AgreementStatus, principal: Principal, title: str, reason: str = ""):
    _withdraw(_pending_amendment(agreement))
    agreement.status = status
    agreement.ended_at = timezone.now()
    agreement.termination_reason = reason
    agreement.save(update_fields=["status", "ended_at", "termination_reason"])
    _tell_other_party(
        agreement,
        principal,
        NotificationKind.AGREEMENT_ENDED,
        title,
        reason,
    )
    return agreement


@workflow_step
def agreement_complete(*, agreement: CooperationAgreement, principal: Principal) -> CooperationAgreement:
    """Either party records that the agreement ran its course (from its end date on)."""
    agreement = locked(agreement)
    party_of(principal, agreement)  # refused unless a party acts
    require_status(agreement, AgreementStatus.ACTIVE, doing=_("completed (only an active agreement is)"))
    if timezone.localdate() < agreement.ends_on:
        raise BusinessRuleViolation(
            _("This agreement runs until %(ends_on)s: end it earlier by terminating it with a reason.")
            % {"ends_on": agreement.ends_on.isoformat()}
        )
    return _end(
        agreement, AgreementStatus.COMPLETED, principal, _("“%(title)s” was completed") % {"title": agreement.title}
    )


@workflow_step
def agreement_terminate(*, agreement: CooperationAgreement, principal: Principal, reason: str) -> CooperationAgreement:
    """Either party ends an active agreement early, saying why."""
    reason = require_reason(reason)
    agreement = locked(agreement)
    party_of(principal, agreement)  # refused unless a party acts
    require_status(agreement, AgreementStatus.ACTIVE, doing=_("terminated (only an active agreement is)"))
    title = _("“%(title)s” was terminated") % {"title": agreement.title}
    return _end(agreement, AgreementStatus.TERMINATED, principal, title, reason)


@workflow_step
def agreement_renew(
    *, agreement: CooperationAgreement, principal: Principal, starts_on=None, ends_on=None
) -> CooperationAgreement:
    """Start the next agreement: a draft with the same kind, title and commitments (nothing delivered yet),
    linked to this one; by default it starts the day after this one ends and lasts as long."""
    agreement = locked(agreement)
    party_of(principal, agreement)  # refused unless a party acts
    require_status(agreement, AgreementStatus.ACTIVE, AgreementStatus.COMPLETED, doing=_("renewed"))
    if CooperationAgreement.objects.filter(predecessor=agreement).exists():
        raise BusinessRuleViolation(_("This agreement has been renewed already."))
    starts_on = starts_on or agreement.ends_on + datetime.timedelta(days=1)
    ends_on = ends_on or starts_on + (agreement.ends_on - agreement.starts_on)
    renewal = model_create(
        CooperationAgreement,
        college_id=agreement.college_id,
        enterprise_id=agreement.enterprise_id,
        kind=agreement.kind,
        title=agreement.title,
        summary=agreement.summary,
        training_base_id=agreement.training_base_id,
        starts_on=starts_on,
        ends_on=ends_on,
        predecessor=agreement,
    )
    Commitment.objects.bulk_create(
        Commitment(agreement=renewal, party=c.party, kind=c.kind, description=c.description, amount=c.amount)
        for c in agreement.commitments.all()
    )
    _tell_other_party(
        renewal,
        principal,
        NotificationKind.AGREEMENT_RENEWED,
        _("A renewal of “%(title)s” was drafted") % {"title": agreement.title},
    )
    return renewal


# ------------------------------------------------------------------------------
# Running an active agreement
# ------------------------------------------------------------------------------
@workflow_step
def commitment_record_delivery(*, commitment: Commitment, principal: Principal, amount: Decimal) -> Commitment:
    """The committed party records a delivery (slots given, money paid, people hired...) against its promise."""
    agreement = locked(commitment.agreement)
    party = party_of(principal, agreement)
    require_status(agreement, AgreementStatus.ACTIVE, doing=_("delivered on (only an active agreement is)"))
    if party != commitment.party:
        raise BusinessRuleViolation(_("Each party records the deliveries of its own commitments."))
    if amount <= 0:
        raise BusinessRuleViolation(_("A delivery is more than 0."))
    # The agreement's lock serialises its deliveries: the amount read now is the one to add to.
    commitment.refresh_from_db(fields=["delivered_amount"])
    return model_update(commitment, delivered_amount=commitment.delivered_amount + amount)


@workflow_step
def milestone_complete(*, milestone: Milestone, principal: Principal, evidence: str) -> Milestone:
    """Either party marks a milestone of an active agreement done, with the evidence that shows it."""
    agreement = locked(milestone.agreement)
    party_of(principal, agreement)
    require_status(agreement, AgreementStatus.ACTIVE, doing=_("worked on (only an active agreement is)"))
    if milestone.done_at is not None:
        raise BusinessRuleViolation(_("This milestone is done already."))
    if not evidence.strip():
        raise BusinessRuleViolation(_("A milestone is marked done only with evidence."))
    return model_update(milestone, done_at=timezone.now(), evidence=evidence)
