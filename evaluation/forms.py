from django import forms

from evaluation.models import PartyRating
from partnerships.agreement_forms import PartOfRecordForm


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
