"""An agreement's page (partnerships) shows its partnership health with the health's components and trend, and the
parties' ratings of each other with the way to rate the partner: evaluation's records."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.principals import Principal
from common.exceptions import BusinessRuleViolation
from common.panels import panel
from evaluation.models import HEALTH_COMPONENTS, PartnershipHealth
from evaluation.selectors import (
    partnership_health_inputs,
    partnership_health_list,
    partnership_health_snapshot_list,
    party_rating_list,
    score_as_of,
)
from partnerships.choices import AgreementStatus
from partnerships.models import CooperationAgreement
from partnerships.services.agreements import party_of

# The agreements whose parties rate each other (evaluation.services.party_rating_create says why not otherwise).
RATED_STATUSES = (AgreementStatus.ACTIVE, AgreementStatus.COMPLETED)


def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def mark(satisfaction: float | None) -> str:
    """A side's mean rating on the 1–5 scale, from its share (score − 1) / 4."""
    return "—" if satisfaction is None else f"{1 + 4 * satisfaction:.1f}"


def health_input_words(inputs: dict, as_of: datetime.date) -> dict[str, str]:
    """What each component was computed from as of ``as_of``, in plain words (docs/scoring.md states the rules)."""
    day = date_format(as_of, "DATE_FORMAT")
    words = {
        "commitments_kept": _("No commitment made."),
        "milestones_on_time": _("No milestone due by %(day)s.") % {"day": day},
        "satisfaction": _("No rating given by %(day)s.") % {"day": day},
        "recency": _("No activity by %(day)s.") % {"day": day},
        "reciprocity": _(
            "Commitments kept: the college %(college)s, the enterprise %(enterprise)s. The college's students "
            "placed under it by %(day)s: %(placed)s; placements of theirs completed: %(completed)s."
        )
        % {
            "college": percent(inputs["college_kept"]),
            "enterprise": percent(inputs["enterprise_kept"]),
            "day": day,
            "placed": inputs["own_placed"],
            "completed": inputs["own_completed"],
        },
        "outcomes": _("No placement ended by %(day)s.") % {"day": day},
    }
    if inputs["made"]:
        words["commitments_kept"] = _(
            "Commitments delivered in full by %(day)s: %(kept)s of %(made)s, with %(elapsed)s of the term elapsed."
        ) % {"kept": inputs["kept_in_full"], "made": inputs["made"], "day": day, "elapsed": percent(inputs["elapsed"])}
    if inputs["due"]:
        words["milestones_on_time"] = _(
            "Milestones due by %(day)s: %(due)s; done on time %(in_time)s, done late %(late)s, not done %(missing)s."
        ) % {
            "due": inputs["due"],
            "day": day,
            "in_time": inputs["done_in_time"],
            "late": inputs["done_late"],
            "missing": inputs["due"] - inputs["done_in_time"] - inputs["done_late"],
        }
    if inputs["ratings"]:
        words["satisfaction"] = _(
            "Ratings given by %(day)s: %(ratings)s; mean mark out of 5 from the college %(college)s, "
            "from the enterprise %(enterprise)s."
        ) % {
            "ratings": inputs["ratings"],
            "day": day,
            "college": mark(inputs["college_satisfaction"]),
            "enterprise": mark(inputs["enterprise_satisfaction"]),
        }
    if inputs["last_activity"]:
        words["recency"] = _("Last activity on %(last)s; days since, by %(day)s: %(days)s.") % {
            "last": date_format(inputs["last_activity"], "DATE_FORMAT"),
            "days": (as_of - inputs["last_activity"]).days,
            "day": day,
        }
    if inputs["completed"] or inputs["cancelled"]:
        words["outcomes"] = _(
            "Placements ended by %(day)s: completed %(completed)s (hired afterwards %(hired)s), "
            "cancelled %(cancelled)s."
        ) % {"day": day, "completed": inputs["completed"], "hired": inputs["hired"], "cancelled": inputs["cancelled"]}
    return words


@panel(CooperationAgreement, template="evaluation/panels/agreements.html", order=10)
def agreement_health(agreement: CooperationAgreement, principal: Principal) -> dict:
    health = partnership_health_list(principal=principal).filter(agreement=agreement).first()
    components, as_of = [], None
    if health is not None:
        as_of = score_as_of(health)
        inputs = partnership_health_inputs(health=health)
        words = health_input_words(inputs, as_of) if inputs else {}
        components = [
            {
                "label": PartnershipHealth._meta.get_field(name).verbose_name,
                "share": getattr(health, name),
                "weight": health.scoring_model.weights.get(name),
                "inputs": words.get(name, ""),
            }
            for name in HEALTH_COMPONENTS
        ]
    return {
        "health": health,
        "as_of": as_of,
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
