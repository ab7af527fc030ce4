import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from common.tables import PlatformTable, RecordColumn
from evaluation.models import IntegrationCertification, PartnershipHealth, ScoringModel, ScoringRun, TalentScore


class IntegrationCertificationTable(PlatformTable):
    enterprise = RecordColumn(accessor="enterprise__name", order_by=("enterprise__name",))
    applied_at = tables.DateTimeColumn(short=False)

    class Meta(PlatformTable.Meta):
        model = IntegrationCertification
        fields = ("enterprise", "status", "applied_at", "decided_at")


# The parameters of the scores' formulas (docs/scoring.md), in the words an official reads them in.
PARAMETER_WORDS = {
    "min_age_days": _("Days an active agreement runs before it is scored"),
    "min_components": _("Components with data an agreement needs to be scored"),
    "late_credit": _("Credit for a milestone done late (1 when on time)"),
    "fresh_days": _("Days since the last activity within which recency counts in full"),
    "stale_days": _("Days since the last activity from which recency counts for nothing"),
    "healthy_min": _("Lowest score of the healthy band"),
    "watch_min": _("Lowest score of the watch band (below it, at risk)"),
    "primary_points": _("Points of a primary-level certificate"),
    "intermediate_points": _("Points of an intermediate-level certificate"),
    "advanced_points": _("Points of an advanced-level certificate"),
    "half_life_days": _("Days after which a mentor evaluation weighs half as much"),
    "hired": _("Placement outcome: hired after it"),
    "completed": _("Placement outcome: completed"),
    "active": _("Placement outcome: under way"),
    "cancelled": _("Placement outcome: only cancelled ones"),
}


def component_label(name: str) -> str:
    """A score component's name as its score's field labels it; a name the models do not know, as it is."""
    for model in (PartnershipHealth, TalentScore):
        try:
            return capfirst(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def weight_share(weight: float) -> str:
    """A weight from 0 to 1 as a percentage (0.25 → 25%)."""
    return f"{weight * 100:g}%"


class ScoringRunTable(PlatformTable):
    """The city's runs, newest first: what each computed, how far it got, and why a failed one failed."""

    as_of = RecordColumn()
    requested_by = tables.Column(accessor="requested_by__username", order_by=("requested_by__username",))
    started_at = tables.DateTimeColumn(short=False)
    finished_at = tables.DateTimeColumn(short=False)
    progress = tables.Column(verbose_name=_("Chunks done"), empty_values=(), orderable=False)
    error = tables.Column(attrs={"td": {"class": "error"}})

    class Meta(PlatformTable.Meta):
        model = ScoringRun
        fields = (
            "as_of",
            "state",
            "trigger",
            "requested_by",
            "started_at",
            "finished_at",
            "progress",
            "agreements_scored",
            "students_scored",
            "error",
        )

    def render_progress(self, record):
        return _("%(done)s of %(total)s") % {"done": record.chunks_done, "total": record.chunks_total}

    def render_error(self, value):
        return Truncator(value).chars(120)


class ScoringModelTable(PlatformTable):
    """Every version of each score's weights and parameters, in words; the newest of each kind is marked."""

    kind = tables.Column()
    version = tables.Column()
    weights = tables.Column(orderable=False)
    parameters = tables.Column(orderable=False)
    created_at = tables.DateTimeColumn(short=False)

    class Meta(PlatformTable.Meta):
        model = ScoringModel
        fields = ("kind", "version", "weights", "parameters", "note", "created_at")

    def render_version(self, record, value):
        if record.is_current:
            return format_html("{} <strong>({})</strong>", value, _("current"))
        return value

    def render_weights(self, value):
        return format_html_join(
            "", "<div>{}: {}</div>", ((component_label(name), weight_share(weight)) for name, weight in value.items())
        )

    def render_parameters(self, value):
        return format_html_join(
            "", "<div>{}: {}</div>", ((PARAMETER_WORDS.get(name, name), amount) for name, amount in value.items())
        )
