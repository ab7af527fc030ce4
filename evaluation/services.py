"""Writes of the evaluation app: evaluations and ratings, recorded once and never edited; and the certification of
integration enterprises, from an enterprise's application to the city's decision (docs/workflows.md)."""

import datetime
import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import NotificationKind, Role
from accounts.principals import Principal
from accounts.services import notification_tell
from common.exceptions import BusinessRuleViolation
from common.services import locked, model_create, model_update, require_reason, require_status, workflow_step
from enterprises.models import Enterprise, EnterpriseStaff
from evaluation.choices import CertificationStatus
from evaluation.models import IntegrationCertification, MentorEvaluation, PartyRating
from evaluation.selectors import certification_evidence
from partnerships.choices import AgreementStatus, PlacementStatus
from partnerships.models import CooperationAgreement, Placement
from partnerships.services.agreements import party_of


# ------------------------------------------------------------------------------
# Evaluations and ratings
# ------------------------------------------------------------------------------
def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _check_period(month: datetime.date, *, of: Placement | CooperationAgreement) -> None:
    """``month`` (its first day) is a month of the placement's or agreement's term, and it has begun."""
    if not _month(of.starts_on) <= month <= _month(of.ends_on):
        raise ValidationError(
            {
                "period": _("Choose a month from %(start)s to %(end)s: the months this %(record)s runs.")
                % {
                    "start": f"{of.starts_on:%Y-%m}",
                    "end": f"{of.ends_on:%Y-%m}",
                    "record": of._meta.verbose_name,
                }
            }
        )
    if month > _month(timezone.localdate()):
        raise ValidationError({"period": _("A month that has not begun yet cannot be evaluated or rated.")})


@workflow_step
def mentor_evaluation_create(
    *, principal: Principal, placement: Placement, period: datetime.date, **marks
) -> MentorEvaluation:
    """A mentor of the host enterprise evaluates an intern for the month that contains ``period``: a month of the
    placement that has begun, once per month, while the placement runs or after it completed."""
    mentor = EnterpriseStaff.objects.filter(
        user_id=principal.user_id, enterprise_id=placement.posting.enterprise_id, is_mentor=True
    ).first()
    if mentor is None:
        raise BusinessRuleViolation(_("Only a mentor on the staff of the host enterprise evaluates its interns."))
    if placement.status == PlacementStatus.CANCELLED:
        raise BusinessRuleViolation(_("This placement was cancelled: its intern is not evaluated."))
    month = _month(period)
    _check_period(month, of=placement)
    return model_create(MentorEvaluation, placement=placement, mentor=mentor, period=month, **marks)


@workflow_step
def party_rating_create(
    *, principal: Principal, agreement: CooperationAgreement, period: datetime.date, **rating
) -> PartyRating:
    """One party of an agreement rates the other for the month that contains ``period``: once the agreement is
    active (or completed), for a month of its term that has begun, once per month and side."""
    rater_party = party_of(principal, agreement)
    if agreement.status not in (AgreementStatus.ACTIVE, AgreementStatus.COMPLETED):
        raise BusinessRuleViolation(
            _("This agreement is %(status)s: its parties rate each other once it is active or completed.")
            % {"status": agreement.get_status_display().lower()}
        )
    month = _month(period)
    _check_period(month, of=agreement)
    return model_create(
        PartyRating,
        agreement=agreement,
        rater_party=rater_party,
        rated_by_id=principal.user_id,
        period=month,
        **rating,
    )


# ------------------------------------------------------------------------------
# Integration-enterprise certification
# ------------------------------------------------------------------------------
# applied → certified → revoked, or applied → rejected; a rejected or revoked enterprise may apply again.
OPEN_STATUSES = (CertificationStatus.APPLIED, CertificationStatus.CERTIFIED)


def _deciding(principal: Principal, certification: IntegrationCertification) -> None:
    if principal.role != Role.CITY_OFFICIAL or principal.city_id != certification.enterprise.city_id:
        raise BusinessRuleViolation(_("Only an official of the enterprise's city decides on its certification."))


def _tell_enterprise(certification: IntegrationCertification, title: str) -> None:
    notification_tell(
        enterprise_id=certification.enterprise_id,
        kind=NotificationKind.CERTIFICATION_DECIDED,
        title=title,
        body=certification.reason,
        subject=certification,
    )


@workflow_step
def certification_apply(*, principal: Principal) -> IntegrationCertification:
    """The caller's enterprise applies to be certified as an integration enterprise, with the evidence the
    platform's data show today; refused while it has an application pending or a certification in force."""
    if principal.role != Role.ENTERPRISE_STAFF:
        raise BusinessRuleViolation(_("An enterprise's staff apply for its certification."))
    # Locking the enterprise serialises its applications: the second of two at once sees the first.
    enterprise = Enterprise.objects.select_for_update().get(pk=principal.enterprise_id)
    current = enterprise.certifications.filter(status__in=OPEN_STATUSES).values_list("status", flat=True).first()
    if current == CertificationStatus.APPLIED:
        raise BusinessRuleViolation(_("Your enterprise has applied already: the city has yet to decide."))
    if current == CertificationStatus.CERTIFIED:
        raise BusinessRuleViolation(_("Your enterprise is certified already."))
    evidence = json.loads(json.dumps(certification_evidence(enterprise_id=enterprise.pk), cls=DjangoJSONEncoder))
    certification = model_create(
        IntegrationCertification,
        enterprise=enterprise,
        applied_at=timezone.now(),
        applied_by_id=principal.user_id,
        evidence=evidence,
    )
    notification_tell(
        city_id=enterprise.city_id,
        kind=NotificationKind.CERTIFICATION_APPLIED,
        title=_("%(enterprise)s applied to be certified as an integration enterprise") % {"enterprise": enterprise},
        subject=certification,
    )
    return certification


# The decisions each state of a certification is open to (each step below still checks its own state).
CERTIFICATION_DECISIONS = {
    CertificationStatus.APPLIED: frozenset({"certify", "reject"}),
    CertificationStatus.CERTIFIED: frozenset({"revoke"}),
}


def certification_open_steps(*, certification: IntegrationCertification, principal: Principal) -> frozenset[str]:
    """The decisions ``principal`` may take on ``certification`` as it stands: what the pages offer."""
    try:
        _deciding(principal, certification)
    except BusinessRuleViolation:
        return frozenset()
    return CERTIFICATION_DECISIONS.get(certification.status, frozenset())


@workflow_step
def certification_certify(
    *, certification: IntegrationCertification, principal: Principal
) -> IntegrationCertification:
    """An official of the enterprise's city grants a pending application: the enterprise is certified."""
    certification = locked(certification, "enterprise")
    _deciding(principal, certification)
    require_status(certification, CertificationStatus.APPLIED, doing=_("certified (only a pending application is)"))
    certification = model_update(
        certification,
        status=CertificationStatus.CERTIFIED,
        decided_at=timezone.now(),
        decided_by_id=principal.user_id,
    )
    _tell_enterprise(certification, _("Your enterprise is certified as an integration enterprise"))
    return certification


@workflow_step
def certification_reject(
    *, certification: IntegrationCertification, principal: Principal, reason: str
) -> IntegrationCertification:
    """An official of the enterprise's city refuses a pending application, with the reason the enterprise reads."""
    reason = require_reason(reason)
    certification = locked(certification, "enterprise")
    _deciding(principal, certification)
    require_status(certification, CertificationStatus.APPLIED, doing=_("rejected (only a pending application is)"))
    certification = model_update(
        certification,
        status=CertificationStatus.REJECTED,
        decided_at=timezone.now(),
        decided_by_id=principal.user_id,
        reason=reason,
    )
    _tell_enterprise(certification, _("Your application for certification was rejected"))
    return certification


@workflow_step
def certification_revoke(
    *, certification: IntegrationCertification, principal: Principal, reason: str
) -> IntegrationCertification:
    """An official of the enterprise's city withdraws a certification in force, with a reason."""
    reason = require_reason(reason)
    certification = locked(certification, "enterprise")
    _deciding(principal, certification)
    require_status(certification, CertificationStatus.CERTIFIED, doing=_("revoked (only a certification in force is)"))
    certification = model_update(
        certification,
        status=CertificationStatus.REVOKED,
        revoked_at=timezone.now(),
        revoked_by_id=principal.user_id,
        reason=reason,
    )
    _tell_enterprise(certification, _("Your enterprise's certification as an integration enterprise was revoked"))
    return certification
