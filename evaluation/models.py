from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import EnterpriseStaff
from partnerships.choices import Party
from partnerships.models import CooperationAgreement, Placement

RUBRIC_FIELDS = ["professional_skill", "attitude", "teamwork", "innovation", "safety_and_standards"]


def one_to_five_check(field: str, prefix: str) -> models.CheckConstraint:
    """A database check that a rubric field is a whole mark from 1 to 5."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
        name=f"{prefix}_{field}_1_to_5",
        violation_error_message=_("Marks are whole numbers from 1 to 5."),
    )


class MentorEvaluation(models.Model):
    """A host-enterprise mentor's evaluation of an intern for one period, on a five-criterion 1–5 rubric."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="evaluations")
    mentor = models.ForeignKey(
        EnterpriseStaff, on_delete=models.SET_NULL, null=True, blank=True, related_name="evaluations"
    )
    period = models.DateField(help_text=_("First day of the month the evaluation covers."))
    professional_skill = models.PositiveSmallIntegerField()
    attitude = models.PositiveSmallIntegerField()
    teamwork = models.PositiveSmallIntegerField()
    innovation = models.PositiveSmallIntegerField()
    safety_and_standards = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    evaluated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "period"],
                name="mentor_evaluation_once_per_period",
                violation_error_message=_("This placement has already been evaluated for this period."),
            ),
            *(one_to_five_check(field, "mentor_evaluation") for field in RUBRIC_FIELDS),
        ]

    def __str__(self):
        return f"{self.placement} – {self.period:%Y-%m}"


class PartyRating(models.Model):
    """One party of an agreement rating the other, 1–5, for one period of cooperation."""

    agreement = models.ForeignKey(CooperationAgreement, on_delete=models.CASCADE, related_name="ratings")
    rater_party = models.CharField(
        max_length=10, choices=Party.choices, help_text=_("The side that gives the rating.")
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    period = models.DateField(help_text=_("First day of the month the rating covers."))
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "rater_party", "period"],
                name="party_rating_once_per_period",
                violation_error_message=_("This party has already rated the other for this period."),
            ),
            one_to_five_check("score", "party_rating"),
        ]

    def __str__(self):
        return f"{self.agreement} – {self.get_rater_party_display()} rates {self.score}/5"
