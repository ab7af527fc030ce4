from django import forms
from django.utils.translation import gettext_lazy as _

from colleges.selectors import college_list
from common.forms import DateInput, PlatformModelForm
from enterprises.models import EducationInvestment, Enterprise, TalentDemand


class EnterpriseForm(PlatformModelForm):
    """The profile an enterprise keeps itself. Its credit code identifies the legal entity: shown, not changed here
    (the platform admin registers it, as the API keeps it read-only)."""

    class Meta:
        model = Enterprise
        fields = ["name", "credit_code", "sector", "size", "district", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credit_code"].disabled = True
        self.fields["credit_code"].required = False
        self.fields["credit_code"].help_text = _("Registered by the platform administrator: ask them to correct it.")

    def changes(self):
        return {name: value for name, value in super().changes().items() if not self.fields[name].disabled}


class TalentDemandForm(PlatformModelForm):
    class Meta:
        model = TalentDemand
        fields = ["sector", "skill", "headcount", "year"]


class EducationInvestmentForm(PlatformModelForm):
    scoped_fields = {"college": college_list}

    class Meta:
        model = EducationInvestment
        fields = ["purpose", "amount", "invested_on", "college", "description"]
        widgets = {"invested_on": DateInput()}
