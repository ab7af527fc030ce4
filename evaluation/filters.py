from django_filters import rest_framework as filters

from common.filters import IdFilter, PlatformFilterSet, SearchFilterSet
from enterprises.models import Enterprise, IntegrationCertification
from evaluation.models import MentorEvaluation, PartyRating


class MentorEvaluationFilterSet(PlatformFilterSet):
    placement = IdFilter(field_name="placement_id")
    student = IdFilter(field_name="placement__student_id")
    period_after = filters.DateFilter(field_name="period", lookup_expr="gte")
    period_before = filters.DateFilter(field_name="period", lookup_expr="lte")

    class Meta:
        model = MentorEvaluation
        fields = []


class PartyRatingFilterSet(PlatformFilterSet):
    agreement = IdFilter(field_name="agreement_id")
    period_after = filters.DateFilter(field_name="period", lookup_expr="gte")
    period_before = filters.DateFilter(field_name="period", lookup_expr="lte")

    class Meta:
        model = PartyRating
        fields = ["rater_party", "score"]


class IntegrationCertificationFilterSet(PlatformFilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    applied_after = filters.DateFilter(field_name="applied_at", lookup_expr="date__gte")
    applied_before = filters.DateFilter(field_name="applied_at", lookup_expr="date__lte")

    class Meta:
        model = IntegrationCertification
        fields = ["status"]


class IncentiveFilterSet(SearchFilterSet):
    search_fields = ("name",)
    city = IdFilter(field_name="city_id")
    certified = filters.BooleanFilter(field_name="is_certified")

    class Meta:
        model = Enterprise
        fields = []
