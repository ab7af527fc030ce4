"""An agreement's page (partnerships) shows its partnership health with the health's components and trend, and the
parties' ratings of each other with the way to rate the partner: evaluation's records."""

from accounts.principals import Principal
from common.exceptions import BusinessRuleViolation
from common.panels import panel
from evaluation.models import HEALTH_COMPONENTS, PartnershipHealth
from evaluation.selectors import partnership_health_list, partnership_health_snapshot_list, party_rating_list
from partnerships.choices import AgreementStatus
from partnerships.models import CooperationAgreement
from partnerships.services.agreements import party_of

# The agreements whose parties rate each other (evaluation.services.party_rating_create says why not otherwise).
RATED_STATUSES = (AgreementStatus.ACTIVE, AgreementStatus.COMPLETED)


@panel(CooperationAgreement, template="evaluation/panels/agreements.html", order=10)
def agreement_health(agreement: CooperationAgreement, principal: Principal) -> dict:
    health = partnership_health_list(principal=principal).filter(agreement=agreement).first()
    components = [
        {"label": PartnershipHealth._meta.get_field(name).verbose_name, "share": getattr(health, name)}
        for name in (HEALTH_COMPONENTS if health else ())
    ]
    return {
        "health": health,
        "components": components,
        "trend": partnership_health_snapshot_list(agreement_id=agreement.pk) if health else (),
        "ratings": party_rating_list(principal=principal).filter(agreement=agreement).select_related("rated_by"),
        "may_rate": agreement.status in RATED_STATUSES and _is_party(principal, agreement),
    }


def _is_party(principal: Principal, agreement: CooperationAgreement) -> bool:
    try:
        party_of(principal, agreement)
    except BusinessRuleViolation:
        return False
    return True
