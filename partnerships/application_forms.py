"""The forms of the application and placement pages: nominating students to a posting, and the steps that take
more than a confirmation (the reasons are common.views.ReasonForm)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.principals import Principal
from colleges.choices import StudentStatus
from colleges.selectors import student_list
from common.views import StepForm
from enterprises.models import Posting


class NominateForm(forms.Form):
    """The college's enrolled students who have not applied to ``posting`` yet, to apply for several at once."""

    students = forms.ModelMultipleChoiceField(
        label=_("Students"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Enrolled students of your college who have not applied to this posting yet."),
        error_messages={"required": _("Choose at least one student.")},
    )
    note = forms.CharField(
        label=_("Note to the enterprise"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent with each application, for example what the students have practised."),
    )

    def __init__(self, *args, principal: Principal, posting: Posting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = (
            student_list(principal=principal)
            .filter(status=StudentStatus.ENROLLED)
            .exclude(applications__posting=posting)
            .order_by("student_number", "pk")
        )


class PlacementCompleteForm(StepForm):
    hired_after = forms.BooleanField(
        label=_("We hired the student afterwards"),
        required=False,
        help_text=_("Counts towards the placement's outcome in the student's talent score."),
    )
