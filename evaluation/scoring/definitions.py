"""What each score is made of: its components, and the default weights and parameters of its first version.

A version's weights and parameters are data (``ScoringModel``); these defaults seed version 1 and are the
yardstick ``validate`` checks a new version against (every component weighted, every parameter present).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluation.choices import ScoreKind
from evaluation.models import HEALTH_COMPONENTS, TALENT_COMPONENTS, ScoringModel


@dataclass(frozen=True)
class ScoreDefinition:
    kind: ScoreKind
    components: tuple[str, ...]
    weights: dict[str, float]
    parameters: dict[str, float]


HEALTH = ScoreDefinition(
    kind=ScoreKind.HEALTH,
    components=tuple(HEALTH_COMPONENTS),
    weights={
        "commitments_kept": 0.25,
        "milestones_on_time": 0.15,
        "satisfaction": 0.20,
        "recency": 0.10,
        "reciprocity": 0.15,
        "outcomes": 0.15,
    },
    parameters={
        "min_age_days": 90,
        "min_components": 3,
        "late_credit": 0.5,
        "fresh_days": 30,
        "stale_days": 365,
        "healthy_min": 70,
        "watch_min": 50,
    },
)
TALENT = ScoreDefinition(
    kind=ScoreKind.TALENT,
    components=tuple(TALENT_COMPONENTS),
    weights={"practice": 0.30, "certificates": 0.20, "mentor": 0.30, "placement": 0.20},
    parameters={
        "primary_points": 0.4,
        "intermediate_points": 0.7,
        "advanced_points": 1.0,
        "half_life_days": 180,
        "hired": 1.0,
        "completed": 0.8,
        "active": 0.5,
        "cancelled": 0.1,
    },
)
DEFINITIONS = {definition.kind: definition for definition in (HEALTH, TALENT)}
WEIGHT_TOLERANCE = 1e-6


def validate(kind: str, weights: dict, parameters: dict) -> None:
    """Refuse weights or parameters a run could not use, with a message per problem."""
    definition = DEFINITIONS[kind]
    errors: dict[str, list[str]] = {}
    if set(weights) != set(definition.components):
        errors["weights"] = [
            _("Give a weight to each component, and only to them: %(components)s.")
            % {"components": ", ".join(definition.components)}
        ]
    elif any(not isinstance(weight, int | float) or not 0 <= weight <= 1 for weight in weights.values()):
        errors["weights"] = [_("Each weight is a number from 0 to 1.")]
    elif abs(sum(weights.values()) - 1) > WEIGHT_TOLERANCE:
        errors["weights"] = [_("The weights sum to %(total)s; they must sum to 1.") % {"total": sum(weights.values())}]
    missing = set(definition.parameters) - set(parameters)
    unknown = set(parameters) - set(definition.parameters)
    if missing or unknown:
        errors["parameters"] = [
            _("The parameters are exactly: %(names)s.") % {"names": ", ".join(sorted(definition.parameters))}
        ]
    elif any(not isinstance(value, int | float) or value < 0 for value in parameters.values()):
        errors["parameters"] = [_("Each parameter is a number, 0 or more.")]
    if errors:
        raise ValidationError(errors)


def current_model(kind: str) -> ScoringModel:
    """The newest version of a score's weights and parameters; version 1 (the defaults above) if there is none."""
    newest = ScoringModel.objects.filter(kind=kind).order_by("-version").first()
    if newest is not None:
        return newest
    definition = DEFINITIONS[kind]
    model, _created = ScoringModel.objects.get_or_create(
        kind=kind,
        version=1,
        defaults={
            "weights": definition.weights,
            "parameters": definition.parameters,
            "note": "First version, as in docs/scoring.md.",
        },
    )
    return model


@transaction.atomic
def scoring_model_revise(
    *, kind: str, weights: dict, parameters: dict, note: str = "", user_id: int | None = None
) -> ScoringModel:
    """Make the next version of a score's weights and parameters (the previous ones stay, as the scores that
    used them name them); runs from now on use it."""
    validate(kind, weights, parameters)
    newest = ScoringModel.objects.select_for_update().filter(kind=kind).order_by("-version").first()
    return ScoringModel.objects.create(
        kind=kind,
        version=(newest.version if newest else 0) + 1,
        weights=weights,
        parameters=parameters,
        note=note,
        created_by_id=user_id,
    )
