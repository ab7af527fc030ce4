from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from common.filters import IdFilter, IntegerFilter, PlatformFilterSet, SearchFilterSet
from partnerships.choices import AgreementStatus, HealthBand, UnplacedReason
from partnerships.models import (
    AllocationOutcome,
    AllocationRound,
    Application,
    Commitment,
    CooperationAgreement,
    CouncilSeat,
    Milestone,
    Placement,
    TrainingBase,
)


class TrainingBaseFilterSet(SearchFilterSet):
    search_fields = ("name", "district")
    host_college = IdFilter(field_name="host_college_id", label=_("Host college"))
    host_enterprise = IdFilter(field_name="host_enterprise_id", label=_("Host enterprise"))
    sector = filters.CharFilter(field_name="sectors__code", distinct=True, label=_("Sector"))
    min_stations = IntegerFilter(field_name="stations", lookup_expr="gte", label=_("At least this many stations"))

    class Meta:
        model = TrainingBase
        fields = ["kind", "district"]


class AgreementFilterSet(SearchFilterSet):
    search_fields = ("title", "summary", "college__name", "enterprise__name")
    college = IdFilter(field_name="college_id", label=_("College"))
    enterprise = IdFilter(field_name="enterprise_id", label=_("Enterprise"))
    sector = filters.CharFilter(field_name="enterprise__sector__code", label=_("Enterprise's sector"))
    active_on = filters.DateFilter(method="filter_active_on", label=_("In force on this date"))
    starts_after = filters.DateFilter(field_name="starts_on", lookup_expr="gte", label=_("Starts on or after"))
    ends_before = filters.DateFilter(field_name="ends_on", lookup_expr="lte", label=_("Ends on or before"))
    # The current health is evaluation's, reached by its reverse relation's name (docs/architecture.md).
    health_band = filters.ChoiceFilter(field_name="health__band", choices=HealthBand.choices, label=_("Health band"))

    class Meta:
        model = CooperationAgreement
        fields = ["kind", "status"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)


class CommitmentFilterSet(PlatformFilterSet):
    agreement = IdFilter(field_name="agreement_id", label=_("Agreement"))

    class Meta:
        model = Commitment
        fields = ["party", "kind"]


class MilestoneFilterSet(PlatformFilterSet):
    agreement = IdFilter(field_name="agreement_id", label=_("Agreement"))
    done = filters.BooleanFilter(field_name="done_at", lookup_expr="isnull", exclude=True, label=_("Done"))
    overdue = filters.BooleanFilter(method="filter_overdue", label=_("Past due, not done, of an active agreement"))
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte", label=_("Due on or before"))
    due_after = filters.DateFilter(field_name="due_on", lookup_expr="gte", label=_("Due on or after"))

    class Meta:
        model = Milestone
        fields = []

    def filter_overdue(self, queryset, name, value):
        overdue = Q(agreement__status=AgreementStatus.ACTIVE, done_at__isnull=True, due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class CouncilSeatFilterSet(SearchFilterSet):
    search_fields = ("representative_name", "representative_title")
    college = IdFilter(field_name="college_id", label=_("College"))
    enterprise = IdFilter(field_name="enterprise_id", label=_("Enterprise"))
    current = filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull", label=_("Current"))

    class Meta:
        model = CouncilSeat
        fields = ["role"]


class ApplicationFilterSet(PlatformFilterSet):
    posting = IdFilter(field_name="posting_id", label=_("Posting"))
    student = IdFilter(field_name="student_id", label=_("Student"))
    enterprise = IdFilter(field_name="posting__enterprise_id", label=_("Enterprise"))
    submitted_after = filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__gte", label=_("Submitted on or after")
    )
    submitted_before = filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__lte", label=_("Submitted on or before")
    )

    class Meta:
        model = Application
        fields = ["status"]


class PlacementFilterSet(PlatformFilterSet):
    posting = IdFilter(field_name="posting_id", label=_("Posting"))
    student = IdFilter(field_name="student_id", label=_("Student"))
    enterprise = IdFilter(field_name="posting__enterprise_id", label=_("Enterprise"))
    agreement = IdFilter(field_name="agreement_id", label=_("Agreement"))
    starts_after = filters.DateFilter(field_name="starts_on", lookup_expr="gte", label=_("Starts on or after"))
    starts_before = filters.DateFilter(field_name="starts_on", lookup_expr="lte", label=_("Starts on or before"))

    class Meta:
        model = Placement
        fields = ["status", "hired_after"]


class AllocationRoundFilterSet(SearchFilterSet):
    search_fields = ("name",)

    class Meta:
        model = AllocationRound
        fields = ["status"]


# A student's outcome in a round: placed, or unplaced for one of the solver's reasons (UnplacedReason; "placed" is
# its empty code, which a filter's empty value would not tell from "all").
OUTCOMES = [("placed", _("Placed")), *[(reason, label) for reason, label in UnplacedReason.choices if reason]]


class AllocationOutcomeFilterSet(PlatformFilterSet):
    outcome = filters.ChoiceFilter(choices=OUTCOMES, method="filter_outcome", label=_("Outcome"), empty_label=_("All"))
    posting = IdFilter(field_name="posting_id", label=_("Posting"))

    class Meta:
        model = AllocationOutcome
        fields = []

    def filter_outcome(self, queryset, name, value):
        return queryset.filter(reason=UnplacedReason.MATCHED if value == "placed" else value)
