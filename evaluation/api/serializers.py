from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from colleges.academic_year import is_final_year
from common.api.viewsets import ScopedRelatedField
from common.filters import MAX_INTEGER
from enterprises.models import Enterprise
from evaluation.models import (
    RUBRIC_FIELDS,
    CityAggregate,
    IntegrationCertification,
    MentorEvaluation,
    PartnershipHealth,
    PartnershipHealthSnapshot,
    PartyRating,
    ScoringModel,
    ScoringRun,
    TalentScore,
    TalentScoreSnapshot,
)
from partnerships.choices import AgreementKind, AgreementStatus
from partnerships.selectors import agreement_list, placement_list


def money(help_text: str) -> serializers.DecimalField:
    """A read-only sum of money in CNY, as a string with two decimals."""
    return serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, help_text=help_text)


class MentorEvaluationSerializer(serializers.ModelSerializer):
    placement = ScopedRelatedField(selector=placement_list)

    class Meta:
        model = MentorEvaluation
        fields = [
            "id",
            "placement",
            "mentor",
            "period",
            "professional_skill",
            "attitude",
            "teamwork",
            "innovation",
            "safety_and_standards",
            "comment",
            "evaluated_at",
        ]
        read_only_fields = ["mentor", "evaluated_at"]
        extra_kwargs = {field: {"min_value": 1, "max_value": 5} for field in RUBRIC_FIELDS}


class PartyRatingSerializer(serializers.ModelSerializer):
    agreement = ScopedRelatedField(selector=agreement_list)

    class Meta:
        model = PartyRating
        fields = ["id", "agreement", "rater_party", "period", "score", "comment", "rated_at"]
        read_only_fields = ["rater_party", "rated_at"]
        extra_kwargs = {"score": {"min_value": 1, "max_value": 5}}


# ------------------------------------------------------------------------------
# Certification
# ------------------------------------------------------------------------------
class CertificationEvidenceSerializer(serializers.Serializer):
    """What the platform's data show of an enterprise's integration with education."""

    active_agreements = serializers.IntegerField(help_text="Cooperation agreements in force.")
    completed_agreements = serializers.IntegerField(help_text="Cooperation agreements that ran their course.")
    interns_hosted = serializers.IntegerField(help_text="Placements at its postings, running or completed.")
    interns_hired = serializers.IntegerField(help_text="Completed placements after which it hired the student.")
    co_built_training_bases = serializers.IntegerField(help_text="Training bases it co-built with a college.")
    investment_count = serializers.IntegerField(help_text="Investments in education it recorded.")
    investment_total = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="Their total, in CNY.")


class IntegrationCertificationSerializer(serializers.ModelSerializer):
    evidence = serializers.SerializerMethodField(
        help_text="The evidence as it stood when the enterprise applied (null for applications recorded without it)."
    )

    class Meta:
        model = IntegrationCertification
        fields = [
            "id",
            "enterprise",
            "status",
            "applied_at",
            "applied_by",
            "evidence",
            "decided_at",
            "decided_by",
            "revoked_at",
            "revoked_by",
            "reason",
        ]
        read_only_fields = fields

    @extend_schema_field(CertificationEvidenceSerializer(allow_null=True))
    def get_evidence(self, certification) -> dict | None:
        return certification.evidence or None


# ------------------------------------------------------------------------------
# Incentives
# ------------------------------------------------------------------------------
class IncentiveSerializer(serializers.ModelSerializer):
    """An enterprise (``id`` is the enterprise's) with its investments in education and its estimated incentive."""

    certified = serializers.BooleanField(
        source="is_certified", read_only=True, help_text="A certified integration enterprise."
    )
    certified_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When its certification in force was granted."
    )
    incentive_rate = serializers.DecimalField(
        max_digits=4, decimal_places=3, read_only=True, help_text="The city's share of counted investments."
    )
    investment_total = money("Every investment in education it recorded.")
    counted_investment_total = money(
        "The investments the incentive counts: made on or after the day its certification in force was granted."
    )
    estimated_incentive = money("incentive_rate × counted_investment_total, rounded to the fen; 0 if not certified.")

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "city",
            "certified",
            "certified_at",
            "incentive_rate",
            "investment_total",
            "counted_investment_total",
            "estimated_incentive",
        ]
        read_only_fields = fields


class IncentiveSummarySerializer(serializers.Serializer):
    """A city's certified integration enterprises and their incentives, summed."""

    city = serializers.IntegerField(source="city_id")
    city_name = serializers.CharField(source="city__name")
    incentive_rate = serializers.DecimalField(max_digits=4, decimal_places=3)
    enterprise_count = serializers.IntegerField(help_text="Its enterprises.")
    certified_count = serializers.IntegerField(help_text="Of them, certified integration enterprises.")
    investment_sum = money("Every investment in education its enterprises recorded.")
    counted_investment_sum = money("The investments their incentives count.")
    estimated_incentive_sum = money("The sum of their estimated incentives.")


# ------------------------------------------------------------------------------
# Scores (docs/scoring.md)
# ------------------------------------------------------------------------------
def share(help_text: str, *, allow_null: bool = True) -> serializers.FloatField:
    """A component of a score: a share from 0 to 1, or null when it has no data."""
    return serializers.FloatField(read_only=True, allow_null=allow_null, help_text=help_text)


class HealthComponentsSerializer(serializers.Serializer):
    """The components of a partnership health score, each from 0 to 1 (null: no data, left out of the score)."""

    commitments_kept = share("Commitments delivered, pro rata to the share of the term elapsed; mean of the sides.")
    milestones_on_time = share("Milestones due: 1 done on time, late_credit done late, 0 not done; mean.")
    satisfaction = share("Each side's mean rating of the other, (score − 1) / 4; mean of the sides that rated.")
    recency = share("1 if active within fresh_days, 0 after stale_days, linear between.")
    reciprocity = share("Both sides contribute (balance of commitments kept) and benefit (placements, hires).")
    outcomes = share("Of the ended placements: completed rather than cancelled, and hired after completing.")


class TalentComponentsSerializer(serializers.Serializer):
    """The components of a talent evaluation, each from 0 to 1 (``mentor`` null: no evaluation yet)."""

    practice = share("Practice hours logged over those the program requires, at most 1.", allow_null=False)
    certificates = share(
        "1+X certificate points (primary 0.4, intermediate 0.7, advanced 1), at most 1.", allow_null=False
    )
    mentor = share("Mentor evaluations' rubric averages, recent ones weighing more.")
    placement = share(
        "The best placement outcome: hired 1, completed 0.8, active 0.5, cancelled 0.1, none 0.", allow_null=False
    )


def model_version(source: str = "scoring_model.version") -> serializers.IntegerField:
    return serializers.IntegerField(
        source=source, read_only=True, help_text="The version of the weights and parameters that produced it."
    )


class ScoredAgreementSerializer(serializers.Serializer):
    """The agreement a health score is of."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=AgreementKind.choices, read_only=True)
    # A plain string in the schema: its choice set is named after the agreements' own status field there.
    status = serializers.CharField(read_only=True, help_text=" | ".join(AgreementStatus.values))
    college = serializers.IntegerField(source="college_id", read_only=True)
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True)


class PartnershipHealthSerializer(serializers.ModelSerializer):
    """The current health of a cooperation agreement; ``id`` is the agreement's."""

    id = serializers.IntegerField(source="pk", read_only=True, help_text="The agreement's id.")
    agreement = ScoredAgreementSerializer(read_only=True)
    components = HealthComponentsSerializer(source="*", read_only=True)
    model_version = model_version()

    class Meta:
        model = PartnershipHealth
        fields = [
            "id",
            "agreement",
            "score",
            "band",
            "components",
            "scoring_model",
            "model_version",
            "run",
            "computed_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "score": {"help_text": "From 0 to 100; null while there is not enough data (band not_enough_data)."},
            "run": {"help_text": "The run that computed it; null if recomputed since, when an input changed."},
        }


class SnapshotSerializer(serializers.ModelSerializer):
    """A score as one run computed it: the run, its day and model version (each score adds its own figures)."""

    as_of = serializers.DateField(
        read_only=True,
        help_text="The day the run computed it for; for the city's current run, the day the score was last "
        "recomputed, if an input changed since.",
    )
    model_version = model_version()

    FIELDS = ["run", "as_of", "scoring_model", "model_version", "score"]


class PartnershipHealthSnapshotSerializer(SnapshotSerializer):
    """An agreement's health as one run computed it."""

    components = HealthComponentsSerializer(source="*", read_only=True)

    class Meta:
        model = PartnershipHealthSnapshot
        fields = [*SnapshotSerializer.FIELDS, "band", "components"]
        read_only_fields = fields


class TalentScoreSerializer(serializers.ModelSerializer):
    """The current talent evaluation of a student; ``id`` is the student's (no personal fields: ids only)."""

    id = serializers.IntegerField(source="pk", read_only=True, help_text="The student's id.")
    program = serializers.IntegerField(source="student.program_id", read_only=True)
    college = serializers.IntegerField(source="student.program.college_id", read_only=True)
    cohort_year = serializers.IntegerField(source="student.cohort_year", read_only=True, help_text="Enrolled in.")
    final_year = serializers.SerializerMethodField(
        help_text="In the last year of the program (academic years begin on 1 September)."
    )
    components = TalentComponentsSerializer(source="*", read_only=True)
    model_version = model_version()

    class Meta:
        model = TalentScore
        fields = [
            "id",
            "program",
            "college",
            "cohort_year",
            "final_year",
            "score",
            "percentile",
            "components",
            "scoring_model",
            "model_version",
            "run",
            "computed_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "percentile": {"help_text": "100 × percent rank among the scored students of its program and cohort."},
            "run": {"help_text": "The run that computed it; null if recomputed since, when an input changed."},
        }

    def get_final_year(self, talent) -> bool:
        return is_final_year(talent.student)


class TalentScoreSnapshotSerializer(SnapshotSerializer):
    """A student's talent evaluation as one run computed it."""

    components = TalentComponentsSerializer(source="*", read_only=True)

    class Meta:
        model = TalentScoreSnapshot
        fields = [*SnapshotSerializer.FIELDS, "percentile", "components"]
        read_only_fields = fields


class CityAggregateSerializer(serializers.ModelSerializer):
    """One figure of a city's dashboards, from the city's last successful run."""

    city = serializers.IntegerField(source="run.city_id", read_only=True)
    as_of = serializers.DateField(source="run.as_of", read_only=True, help_text="The day the run computed it for.")

    class Meta:
        model = CityAggregate
        fields = ["id", "city", "run", "as_of", "dimension", "key", "label", "count", "value", "details"]
        read_only_fields = fields


class AtRiskQuerySerializer(serializers.Serializer):
    city = serializers.IntegerField(
        source="city_id",
        required=False,
        min_value=1,
        max_value=MAX_INTEGER,
        help_text="Only this city (an official sees only theirs).",
    )
    limit = serializers.IntegerField(
        required=False, default=100, min_value=1, max_value=1000, help_text="The most ids of each list (100)."
    )


class AtRiskListSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many there are.")
    ids = serializers.ListField(child=serializers.IntegerField(), help_text="The first ``limit`` of them.")


class AtRiskSerializer(serializers.Serializer):
    """What a city should look at first."""

    academic_year = serializers.IntegerField(help_text="The academic year the final year is counted in.")
    agreements = AtRiskListSerializer(
        help_text="Agreements whose current health is in the at_risk band, lowest score first."
    )
    students = AtRiskListSerializer(
        help_text="Enrolled final-year students without a placement that is active or completed, by id."
    )


class ScoringRunSerializer(serializers.ModelSerializer):
    """A recomputation of a city's scores: what it used, where it stands, what it found."""

    health_model_version = model_version("health_model.version")
    talent_model_version = model_version("talent_model.version")
    duration_seconds = serializers.SerializerMethodField(
        help_text="From start to finish; for a run still going, so far; null before it starts."
    )
    chunks_done = serializers.IntegerField(read_only=True, help_text="Chunks of the work finished, of chunks_total.")

    class Meta:
        model = ScoringRun
        fields = [
            "id",
            "city",
            "state",
            "trigger",
            "as_of",
            "requested_by",
            "health_model",
            "health_model_version",
            "talent_model",
            "talent_model_version",
            "queued_at",
            "started_at",
            "finished_at",
            "duration_seconds",
            "chunks_total",
            "chunks_done",
            "agreements_scored",
            "students_scored",
            "error",
        ]
        read_only_fields = fields

    def get_duration_seconds(self, run) -> float | None:
        if run.started_at is None:
            return None
        return round(((run.finished_at or timezone.now()) - run.started_at).total_seconds(), 3)


@extend_schema_field({"type": "object", "additionalProperties": {"type": "number"}})
class NumbersByName(serializers.JSONField):
    """A JSON object of numbers by name, shown as stored (90 stays 90)."""


class ScoringModelSerializer(serializers.ModelSerializer):
    """A version of a score's weights and parameters (edited in the Django admin, which makes a new version)."""

    is_current = serializers.BooleanField(read_only=True, help_text="The newest version of its kind: runs use it.")
    weights = NumbersByName(read_only=True, help_text="Component → weight, each from 0 to 1, summing to 1.")
    parameters = NumbersByName(read_only=True, help_text="The thresholds and constants of the formulas.")

    class Meta:
        model = ScoringModel
        fields = ["id", "kind", "version", "is_current", "weights", "parameters", "note", "created_at"]
        read_only_fields = fields
