from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from cities.choices import SectorLevel

FIRST_PILOT_YEAR = 2017  # State Council General Office Opinions No. 95 (2017) started the integration policy.


class IndustrySector(models.Model):
    """A section (A–T) or division (01–97) of China's industry classification GB/T 4754-2017."""

    code = models.CharField(max_length=2, unique=True, help_text=_("Section letter A–T or two-digit division."))
    level = models.CharField(max_length=8, choices=SectorLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="divisions",
        limit_choices_to={"level": SectorLevel.SECTION},
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=140)

    class Meta:
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
        return f"{self.code} {self.name_en}"


class Skill(models.Model):
    """A skill that postings ask for, students have and enterprises demand (e.g. PLC programming)."""

    name = models.CharField(max_length=80)
    sector = models.ForeignKey(
        IndustrySector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="skills",
        help_text=_("The division where the skill is mostly used, if any."),
    )

    class Meta:
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

    name = models.CharField(max_length=60)
    province = models.CharField(max_length=30)
    pilot_batch_year = models.PositiveSmallIntegerField(help_text=_("Year the city entered the national pilot."))
    priority_sectors = models.ManyToManyField(IndustrySector, blank=True, related_name="priority_in_cities")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("cities")
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="city_unique_per_province"),
            models.CheckConstraint(
                condition=Q(pilot_batch_year__gte=FIRST_PILOT_YEAR, pilot_batch_year__lte=2100),
                name="city_pilot_year_plausible",
                violation_error_message=_("The pilot batch year must be between 2017 and 2100."),
            ),
        ]

    def __str__(self):
        return self.name
