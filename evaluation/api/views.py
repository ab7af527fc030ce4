from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api.pagination import LargeTablePagination
from common.api.serializers import ReasonSerializer
from common.api.viewsets import HistoryMixin, PlatformCreateReadViewSet, PlatformReadOnlyViewSet
from enterprises.selectors import integration_certification_list
from evaluation import services
from evaluation.api.serializers import (
    CertificationEvidenceSerializer,
    IncentiveSerializer,
    IncentiveSummarySerializer,
    IntegrationCertificationSerializer,
    MentorEvaluationSerializer,
    PartyRatingSerializer,
)
from evaluation.filters import (
    IncentiveFilterSet,
    IntegrationCertificationFilterSet,
    MentorEvaluationFilterSet,
    PartyRatingFilterSet,
)
from evaluation.selectors import (
    certification_evidence,
    incentive_list,
    incentive_summary,
    mentor_evaluation_list,
    party_rating_list,
)


class MentorEvaluationViewSet(PlatformCreateReadViewSet):
    """Mentor evaluations of interns on the five-criterion rubric: recorded by a mentor of the host enterprise (the
    caller), once per month of the placement that has begun, unless the placement was cancelled; read by the
    student's college and the city's officials."""

    selector = mentor_evaluation_list
    serializer_class = MentorEvaluationSerializer
    filterset_class = MentorEvaluationFilterSet
    pagination_class = LargeTablePagination
    ordering_fields = ["id"]

    def perform_create(self, serializer):
        serializer.instance = services.mentor_evaluation_create(principal=self.principal, **serializer.validated_data)


class PartyRatingViewSet(PlatformCreateReadViewSet):
    """Each party of an active or completed agreement rating the other, 1–5, once per month of its term that has
    begun; both parties and the city's officials read them."""

    selector = party_rating_list
    serializer_class = PartyRatingSerializer
    filterset_class = PartyRatingFilterSet
    ordering_fields = ["id", "period", "score"]

    def perform_create(self, serializer):
        serializer.instance = services.party_rating_create(principal=self.principal, **serializer.validated_data)


@extend_schema_view(create=extend_schema(request=None))
class IntegrationCertificationViewSet(HistoryMixin, PlatformCreateReadViewSet):
    """Applications to be certified as an industry–education integration enterprise and their decisions: an
    enterprise applies (with the evidence its platform data show), an official of its city certifies or rejects it
    and may revoke it later; read by the enterprise and its city's officials."""

    selector = integration_certification_list
    serializer_class = IntegrationCertificationSerializer
    filterset_class = IntegrationCertificationFilterSet
    ordering_fields = ["id", "applied_at", "decided_at"]
    rule_kinds = {"evidence": "view", "certify": "certify", "reject": "reject", "revoke": "revoke"}

    def perform_create(self, serializer):
        serializer.instance = services.certification_apply(principal=self.principal)

    def _decide(self, service, body: type[serializers.Serializer] | None = None):
        certification = self.get_object()  # found in scope and allowed before the body is read
        decision = self.action_input(body) if body else {}
        return self.respond(service(certification=certification, principal=self.principal, **decision))

    @extend_schema(responses=CertificationEvidenceSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def evidence(self, request, pk=None):
        """The enterprise's evidence as the platform's data show it now, to compare with ``evidence`` (as it stood
        when the enterprise applied)."""
        figures = certification_evidence(enterprise_id=self.get_object().enterprise_id)
        return Response(CertificationEvidenceSerializer(figures).data)

    @extend_schema(request=None, responses=IntegrationCertificationSerializer)
    @action(detail=True, methods=["post"])
    def certify(self, request, pk=None):
        """Grant this pending application: the enterprise is a certified integration enterprise."""
        return self._decide(services.certification_certify)

    @extend_schema(request=ReasonSerializer, responses=IntegrationCertificationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Refuse this pending application, with the reason the enterprise reads."""
        return self._decide(services.certification_reject, ReasonSerializer)

    @extend_schema(request=ReasonSerializer, responses=IntegrationCertificationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Withdraw this certification in force, with the reason the enterprise reads."""
        return self._decide(services.certification_revoke, ReasonSerializer)


class IncentiveViewSet(PlatformReadOnlyViewSet):
    """Integration enterprises' incentives: each enterprise (``id`` is the enterprise's) with its recorded
    investments in education and, once certified, the incentive estimated from them (the city's rate × the
    investments made on or after the day its certification was granted). An enterprise reads its own row, an
    official their city's; ``summary`` sums them per city."""

    selector = incentive_list
    serializer_class = IncentiveSerializer
    filterset_class = IncentiveFilterSet
    ordering_fields = ["id", "name", "investment_total", "estimated_incentive"]
    rule_kinds = {"list": "view_incentive", "retrieve": "view_incentive", "summary": "view_incentive_summary"}

    @extend_schema(responses=IncentiveSummarySerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def summary(self, request):
        """Per city you may see (an official's own; every city for the platform admin): its enterprises, how many
        are certified, their investments and the sum of their estimated incentives."""
        return Response(IncentiveSummarySerializer(incentive_summary(principal=self.principal), many=True).data)
