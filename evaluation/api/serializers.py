from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.viewsets import ScopedRelatedField
from enterprises.models import Enterprise, IntegrationCertification
from evaluation.models import RUBRIC_FIELDS, MentorEvaluation, PartyRating
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
