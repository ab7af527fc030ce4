from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import City, IndustrySector, Skill
from colleges.choices import CertificateLevel, CollegeKind, ProgramLevel, StudentStatus
from colleges.validators import validate_mobile_phone, validate_national_id


class College(models.Model):
    """A university, vocational college or vocational school of a pilot city."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="colleges", verbose_name=_("city"))
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("institution code"),
        max_length=10,
        unique=True,
        help_text=_("The 10-digit national institution identifier (学校标识码)."),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=CollegeKind.choices)
    district = models.CharField(_("district"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("college")
        verbose_name_plural = _("colleges")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="college_name_unique_per_city"),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{10}$"),
                name="college_code_ten_digits",
                violation_error_message=_("The institution code is 10 digits."),
            ),
        ]

    def __str__(self):
        return self.name


class CollegeStaff(models.Model):
    """Membership of a user in one college's staff, which makes them act for that college."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="college_membership", verbose_name=_("user")
    )
    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="staff", verbose_name=_("college"))
    title = models.CharField(_("job title"), max_length=60, blank=True)

    class Meta:
        verbose_name_plural = _("college staff members")
        verbose_name = _("college staff member")
        ordering = ["college", "user__username"]

    def __str__(self):
        return f"{self.user} @ {self.college}"


class Certificate(models.Model):
    """A 1+X vocational skill certificate of the national catalogue, awarded at three levels."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    awarding_body = models.CharField(
        _("awarding body"), max_length=100, help_text=_("The training and evaluation organisation.")
    )
    sector = models.ForeignKey(
        IndustrySector, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sector")
    )

    class Meta:
        verbose_name = _("1+X certificate")
        verbose_name_plural = _("1+X certificates")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Program(models.Model):
    """A major (专业) a college runs, with its training objective, target sectors and practice requirements."""

    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="programs", verbose_name=_("college"))
    catalogue_code = models.CharField(
        _("catalogue code"), max_length=8, help_text=_("Code in the national catalogue of majors.")
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(pgettext_lazy("program", "level"), max_length=24, choices=ProgramLevel.choices)
    duration_years = models.PositiveSmallIntegerField(_("duration (years)"), default=3)
    annual_intake = models.PositiveIntegerField(_("annual intake"))
    training_objective = models.TextField(
        _("training objective"), help_text=_("The talent-training objective: who the program trains for what work.")
    )
    target_sectors = models.ManyToManyField(
        IndustrySector, blank=True, related_name="programs", verbose_name=_("target sectors")
    )
    certificates = models.ManyToManyField(
        Certificate,
        blank=True,
        related_name="programs",
        help_text=_("1+X certificates the program prepares for."),
        verbose_name=_("1+X certificates"),
    )
    practical_credit_share = models.DecimalField(
        _("practical credit share"),
        max_digits=4,
        decimal_places=3,
        help_text=_("Share of credits that are practical, from 0 to 1."),
    )
    required_practice_hours = models.PositiveIntegerField(
        _("required practice hours"), help_text=_("Practice hours a student must log to graduate.")
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["college", "catalogue_code"]
        constraints = [
            models.UniqueConstraint(fields=["college", "catalogue_code"], name="program_code_unique_per_college"),
            models.CheckConstraint(
                condition=Q(catalogue_code__regex=r"^[0-9]{6}[TK]?$"),
                name="program_catalogue_code_shape",
                violation_error_message=_("A catalogue code is six digits, optionally followed by T or K."),
            ),
            models.CheckConstraint(
                condition=Q(practical_credit_share__gte=0, practical_credit_share__lte=1),
                name="program_practical_share_between_0_and_1",
                violation_error_message=_("The practical credit share is between 0 and 1."),
            ),
            models.CheckConstraint(
                condition=Q(duration_years__gte=1, duration_years__lte=6),
                name="program_duration_1_to_6_years",
                violation_error_message=_("A program lasts between 1 and 6 years."),
            ),
            models.CheckConstraint(
                condition=Q(annual_intake__gt=0),
                name="program_intake_positive",
                violation_error_message=_("The annual intake must be at least 1."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.college})"


class Course(models.Model):
    """A course of a program, with its credits, practical credits and the industry standards it embeds."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="courses", verbose_name=_("program"))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)
    practical_credits = models.DecimalField(_("practical credits"), max_digits=4, decimal_places=1, default=0)
    industry_standards = models.TextField(
        _("industry standards"), blank=True, help_text=_("Industry or occupational standards the course teaches to.")
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["program", "code"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="course_code_unique_per_program"),
            models.CheckConstraint(
                condition=Q(credits__gt=0),
                name="course_credits_positive",
                violation_error_message=_("A course carries more than 0 credits."),
            ),
            models.CheckConstraint(
                condition=Q(practical_credits__gte=0, practical_credits__lte=F("credits")),
                name="course_practical_credits_within_credits",
                violation_error_message=_("Practical credits are between 0 and the course's credits."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class Student(models.Model):
    """A student enrolled in a program; the personal fields here are the most protected data of the platform."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="students", verbose_name=_("program"))
    cohort_year = models.PositiveSmallIntegerField(_("cohort year"), help_text=_("Year of enrolment."))
    status = models.CharField(
        _("status"), max_length=12, choices=StudentStatus.choices, default=StudentStatus.ENROLLED
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="students", verbose_name=_("skills"))
    practice_hours = models.PositiveIntegerField(_("practice hours"), default=0)
    # Personal fields: only what placements and insurance need. Age is read from the ID number, not stored twice.
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    student_number = models.CharField(_("student number"), max_length=20)
    national_id = models.CharField(_("national ID number"), max_length=18, validators=[validate_national_id])
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True, validators=[validate_mobile_phone])

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["program", "student_number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "student_number"], name="student_number_unique_per_program"),
            models.UniqueConstraint(fields=["program", "national_id"], name="student_once_per_program"),
            models.CheckConstraint(
                condition=Q(cohort_year__gte=2000, cohort_year__lte=2100),
                name="student_cohort_year_plausible",
                violation_error_message=_("The cohort year must be between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(national_id__regex=r"^[0-9]{17}[0-9X]$"),
                name="student_national_id_shape",
                violation_error_message=_("A national ID number is 17 digits followed by a digit or X."),
            ),
        ]
        indexes = [models.Index(fields=["program", "cohort_year"], name="student_program_cohort")]

    def __str__(self):
        return f"{self.student_number} {self.name}"


class StudentCertificate(models.Model):
    """A 1+X certificate a student has earned, at one level."""

    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("student")
    )
    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="awards", verbose_name=_("certificate")
    )
    level = models.CharField(pgettext_lazy("certificate", "level"), max_length=12, choices=CertificateLevel.choices)
    awarded_on = models.DateField(_("awarded on"))

    class Meta:
        verbose_name = _("student certificate")
        verbose_name_plural = _("student certificates")
        ordering = ["student", "certificate"]
        constraints = [
            models.UniqueConstraint(fields=["student", "certificate", "level"], name="student_certificate_level_once"),
        ]

    def __str__(self):
        return f"{self.student} – {self.certificate} ({self.get_level_display()})"
