"""Who may do what with evaluations, certifications, incentives and scores: the rows of docs/permissions.md."""

import rules

from accounts.permissions import (
    allow,
    allow_resource,
    is_city_official,
    is_college_staff,
    is_enterprise_staff,
    is_platform_admin,
    is_signed_in,
)


@rules.predicate
def is_mentor(user) -> bool:
    """Enterprise staff who guide interns; read from the membership loaded with the user (no query)."""
    membership = getattr(user, "enterprise_membership", None)
    return membership is not None and membership.is_mentor


allow_resource("evaluation.mentorevaluation", view=is_signed_in, add=is_enterprise_staff & is_mentor)
allow_resource("evaluation.partyrating", view=is_signed_in, add=is_college_staff | is_enterprise_staff)

# Certification: an enterprise applies for itself, an official decides for their city (the selector gives them their
# city's only).
allow_resource(
    "evaluation.integrationcertification",
    view=is_enterprise_staff | is_city_official | is_platform_admin,
    add=is_enterprise_staff,
)
for decision in ("certify", "reject", "revoke"):
    allow(f"evaluation.{decision}_integrationcertification", is_city_official)

# Incentives are rows of enterprises with their estimated incentive, so their rules are named after that model: an
# enterprise reads its own row, an official their city's and its summary, the platform admin everything.
allow("enterprises.view_incentive_enterprise", is_enterprise_staff | is_city_official | is_platform_admin)
allow("enterprises.view_incentive_summary_enterprise", is_city_official | is_platform_admin)

# Scores (docs/scoring.md). Who sees which score is the selectors' scope (the agreement's parties, the student's
# college and the enterprises they applied to, the city's officials); the weights of every version are public to
# members, so that any score can be explained. The trend of a score is read like the score.
allow_resource("evaluation.partnershiphealth", view=is_signed_in)
allow_resource("evaluation.talentscore", view=is_signed_in)
allow_resource("evaluation.scoringmodel", view=is_signed_in)
# The city's dashboards and its runs are the officials' (a run is started for the caller's city).
allow_resource("evaluation.cityaggregate", view=is_city_official | is_platform_admin)
allow("evaluation.view_at_risk_cityaggregate", is_city_official | is_platform_admin)
allow_resource("evaluation.scoringrun", view=is_city_official | is_platform_admin, add=is_city_official)
# A college's or an enterprise's own dashboard (an official's is the city's).
allow("evaluation.view_own_dashboard", is_college_staff | is_enterprise_staff)

# The city dashboard is an official's home: the figures of their city's scoring runs.
allow("evaluation.view_city_dashboard", is_city_official)
