from django_filters import rest_framework as filters

from common.filters import IdFilter, PlatformFilterSet, SearchFilterSet
from enterprises.models import EducationInvestment, Enterprise, Posting, TalentDemand


class EnterpriseFilterSet(SearchFilterSet):
    search_fields = ("name", "credit_code", "district", "description")
    city = IdFilter(field_name="city_id")
    sector = filters.CharFilter(field_name="sector__code")
    section = filters.CharFilter(field_name="sector__parent__code")

    class Meta:
        model = Enterprise
        fields = ["size", "district"]


class PostingFilterSet(SearchFilterSet):
    search_fields = ("title", "description", "enterprise__name")
    enterprise = IdFilter(field_name="enterprise_id")
    sector = filters.CharFilter(field_name="sector__code")
    skill = filters.CharFilter(field_name="skills__name", lookup_expr="iexact", distinct=True)
    training_base = IdFilter(field_name="training_base_id")
    starts_after = filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_before = filters.DateFilter(field_name="starts_on", lookup_expr="lte")
    deadline_after = filters.DateFilter(field_name="deadline", lookup_expr="gte")

    class Meta:
        model = Posting
        fields = ["kind", "status", "district"]


class TalentDemandFilterSet(PlatformFilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    sector = filters.CharFilter(field_name="sector__code")
    skill = filters.CharFilter(field_name="skill__name", lookup_expr="iexact")

    class Meta:
        model = TalentDemand
        fields = ["year"]


class EducationInvestmentFilterSet(PlatformFilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    college = IdFilter(field_name="college_id")
    invested_after = filters.DateFilter(field_name="invested_on", lookup_expr="gte")
    invested_before = filters.DateFilter(field_name="invested_on", lookup_expr="lte")

    class Meta:
        model = EducationInvestment
        fields = ["purpose"]
