import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from colleges.models import College, Student
from colleges.tables import PersonalTable
from common.links import page_link
from common.tables import MoneyColumn, PlatformTable, RecordColumn
from enterprises.models import Enterprise
from evaluation.models import IntegrationCertification, PartnershipHealth, ScoringModel, ScoringRun, TalentScore
from partnerships.models import CooperationAgreement


class IntegrationCertificationTable(PlatformTable):
    enterprise = RecordColumn(accessor="enterprise__name", order_by=("enterprise__name",))
    applied_at = tables.DateTimeColumn(short=False)

    class Meta(PlatformTable.Meta):
        model = IntegrationCertification
        fields = ("enterprise", "status", "applied_at", "decided_at")


class AtRiskAgreementTable(PlatformTable):
    """Agreements in the lowest health band: each leads to its agreement, college and enterprise pages, with the
    component that pulls its score down most (``dashboard_at_risk_agreements``)."""

    agreement = tables.Column(
        accessor="agreement__title",
        verbose_name=_("Agreement"),
        linkify=lambda record: page_link(CooperationAgreement, record.agreement_id),
        orderable=False,
    )
    college = tables.Column(
        accessor="agreement__college__name",
        verbose_name=_("College"),
        linkify=lambda record: page_link(College, record.agreement.college_id),
        orderable=False,
    )
    enterprise = tables.Column(
        accessor="agreement__enterprise__name",
        verbose_name=_("Enterprise"),
        linkify=lambda record: page_link(Enterprise, record.agreement.enterprise_id),
        orderable=False,
    )
    kind = tables.Column(accessor="agreement__get_kind_display", verbose_name=_("Kind"), orderable=False)
    score = tables.Column(orderable=False, attrs={"td": {"class": "number"}})
    weakest = tables.Column(verbose_name=_("Pulled down by"), orderable=False, empty_values=())

    class Meta(PlatformTable.Meta):
        model = PartnershipHealth
        fields = ("agreement", "college", "enterprise", "kind", "score", "weakest")

    def render_weakest(self, record):
        if not record.weakest:
            return "—"
        return capfirst(PartnershipHealth._meta.get_field(record.weakest).verbose_name)


class AtRiskStudentTable(PersonalTable):
    """Final-year students without a placement, their personal fields masked as the reader may see them."""

    name = RecordColumn(orderable=False)
    student_number = tables.Column(orderable=False)
    program = tables.Column(accessor="program__name", orderable=False)
    college = tables.Column(
        accessor="program__college__name",
        verbose_name=_("College"),
        linkify=lambda record: page_link(College, record.program.college_id),
        orderable=False,
    )

    class Meta(PlatformTable.Meta):
        model = Student
        fields = ("student_number", "name", "program", "college", "cohort_year")

    def render_name(self, record):
        return self.personal(record, "name")

    def render_student_number(self, record):
        return self.personal(record, "student_number")


class IncentiveTable(PlatformTable):
    """The rows of ``evaluation.selectors.incentive_list``: an enterprise with its investments and incentive."""

    name = RecordColumn()
    is_certified = tables.BooleanColumn(
        verbose_name=_("Certified integration enterprise"), yesno=(_("Certified"), "—")
    )
    certified_at = tables.DateColumn(verbose_name=_("Certified on"), short=False)
    investment_total = MoneyColumn(verbose_name=_("Invested in education"))
    counted_investment_total = MoneyColumn(verbose_name=_("Counted since certification"))
    incentive_rate = tables.Column(verbose_name=_("Incentive rate"), attrs={"td": {"class": "number"}})
    estimated_incentive = MoneyColumn(verbose_name=_("Estimated incentive"))

    class Meta(PlatformTable.Meta):
        model = Enterprise
        fields = (
            "name",
            "is_certified",
            "certified_at",
            "investment_total",
            "counted_investment_total",
            "incentive_rate",
            "estimated_incentive",
        )

    def render_incentive_rate(self, value):
        return f"{value:.1%}"


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
