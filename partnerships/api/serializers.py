from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.choices import Role
from accounts.principals import principal_of
from cities.models import IndustrySector
from colleges.api.serializers import StudentSummarySerializer, WithStudentSummary
from colleges.selectors import college_list, student_list
from common.api.viewsets import ScopedRelatedField
from enterprises.selectors import enterprise_list, posting_list
from partnerships.choices import Party
from partnerships.models import (
    Application,
    Commitment,
    CooperationAgreement,
    CouncilSeat,
    Milestone,
    Placement,
    TrainingBase,
)
from partnerships.selectors import agreement_list, training_base_list


class TrainingBaseSerializer(serializers.ModelSerializer):
    host_enterprise = ScopedRelatedField(selector=enterprise_list, required=False, allow_null=True)
    sectors = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=IndustrySector.objects.all()
    )

    class Meta:
        model = TrainingBase
        fields = [
            "id",
            "city",
            "name",
            "kind",
            "host_college",
            "host_enterprise",
            "stations",
            "equipment_value",
            "sectors",
            "district",
            "opened_on",
        ]
        read_only_fields = ["city", "host_college"]


class AgreementSerializer(serializers.ModelSerializer):
    counterparty = serializers.IntegerField(
        write_only=True,
        required=False,
        help_text=_(
            "On creation: the other party, an enterprise id for college staff, a college id for enterprise staff."
        ),
    )
    training_base = ScopedRelatedField(selector=training_base_list, required=False, allow_null=True)
    proposer_party = serializers.ChoiceField(choices=Party.choices, allow_blank=True, read_only=True)
    enterprise_certified = serializers.BooleanField(
        read_only=True, help_text="The enterprise is a certified industry–education integration enterprise."
    )

    class Meta:
        model = CooperationAgreement
        fields = [
            "id",
            "college",
            "enterprise",
            "enterprise_certified",
            "counterparty",
            "kind",
            "title",
            "summary",
            "training_base",
            "starts_on",
            "ends_on",
            "status",
            "proposer_party",
            "proposed_at",
            "countersigned_at",
            "ended_at",
            "termination_reason",
            "predecessor",
            "created_at",
        ]
        read_only_fields = [
            "college",
            "enterprise",
            "status",
            "proposer_party",
            "proposed_at",
            "countersigned_at",
            "ended_at",
            "termination_reason",
            "predecessor",
            "created_at",
        ]

    def validate_counterparty(self, counterparty_id):
        if self.instance is not None:
            raise serializers.ValidationError(_("The parties of an agreement cannot change; start a new one."))
        principal = principal_of(self.context["request"].user)
        counterparties = college_list if principal.role == Role.ENTERPRISE_STAFF else enterprise_list
        if not counterparties(principal=principal).filter(pk=counterparty_id).exists():
            raise serializers.ValidationError(_("No such organisation in your city to cooperate with."))
        return counterparty_id

    def validate(self, attrs):
        if self.instance is None and "counterparty" not in attrs:
            raise serializers.ValidationError({"counterparty": [_("Name the other party of the agreement.")]})
        return attrs


class CommitmentSerializer(serializers.ModelSerializer):
    agreement = ScopedRelatedField(selector=agreement_list)

    class Meta:
        model = Commitment
        fields = ["id", "agreement", "party", "kind", "description", "amount", "delivered_amount"]
        read_only_fields = ["delivered_amount"]


class MilestoneSerializer(serializers.ModelSerializer):
    agreement = ScopedRelatedField(selector=agreement_list)

    class Meta:
        model = Milestone
        fields = ["id", "agreement", "title", "due_on", "done_at", "evidence"]
        read_only_fields = ["done_at", "evidence"]


class CouncilSeatSerializer(serializers.ModelSerializer):
    enterprise = ScopedRelatedField(selector=enterprise_list)

    class Meta:
        model = CouncilSeat
        fields = [
            "id",
            "college",
            "enterprise",
            "representative_name",
            "representative_title",
            "role",
            "started_on",
            "ended_on",
        ]
        read_only_fields = ["college"]


class ApplicationSerializer(WithStudentSummary, serializers.ModelSerializer):
    student = ScopedRelatedField(selector=student_list)
    posting = ScopedRelatedField(selector=posting_list)
    student_summary = StudentSummarySerializer(source="student", read_only=True)

    class Meta:
        model = Application
        fields = ["id", "posting", "student", "student_summary", "status", "submitted_at", "decided_at", "note"]
        read_only_fields = ["status", "submitted_at", "decided_at"]


class PlacementSerializer(WithStudentSummary, serializers.ModelSerializer):
    student_summary = StudentSummarySerializer(source="student", read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "posting",
            "student",
            "student_summary",
            "agreement",
            "status",
            "starts_on",
            "ends_on",
            "enterprise_mentor",
            "college_mentor",
            "completed_at",
            "cancelled_at",
            "cancellation_reason",
            "hired_after",
        ]
        read_only_fields = fields

    def contact_released(self, placement) -> bool:
        # A placement is an accepted offer: its host enterprise may reach the student.
        return True
