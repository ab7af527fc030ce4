import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import City
from colleges.models import Student
from enterprises.models import Enterprise, EnterpriseStaff
from evaluation.choices import AggregateDimension, CertificationStatus, HealthBand, RunState, RunTrigger, ScoreKind
from partnerships.choices import Party
from partnerships.models import CooperationAgreement, Placement

RUBRIC_FIELDS = ["professional_skill", "attitude", "teamwork", "innovation", "safety_and_standards"]


# The model and its audit table kept the names they had when it sat in enterprises (no table was renamed).
@pghistory.track(meta={"db_table": "enterprises_integrationcertificationevent"})
class IntegrationCertification(models.Model):
    """An enterprise's application to be certified as an industry–education integration enterprise, and its fate."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="certifications", verbose_name=_("enterprise")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CertificationStatus.choices, default=CertificationStatus.APPLIED
    )
    applied_at = models.DateTimeField(_("applied at"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )
    evidence = models.JSONField(
        _("evidence"),
        default=dict,
        blank=True,
        help_text=_("What the platform's data showed when the enterprise applied."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The city official who certified or rejected."),
        verbose_name=_("decided by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the application was rejected or the certification revoked.")
    )

    class Meta:
        verbose_name = _("integration certification")
        verbose_name_plural = _("integration certifications")
        db_table = "enterprises_integrationcertification"
        ordering = ["-applied_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status__in=[CertificationStatus.APPLIED, CertificationStatus.CERTIFIED]),
                name="certification_one_open_per_enterprise",
                violation_error_message=_("This enterprise already has a pending or valid certification."),
            ),
            models.CheckConstraint(
                condition=Q(status=CertificationStatus.APPLIED, decided_at__isnull=True, decided_by__isnull=True)
                | (
                    ~Q(status=CertificationStatus.APPLIED)
                    & Q(decided_at__isnull=False, decided_at__gte=F("applied_at"), decided_by__isnull=False)
                ),
                name="certification_decision_recorded",
                violation_error_message=_(
                    "A decided certification records who decided and when, after it was applied for."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    status=CertificationStatus.REVOKED,
                    revoked_at__isnull=False,
                    revoked_at__gte=F("decided_at"),
                    revoked_by__isnull=False,
                )
                | (~Q(status=CertificationStatus.REVOKED) & Q(revoked_at__isnull=True, revoked_by__isnull=True)),
                name="certification_revocation_recorded",
                violation_error_message=_("Only a revoked certification has a revocation date and official."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[CertificationStatus.REJECTED, CertificationStatus.REVOKED]) | ~Q(reason=""),
                name="certification_refusal_has_reason",
                violation_error_message=_("A rejection or revocation needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} – {self.get_status_display()}"


def one_to_five_check(field: str, prefix: str) -> models.CheckConstraint:
    """A database check that a rubric field is a whole mark from 1 to 5."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
        name=f"{prefix}_{field}_1_to_5",
        violation_error_message=_("Marks are whole numbers from 1 to 5."),
    )


class MentorEvaluation(models.Model):
    """A host-enterprise mentor's evaluation of an intern for one period, on a five-criterion 1–5 rubric."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("placement")
    )
    mentor = models.ForeignKey(
        EnterpriseStaff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("mentor"),
    )
    period = models.DateField(_("period"), help_text=_("First day of the month the evaluation covers."))
    professional_skill = models.PositiveSmallIntegerField(_("professional skill"))
    attitude = models.PositiveSmallIntegerField(_("attitude"))
    teamwork = models.PositiveSmallIntegerField(_("teamwork"))
    innovation = models.PositiveSmallIntegerField(_("innovation"))
    safety_and_standards = models.PositiveSmallIntegerField(_("safety and standards"))
    comment = models.TextField(_("comment"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), default=timezone.now)

    class Meta:
        verbose_name = _("mentor evaluation")
        verbose_name_plural = _("mentor evaluations")
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

    agreement = models.ForeignKey(
        CooperationAgreement, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("agreement")
    )
    rater_party = models.CharField(
        _("rater party"), max_length=10, choices=Party.choices, help_text=_("The side that gives the rating.")
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rated by"),
    )
    period = models.DateField(_("period"), help_text=_("First day of the month the rating covers."))
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now)

    class Meta:
        verbose_name = _("partner rating")
        verbose_name_plural = _("partner ratings")
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


# ------------------------------------------------------------------------------
# Scores (docs/scoring.md)
# ------------------------------------------------------------------------------
class ScoringModel(models.Model):
    """A numbered version of one score's weights and parameters; editing one makes the next version."""

    kind = models.CharField(_("kind"), max_length=8, choices=ScoreKind.choices)
    version = models.PositiveIntegerField(_("version"))
    weights = models.JSONField(
        _("weights"), help_text=_("Component → weight; every component, each in [0, 1], summing to 1.")
    )
    parameters = models.JSONField(
        _("parameters"), default=dict, blank=True, help_text=_("Thresholds and constants of the formulas.")
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("What changed in this version, and why.")
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

    class Meta:
        verbose_name = _("scoring model")
        verbose_name_plural = _("scoring models")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="scoring_model_version_unique"),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="scoring_model_version_positive",
                violation_error_message=_("Versions are numbered from 1."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"


class ScoringRun(models.Model):
    """One recomputation of a city's scores and aggregates: what it used, where it stands, what it found."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="scoring_runs", verbose_name=_("city"))
    as_of = models.DateField(_("as of"), help_text=_("The day the scores are computed for."))
    trigger = models.CharField(_("trigger"), max_length=12, choices=RunTrigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    health_model = models.ForeignKey(
        ScoringModel, on_delete=models.PROTECT, related_name="+", verbose_name=_("health model")
    )
    talent_model = models.ForeignKey(
        ScoringModel, on_delete=models.PROTECT, related_name="+", verbose_name=_("talent model")
    )
    state = models.CharField(_("state"), max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    chunks_total = models.PositiveIntegerField(_("chunks in total"), default=0)
    agreements_scored = models.PositiveIntegerField(_("agreements scored"), default=0)
    students_scored = models.PositiveIntegerField(_("students scored"), default=0)
    error = models.TextField(_("error"), blank=True)
    pruned_at = models.DateTimeField(
        _("snapshots removed at"),
        null=True,
        blank=True,
        help_text=_("When retention removed the run's score rows; its record and aggregates stay."),
    )

    class Meta:
        verbose_name = _("scoring run")
        verbose_name_plural = _("scoring runs")
        ordering = ["-queued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["city"],
                condition=Q(state__in=[RunState.QUEUED, RunState.RUNNING, RunState.PUBLISHING]),
                name="scoring_run_one_at_a_time_per_city",
                violation_error_message=_("A run of this city's scores is already under way."),
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True)
                | Q(started_at__isnull=True)
                | Q(finished_at__gte=F("started_at")),
                name="scoring_run_finishes_after_it_starts",
                violation_error_message=_("A run finishes after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["city", "state", "-queued_at"], name="scoring_run_city_state")]

    def __str__(self):
        return f"{self.city} scores as of {self.as_of} ({self.get_state_display()})"


class ScoringRunChunk(models.Model):
    """A part of a run that is done: the run publishes once every chunk of it is."""

    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="chunks", verbose_name=_("run"))
    kind = models.CharField(_("kind"), max_length=8, choices=ScoreKind.choices)
    number = models.PositiveIntegerField(_("number"))
    rows = models.PositiveIntegerField(_("rows"), help_text=_("Entities scored by this chunk."))
    finished_at = models.DateTimeField(_("finished at"), default=timezone.now)

    class Meta:
        verbose_name = _("scoring run chunk")
        verbose_name_plural = _("scoring run chunks")
        ordering = ["run", "kind", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "kind", "number"], name="scoring_run_chunk_once")]

    def __str__(self):
        return f"{self.run} {self.kind} chunk {self.number}"


def share_check(field: str, prefix: str) -> models.CheckConstraint:
    """A database check that a score component is a share from 0 to 1 (or unknown)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 1}),
        name=f"{prefix}_{field}_between_0_and_1",
        violation_error_message=_("A score component is between 0 and 1."),
    )


HEALTH_COMPONENTS = ["commitments_kept", "milestones_on_time", "satisfaction", "recency", "reciprocity", "outcomes"]
TALENT_COMPONENTS = ["practice", "certificates", "mentor", "placement"]


class HealthFigures(models.Model):
    """A partnership health score with its components (docs/scoring.md)."""

    scoring_model = models.ForeignKey(
        ScoringModel,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # never looked up by version
        verbose_name=_("scoring model"),
    )
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True, blank=True)
    band = models.CharField(_("band"), max_length=16, choices=HealthBand.choices)
    commitments_kept = models.FloatField(_("commitments kept"), null=True, blank=True)
    milestones_on_time = models.FloatField(_("milestones on time"), null=True, blank=True)
    satisfaction = models.FloatField(_("satisfaction"), null=True, blank=True)
    recency = models.FloatField(_("recency"), null=True, blank=True)
    reciprocity = models.FloatField(_("reciprocity"), null=True, blank=True)
    outcomes = models.FloatField(_("outcomes"), null=True, blank=True)

    class Meta:
        abstract = True


def health_checks(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(score__isnull=True, band=HealthBand.NOT_ENOUGH_DATA)
            | Q(score__isnull=False, score__gte=0, score__lte=100) & ~Q(band=HealthBand.NOT_ENOUGH_DATA),
            name=f"{prefix}_score_iff_enough_data",
            violation_error_message=_("A health score is from 0 to 100, or absent when there is not enough data."),
        ),
        *(share_check(field, prefix) for field in HEALTH_COMPONENTS),
    ]


class PartnershipHealth(HealthFigures):
    """The current health of a cooperation agreement: its row in the snapshots of the city's current run
    (``CityScores``), which the incremental path keeps up to date between runs.

    A database view (``evaluation.scoring.storage``), read-only: publishing a run changes which rows it shows
    rather than copying them. ``run`` is empty and ``computed_at`` is the moment of the recomputation when the
    incremental path wrote the row.
    """

    agreement = models.OneToOneField(
        CooperationAgreement,
        on_delete=models.DO_NOTHING,  # a view: the snapshot rows behind it go with the agreement
        primary_key=True,
        related_name="health",
        verbose_name=_("agreement"),
    )
    run = models.ForeignKey(
        ScoringRun, on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+", verbose_name=_("run")
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        managed = False
        verbose_name = _("partnership health")
        verbose_name_plural = _("partnership health")

    def __str__(self):
        return f"{self.agreement}: {self.score if self.score is not None else self.get_band_display()}"


class Snapshot(models.Model):
    """What every snapshot row has besides its figures: when it was computed, and by what.

    On PostgreSQL the snapshot tables are partitioned by run (``evaluation.scoring.storage``): the primary key
    ``id`` comes from a sequence and is unique by that alone; rows are found by (run, entity).
    """

    computed_at = models.DateTimeField(_("computed at"))
    incremental = models.BooleanField(
        _("recomputed between runs"),
        default=False,
        help_text=_("Written by the incremental path into the city's current run, not by the run itself."),
    )

    class Meta:
        abstract = True

    @property
    def as_of(self):
        """The day the row counted its inputs as of: its run's, or the day the incremental path recomputed it."""
        return timezone.localdate(self.computed_at) if self.incremental else self.run.as_of


def snapshot_indexes(prefix: str) -> list[models.Index]:
    # The rows the incremental path wrote into a run while it was current: the next run carries the fresher ones.
    return [models.Index(fields=["computed_at"], condition=Q(incremental=True), name=f"{prefix}_incremental")]


class PartnershipHealthSnapshot(HealthFigures, Snapshot):
    """An agreement's health as one run computed it: the history behind the trends, and, for the city's current
    run, its current health."""

    # Indexed by the unique constraint on (run, …), whose first column it is.
    run = models.ForeignKey(
        ScoringRun, on_delete=models.CASCADE, related_name="health_snapshots", db_index=False, verbose_name=_("run")
    )
    agreement = models.ForeignKey(
        CooperationAgreement, on_delete=models.CASCADE, related_name="health_snapshots", verbose_name=_("agreement")
    )

    class Meta:
        verbose_name = _("partnership health snapshot")
        verbose_name_plural = _("partnership health snapshots")
        constraints = [
            models.UniqueConstraint(fields=["run", "agreement"], name="health_snapshot_once_per_run"),
            *health_checks("health_snapshot"),
        ]
        indexes = [
            # The at-risk list of the current run: the lowest band, lowest score first. Without the run: on
            # PostgreSQL the other runs' partitions are pruned when the statement starts, and an index led by
            # the run would give no order for the view's "run_id = ANY(current runs)".
            models.Index(fields=["band", "score", "agreement"], name="health_snapshot_band_score"),
            *snapshot_indexes("health_snapshot"),
        ]

    def __str__(self):
        return f"{self.agreement} in {self.run}"


class TalentFigures(models.Model):
    """A talent evaluation score with its components and its percentile in program and cohort."""

    scoring_model = models.ForeignKey(
        ScoringModel,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # never looked up by version
        verbose_name=_("scoring model"),
    )
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1)
    percentile = models.DecimalField(
        _("percentile"),
        max_digits=4,
        decimal_places=1,
        help_text=_("Among the scored students of the same program and cohort."),
    )
    practice = models.FloatField(pgettext_lazy("talent score", "practice"))
    certificates = models.FloatField(pgettext_lazy("talent score", "certificates"))
    mentor = models.FloatField(pgettext_lazy("talent score", "mentor"), null=True, blank=True)
    placement = models.FloatField(pgettext_lazy("talent score", "placement"))

    class Meta:
        abstract = True


def talent_checks(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(score__gte=0, score__lte=100, percentile__gte=0, percentile__lte=100),
            name=f"{prefix}_score_and_percentile_0_to_100",
            violation_error_message=_("Scores and percentiles are from 0 to 100."),
        ),
        *(share_check(field, prefix) for field in TALENT_COMPONENTS),
    ]


class TalentScore(TalentFigures):
    """The current talent evaluation of a student: a database view over the snapshots of the city's current run,
    as ``PartnershipHealth``."""

    student = models.OneToOneField(
        Student, on_delete=models.DO_NOTHING, primary_key=True, related_name="talent", verbose_name=_("student")
    )
    run = models.ForeignKey(
        ScoringRun, on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+", verbose_name=_("run")
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        managed = False
        verbose_name = _("talent score")
        verbose_name_plural = _("talent scores")

    def __str__(self):
        return f"{self.student}: {self.score}"


class TalentScoreSnapshot(TalentFigures, Snapshot):
    """A student's talent evaluation as one run computed it (and, for the city's current run, the current one)."""

    # Indexed by the unique constraint on (run, …), whose first column it is.
    run = models.ForeignKey(
        ScoringRun, on_delete=models.CASCADE, related_name="talent_snapshots", db_index=False, verbose_name=_("run")
    )
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="talent_snapshots", verbose_name=_("student")
    )

    class Meta:
        verbose_name = _("talent score snapshot")
        verbose_name_plural = _("talent score snapshots")
        constraints = [
            models.UniqueConstraint(fields=["run", "student"], name="talent_snapshot_once_per_run"),
            *talent_checks("talent_snapshot"),
        ]
        indexes = snapshot_indexes("talent_snapshot")

    def __str__(self):
        return f"{self.student} in {self.run}"


class CityScores(models.Model):
    """Which run's scores are a city's current ones: publishing a run points here, in one short transaction.

    The incremental path reads this row ``FOR SHARE`` while it writes into the run it names, and publishing
    takes it ``FOR UPDATE``, so a rescore is never written into a run that has just stopped being current.
    """

    city = models.OneToOneField(
        City, on_delete=models.CASCADE, primary_key=True, related_name="scores", verbose_name=_("city")
    )
    run = models.ForeignKey(ScoringRun, on_delete=models.PROTECT, related_name="+", verbose_name=_("run"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("city's current scores")
        verbose_name_plural = _("cities' current scores")

    def __str__(self):
        return f"{self.city}: {self.run}"


class CityAggregate(models.Model):
    """One figure of a city's dashboards, as a run computed it (e.g. the mean health of order classes)."""

    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="aggregates", verbose_name=_("run"))
    dimension = models.CharField(_("dimension"), max_length=32, choices=AggregateDimension.choices)
    key = models.CharField(
        _("key"), max_length=60, help_text=_("What the figure is of: a kind, a sector code, an id, a name.")
    )
    label = models.CharField(_("label"), max_length=200)
    count = models.PositiveIntegerField(_("count"), help_text=_("How many entities the figure is computed over."))
    value = models.FloatField(_("value"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("city aggregate")
        verbose_name_plural = _("city aggregates")
        ordering = ["run", "dimension", "key"]
        constraints = [
            models.UniqueConstraint(fields=["run", "dimension", "key"], name="city_aggregate_once_per_run"),
        ]
        # The dashboard reads one dimension's rows of every run of a city (its trends) without knowing the runs.
        indexes = [models.Index(fields=["dimension", "run"], name="city_aggregate_dimension_run")]

    def __str__(self):
        return f"{self.get_dimension_display()} – {self.label}: {self.value}"
