import uuid

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import City, IndustrySector, Skill
from colleges.models import College, CollegeStaff, Program, Student
from common.validators import require_same_city
from enterprises.models import Enterprise, EnterpriseStaff, Posting
from partnerships.choices import (
    AgreementKind,
    AgreementStatus,
    AllocationRoundStatus,
    ApplicationStatus,
    CommitmentKind,
    CouncilRole,
    Party,
    PlacementStatus,
    RankingSource,
    TrainingBaseKind,
    UnplacedReason,
    VersionStatus,
)


class TrainingBase(models.Model):
    """A place with training stations and equipment where students practise; hosted by a college, an enterprise,
    both, or the city."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="training_bases", verbose_name=_("city"))
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=TrainingBaseKind.choices)
    host_college = models.ForeignKey(
        College,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_bases",
        verbose_name=_("host college"),
    )
    host_enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_bases",
        verbose_name=_("host enterprise"),
    )
    stations = models.PositiveIntegerField(
        _("stations"), help_text=_("Training stations: how many students can practise at once.")
    )
    equipment_value = models.DecimalField(_("equipment value (CNY)"), max_digits=14, decimal_places=2, default=0)
    sectors = models.ManyToManyField(
        IndustrySector, blank=True, related_name="training_bases", verbose_name=_("sectors")
    )
    district = models.CharField(_("district"), max_length=40, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)

    class Meta:
        verbose_name = _("training base")
        verbose_name_plural = _("training bases")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="training_base_name_unique_per_city"),
            models.CheckConstraint(
                condition=Q(kind=TrainingBaseKind.IN_SCHOOL, host_college__isnull=False, host_enterprise__isnull=True)
                | Q(kind=TrainingBaseKind.OFF_CAMPUS, host_college__isnull=True, host_enterprise__isnull=False)
                | Q(kind=TrainingBaseKind.CO_BUILT, host_college__isnull=False, host_enterprise__isnull=False)
                | Q(kind=TrainingBaseKind.PUBLIC, host_college__isnull=True, host_enterprise__isnull=True),
                name="training_base_hosts_match_kind",
                violation_error_message=_(
                    "In-school bases have a host college only, off-campus ones a host enterprise only, "
                    "co-built ones both, public ones neither."
                ),
            ),
            models.CheckConstraint(
                condition=Q(stations__gt=0),
                name="training_base_stations_positive",
                violation_error_message=_("A training base has at least one station."),
            ),
            models.CheckConstraint(
                condition=Q(equipment_value__gte=0),
                name="training_base_equipment_value_not_negative",
                violation_error_message=_("The equipment value cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        require_same_city(self, "city", "host_college", "host_enterprise")


@pghistory.track()
class CooperationAgreement(models.Model):
    """A cooperation agreement between one college and one enterprise, of one kind, from draft to its end."""

    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("college")
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("enterprise")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=160)
    summary = models.TextField(_("summary"), blank=True)
    training_base = models.ForeignKey(
        TrainingBase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("training base"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    proposer_party = models.CharField(_("proposer party"), max_length=10, choices=Party.choices, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("countersigned by"),
    )
    countersigned_at = models.DateTimeField(_("countersigned at"), null=True, blank=True)
    ended_at = models.DateTimeField(
        _("ended at"), null=True, blank=True, help_text=_("When it was completed or terminated.")
    )
    termination_reason = models.TextField(_("termination reason"), blank=True)
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        help_text=_("The agreement this one renews."),
        verbose_name=_("predecessor"),
    )
    current_version = models.ForeignKey(
        "AgreementVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The version of the terms in force (or, while proposed, awaiting countersignature)."),
        verbose_name=_("current version"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="agreement_ends_after_start",
                violation_error_message=_("An agreement ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status=AgreementStatus.DRAFT) | (~Q(proposer_party="") & Q(proposed_at__isnull=False)),
                name="agreement_proposal_recorded",
                violation_error_message=_(
                    "Past the draft stage an agreement records which party proposed it and when."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[AgreementStatus.ACTIVE, AgreementStatus.COMPLETED])
                | Q(countersigned_at__isnull=False, countersigned_at__gte=F("proposed_at")),
                name="agreement_active_only_when_countersigned",
                violation_error_message=_("An agreement becomes active only when countersigned after its proposal."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[AgreementStatus.COMPLETED, AgreementStatus.TERMINATED])
                | Q(ended_at__isnull=False),
                name="agreement_end_recorded",
                violation_error_message=_("A completed or terminated agreement records when it ended."),
            ),
            models.CheckConstraint(
                condition=~Q(status=AgreementStatus.TERMINATED) | ~Q(termination_reason=""),
                name="agreement_termination_has_reason",
                violation_error_message=_("A termination needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("pk")),
                name="agreement_not_its_own_predecessor",
                violation_error_message=_("An agreement cannot renew itself."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"], name="agreement_status_kind"),
            models.Index(fields=["college", "status"], name="agreement_college_status"),
            models.Index(fields=["enterprise", "status"], name="agreement_enterprise_status"),
        ]

    def __str__(self):
        return self.title


class AgreementVersion(models.Model):
    """One version of an agreement's terms (its fields, commitments and milestones), as proposed or amended.

    The history of an agreement is its versions: every proposal, re-proposal and amendment leaves one.
    """

    agreement = models.ForeignKey(
        CooperationAgreement, on_delete=models.CASCADE, related_name="versions", verbose_name=_("agreement")
    )
    number = models.PositiveIntegerField(pgettext_lazy("version", "number"))
    terms = models.JSONField(_("terms"), help_text=_("The agreement's terms as of this version."))
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.PENDING)
    proposer_party = models.CharField(_("proposer party"), max_length=10, choices=Party.choices)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why the terms changed (for an amendment)."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_number_unique"),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status=VersionStatus.PENDING),
                name="agreement_one_pending_version",
                violation_error_message=_("This agreement already has a change awaiting approval."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="agreement_version_number_positive",
                violation_error_message=_("Versions are numbered from 1."),
            ),
        ]

    def __str__(self):
        return f"{self.agreement} v{self.number}"


class AgreementApproval(models.Model):
    """One party's approval of one version of an agreement's terms."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("version")
    )
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement approval")
        verbose_name_plural = _("agreement approvals")
        ordering = ["version", "approved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "party"],
                name="agreement_approval_once_per_party",
                violation_error_message=_("This party has already approved this version."),
            ),
        ]

    def __str__(self):
        return f"{self.version} approved by the {self.get_party_display().lower()}"


def scan_upload_path(scan: "AgreementScan", filename: str) -> str:
    """Where a scan is stored: under its agreement, by a random name, so that no path can be guessed from another
    (the uploaded name is kept in ``original_name``; the file is read through the download view only)."""
    return f"agreement-scans/{scan.version.agreement_id}/{uuid.uuid4().hex}.pdf"


@pghistory.track()
class AgreementScan(models.Model):
    """A scan of the paper copy of an agreement version that both parties signed, attached by one of them."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="scans", verbose_name=_("version")
    )
    file = models.FileField(_("file"), upload_to=scan_upload_path, max_length=200)
    original_name = models.CharField(
        _("file name"), max_length=255, help_text=_("The name the file was uploaded with.")
    )
    size = models.PositiveIntegerField(_("size (bytes)"))
    party = models.CharField(
        _("party"), max_length=10, choices=Party.choices, help_text=_("The side that attached it.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("signed scan")
        verbose_name_plural = _("signed scans")
        ordering = ["version", "uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0),
                name="agreement_scan_not_empty",
                violation_error_message=_("A scan is not an empty file."),
            ),
        ]

    def __str__(self):
        return f"{self.version}: {self.original_name}"


class Commitment(models.Model):
    """Something one party of an agreement promised (slots, money, equipment, hires) and how much it delivered."""

    agreement = models.ForeignKey(
        CooperationAgreement, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("agreement")
    )
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=CommitmentKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, help_text=_("Promised over the agreement's term.")
    )
    delivered_amount = models.DecimalField(_("delivered amount"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["agreement", "party", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="commitment_amount_positive",
                violation_error_message=_("A commitment promises more than 0."),
            ),
            models.CheckConstraint(
                condition=Q(delivered_amount__gte=0),
                name="commitment_delivered_not_negative",
                violation_error_message=_("The delivered amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.get_party_display()}: {self.amount} {self.get_kind_display()}"


class Milestone(models.Model):
    """A dated step of an agreement, done when evidence of it is recorded."""

    agreement = models.ForeignKey(
        CooperationAgreement, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("agreement")
    )
    title = models.CharField(_("title"), max_length=160)
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("What shows it was done: a report, a link, a document number.")
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["agreement", "due_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | ~Q(evidence=""),
                name="milestone_done_with_evidence",
                violation_error_message=_("A milestone is marked done only with evidence."),
            ),
        ]
        indexes = [models.Index(fields=["due_on"], name="milestone_open_due", condition=Q(done_at__isnull=True))]

    def __str__(self):
        return self.title


class CouncilSeat(models.Model):
    """An enterprise representative's seat on a college's council (governance shared with industry)."""

    college = models.ForeignKey(
        College, on_delete=models.CASCADE, related_name="council_seats", verbose_name=_("college")
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="council_seats", verbose_name=_("enterprise")
    )
    representative_name = models.CharField(_("representative name"), max_length=50)
    representative_title = models.CharField(_("representative title"), max_length=60, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=CouncilRole.choices, default=CouncilRole.MEMBER)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("council seat")
        verbose_name_plural = _("council seats")
        ordering = ["college", "role", "representative_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["college", "enterprise", "representative_name", "started_on"],
                name="council_seat_once",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="council_seat_ends_after_start",
                violation_error_message=_("A council seat ends on or after it starts."),
            ),
        ]

    def __str__(self):
        return _("%(name)s (%(enterprise)s) on the council of %(college)s") % {
            "name": self.representative_name,
            "enterprise": self.enterprise,
            "college": self.college,
        }

    def clean(self):
        super().clean()
        require_same_city(self, "college", "enterprise")


@pghistory.track()
class Application(models.Model):
    """A student's application to a posting, made by the student or by their college for them."""

    posting = models.ForeignKey(
        Posting, on_delete=models.CASCADE, related_name="applications", verbose_name=_("posting")
    )
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="applications", verbose_name=_("student")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(
        pgettext_lazy("application", "note"),
        blank=True,
        help_text=_("The applicant's (or their college's) note to the enterprise."),
    )
    decision_reason = models.TextField(
        _("decision reason"),
        blank=True,
        help_text=_("Why it was rejected, declined or closed; shown to the other side."),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "student"],
                name="application_once_per_posting",
                violation_error_message=_("This student has already applied to this posting."),
            ),
        ]
        indexes = [
            models.Index(fields=["posting", "status"], name="application_posting_status"),
            models.Index(fields=["student", "status"], name="application_student_status"),
        ]

    def __str__(self):
        return f"{self.student} → {self.posting}"


@pghistory.track()
class Placement(models.Model):
    """A student's internship or apprenticeship at a posting, from acceptance to completion or cancellation."""

    posting = models.ForeignKey(
        Posting, on_delete=models.PROTECT, related_name="placements", verbose_name=_("posting")
    )
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="placements", verbose_name=_("student")
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placement",
        verbose_name=_("application"),
    )
    agreement = models.ForeignKey(
        CooperationAgreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        help_text=_("The agreement this placement fulfils, if any."),
        verbose_name=_("agreement"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.ACTIVE
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    enterprise_mentor = models.ForeignKey(
        EnterpriseStaff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_placements",
        verbose_name=_("enterprise mentor"),
    )
    college_mentor = models.ForeignKey(
        CollegeStaff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_placements",
        verbose_name=_("college mentor"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.TextField(_("cancellation reason"), blank=True)
    hired_after = models.BooleanField(
        _("hired afterwards"), default=False, help_text=_("The host enterprise hired the student afterwards.")
    )

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["posting", "student"], name="placement_once_per_posting"),
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(status=PlacementStatus.ACTIVE),
                name="placement_one_active_per_student",
                violation_error_message=_("This student already has an active placement."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="placement_ends_after_start",
                violation_error_message=_("A placement ends after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PlacementStatus.COMPLETED) | Q(completed_at__isnull=False),
                name="placement_completion_recorded",
                violation_error_message=_("A completed placement records when it was completed."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PlacementStatus.CANCELLED)
                | (Q(cancelled_at__isnull=False) & ~Q(cancellation_reason="")),
                name="placement_cancellation_has_reason",
                violation_error_message=_("A cancellation records when and why."),
            ),
            models.CheckConstraint(
                condition=Q(hired_after=False) | Q(status=PlacementStatus.COMPLETED),
                name="placement_hired_only_after_completion",
                violation_error_message=_("Only a completed placement can end in a hire."),
            ),
        ]
        indexes = [models.Index(fields=["posting", "status"], name="placement_posting_status")]

    def __str__(self):
        return f"{self.student} → {self.posting}"

    def clean(self):
        """The mentors are staff of the placement's own enterprise and college, and its agreement joins the two."""
        super().clean()
        if self.posting_id is None or self.student_id is None:
            return
        enterprise_id, college_id = self.posting.enterprise_id, self.student.program.college_id
        errors = {}
        if self.enterprise_mentor_id and self.enterprise_mentor.enterprise_id != enterprise_id:
            errors["enterprise_mentor"] = [_("The enterprise mentor is staff of the host enterprise.")]
        if self.college_mentor_id and self.college_mentor.college_id != college_id:
            errors["college_mentor"] = [_("The college mentor is staff of the student's college.")]
        agreement = self.agreement
        if agreement is not None and (agreement.college_id, agreement.enterprise_id) != (college_id, enterprise_id):
            errors["agreement"] = [_("The agreement is one between the student's college and the host enterprise.")]
        if errors:
            raise ValidationError(errors)


class SkillProfile(models.Model):
    """How much of one skill an open posting asks for, or a program's enrolled students have: the compact data
    recommendations choose their candidates from (docs/matching.md, "Recommendations")."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("city"))
    # The (city, skill) index below serves the reads; an index of its own would lure the planner off it.
    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("skill")
    )
    posting = models.ForeignKey(
        Posting, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("posting")
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("program")
    )
    weight = models.FloatField(
        _("weight"),
        help_text=_(
            "For a posting, 1 divided by its skills; for a program, the share of its students with the skill."
        ),
    )

    class Meta:
        verbose_name = _("skill profile")
        verbose_name_plural = _("skill profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(posting__isnull=True, program__isnull=False)
                | Q(posting__isnull=False, program__isnull=True),
                name="skill_profile_of_a_posting_or_a_program",
                violation_error_message=_("A skill profile is a posting's or a program's."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0, weight__lte=1),
                name="skill_profile_weight_a_share",
                violation_error_message=_("A skill profile's weight is more than 0 and at most 1."),
            ),
        ]
        # The candidates of a recommendation: one range of this index, read without the table (PostgreSQL).
        indexes = [
            models.Index(
                fields=["city", "skill"], include=["posting", "program", "weight"], name="skill_profile_city_skill"
            )
        ]

    def __str__(self):
        return f"{self.posting or self.program}: {self.skill} × {self.weight:.2f}"


# ------------------------------------------------------------------------------
# City allocation rounds (docs/matching.md, "Allocation rounds on the platform")
# ------------------------------------------------------------------------------
@pghistory.track()
class AllocationRound(models.Model):
    """A city-wide round placing students into postings' slots by stable matching, from setup to publication."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="allocation_rounds", verbose_name=_("city"))
    name = models.CharField(_("name"), max_length=120)
    opens_at = models.DateTimeField(
        _("opens at"), help_text=_("From when colleges enter choices and enterprises rank.")
    )
    closes_at = models.DateTimeField(_("closes at"), help_text=_("Choices and rankings are taken until then."))
    status = models.CharField(
        _("status"), max_length=10, choices=AllocationRoundStatus.choices, default=AllocationRoundStatus.SETUP
    )
    seed = models.BigIntegerField(
        _("lottery seed"), help_text=_("Breaks ties in the rankings; the same seed gives the same result.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.CharField(_("progress note"), max_length=200, blank=True)
    failure = models.TextField(_("failure"), blank=True, help_text=_("Why the last run failed."))
    ran_at = models.DateTimeField(_("ran at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    stats = models.JSONField(
        _("figures"), default=dict, blank=True, help_text=_("Of the last run: matched, unmatched, timings (ms).")
    )

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="allocation_round_closes_after_opening",
                violation_error_message=_("A round closes after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="allocation_round_progress_a_percentage",
                violation_error_message=_("Progress is a percentage, at most 100."),
            ),
            models.CheckConstraint(
                condition=~Q(status=AllocationRoundStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="allocation_round_publication_recorded",
                violation_error_message=_("A published round records when it was published."),
            ),
        ]
        indexes = [models.Index(fields=["city", "status"], name="allocation_round_city_status")]

    def __str__(self):
        return self.name


class AllocationRoundPosting(models.Model):
    """A posting taking part in a round, with the slots it offers there and whose ranking of applicants is used."""

    round = models.ForeignKey(
        AllocationRound, on_delete=models.CASCADE, related_name="round_postings", verbose_name=_("round")
    )
    posting = models.ForeignKey(
        Posting, on_delete=models.PROTECT, related_name="round_entries", verbose_name=_("posting")
    )
    slots = models.PositiveIntegerField(_("slots"), help_text=_("At most the posting's free slots."))
    ranking_source = models.CharField(
        _("ranking"), max_length=12, choices=RankingSource.choices, default=RankingSource.RECOMMENDED
    )
    ranking_confirmed_at = models.DateTimeField(
        _("ranking confirmed at"),
        null=True,
        blank=True,
        help_text=_("When the enterprise entered its ranking or accepted the default one."),
    )

    class Meta:
        verbose_name = _("posting in a round")
        verbose_name_plural = _("postings in a round")
        ordering = ["round", "posting"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "posting"],
                name="allocation_round_posting_once",
                violation_error_message=_("This posting is already in the round."),
            ),
            models.CheckConstraint(
                condition=Q(slots__gte=1),
                name="allocation_round_posting_slots_positive",
                violation_error_message=_("A posting takes part with at least one slot."),
            ),
        ]

    def __str__(self):
        return f"{self.posting} ({self.slots})"


class AllocationRoundCollege(models.Model):
    """A college whose enrolled students take part in a round."""

    round = models.ForeignKey(
        AllocationRound, on_delete=models.CASCADE, related_name="round_colleges", verbose_name=_("round")
    )
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="round_entries", verbose_name=_("college")
    )

    class Meta:
        verbose_name = _("college in a round")
        verbose_name_plural = _("colleges in a round")
        ordering = ["round", "college"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "college"],
                name="allocation_round_college_once",
                violation_error_message=_("This college is already in the round."),
            ),
        ]

    def __str__(self):
        return str(self.college)


class AllocationChoice(models.Model):
    """One of a student's ranked choices (志愿) in a round: rank 1 is the posting they want most."""

    round = models.ForeignKey(
        AllocationRound, on_delete=models.CASCADE, related_name="choices", verbose_name=_("round")
    )
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="allocation_choices", verbose_name=_("student")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    posting = models.ForeignKey(
        Posting, on_delete=models.CASCADE, related_name="allocation_choices", verbose_name=_("posting")
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("allocation choice")
        verbose_name_plural = _("allocation choices")
        ordering = ["round", "student", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "student", "rank"],
                name="allocation_choice_rank_once",
                violation_error_message=_("The student already has a choice at this rank."),
            ),
            models.UniqueConstraint(
                fields=["round", "student", "posting"],
                name="allocation_choice_posting_once",
                violation_error_message=_("The student already chose this posting."),
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1),
                name="allocation_choice_rank_positive",
                violation_error_message=_("Ranks start at 1."),
            ),
        ]
        indexes = [models.Index(fields=["round", "posting"], name="allocation_choice_posting")]

    def __str__(self):
        return f"{self.student} #{self.rank}: {self.posting}"


class AllocationRanking(models.Model):
    """Where a posting's enterprise ranks one of its round applicants (排序): 1 is the first; ties are allowed."""

    round = models.ForeignKey(
        AllocationRound, on_delete=models.CASCADE, related_name="rankings", verbose_name=_("round")
    )
    posting = models.ForeignKey(
        Posting, on_delete=models.CASCADE, related_name="allocation_rankings", verbose_name=_("posting")
    )
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="allocation_rankings", verbose_name=_("student")
    )
    rank = models.PositiveIntegerField(_("rank"))
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("allocation ranking")
        verbose_name_plural = _("allocation rankings")
        ordering = ["round", "posting", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "posting", "student"],
                name="allocation_ranking_student_once",
                violation_error_message=_("This applicant is already ranked for this posting."),
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1),
                name="allocation_ranking_rank_positive",
                violation_error_message=_("Ranks start at 1."),
            ),
        ]

    def __str__(self):
        return f"{self.posting} #{self.rank}: {self.student}"


class AllocationOutcome(models.Model):
    """What a round gave one student: a posting (and the rank of that choice), or none and why."""

    # On PostgreSQL the round, student and posting references are checked per statement by the triggers of
    # migration 0009, not per row (docs/matching.md, "Writing the draft"); the unique (round, student) indexes round.
    round = models.ForeignKey(
        AllocationRound, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("round"), db_index=False
    )
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="allocation_outcomes", verbose_name=_("student")
    )
    posting = models.ForeignKey(
        Posting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="allocation_outcomes",
        verbose_name=_("posting"),
    )
    choice_rank = models.PositiveSmallIntegerField(_("choice"), null=True, blank=True)
    reason = models.CharField(
        _("reason"), max_length=16, choices=UnplacedReason.choices, default=UnplacedReason.MATCHED, blank=True
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="allocation_outcome",
        verbose_name=_("offer"),
        help_text=_("The offer made when the round was published."),
    )

    class Meta:
        verbose_name = _("allocation outcome")
        verbose_name_plural = _("allocation outcomes")
        ordering = ["round", "student"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "student"],
                name="allocation_outcome_once_per_student",
                violation_error_message=_("The round already has an outcome for this student."),
            ),
            models.CheckConstraint(
                condition=Q(posting__isnull=False, choice_rank__isnull=False, reason=UnplacedReason.MATCHED)
                | (Q(posting__isnull=True, choice_rank__isnull=True) & ~Q(reason=UnplacedReason.MATCHED)),
                name="allocation_outcome_placed_or_why_not",
                violation_error_message=_("An outcome is a posting at a choice's rank, or no posting and why."),
            ),
        ]
        indexes = [models.Index(fields=["round", "posting"], name="allocation_outcome_posting")]

    def __str__(self):
        return f"{self.student} → {self.posting or self.get_reason_display()}"
