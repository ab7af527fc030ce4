from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.admin import MEMBER_SEARCH_FIELDS
from cities.admin import IndustrySectionFilter
from common.admin import ReadOnlyMixin, SelectRelatedMixin, apply_workflow_step
from enterprises import services
from enterprises.choices import CertificationStatus, PostingStatus
from enterprises.compliance import RULED_FIELDS
from enterprises.models import (
    EducationInvestment,
    Enterprise,
    EnterpriseStaff,
    IntegrationCertification,
    Posting,
    TalentDemand,
)

# As in the API: closing a posting ends its applications, which the partnerships app owns, so the service is there.
from partnerships.services.applications import posting_close


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
class IntegrationCertificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Shown, never edited: an enterprise applies and an official of its city decides, through the services of
    evaluation/services.py (the API's actions); the decision is the city's, recorded with the official who made it,
    so the platform admin has no action here (nor could enterprises' admin reach evaluation's services)."""

    list_display = ("enterprise", "status", "applied_at", "decided_at", "decided_by", "revoked_at")
    list_select_related = ("enterprise", "decided_by")
    list_filter = ("status", "enterprise__city")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    date_hierarchy = "applied_at"
    ordering = ("-applied_at",)


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
    """The platform admin corrects a posting's description, and may take it off the market (close it); opening
    one is its enterprise's decision (docs/workflows.md, "Postings")."""

    list_display = (
        "title",
        "enterprise",
        "kind",
        "status",
        "sector",
        "slots",
        "filled_slots",
        "deadline",
        "starts_on",
        "ends_on",
    )
    list_select_related = ("enterprise", "sector")
    list_filter = ("status", "kind", IndustrySectionFilter, "enterprise__city")
    search_fields = ("title", "enterprise__name")
    date_hierarchy = "starts_on"
    ordering = ("-created_at",)
    autocomplete_fields = ("enterprise", "skills", "training_base")
    actions = ("close_postings",)

    def get_readonly_fields(self, request, obj=None):
        # The status and the fill counter are the workflow's. Past its draft, what the internship rules and the
        # placements rely on is left to the enterprise, whose changes the API checks against the rules again.
        if obj is None or obj.status == PostingStatus.DRAFT:
            return ("status", "filled_slots")
        return ("status", "filled_slots", "enterprise", "slots", "deadline", *sorted(RULED_FIELDS))

    def has_change_permission(self, request, obj=None):
        # A closed or filled posting no longer changes (the service refuses it): its page is read-only.
        unchanging = obj is not None and obj.status not in (PostingStatus.DRAFT, PostingStatus.OPEN)
        return super().has_change_permission(request, obj) and not unchanging

    def save_model(self, request, obj, form, change):
        if change:
            # Through the service, which writes the changed fields on the row read again under its lock: a fill
            # counter moved by an acceptance since this form was read is kept.
            services.posting_update(posting=obj, **{name: form.cleaned_data[name] for name in form.changed_data})
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Close the selected postings (their open applications are closed with a notice)"))
    def close_postings(self, request, queryset):
        apply_workflow_step(self, request, queryset, posting_close, rule="enterprises.close_posting")


@admin.register(TalentDemand)
class TalentDemandAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "sector", "skill", "headcount", "year")
    list_select_related = ("enterprise", "sector", "skill")
    list_filter = ("year", IndustrySectionFilter, "enterprise__city")
    search_fields = ("enterprise__name", "skill__name")
    ordering = ("-year", "enterprise__name")
    autocomplete_fields = ("enterprise", "skill")
