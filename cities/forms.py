"""The forms of the officials' pages of their city: a term of the academic calendar and the internship rules."""

from django.utils.translation import gettext_lazy as _

from cities.models import INTERNSHIP_THRESHOLDS, AcademicTerm, InternshipRules
from common.forms import DateInput, PlatformModelForm


class AcademicTermForm(PlatformModelForm):
    class Meta:
        model = AcademicTerm
        fields = ["name", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {
            "starts_on": _("The first day of the term."),
            "ends_on": _("The last day of the term: an internship in this term ends on it at the latest."),
        }


class InternshipRulesForm(PlatformModelForm):
    class Meta:
        model = InternshipRules
        fields = INTERNSHIP_THRESHOLDS
        help_texts = {
            "max_daily_hours": _("The longest working day a posting may ask of an intern, from more than 0 to 24."),
            "night_work_allowed": _("Whether a posting may include night work."),
            "insurance_required": _("Whether a posting must cover its interns with liability insurance."),
            "minimum_monthly_stipend": _("The least a posting may pay an intern a month, in yuan."),
            "minimum_age": _("The youngest an intern may be on the day the internship starts; never under 16."),
        }
