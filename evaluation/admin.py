from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyMixin
from evaluation.models import RUBRIC_FIELDS, MentorEvaluation, PartyRating

# Evaluations and ratings are recorded once, by a mentor or a party, through evaluation/services.py (which check who
# may record what for which month); the admin shows them and records none.


@admin.register(MentorEvaluation)
class MentorEvaluationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("placement", "period", "mentor", *RUBRIC_FIELDS, "mean_mark")
    list_select_related = (
        "placement__student",
        "placement__posting__enterprise",
        "mentor__user",
        "mentor__enterprise",
    )
    list_filter = ("placement__posting__kind", "placement__posting__enterprise__city")
    search_fields = (
        "placement__student__student_number",
        "placement__student__name",
        "placement__posting__enterprise__name",
    )
    date_hierarchy = "period"
    ordering = ("-period",)

    @admin.display(description=_("mean mark"), ordering=sum(F(field) for field in RUBRIC_FIELDS))
    def mean_mark(self, evaluation):
        return sum(getattr(evaluation, field) for field in RUBRIC_FIELDS) / len(RUBRIC_FIELDS)


@admin.register(PartyRating)
class PartyRatingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("agreement", "rater_party", "score", "period", "rated_by")
    list_select_related = ("agreement", "rated_by")
    list_filter = ("rater_party", "score", "agreement__kind")
    search_fields = ("agreement__title", "agreement__college__name", "agreement__enterprise__name")
    date_hierarchy = "period"
    ordering = ("-period",)
