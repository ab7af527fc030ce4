from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from accounts.admin import MEMBER_SEARCH_FIELDS
from common.admin import ReadOnlyMixin, SelectRelatedMixin, apply_workflow_step
from partnerships.models import (
    AgreementApproval,
    AgreementVersion,
    Application,
    CityOfficial,
    Commitment,
    CooperationAgreement,
    CouncilSeat,
    Milestone,
    Placement,
    TrainingBase,
)
from partnerships.services.applications import placement_cancel


@admin.register(TrainingBase)
class TrainingBaseAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "city", "host_college", "host_enterprise", "stations", "equipment_value")
    list_select_related = ("city", "host_college", "host_enterprise")
    list_filter = ("kind", "city")
    search_fields = ("name", "district", "host_college__name", "host_enterprise__name")
    date_hierarchy = "opened_on"
    ordering = ("name",)
    autocomplete_fields = ("host_college", "host_enterprise")
    filter_horizontal = ("sectors",)


class CommitmentInline(admin.TabularInline):
    model = Commitment
    fields = ("party", "kind", "description", "amount", "delivered_amount")
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ("title", "due_on", "done_at", "evidence")
    extra = 0


class AgreementVersionInline(ReadOnlyMixin, admin.TabularInline):
    """The versions of the terms: proposals and amendments, as the lifecycle services recorded them."""

    model = AgreementVersion
    fields = ("number", "status", "proposer_party", "reason", "created_by", "created_at")
    extra = 0
    show_change_link = True


@admin.register(CooperationAgreement)
class CooperationAgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "college", "enterprise", "kind", "status", "starts_on", "ends_on")
    list_select_related = ("college", "enterprise")
    list_filter = ("status", "kind", "college__city")
    search_fields = ("title", "college__name", "enterprise__name")
    date_hierarchy = "starts_on"
    ordering = ("-created_at",)
    autocomplete_fields = (
        "college",
        "enterprise",
        "training_base",
        "proposed_by",
        "countersigned_by",
        "predecessor",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("college", "enterprise"),
                    "kind",
                    "title",
                    "summary",
                    "training_base",
                    ("starts_on", "ends_on"),
                    "predecessor",
                )
            },
        ),
        (
            _("Lifecycle"),
            {
                "fields": (
                    "status",
                    ("proposer_party", "proposed_by", "proposed_at"),
                    ("countersigned_by", "countersigned_at"),
                    "ended_at",
                    "termination_reason",
                    "created_at",
                )
            },
        ),
    )
    inlines = (CommitmentInline, MilestoneInline, AgreementVersionInline)


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("agreement", "number", "status", "proposer_party", "created_by", "created_at")
    list_select_related = ("agreement", "created_by")
    list_filter = ("status", "proposer_party")
    search_fields = ("agreement__title",)
    ordering = ("-created_at",)


@admin.register(AgreementApproval)
class AgreementApprovalAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("version", "party", "approved_by", "approved_at")
    list_select_related = ("version__agreement", "approved_by")
    list_filter = ("party",)
    search_fields = ("version__agreement__title",)
    ordering = ("-approved_at",)


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ("agreement", "party", "kind", "amount", "delivered_amount", "delivered_share")
    list_select_related = ("agreement",)
    list_filter = ("party", "kind", "agreement__status")
    search_fields = ("agreement__title", "description")
    ordering = ("agreement__title", "party", "kind")
    autocomplete_fields = ("agreement",)

    @admin.display(description=_("delivered"), ordering=F("delivered_amount") / F("amount"))
    def delivered_share(self, commitment):
        return f"{commitment.delivered_amount / commitment.amount:.0%}"


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "agreement", "due_on", "done_at")
    list_select_related = ("agreement",)
    list_filter = (("done_at", admin.EmptyFieldListFilter), "agreement__status")
    search_fields = ("title", "agreement__title")
    date_hierarchy = "due_on"
    ordering = ("due_on",)
    autocomplete_fields = ("agreement",)


@admin.register(CouncilSeat)
class CouncilSeatAdmin(admin.ModelAdmin):
    list_display = ("representative_name", "enterprise", "college", "role", "started_on", "ended_on")
    list_select_related = ("enterprise", "college")
    list_filter = ("role", "college__city")
    search_fields = ("representative_name", "enterprise__name", "college__name")
    date_hierarchy = "started_on"
    ordering = ("college__name", "role", "representative_name")
    autocomplete_fields = ("college", "enterprise")


@admin.register(Application)
class ApplicationAdmin(SelectRelatedMixin, admin.ModelAdmin):
    """Shown with its decisions; only its note is edited. Applying, and every decision on an application, is a
    party's (the college's or the enterprise's, through the API): the platform admin takes none of them
    (docs/workflows.md, "Applications and placements")."""

    list_display = ("student", "posting", "status", "submitted_at", "decided_at")
    list_select_related = ("student", "posting__enterprise")
    list_filter = ("status", "posting__kind", "posting__enterprise__city")
    search_fields = ("student__student_number", "student__name", "posting__title", "posting__enterprise__name")
    date_hierarchy = "submitted_at"
    ordering = ("-submitted_at",)
    readonly_fields = ("posting", "student", "status", "submitted_by", "submitted_at", "decided_at", "decision_reason")

    def has_add_permission(self, request):
        # Applying checks the student, the posting and its deadline (application_create): not a bare insert.
        return False


class PlacementActionForm(ActionForm):
    reason = forms.CharField(required=False, label=_("Reason (to cancel)"))


@admin.register(Placement)
class PlacementAdmin(SelectRelatedMixin, admin.ModelAdmin):
    """Shown with its lifecycle; its mentors and agreement are edited. The platform admin may cancel a placement
    (e.g. after a safety incident), as either side may; completing one is the host enterprise's statement."""

    list_display = ("student", "posting", "status", "starts_on", "ends_on", "hired_after")
    list_select_related = ("student", "posting__enterprise")
    list_filter = ("status", "hired_after", "posting__kind", "posting__enterprise__city")
    search_fields = ("student__student_number", "student__name", "posting__title", "posting__enterprise__name")
    date_hierarchy = "starts_on"
    ordering = ("-starts_on",)
    autocomplete_fields = ("agreement", "enterprise_mentor", "college_mentor")
    readonly_fields = (
        "posting",
        "student",
        "application",
        "status",
        "starts_on",
        "ends_on",
        "completed_at",
        "cancelled_at",
        "cancellation_reason",
        "hired_after",
    )
    action_form = PlacementActionForm
    actions = ("cancel_placements",)

    # A placement takes one of its posting's slots: it is made by an accepted offer and ended by a cancellation,
    # never added or deleted here, so that the posting's fill counter stays true.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Cancel the selected placements (write the reason in the box beside the action)"))
    def cancel_placements(self, request, queryset):
        apply_workflow_step(
            self,
            request,
            queryset,
            placement_cancel,
            rule="partnerships.cancel_placement",
            reason=request.POST.get("reason", ""),
        )


@admin.register(CityOfficial)
class CityOfficialAdmin(admin.ModelAdmin):
    list_display = ("user", "city", "title")
    list_select_related = ("user", "city")
    list_filter = ("city",)
    search_fields = (*MEMBER_SEARCH_FIELDS, "city__name")
    ordering = ("city__name", "user__username")
    autocomplete_fields = ("user",)
