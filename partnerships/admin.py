from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.principals import principal_of
from cities.admin import IndustrySectionFilter
from common.admin import ReadOnlyMixin, SelectRelatedMixin, apply_workflow_step
from enterprises.choices import PostingStatus
from enterprises.compliance import RULED_FIELDS
from enterprises.models import Posting
from partnerships.choices import AgreementStatus
from partnerships.models import (
    AgreementApproval,
    AgreementScan,
    AgreementVersion,
    AllocationChoice,
    AllocationOutcome,
    AllocationRanking,
    AllocationRound,
    AllocationRoundCollege,
    AllocationRoundPosting,
    Application,
    Commitment,
    CooperationAgreement,
    CouncilSeat,
    Milestone,
    Placement,
    TrainingBase,
)
from partnerships.services import agreements, postings
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


def _is_draft(agreement: CooperationAgreement | None) -> bool:
    return agreement is not None and agreement.status == AgreementStatus.DRAFT


class NoBulkDeleteMixin:
    """Deleting is for a draft's rows, one at a time from their page (through the service), never in bulk."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class TermsInline(admin.TabularInline):
    """A draft's commitments or milestones, which are its terms; an agreement past its draft shows them read-only
    (its terms change by an amendment, agreed by both parties through the API). What was delivered or done is
    recorded by the parties' workflow steps, never here."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)


class CommitmentInline(TermsInline):
    model = Commitment
    fields = ("party", "kind", "description", "amount", "delivered_amount")
    readonly_fields = ("delivered_amount",)


class MilestoneInline(TermsInline):
    model = Milestone
    fields = ("title", "due_on", "done_at", "evidence")
    readonly_fields = ("done_at", "evidence")


class AgreementVersionInline(ReadOnlyMixin, admin.TabularInline):
    """The versions of the terms: proposals and amendments, as the lifecycle services recorded them."""

    model = AgreementVersion
    fields = ("number", "status", "proposer_party", "reason", "created_by", "created_at")
    extra = 0
    show_change_link = True


# The services that write a draft's terms, by the model of the row.
TERM_SERVICES = {
    Commitment: {
        "create": agreements.commitment_create,
        "update": agreements.commitment_update,
        "delete": agreements.commitment_delete,
    },
    Milestone: {
        "create": agreements.milestone_create,
        "update": agreements.milestone_update,
        "delete": agreements.milestone_delete,
    },
}
LIFECYCLE_FIELDS = (
    "status",
    "proposer_party",
    "proposed_by",
    "proposed_at",
    "countersigned_by",
    "countersigned_at",
    "ended_at",
    "termination_reason",
    "created_at",
)


@admin.register(CooperationAgreement)
class CooperationAgreementAdmin(NoBulkDeleteMixin, admin.ModelAdmin):
    """Shown with its lifecycle, which only the parties' workflow steps move (docs/workflows.md). The platform admin
    corrects the terms of a draft, through the same services as the API; the parties and the agreement renewed
    are fixed when it is created, by a party (the same-city rule of ``agreement_create``), so none is added here."""

    list_display = ("title", "college", "enterprise", "kind", "status", "starts_on", "ends_on")
    list_select_related = ("college", "enterprise")
    list_filter = ("status", "kind", "college__city")
    search_fields = ("title", "college__name", "enterprise__name")
    date_hierarchy = "starts_on"
    ordering = ("-created_at",)
    autocomplete_fields = ("training_base",)
    readonly_fields = ("college", "enterprise", "predecessor", *LIFECYCLE_FIELDS)
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Past its draft an agreement's terms change by amendment only: its page is read-only.
        return super().has_change_permission(request, obj) and (obj is None or _is_draft(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _is_draft(obj)

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        agreements.agreement_update(agreement=obj, principal=principal_of(request.user), **changes)

    def delete_model(self, request, obj):
        agreements.agreement_delete(agreement=obj, principal=principal_of(request.user))

    def save_formset(self, request, form, formset, change):
        if formset.model not in TERM_SERVICES:
            return super().save_formset(request, form, formset, change)
        services = TERM_SERVICES[formset.model]
        principal, name = principal_of(request.user), formset.model._meta.model_name
        formset.save(commit=False)
        for row in formset.deleted_objects:
            services["delete"](**{name: row}, principal=principal)
        for row, changed in formset.changed_objects:
            services["update"](**{name: row}, principal=principal, **{field: getattr(row, field) for field in changed})
        for row in formset.new_objects:
            fields = {field: getattr(row, field) for field in formset.form.base_fields}
            services["create"](agreement=form.instance, principal=principal, **fields)


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


@admin.register(AgreementScan)
class AgreementScanAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Signed scans, as the parties attached them; the file is downloaded through the API, which checks the reader
    (nothing serves the storage), never from a path of its own."""

    list_display = ("version", "original_name", "size", "party", "uploaded_by", "uploaded_at")
    list_select_related = ("version__agreement", "uploaded_by")
    list_filter = ("party",)
    search_fields = ("version__agreement__title", "original_name")
    ordering = ("-uploaded_at",)
    fields = ("version", "original_name", "size", "party", "uploaded_by", "uploaded_at", "download")
    readonly_fields = ("download",)

    @admin.display(description=_("download"))
    def download(self, scan):
        url = reverse("api:agreement-download-scan", kwargs={"pk": scan.version.agreement_id, "scan_id": scan.pk})
        return format_html('<a href="{}">{}</a>', url, scan.original_name)


class TermsAdmin(NoBulkDeleteMixin, admin.ModelAdmin):
    """A commitment or milestone on its own page: changed or deleted while its agreement is a draft, through the
    services (see ``TermsInline``); added from its agreement's page."""

    readonly_fields = ("agreement",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agreement")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or _is_draft(obj.agreement))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and obj is not None and _is_draft(obj.agreement)

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        TERM_SERVICES[type(obj)]["update"](
            **{obj._meta.model_name: obj}, principal=principal_of(request.user), **changes
        )

    def delete_model(self, request, obj):
        TERM_SERVICES[type(obj)]["delete"](**{obj._meta.model_name: obj}, principal=principal_of(request.user))


@admin.register(Commitment)
class CommitmentAdmin(TermsAdmin):
    list_display = ("agreement", "party", "kind", "amount", "delivered_amount", "delivered_share")
    list_select_related = ("agreement",)
    list_filter = ("party", "kind", "agreement__status")
    search_fields = ("agreement__title", "description")
    ordering = ("agreement__title", "party", "kind")
    readonly_fields = ("agreement", "delivered_amount")

    @admin.display(description=_("delivered"), ordering=F("delivered_amount") / F("amount"))
    def delivered_share(self, commitment):
        return f"{commitment.delivered_amount / commitment.amount:.0%}"


@admin.register(Milestone)
class MilestoneAdmin(TermsAdmin):
    list_display = ("title", "agreement", "due_on", "done_at")
    list_select_related = ("agreement",)
    list_filter = (("done_at", admin.EmptyFieldListFilter), "agreement__status")
    search_fields = ("title", "agreement__title")
    date_hierarchy = "due_on"
    ordering = ("due_on",)
    readonly_fields = ("agreement", "done_at", "evidence")


@admin.register(CouncilSeat)
class CouncilSeatAdmin(admin.ModelAdmin):
    list_display = ("representative_name", "enterprise", "college", "role", "started_on", "ended_on")
    list_select_related = ("enterprise", "college")
    list_filter = ("role", "college__city")
    search_fields = ("representative_name", "enterprise__name", "college__name")
    date_hierarchy = "started_on"
    ordering = ("college__name", "role", "representative_name")
    autocomplete_fields = ("college", "enterprise")


@admin.register(Posting)
class PostingAdmin(SelectRelatedMixin, admin.ModelAdmin):
    """The platform admin corrects a posting's description, and may take it off the market (close it); creating and
    opening one are its enterprise's decisions (docs/workflows.md, "Postings")."""

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
        if obj.status == PostingStatus.DRAFT:
            return ("status", "filled_slots")
        return ("status", "filled_slots", "enterprise", "slots", "deadline", *sorted(RULED_FIELDS))

    def has_add_permission(self, request):
        # A posting is its enterprise's offer, created by its staff (posting_create through the API or the pages).
        return False

    def has_change_permission(self, request, obj=None):
        # A closed or filled posting no longer changes (the service refuses it): its page is read-only.
        unchanging = obj is not None and obj.status not in (PostingStatus.DRAFT, PostingStatus.OPEN)
        return super().has_change_permission(request, obj) and not unchanging

    def save_model(self, request, obj, form, change):
        # Through the service, which writes the changed fields on the row read again under its lock: a fill counter
        # moved by an acceptance since this form was read is kept.
        postings.posting_update(posting=obj, **{name: form.cleaned_data[name] for name in form.changed_data})

    @admin.action(description=_("Close the selected postings (their open applications are closed with a notice)"))
    def close_postings(self, request, queryset):
        apply_workflow_step(self, request, queryset, postings.posting_close, rule="enterprises.close_posting")


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


# ------------------------------------------------------------------------------
# Allocation rounds: shown, never edited. A round is the city's, moved through its lifecycle by an official through
# partnerships/services/allocation_rounds.py (which check the window, the slots and the problems before a run).
# ------------------------------------------------------------------------------
class AllocationRoundPostingInline(ReadOnlyMixin, admin.TabularInline):
    model = AllocationRoundPosting
    fields = ("posting", "slots", "ranking_source", "ranking_confirmed_at")
    extra = 0


class AllocationRoundCollegeInline(ReadOnlyMixin, admin.TabularInline):
    model = AllocationRoundCollege
    fields = ("college",)
    extra = 0


@admin.register(AllocationRound)
class AllocationRoundAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "city", "status", "opens_at", "closes_at", "seed", "progress", "ran_at", "published_at")
    list_select_related = ("city",)
    list_filter = ("status", "city")
    search_fields = ("name",)
    date_hierarchy = "opens_at"
    ordering = ("-created_at",)
    inlines = (AllocationRoundPostingInline, AllocationRoundCollegeInline)


@admin.register(AllocationOutcome)
class AllocationOutcomeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("round", "student", "posting", "choice_rank", "reason", "application")
    list_select_related = (
        "round",
        "student",
        "posting__enterprise",
        "application__student",
        "application__posting__enterprise",
    )
    list_filter = ("reason", "round__city")
    search_fields = ("student__name", "student__student_number", "round__name")
    ordering = ("round", "student")


@admin.register(AllocationRoundPosting)
class AllocationRoundPostingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("round", "posting", "slots", "ranking_source", "ranking_confirmed_at")
    list_select_related = ("round", "posting__enterprise")
    list_filter = ("ranking_source", "round__city")
    search_fields = ("round__name", "posting__title")
    ordering = ("round", "posting")


@admin.register(AllocationRoundCollege)
class AllocationRoundCollegeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("round", "college")
    list_select_related = ("round", "college")
    list_filter = ("round__city",)
    search_fields = ("round__name", "college__name")
    ordering = ("round", "college")


@admin.register(AllocationChoice)
class AllocationChoiceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("round", "student", "rank", "posting", "entered_at")
    list_select_related = ("round", "student", "posting__enterprise")
    list_filter = ("round__city",)
    search_fields = ("round__name", "student__name", "student__student_number", "posting__title")
    ordering = ("round", "student", "rank")


@admin.register(AllocationRanking)
class AllocationRankingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("round", "posting", "rank", "student", "entered_at")
    list_select_related = ("round", "student", "posting__enterprise")
    list_filter = ("round__city",)
    search_fields = ("round__name", "student__name", "student__student_number", "posting__title")
    ordering = ("round", "posting", "rank")
