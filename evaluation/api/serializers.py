from rest_framework import serializers

from common.api.viewsets import ScopedRelatedField
from enterprises.models import IntegrationCertification
from evaluation.models import RUBRIC_FIELDS, MentorEvaluation, PartyRating
from partnerships.selectors import agreement_list, placement_list


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


class IntegrationCertificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = IntegrationCertification
        fields = ["id", "enterprise", "status", "applied_at", "decided_at", "revoked_at", "reason"]
        read_only_fields = fields
