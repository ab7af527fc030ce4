from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from colleges.academic_year import in_final_year
from common.filters import IdFilter, IntegerFilter, PlatformFilterSet, SearchFilterSet
from enterprises.models import Enterprise
from evaluation.choices import RunState, RunTrigger
from evaluation.models import (
    CityAggregate,
    IntegrationCertification,
    MentorEvaluation,
    PartnershipHealth,
    PartyRating,
    ScoringModel,
    ScoringRun,
    TalentScore,
)
from partnerships.choices import AgreementKind, AgreementStatus


class MentorEvaluationFilterSet(PlatformFilterSet):
    placement = IdFilter(field_name="placement_id", label=_("Placement"))
    student = IdFilter(field_name="placement__student_id", label=_("Student"))
    period_after = filters.DateFilter(field_name="period", lookup_expr="gte", label=_("Period from"))
    period_before = filters.DateFilter(field_name="period", lookup_expr="lte", label=_("Period until"))

    class Meta:
        model = MentorEvaluation
        fields = []


class PartyRatingFilterSet(PlatformFilterSet):
    agreement = IdFilter(field_name="agreement_id", label=_("Agreement"))
    period_after = filters.DateFilter(field_name="period", lookup_expr="gte", label=_("Period from"))
    period_before = filters.DateFilter(field_name="period", lookup_expr="lte", label=_("Period until"))

    class Meta:
        model = PartyRating
        fields = ["rater_party", "score"]


class IntegrationCertificationFilterSet(PlatformFilterSet):
    enterprise = IdFilter(field_name="enterprise_id", label=_("Enterprise"))
    applied_after = filters.DateFilter(
        field_name="applied_at", lookup_expr="date__gte", label=_("Applied on or after")
    )
    applied_before = filters.DateFilter(
        field_name="applied_at", lookup_expr="date__lte", label=_("Applied on or before")
    )

    class Meta:
        model = IntegrationCertification
        fields = ["status"]


class IncentiveFilterSet(SearchFilterSet):
    search_fields = ("name",)
    city = IdFilter(field_name="city_id", label=_("City"))
    certified = filters.BooleanFilter(field_name="is_certified", label=_("Certified integration enterprise"))

    class Meta:
        model = Enterprise
        fields = []


# ------------------------------------------------------------------------------
# Scores
# ------------------------------------------------------------------------------
def score_bound(field_name: str, lookup_expr: str, label: str) -> filters.NumberFilter:
    """A bound on a score or percentile, from 0 to 100 (anything else is a 400, not an empty list)."""
    return filters.NumberFilter(
        field_name=field_name, lookup_expr=lookup_expr, min_value=0, max_value=100, label=label
    )


class PartnershipHealthFilterSet(PlatformFilterSet):
    kind = filters.ChoiceFilter(field_name="agreement__kind", choices=AgreementKind.choices, label=_("Agreement kind"))
    status = filters.ChoiceFilter(
        field_name="agreement__status", choices=AgreementStatus.choices, label=_("Agreement status")
    )
    college = IdFilter(field_name="agreement__college_id", label=_("College"))
    enterprise = IdFilter(field_name="agreement__enterprise_id", label=_("Enterprise"))
    min_score = score_bound("score", "gte", label=_("Minimum score"))
    max_score = score_bound("score", "lte", label=_("Maximum score"))

    class Meta:
        model = PartnershipHealth
        fields = ["band"]


class TalentScoreFilterSet(PlatformFilterSet):
    program = IdFilter(field_name="student__program_id", label=_("Program"))
    college = IdFilter(field_name="student__program__college_id", label=_("College"))
    cohort_year = IntegerFilter(field_name="student__cohort_year", label=_("Cohort year"))
    min_score = score_bound("score", "gte", label=_("Minimum score"))
    max_score = score_bound("score", "lte", label=_("Maximum score"))
    min_percentile = score_bound("percentile", "gte", label=_("Minimum percentile"))
    max_percentile = score_bound("percentile", "lte", label=_("Maximum percentile"))
    final_year = filters.BooleanFilter(
        method="filter_final_year",
        label=_("In the last year of their program (academic years begin on 1 September)."),
    )

    class Meta:
        model = TalentScore
        fields = []

    def filter_final_year(self, queryset, name, value):
        return queryset.filter(in_final_year("student")) if value else queryset.exclude(in_final_year("student"))


class CityAggregateFilterSet(PlatformFilterSet):
    city = IdFilter(field_name="run__city_id", label=_("City"))

    class Meta:
        model = CityAggregate
        fields = ["dimension", "key"]


class ScoringRunFilterSet(PlatformFilterSet):
    city = IdFilter(field_name="city_id", label=_("City"))
    # A city's baseline (where the incremental path keeps its scores before its first run) is not listed.
    state = filters.ChoiceFilter(
        choices=[choice for choice in RunState.choices if choice[0] != RunState.BASELINE],
        label=ScoringRun._meta.get_field("state").verbose_name,
    )
    trigger = filters.ChoiceFilter(
        choices=[choice for choice in RunTrigger.choices if choice[0] != RunTrigger.INCREMENTAL],
        label=ScoringRun._meta.get_field("trigger").verbose_name,
    )

    class Meta:
        model = ScoringRun
        fields = ["state", "trigger"]


class ScoringModelFilterSet(PlatformFilterSet):
    class Meta:
        model = ScoringModel
        fields = ["kind", "version"]
