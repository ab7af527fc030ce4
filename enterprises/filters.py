from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from common.filters import IdFilter, PlatformFilterSet, SearchFilterSet
from enterprises.models import EducationInvestment, Enterprise, Posting, TalentDemand


class EnterpriseFilterSet(SearchFilterSet):
    search_fields = ("name", "credit_code", "district", "description")
    city = IdFilter(field_name="city_id", label=_("City"))
    sector = filters.CharFilter(field_name="sector__code", label=_("Sector"))
    section = filters.CharFilter(field_name="sector__parent__code", label=_("Industry section"))
    # The mark the enterprise selector puts on each row (enterprises.selectors.certified).
    certified = filters.BooleanFilter(field_name="is_certified", label=_("Certified integration enterprise"))

    class Meta:
        model = Enterprise
        fields = ["size", "district"]


class PostingFilterSet(SearchFilterSet):
    search_fields = ("title", "description", "enterprise__name")
    enterprise = IdFilter(field_name="enterprise_id", label=_("Enterprise"))
    sector = filters.CharFilter(field_name="sector__code", label=_("Sector"))
    skill = filters.CharFilter(field_name="skills__name", lookup_expr="iexact", distinct=True, label=_("Skill"))
    training_base = IdFilter(field_name="training_base_id", label=_("Training base"))
    starts_after = filters.DateFilter(field_name="starts_on", lookup_expr="gte", label=_("Starts on or after"))
    starts_before = filters.DateFilter(field_name="starts_on", lookup_expr="lte", label=_("Starts on or before"))
    ends_before = filters.DateFilter(field_name="ends_on", lookup_expr="lte", label=_("Ends on or before"))
    deadline_after = filters.DateFilter(field_name="deadline", lookup_expr="gte", label=_("Deadline on or after"))
    stipend_min = filters.NumberFilter(
        field_name="stipend_monthly", lookup_expr="gte", min_value=0, label=_("Monthly stipend at least (CNY)")
    )

    class Meta:
        model = Posting
        fields = ["kind", "status", "district"]


class TalentDemandFilterSet(PlatformFilterSet):
    enterprise = IdFilter(field_name="enterprise_id", label=_("Enterprise"))
    sector = filters.CharFilter(field_name="sector__code", label=_("Sector"))
    skill = filters.CharFilter(field_name="skill__name", lookup_expr="iexact", label=_("Skill"))

    class Meta:
        model = TalentDemand
        fields = ["year"]


class EducationInvestmentFilterSet(PlatformFilterSet):
    enterprise = IdFilter(field_name="enterprise_id", label=_("Enterprise"))
    college = IdFilter(field_name="college_id", label=_("College"))
    invested_after = filters.DateFilter(field_name="invested_on", lookup_expr="gte", label=_("Invested on or after"))
    invested_before = filters.DateFilter(field_name="invested_on", lookup_expr="lte", label=_("Invested on or before"))

    class Meta:
        model = EducationInvestment
        fields = ["purpose"]
