"""The forms of the agreement pages: each one's cleaned data is what the step's service takes
(partnerships/services/agreements.py, agreement_scans.py), so the page adds no rule of its own."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from colleges.selectors import college_list
from common.forms import DateInput, PlatformModelForm
from common.views import ReasonForm, StepForm
from enterprises.selectors import enterprise_list
from partnerships.choices import SIGNED_VERSIONS
from partnerships.models import Commitment, CooperationAgreement, Milestone
from partnerships.selectors import training_base_list


class AgreementForm(PlatformModelForm):
    """An agreement's terms, as a draft is written and edited."""

    scoped_fields = {"training_base": training_base_list}
    searched_fields = {"training_base": ("name",)}

    class Meta:
        model = CooperationAgreement
        fields = ["kind", "title", "summary", "training_base", "starts_on", "ends_on"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "starts_on": DateInput(), "ends_on": DateInput()}


class AgreementCreateForm(AgreementForm):
    """A new draft: the other party (an enterprise of the city for a college, a college for an enterprise) and the
    terms."""

    counterparty = forms.ModelChoiceField(queryset=None, label=_("Other party"))

    def __init__(self, *args, principal, request=None, **kwargs):
        super().__init__(*args, principal=principal, request=request, **kwargs)
        counterparty = self.fields["counterparty"]
        if principal.role == Role.ENTERPRISE_STAFF:
            counterparty.queryset, counterparty.label = college_list(principal=principal), _("College")
            lookups = ("name",)
        else:
            counterparty.queryset, counterparty.label = enterprise_list(principal=principal), _("Enterprise")
            lookups = ("name", "credit_code")
        # A city's thousands of enterprises: found by part of their name or credit code (PlatformModelForm).
        self._offer_matches("counterparty", lookups, request)
        self.order_fields(["counterparty"])

    def changes(self) -> dict:
        terms = super().changes()
        terms.pop("counterparty")
        return terms


class AmendmentForm(AgreementForm):
    """New terms for an active agreement and why; its commitments and milestones stay as they are."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the terms change; told to the other side."),
    )

    def terms(self) -> dict:
        terms = self.changes()
        terms.pop("reason")
        base = terms.pop("training_base")
        terms["training_base_id"] = base.pk if base else None
        return terms


class PartOfRecordForm(PlatformModelForm):
    """A row added to the record a step page is about (a commitment of an agreement…): the step's service links it,
    so the record the page passes as ``instance`` is not this form's."""

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)


class CommitmentForm(PartOfRecordForm):
    class Meta:
        model = Commitment
        fields = ["party", "kind", "amount", "description"]


class MilestoneForm(PartOfRecordForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on"]
        widgets = {"due_on": DateInput()}


class OptionalReasonForm(ReasonForm):
    """A step whose reason, if given, is told to the other side."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional; told to the other side."),
    )


class RenewalForm(StepForm):
    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=DateInput(), help_text=_("Default: the day after this one ends.")
    )
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=DateInput(),
        help_text=_("Default: as long after as this one lasted."),
    )


class DeliveryForm(StepForm):
    amount = forms.DecimalField(
        label=_("Delivered now"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_("In the commitment's unit (slots, yuan, hires, hours), added to what was delivered so far."),
    )


class EvidenceForm(StepForm):
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it was done: a report, a link, a document number."),
    )


class ScanForm(StepForm):
    """The signed scan of a version both parties approved."""

    version = forms.TypedChoiceField(label=_("Version"), coerce=int, choices=())
    file = forms.FileField(label=_("Signed scan (PDF)"), allow_empty_file=True)

    def __init__(self, *args, instance: CooperationAgreement, **kwargs):
        super().__init__(*args, **kwargs)
        signed = instance.versions.filter(status__in=SIGNED_VERSIONS).order_by("-number")
        self.fields["version"].choices = [(v.number, _("Version %(number)s") % {"number": v.number}) for v in signed]
