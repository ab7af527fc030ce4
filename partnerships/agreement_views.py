"""The pages of cooperation agreements, the same for both parties (common/views.py: the generic views).

Every step is the API's service (partnerships/services/agreements.py); which steps a page offers is
``agreement_open_steps`` (the steps' own state and party rules) and the platform's rule of each step.
"""

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from accounts.choices import Role
from common.api.viewsets import row_id
from common.audit import history_of
from common.exceptions import BusinessRuleViolation
from common.links import page_link
from common.views import (
    ObjectCreateView,
    ObjectEditView,
    ObjectListView,
    ObjectStepView,
    ObjectView,
    ReasonForm,
    RecordMixin,
)
from partnerships.agreement_forms import (
    AgreementCreateForm,
    AgreementForm,
    AmendmentForm,
    CommitmentForm,
    DeliveryForm,
    EvidenceForm,
    MilestoneForm,
    OptionalReasonForm,
    RenewalForm,
    ScanForm,
)
from partnerships.choices import SIGNED_VERSIONS, AgreementStatus
from partnerships.downloads import agreement_scan_download_response
from partnerships.filters import AgreementFilterSet, MilestoneFilterSet
from partnerships.models import CooperationAgreement
from partnerships.selectors import agreement_list, agreement_scan_list, commitment_list, milestone_list
from partnerships.services import agreement_scans, agreements
from partnerships.tables import AgreementTable

LIST = "partnerships:cooperationagreement_list"
# The rule of the platform each offered step needs, where it is not the step's own (partnerships/permissions.py).
STEP_RULES = {"edit": "change", "deliver": "change", "complete_milestone": "change"}


class AgreementListView(ObjectListView):
    selector = agreement_list
    filterset_class = AgreementFilterSet
    table_class = AgreementTable
    filter_fields = ("q", "kind", "status", "health_band")
    add_url_name = "partnerships:cooperationagreement_create"
    empty_text = _("No agreements match. Propose one to a partner with “New cooperation agreement”.")

    def get_queryset(self):
        return super().get_queryset().select_related("health")


class AgreementView(ObjectView):
    """An agreement: its terms, versions and approvals, commitments, milestones, signed scans and audit trail; its
    health comes as evaluation's panel."""

    selector = agreement_list
    list_url_name = LIST

    def get_context_data(self, **kwargs):
        agreement = self.record
        steps = agreements.agreement_open_steps(agreement=agreement, principal=self.principal)
        may_step = {step: self.may(STEP_RULES.get(step, step), agreement) for step in steps}
        # Overdue as the API's milestone filter says it (?overdue=true).
        overdue = MilestoneFilterSet({"overdue": True}, queryset=agreement.milestones.all()).qs
        milestones = list(agreement.milestones.annotate(overdue=Exists(overdue.filter(pk=OuterRef("pk")))))
        versions = agreement.versions.prefetch_related("approvals__approved_by").select_related("created_by")
        scans = agreement_scan_list(agreement=agreement, principal=self.principal).select_related("uploaded_by")
        signed = any(version.status in SIGNED_VERSIONS for version in versions)
        return super().get_context_data(
            may_step=may_step,
            party=party_in(agreement, self.principal),
            commitments=agreement.commitments.order_by("party", "kind", "pk"),
            milestones=milestones,
            versions=versions.order_by("-number"),
            scans=scans,
            scan_form=ScanForm(instance=agreement) if signed and self.may("attach_scan", agreement) else None,
            renewal=CooperationAgreement.objects.filter(predecessor=agreement).first(),
            history=audit_trail(agreement),
            **kwargs,
        )


def party_in(agreement: CooperationAgreement, principal) -> str:
    """The side ``principal`` acts for in ``agreement``, or empty for a reader who is no party."""
    try:
        return agreements.party_of(principal, agreement)
    except BusinessRuleViolation:
        return ""


def audit_trail(agreement: CooperationAgreement) -> list[dict]:
    """The agreement's audit trail, newest first, each change named by its field's label and shown as people read
    it (a choice's label, not its stored value)."""
    fields = {field.attname: field for field in CooperationAgreement._meta.concrete_fields}
    trail = []
    for event in reversed(history_of(agreement)):
        changes = []
        for attname, change in event.changes.items():
            field = fields.get(attname)
            if field is None or attname in ("id", "created_at"):
                continue
            shown = {side: _readable(field, value) for side, value in change.items()}
            changes.append({"label": field.verbose_name, **shown})
        trail.append({"at": event.at, "actor": event.actor, "changes": changes})
    return trail


def _readable(field, value) -> str:
    if value in (None, ""):
        return "—"
    return str(dict(field.choices).get(value, value)) if field.choices else str(value)


class AgreementCreateView(ObjectCreateView):
    selector = agreement_list
    form_class = AgreementCreateForm
    list_url_name = LIST

    def create(self, form):
        counterparty = form.cleaned_data["counterparty"].pk
        if self.principal.role == Role.ENTERPRISE_STAFF:
            parties = {"college_id": counterparty, "enterprise_id": self.principal.enterprise_id}
        else:
            parties = {"college_id": self.principal.college_id, "enterprise_id": counterparty}
        return agreements.agreement_create(**parties, **form.changes())

    def success_message(self, record):
        return _("The draft is saved: add its commitments and milestones, then propose it.")


class AgreementEditView(ObjectEditView):
    selector = agreement_list
    form_class = AgreementForm
    list_url_name = LIST

    def update(self, form):
        return agreements.agreement_update(agreement=self.record, principal=self.principal, **form.changes())

    def get(self, request, *args, **kwargs):
        if self.record.status == AgreementStatus.PROPOSED:
            messages.warning(request, _("Saving takes this proposal back to a draft: it must be proposed again."))
        return super().get(request, *args, **kwargs)


class AgreementStepView(ObjectStepView):
    """A step on an agreement, named by ``rule_kind`` (the platform's rule of the same name)."""

    selector = agreement_list
    step_record = "agreement"
    list_url_name = LIST


class AgreementProposeView(AgreementStepView):
    rule_kind = "propose"
    service = agreements.agreement_propose
    title = _("Propose")
    explanation = _("The other party is asked to countersign these terms; your side approves them by proposing.")
    done_message = _("Proposed: the other party is asked to countersign.")


class AgreementCountersignView(AgreementStepView):
    rule_kind = "countersign"
    service = agreements.agreement_countersign
    title = _("Countersign")
    explanation = _("Your side approves the proposed terms: the agreement is in force from now on.")
    done_message = _("Countersigned: the agreement is active.")


class AgreementDeclineView(AgreementStepView):
    rule_kind = "decline"
    service = agreements.agreement_decline
    form_class = OptionalReasonForm
    irreversible = True
    title = _("Decline or withdraw the proposal")
    explanation = _("The proposal is withdrawn and the agreement is a draft again; its terms must be proposed anew.")
    done_message = _("The proposal was withdrawn: the agreement is a draft again.")


class AgreementAmendView(AgreementStepView):
    rule_kind = "amend"
    form_class = AmendmentForm
    title = _("Amend")
    explanation = _("The new terms apply once the other party approves them; until then the current ones stay.")
    done_message = _("The amendment awaits the other party's approval.")

    def perform(self, form):
        return agreements.agreement_amend(
            agreement=self.record, principal=self.principal, terms=form.terms(), reason=form.cleaned_data["reason"]
        )


class AgreementApproveAmendmentView(AgreementStepView):
    rule_kind = "approve_amendment"
    service = agreements.agreement_approve_amendment
    title = _("Approve the amendment")
    explanation = _("The amended terms replace the current ones from now on.")
    done_message = _("The amendment is approved and in force.")


class AgreementDeclineAmendmentView(AgreementStepView):
    rule_kind = "decline_amendment"
    service = agreements.agreement_decline_amendment
    form_class = OptionalReasonForm
    irreversible = True
    title = _("Decline or withdraw the amendment")
    explanation = _("The amendment is dropped; the current terms stay in force.")
    done_message = _("The amendment was dropped.")


class AgreementCompleteView(AgreementStepView):
    rule_kind = "complete"
    service = agreements.agreement_complete
    irreversible = True
    title = _("Complete")
    explanation = _("Records that the agreement ran its course.")
    done_message = _("The agreement is completed.")


class AgreementTerminateView(AgreementStepView):
    rule_kind = "terminate"
    service = agreements.agreement_terminate
    form_class = ReasonForm
    irreversible = True
    title = _("Terminate")
    explanation = _("Ends the agreement before its end date; the other party is told why.")
    done_message = _("The agreement is terminated.")


class AgreementRenewView(AgreementStepView):
    rule_kind = "renew"
    service = agreements.agreement_renew
    form_class = RenewalForm
    title = _("Renew")
    explanation = _("Drafts the next agreement with the same kind, title and commitments, linked to this one.")
    done_message = _("The renewal is drafted: check its terms, then propose it.")

    def success_url_for(self, record):
        return page_link(CooperationAgreement, record.pk)


class CommitmentCreateView(AgreementStepView):
    rule_kind = "change"
    service = agreements.commitment_create
    form_class = CommitmentForm
    title = _("Add a commitment")
    explanation = _("What one party promises over the agreement's term.")
    done_message = _("The commitment is added.")


class MilestoneCreateView(AgreementStepView):
    rule_kind = "change"
    service = agreements.milestone_create
    form_class = MilestoneForm
    title = _("Add a milestone")
    explanation = _("A dated step of the agreement, marked done later with its evidence.")
    done_message = _("The milestone is added.")


class AgreementScanAttachView(AgreementStepView):
    rule_kind = "attach_scan"
    service = agreement_scans.agreement_scan_attach
    form_class = ScanForm
    title = _("Attach a signed scan")
    explanation = _("The PDF of the paper copy both parties signed, attached to the version it is of.")
    done_message = _("The signed scan is attached.")


class AgreementScanDownloadView(RecordMixin, View):
    """One signed scan of the agreement, for whoever may read the agreement."""

    selector = agreement_list

    def get(self, request, *args, **kwargs):
        self.require("view", self.record)
        in_scope = agreement_scan_list(agreement=self.record, principal=self.principal)
        return agreement_scan_download_response(get_object_or_404(in_scope, pk=row_id(kwargs["scan_id"])))


class OnAgreementPage:
    """A step on a commitment or milestone: it is shown on, and returns to, its agreement's page."""

    list_url_name = LIST

    def success_url_for(self, record):
        return page_link(CooperationAgreement, self.record.agreement_id)

    def breadcrumbs(self):
        agreement = self.record.agreement
        return [
            (_("Home"), reverse("home")),
            (CooperationAgreement._meta.verbose_name_plural.capitalize(), reverse(LIST)),
            (str(agreement), page_link(CooperationAgreement, agreement.pk)),
            (self.title, ""),
        ]


class CommitmentDeliveryView(OnAgreementPage, ObjectStepView):
    selector = commitment_list
    step_record = "commitment"
    rule_kind = "deliver"
    service = agreements.commitment_record_delivery
    form_class = DeliveryForm
    title = _("Record a delivery")
    explanation = _("Each party records what it delivered against its own commitments.")
    done_message = _("The delivery is recorded.")


class CommitmentDeleteView(OnAgreementPage, ObjectStepView):
    selector = commitment_list
    step_record = "commitment"
    rule_kind = "delete"
    service = agreements.commitment_delete
    title = _("Remove the commitment")
    explanation = _("The commitment is taken out of the draft.")
    done_message = _("The commitment is removed.")


class MilestoneCompleteView(OnAgreementPage, ObjectStepView):
    selector = milestone_list
    step_record = "milestone"
    rule_kind = "complete"
    service = agreements.milestone_complete
    form_class = EvidenceForm
    title = _("Mark the milestone done")
    explanation = _("Either party marks a milestone done with the evidence that shows it.")
    done_message = _("The milestone is done.")


class MilestoneDeleteView(OnAgreementPage, ObjectStepView):
    selector = milestone_list
    step_record = "milestone"
    rule_kind = "delete"
    service = agreements.milestone_delete
    title = _("Remove the milestone")
    explanation = _("The milestone is taken out of the draft.")
    done_message = _("The milestone is removed.")
