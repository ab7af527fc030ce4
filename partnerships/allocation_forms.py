"""The forms of the allocation round pages: each one's cleaned data is what a service of
partnerships/services/allocation_rounds.py takes, so the pages add no rule of their own."""

from django import forms
from django.utils.translation import gettext_lazy as _

from colleges.selectors import college_list
from common.forms import SEARCH_LIMIT, PlatformModelForm, ScopedChoicesMixin, SearchedChoiceField
from common.views import StepForm
from enterprises.choices import PostingStatus
from enterprises.selectors import posting_list
from partnerships.models import AllocationRound

# How many postings a student's list holds on the page (a file import takes longer lists).
CHOICES_ON_PAGE = 10
# What a search for a posting matches.
POSTING_LOOKUPS = ("title", "enterprise__name")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker, to the second (a window may close at a precise time); its value is ISO
    8601 whatever the page's language."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__({"step": "1", **(attrs or {})}, format="%Y-%m-%dT%H:%M:%S")


class AllocationRoundForm(PlatformModelForm):
    """A round's name, window and lottery seed, as the official creates it and changes it while setting it up."""

    class Meta:
        model = AllocationRound
        fields = ["name", "opens_at", "closes_at", "seed"]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}


class AllocationRoundCreateForm(AllocationRoundForm):
    seed = forms.IntegerField(
        label=_("Lottery seed"),
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text=_(
            "Leave empty and the platform draws one. It is recorded on the round and shown to everyone taking part."
        ),
    )


class PostingChoiceField(SearchedChoiceField):
    """A posting found by part of its title or its enterprise's name, named by both."""

    def label_from_instance(self, obj):
        return f"{obj.title} · {obj.enterprise.name}"


class RoundPostingForm(ScopedChoicesMixin, forms.Form):
    """One posting taking part in the round, with the slots it offers to it (a posting already in: its slots
    change)."""

    posting = PostingChoiceField(
        label=_("Posting"),
        queryset=None,
        empty_label="—",
        help_text=_("An open posting of your city; type part of its title or of its enterprise's name."),
    )
    slots = forms.IntegerField(
        label=_("Slots in this round"),
        min_value=1,
        help_text=_("At most the posting's free slots."),
    )

    def __init__(self, *args, principal, request=None, instance=None, **kwargs):
        super().__init__(*args, principal=principal, request=request, **kwargs)
        self.fields["posting"].queryset = (
            posting_list(principal=principal).filter(status=PostingStatus.OPEN).prefetch_related(None)
        )
        self._offer_matches("posting", POSTING_LOOKUPS, request)


class RoundCollegesForm(StepForm):
    """The colleges whose students take part: their staff enter the students' ranked choices."""

    colleges = forms.ModelMultipleChoiceField(
        label=_("Colleges taking part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their staff enter their students' ranked choices while the round is open."),
    )

    def __init__(self, *args, principal, instance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleges"].queryset = college_list(principal=principal).order_by("name")
        self.fields["colleges"].initial = [row.college_id for row in instance.round_colleges.all()]


class ChoicesForm(ScopedChoicesMixin, forms.Form):
    """A student's ranked choices among the round's postings: choice 1 is the one the student wants most; empty
    choices are skipped, so the list closes up. A round of a few postings offers each of them in every select; a
    larger one finds them by a search box above each select (common.forms.offer_matches)."""

    def __init__(self, *args, principal, postings, current: list[int], request=None, **kwargs):
        kwargs["initial"] = {f"choice_{number}": posting_id for number, posting_id in enumerate(current, start=1)}
        super().__init__(*args, principal=principal, request=request, **kwargs)
        rows = list(postings[: SEARCH_LIMIT + 1])
        few = len(rows) <= SEARCH_LIMIT
        # Never fewer selects than the student has choices (a file may have given more than the page offers).
        count = max(len(current), min(CHOICES_ON_PAGE, len(rows)) if few else CHOICES_ON_PAGE)
        for number in range(1, count + 1):
            name = f"choice_{number}"
            field = self.fields[name] = PostingChoiceField(
                label=_("Choice %(number)d") % {"number": number}, queryset=postings, required=False, empty_label="—"
            )
            if few:
                field.offered = rows
                field.widget.choices = [("", "—"), *((row.pk, field.label_from_instance(row)) for row in rows)]
            else:
                self._offer_matches(name, POSTING_LOOKUPS, request)

    def posting_ids(self) -> list[int]:
        return [posting.pk for name in self.fields if (posting := self.cleaned_data.get(name))]


class ChoicesImportForm(StepForm):
    file = forms.FileField(
        label=_("File of choices"),
        help_text=_(
            "CSV or Excel (xlsx) with the columns student_number, rank and posting (the posting's number as the "
            "round's page lists it); rank 1 is the student's first choice. Each student's list replaces the one "
            "entered before. Nothing is saved unless every row is right."
        ),
    )


class RankingForm(StepForm):
    """The enterprise's order of a posting's applicants: 1 is the most wanted; equal numbers are ties (a seeded
    lottery breaks them); an applicant left without a number is not acceptable to the posting."""

    def __init__(self, *args, applicants, **kwargs):
        super().__init__(*args, **kwargs)
        for applicant in applicants:
            self.fields[f"rank_{applicant.student_id}"] = forms.IntegerField(
                label=applicant.label,
                min_value=1,
                required=False,
                initial=applicant.rank,
                help_text=applicant.hint,
                widget=forms.NumberInput(attrs={"class": "narrow"}),
            )

    def ranks(self) -> list[tuple[int, int]]:
        return [
            (int(name.removeprefix("rank_")), rank)
            for name, rank in self.cleaned_data.items()
            if name.startswith("rank_") and rank is not None
        ]
