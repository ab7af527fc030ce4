import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cities.models import City, IndustrySector, Skill
from colleges.models import College
from common.templatetags.platform import cny
from common.validators import require_same_city
from enterprises.choices import EnterpriseSize, InvestmentPurpose, PostingKind, PostingStatus
from enterprises.validators import CREDIT_CODE_ALPHABET, validate_credit_code


class Enterprise(models.Model):
    """A company of a pilot city that hosts interns and apprentices and cooperates with colleges."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("city"))
    name = models.CharField(_("name"), max_length=120)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": _("An enterprise with this credit code is already registered.")},
    )
    sector = models.ForeignKey(
        IndustrySector, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("sector")
    )
    size = models.CharField(_("size"), max_length=8, choices=EnterpriseSize.choices)
    district = models.CharField(_("district"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="enterprise_name_unique_per_city"),
            models.CheckConstraint(
                condition=Q(credit_code__regex=rf"^[{CREDIT_CODE_ALPHABET}]{{18}}$"),
                name="enterprise_credit_code_shape",
                violation_error_message=_("A credit code is 18 characters: digits and capitals except I, O, S, V, Z."),
            ),
        ]
        indexes = [models.Index(fields=["city", "sector"], name="enterprise_city_sector")]

    def __str__(self):
        return self.name


class EnterpriseStaff(models.Model):
    """Membership of a user in one enterprise's staff; mentors among them evaluate interns."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enterprise_membership",
        verbose_name=_("user"),
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="staff", verbose_name=_("enterprise")
    )
    title = models.CharField(_("job title"), max_length=60, blank=True)
    is_mentor = models.BooleanField(
        _("mentor"), default=False, help_text=_("Guides interns and apprentices on the job.")
    )

    class Meta:
        verbose_name_plural = _("enterprise staff members")
        verbose_name = _("enterprise staff member")
        ordering = ["enterprise", "user__username"]

    def __str__(self):
        return f"{self.user} @ {self.enterprise}"


class EducationInvestment(models.Model):
    """Money an enterprise put into education (equipment, bases, scholarships…), the basis of its incentive."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="investments", verbose_name=_("enterprise")
    )
    college = models.ForeignKey(
        College,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="investments_received",
        verbose_name=_("college"),
    )
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)
    invested_on = models.DateField(_("invested on"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=InvestmentPurpose.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("education investment")
        verbose_name_plural = _("education investments")
        ordering = ["-invested_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="investment_amount_positive",
                violation_error_message=_("An investment amount must be more than 0."),
            ),
        ]

    def __str__(self):
        return gettext("%(purpose)s on %(date)s: %(amount)s") % {
            "purpose": self.get_purpose_display(),
            "date": date_format(self.invested_on),
            "amount": cny(self.amount),
        }

    def clean(self):
        super().clean()
        require_same_city(self, "enterprise", "college")


@pghistory.track()
class Posting(models.Model):
    """Internship or apprenticeship slots an enterprise offers, with the conditions the compliance rules look at."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="postings", verbose_name=_("enterprise")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PostingKind.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    sector = models.ForeignKey(
        IndustrySector, on_delete=models.PROTECT, related_name="postings", verbose_name=_("sector")
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="postings", verbose_name=_("skills"))
    slots = models.PositiveIntegerField(_("slots"))
    filled_slots = models.PositiveIntegerField(
        _("filled slots"),
        default=0,
        help_text=_("Slots taken by active or completed placements; kept by the placement services."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    deadline = models.DateField(_("deadline"), help_text=_("Last day to apply."))
    daily_hours = models.DecimalField(_("daily hours"), max_digits=3, decimal_places=1)
    night_work = models.BooleanField(_("night work"), default=False)
    stipend_monthly = models.DecimalField(_("monthly stipend (CNY)"), max_digits=8, decimal_places=2)
    insurance = models.BooleanField(_("liability insurance"), default=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), default=16)
    training_base = models.ForeignKey(
        "partnerships.TrainingBase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("training base"),
    )
    district = models.CharField(_("district"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=PostingStatus.choices, default=PostingStatus.DRAFT)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(slots__gt=0),
                name="posting_slots_positive",
                violation_error_message=_("A posting offers at least one slot."),
            ),
            models.CheckConstraint(
                condition=Q(filled_slots__lte=F("slots")),
                name="posting_never_overbooked",
                violation_error_message=_("A posting cannot hold more placements than it has slots."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="posting_ends_after_start",
                violation_error_message=_("A posting ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__lte=F("starts_on")),
                name="posting_deadline_before_start",
                violation_error_message=_("The application deadline is on or before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(daily_hours__gt=0, daily_hours__lte=24),
                name="posting_daily_hours_in_a_day",
                violation_error_message=_("Daily hours are more than 0 and at most 24."),
            ),
            models.CheckConstraint(
                condition=Q(stipend_monthly__gte=0),
                name="posting_stipend_not_negative",
                violation_error_message=_("The stipend cannot be negative."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="posting_status_deadline"),
            # The city's open postings, newest first (a college's list of postings): read in order, not sorted.
            models.Index(fields=["status", "-created_at"], name="posting_status_newest"),
        ]

    def __str__(self):
        return f"{self.title} – {self.enterprise}"


class TalentDemand(models.Model):
    """How many people with a skill an enterprise expects to hire in a sector in a year."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="talent_demand", verbose_name=_("enterprise")
    )
    sector = models.ForeignKey(
        IndustrySector, on_delete=models.PROTECT, related_name="talent_demand", verbose_name=_("sector")
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="talent_demand", verbose_name=_("skill"))
    headcount = models.PositiveIntegerField(_("headcount"))
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("talent demand")
        verbose_name_plural = _("talent demand")
        ordering = ["-year", "enterprise"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "sector", "skill", "year"], name="talent_demand_once_per_year"
            ),
            models.CheckConstraint(
                condition=Q(headcount__gt=0),
                name="talent_demand_headcount_positive",
                violation_error_message=_("The headcount must be at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="talent_demand_year_plausible",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]
        indexes = [models.Index(fields=["sector", "year"], name="talent_demand_sector_year")]

    def __str__(self):
        return f"{self.enterprise}: {self.headcount} × {self.skill} ({self.year})"
