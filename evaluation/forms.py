"""The forms of the evaluation app's pages: a mentor's evaluation of an intern on the five-item rubric, a party's
rating of the other in an agreement."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from colleges.models import College
from colleges.selectors import college_list
from common.forms import ScopedChoicesMixin, SearchedChoiceField
from evaluation.models import RUBRIC_FIELDS, MentorEvaluation, PartyRating
from partnerships.agreement_forms import PartOfRecordForm
from partnerships.choices import AgreementKind

# What each rubric item weighs, told to the mentor next to its marks.
RUBRIC_DESCRIPTIONS = {
    "professional_skill": _("Applies the skills of the trade to the tasks given, to the standard of the workplace."),
    "attitude": _("Punctual and diligent; takes instructions and feedback and follows them through."),
    "teamwork": _("Works with colleagues, shares information and helps others get the job done."),
    "innovation": _("Suggests better ways of working and solves problems on their own initiative."),
    "safety_and_standards": _("Follows the safety rules, the procedures and the industry standards of the site."),
}
MARKS = [
    (1, _("1 – Well below expectations")),
    (2, _("2 – Below expectations")),
    (3, _("3 – Meets expectations")),
    (4, _("4 – Above expectations")),
    (5, _("5 – Excellent")),
]


class MentorEvaluationForm(PartOfRecordForm):
    """The month evaluated and a mark from 1 to 5 on each rubric item, chosen among labelled radio buttons."""

    class Meta:
        model = MentorEvaluation
        fields = ["period", *RUBRIC_FIELDS, "comment"]
        widgets = {
            # A date input takes and gives ISO dates whatever the page's language.
            "period": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "comment": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"period": _("Any day of the month the evaluation covers.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].initial = timezone.localdate().replace(day=1)
        for name in RUBRIC_FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=MARKS,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=RUBRIC_DESCRIPTIONS[name],
            )


class PartyRatingForm(PartOfRecordForm):
    """A party's rating of the other for one month of the agreement (evaluation.services.party_rating_create)."""

    class Meta:
        model = PartyRating
        fields = ["period", "score", "comment"]
        widgets = {
            "period": forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
            "score": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].input_formats = ["%Y-%m", "%Y-%m-%d"]


class CityDashboardFilterForm(ScopedChoicesMixin, forms.Form):
    """The city dashboard's filters (GET): the academic year of the runs read, a college (searched among the
    city's thousands), an enterprise's sector section and an agreement kind; each empty for all."""

    scoped_fields = {"college": college_list}
    searched_fields = {"college": ("name", "code")}

    academic_year = forms.IntegerField(
        label=_("Academic year"), min_value=2000, max_value=2100, required=False, widget=forms.Select(choices=())
    )
    college = SearchedChoiceField(label=_("College"), queryset=College.objects.none(), required=False)
    sector = forms.RegexField(label=_("Sector"), regex=r"^[A-Z]$", required=False, widget=forms.Select(choices=()))
    kind = forms.ChoiceField(
        label=_("Agreement kind"), required=False, choices=[("", _("All kinds")), *AgreementKind.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["college"].empty_label = _("All colleges")

    def offer_choices(self, *, years: list[int], sectors: dict[str, str]) -> None:
        """The academic years that have runs and the sector sections their figures know (read with the figures,
        after the filters: a year or sector without figures shows none)."""
        self.fields["academic_year"].widget.choices = [(year, academic_year_label(year)) for year in years]
        self.fields["sector"].widget.choices = [("", _("All sectors")), *sectors.items()]


def academic_year_label(year: int) -> str:
    """An academic year as people write it: 2026–2027."""
    return f"{year}–{year + 1}"
