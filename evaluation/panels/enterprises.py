"""An enterprise's page (enterprises): its certification as an integration enterprise, the evidence recorded with its
latest application beside what the platform's data show now, for the city's officials and the enterprise itself."""

from accounts.choices import Role
from accounts.principals import Principal
from common.panels import panel
from enterprises.models import Enterprise
from evaluation.evidence import evidence_comparison
from evaluation.selectors import certification_evidence, integration_certification_list


@panel(Enterprise, template="evaluation/panels/enterprise_certification.html", order=10)
def enterprise_certification(enterprise: Enterprise, principal: Principal) -> dict | None:
    # Colleges do not see certifications (docs/permissions.md), only the mark on the enterprise.
    if principal.role == Role.COLLEGE_STAFF:
        return None
    latest = (
        integration_certification_list(principal=principal)
        .filter(enterprise=enterprise)
        .order_by("-applied_at", "-pk")
        .first()
    )
    now = certification_evidence(enterprise_id=enterprise.pk)
    return {"certification": latest, "evidence": evidence_comparison(latest.evidence if latest else {}, now)}
