from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.admin import MEMBER_SEARCH_FIELDS
from cities.admin import IndustrySectionFilter
from common.admin import SelectRelatedMixin
from enterprises.choices import CertificationStatus
from enterprises.models import (
    EducationInvestment,
    Enterprise,
    EnterpriseStaff,
    IntegrationCertification,
    Posting,
    TalentDemand,
)


class EnterpriseStaffInline(admin.TabularInline):
    model = EnterpriseStaff
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
        certified = IntegrationCertification.objects.filter(
            enterprise=OuterRef("pk"), status=CertificationStatus.CERTIFIED
        )
        return super().get_queryset(request).annotate(is_certified=Exists(certified))

    @admin.display(description=_("certified integration enterprise"), boolean=True, ordering="is_certified")
    def is_certified(self, enterprise):
        return enterprise.is_certified


@admin.register(EnterpriseStaff)
class EnterpriseStaffAdmin(SelectRelatedMixin, admin.ModelAdmin):
    list_display = ("user", "enterprise", "title", "is_mentor")
    list_select_related = ("user", "enterprise")
    list_filter = ("is_mentor", "enterprise__city")
    search_fields = (*MEMBER_SEARCH_FIELDS, "enterprise__name")
    ordering = ("enterprise__name", "user__username")
    autocomplete_fields = ("user", "enterprise")


@admin.register(IntegrationCertification)
class IntegrationCertificationAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "status", "applied_at", "decided_at", "decided_by", "revoked_at")
    list_select_related = ("enterprise", "decided_by")
    list_filter = ("status", "enterprise__city")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    date_hierarchy = "applied_at"
    ordering = ("-applied_at",)
    autocomplete_fields = ("enterprise", "decided_by", "revoked_by")


@admin.register(EducationInvestment)
class EducationInvestmentAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "college", "amount", "purpose", "invested_on")
    list_select_related = ("enterprise", "college")
    list_filter = ("purpose", "enterprise__city")
    search_fields = ("enterprise__name", "college__name", "description")
    date_hierarchy = "invested_on"
    ordering = ("-invested_on",)
    autocomplete_fields = ("enterprise", "college")


@admin.register(Posting)
class PostingAdmin(SelectRelatedMixin, admin.ModelAdmin):
    list_display = ("title", "enterprise", "kind", "status", "sector", "slots", "deadline", "starts_on", "ends_on")
    list_select_related = ("enterprise", "sector")
    list_filter = ("status", "kind", IndustrySectionFilter, "enterprise__city")
    search_fields = ("title", "enterprise__name")
    date_hierarchy = "starts_on"
    ordering = ("-created_at",)
    autocomplete_fields = ("enterprise", "skills", "training_base")


@admin.register(TalentDemand)
class TalentDemandAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "sector", "skill", "headcount", "year")
    list_select_related = ("enterprise", "sector", "skill")
    list_filter = ("year", IndustrySectionFilter, "enterprise__city")
    search_fields = ("enterprise__name", "skill__name")
    ordering = ("-year", "enterprise__name")
    autocomplete_fields = ("enterprise", "skill")
