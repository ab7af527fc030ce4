from django_filters import rest_framework as filters

from evaluation.models import MentorEvaluation, PartyRating


class MentorEvaluationFilterSet(filters.FilterSet):
    placement = filters.NumberFilter(field_name="placement_id")
    student = filters.NumberFilter(field_name="placement__student_id")
    period_after = filters.DateFilter(field_name="period", lookup_expr="gte")
    period_before = filters.DateFilter(field_name="period", lookup_expr="lte")

    class Meta:
        model = MentorEvaluation
        fields = []


class PartyRatingFilterSet(filters.FilterSet):
    agreement = filters.NumberFilter(field_name="agreement_id")
    period_after = filters.DateFilter(field_name="period", lookup_expr="gte")
    period_before = filters.DateFilter(field_name="period", lookup_expr="lte")

    class Meta:
        model = PartyRating
        fields = ["rater_party", "score"]
