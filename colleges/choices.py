from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CollegeKind(models.TextChoices):
    UNDERGRADUATE = "undergraduate", _("Undergraduate university")
    APPLIED_UNDERGRADUATE = "applied_undergraduate", _("Applied undergraduate university")
    HIGHER_VOCATIONAL = "higher_vocational", _("Higher vocational college")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("Secondary vocational school")


class ProgramLevel(models.TextChoices):
    """Levels of the 2021 national catalogue of vocational and undergraduate majors."""

    SECONDARY_VOCATIONAL = "secondary_vocational", _("Secondary vocational")
    HIGHER_VOCATIONAL = "higher_vocational", _("Higher vocational (associate)")
    VOCATIONAL_UNDERGRADUATE = "vocational_undergraduate", _("Vocational undergraduate")
    UNDERGRADUATE = "undergraduate", _("Undergraduate")


class StudentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    GRADUATED = "graduated", _("Graduated")
    # Left the college before graduating; an application's "Withdrawn" is another word in Chinese.
    WITHDRAWN = "withdrawn", pgettext_lazy("student status", "Withdrawn")


class CertificateLevel(models.TextChoices):
    """Levels of a 1+X vocational skill certificate, lowest first."""

    PRIMARY = "primary", _("Primary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class TalentBand(models.TextChoices):
    """Bands of the talent score (0–100) that the student lists filter by; "not scored yet" has no score."""

    HIGH = "high", _("80 and above")
    MIDDLE = "middle", _("60 to 80")
    LOW = "low", _("Below 60")
    UNSCORED = "unscored", _("Not scored yet")


# Which students each band holds, as a filter of students: the current talent score is evaluation's, reached by its
# reverse relation's name (docs/architecture.md).
TALENT_BAND_STUDENTS = {
    TalentBand.HIGH: Q(talent__score__gte=80),
    TalentBand.MIDDLE: Q(talent__score__gte=60, talent__score__lt=80),
    TalentBand.LOW: Q(talent__score__lt=60),
    TalentBand.UNSCORED: Q(talent__isnull=True),
}
