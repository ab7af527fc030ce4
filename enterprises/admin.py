from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import MEMBER_SEARCH_FIELDS, MembershipAdmin, MembershipForm
from cities.admin import IndustrySectionFilter
from common.admin import SelectRelatedMixin
from enterprises.models import (
    EducationInvestment,
    Enterprise,
    EnterpriseStaff,
    TalentDemand,
)
from enterprises.selectors import certified


class EnterpriseStaffInline(admin.TabularInline):
    model = EnterpriseStaff
    form = MembershipForm
    fields = ("user", "title", "is_mentor")
    autocomplete_fields = ("user",)
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "city", "sector", "size", "is_certified")
    list_select_related = ("city", "sector")
    list_filter = ("size", IndustrySectionFilter, "city")
    search_fields = ("name", "credit_code")
    ordering = ("name",)
    inlines = (EnterpriseStaffInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(is_certified=certified("pk"))

    @admin.display(description=_("certified integration enterprise"), boolean=True, ordering="is_certified")
    def is_certified(self, enterprise):
        return enterprise.is_certified


@admin.register(EnterpriseStaff)
class EnterpriseStaffAdmin(SelectRelatedMixin, MembershipAdmin):
    list_display = ("user", "enterprise", "title", "is_mentor")
    list_select_related = ("user", "enterprise")
    list_filter = ("is_mentor", "enterprise__city")
    search_fields = (*MEMBER_SEARCH_FIELDS, "enterprise__name")
    ordering = ("enterprise__name", "user__username")
    autocomplete_fields = ("user", "enterprise")


@admin.register(EducationInvestment)
class EducationInvestmentAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "college", "amount", "purpose", "invested_on")
    list_select_related = ("enterprise", "college")
    list_filter = ("purpose", "enterprise__city")
    search_fields = ("enterprise__name", "college__name", "description")
    date_hierarchy = "invested_on"
    ordering = ("-invested_on",)
    autocomplete_fields = ("enterprise", "college")


@admin.register(TalentDemand)
class TalentDemandAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "sector", "skill", "headcount", "year")
    list_select_related = ("enterprise", "sector", "skill")
    list_filter = ("year", IndustrySectionFilter, "enterprise__city")
    search_fields = ("enterprise__name", "skill__name")
    ordering = ("-year", "enterprise__name")
    autocomplete_fields = ("enterprise", "skill")
