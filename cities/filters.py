from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from cities.models import AcademicTerm, City, IndustrySector, Skill
from common.filters import SearchFilterSet


class CityFilterSet(SearchFilterSet):
    search_fields = ("name", "province")

    class Meta:
        model = City
        fields = ["province", "pilot_batch_year"]


class IndustrySectorFilterSet(SearchFilterSet):
    search_fields = ("code", "name_zh", "name_en")
    parent = filters.CharFilter(field_name="parent__code", label=_("Industry section"))

    class Meta:
        model = IndustrySector
        fields = ["level", "code"]


class SkillFilterSet(SearchFilterSet):
    search_fields = ("name",)
    sector = filters.CharFilter(field_name="sector__code", label=_("Sector"))

    class Meta:
        model = Skill
        fields = []


class AcademicTermFilterSet(SearchFilterSet):
    search_fields = ("name",)
    starts_after = filters.DateFilter(field_name="starts_on", lookup_expr="gte", label=_("Starts on or after"))
    ends_before = filters.DateFilter(field_name="ends_on", lookup_expr="lte", label=_("Ends on or before"))

    class Meta:
        model = AcademicTerm
        fields = []
