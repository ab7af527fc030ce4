from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cities.choices import SectorLevel

FIRST_PILOT_YEAR = 2017  # State Council General Office Opinions No. 95 (2017) started the integration policy.


class IndustrySector(models.Model):
    """A section (A–T) or division (01–97) of China's industry classification GB/T 4754-2017."""

    code = models.CharField(
        _("code"), max_length=2, unique=True, help_text=_("Section letter A–T or two-digit division.")
    )
    level = models.CharField(_("level"), max_length=8, choices=SectorLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="divisions",
        limit_choices_to={"level": SectorLevel.SECTION},
        verbose_name=_("parent section"),
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=140)

    class Meta:
        verbose_name = _("industry sector")
        verbose_name_plural = _("industry sectors")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level=SectorLevel.SECTION, parent__isnull=True, code__regex=r"^[A-T]$")
                | Q(level=SectorLevel.DIVISION, parent__isnull=False, code__regex=r"^[0-9]{2}$"),
                name="sector_section_or_division_shape",
                violation_error_message=_(
                    "A section is one letter A–T with no parent; a division is two digits under a section."
                ),
            ),
        ]

    def __str__(self):
        """The code and the name in the page's language: the classification ships both."""
        return f"{self.code} {self.name_zh if (get_language() or '').startswith('zh') else self.name_en}"


class Skill(models.Model):
    """A skill that postings ask for, students have and enterprises demand (e.g. PLC programming)."""

    name = models.CharField(_("name"), max_length=80)
    sector = models.ForeignKey(
        IndustrySector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="skills",
        help_text=_("The division where the skill is mostly used, if any."),
        verbose_name=_("sector"),
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="skill_name_unique_ci",
                violation_error_message=_("A skill with this name already exists."),
            ),
        ]

    def __str__(self):
        return self.name


class City(models.Model):
    """A pilot city for industry–education integration; every college and enterprise belongs to exactly one."""

    name = models.CharField(_("name"), max_length=60)
    province = models.CharField(_("province"), max_length=30)
    pilot_batch_year = models.PositiveSmallIntegerField(
        _("pilot batch year"), help_text=_("Year the city entered the national pilot.")
    )
    priority_sectors = models.ManyToManyField(
        IndustrySector, blank=True, related_name="priority_in_cities", verbose_name=_("priority sectors")
    )
    incentive_rate = models.DecimalField(
        _("incentive rate"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.300"),
        help_text=_(
            # xgettext:no-python-format
            "Share of a certified integration enterprise's education investment it may offset against the "
            "education surcharges (30% under the national pilot rules)."
        ),
    )

    class Meta:
        verbose_name = _("city")
        ordering = ["name"]
        verbose_name_plural = _("cities")
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="city_unique_per_province"),
            models.CheckConstraint(
                condition=Q(pilot_batch_year__gte=FIRST_PILOT_YEAR, pilot_batch_year__lte=2100),
                name="city_pilot_year_plausible",
                violation_error_message=_("The pilot batch year must be between 2017 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(incentive_rate__gte=0, incentive_rate__lte=1),
                name="city_incentive_rate_between_0_and_1",
                violation_error_message=_("The incentive rate is a share between 0 and 1."),
            ),
        ]

    def __str__(self):
        return self.name


class InternshipRules(models.Model):
    """A city's thresholds for the national rules on vocational students' internships, checked before a posting
    opens. A city without a row of its own gets the national defaults below."""

    city = models.OneToOneField(
        City, on_delete=models.CASCADE, related_name="internship_rules", verbose_name=_("city")
    )
    max_daily_hours = models.DecimalField(
        _("maximum daily hours"), max_digits=3, decimal_places=1, default=Decimal("8.0")
    )
    night_work_allowed = models.BooleanField(_("night work allowed"), default=False)
    insurance_required = models.BooleanField(_("liability insurance required"), default=True)
    minimum_monthly_stipend = models.DecimalField(
        _("minimum monthly stipend (CNY)"), max_digits=8, decimal_places=2, default=Decimal("2000.00")
    )
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), default=16)

    class Meta:
        verbose_name = _("internship rules")
        verbose_name_plural = _("internship rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_daily_hours__gt=0, max_daily_hours__lte=24),
                name="internship_rules_daily_hours_in_a_day",
                violation_error_message=_("The daily hours limit is more than 0 and at most 24."),
            ),
            models.CheckConstraint(
                condition=Q(minimum_monthly_stipend__gte=0),
                name="internship_rules_stipend_not_negative",
                violation_error_message=_("The stipend floor cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(minimum_age__gte=16),
                name="internship_rules_minimum_age_at_least_16",
                violation_error_message=_("Nobody under 16 may be placed: the floor cannot go lower."),
            ),
        ]

    def __str__(self):
        return f"Internship rules of {self.city}"


# The thresholds a city sets, in the order its pages, its API and the admin show them.
INTERNSHIP_THRESHOLDS = (
    "max_daily_hours",
    "night_work_allowed",
    "insurance_required",
    "minimum_monthly_stipend",
    "minimum_age",
)


class AcademicTerm(models.Model):
    """A term of a city's academic calendar; an internship runs inside one term."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="academic_terms", verbose_name=_("city"))
    name = models.CharField(_("name"), max_length=40, help_text=_("e.g. 2026–2027 autumn"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("academic term")
        verbose_name_plural = _("academic terms")
        ordering = ["city", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="academic_term_name_unique_per_city"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="academic_term_ends_after_start",
                violation_error_message=_("A term ends after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.city} {self.name}"

    def clean(self):
        """A day belongs to one term at most: an internship must fall inside one term of the city, so two terms
        that share a day would make the calendar ambiguous. The service locks the city, so two at once cannot."""
        if self.city_id is None or self.starts_on is None or self.ends_on is None:
            return
        overlapping = (
            AcademicTerm.objects.filter(city_id=self.city_id, starts_on__lte=self.ends_on, ends_on__gte=self.starts_on)
            .exclude(pk=self.pk)
            .order_by("starts_on")
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                {
                    "starts_on": _(
                        "This term shares days with %(term)s (%(starts_on)s to %(ends_on)s): the terms of a city do "
                        "not overlap."
                    )
                    % {"term": overlapping.name, "starts_on": overlapping.starts_on, "ends_on": overlapping.ends_on}
                }
            )


class CityOfficial(models.Model):
    """Membership of a user in a city's administration: sees the city's dashboards, certifies, runs allocation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="city_membership", verbose_name=_("user")
    )
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="officials", verbose_name=_("city"))
    title = models.CharField(_("job title"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("city official")
        verbose_name_plural = _("city officials")
        db_table = "partnerships_cityofficial"  # the table it had when it sat in partnerships
        ordering = ["city", "user__username"]

    def __str__(self):
        return f"{self.user} @ {self.city}"
