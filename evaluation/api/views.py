from common.api.pagination import LargeTablePagination
from common.api.viewsets import HistoryMixin, PlatformCreateReadViewSet, PlatformReadOnlyViewSet
from enterprises.selectors import integration_certification_list
from evaluation import services
from evaluation.api.serializers import (
    IntegrationCertificationSerializer,
    MentorEvaluationSerializer,
    PartyRatingSerializer,
)
from evaluation.filters import IntegrationCertificationFilterSet, MentorEvaluationFilterSet, PartyRatingFilterSet
from evaluation.selectors import mentor_evaluation_list, party_rating_list


class MentorEvaluationViewSet(PlatformCreateReadViewSet):
    """Mentor evaluations of interns on the five-criterion rubric: recorded by the host enterprise's staff (the
    mentor is the caller), read by the student's college and the city's officials."""

    selector = mentor_evaluation_list
    serializer_class = MentorEvaluationSerializer
    filterset_class = MentorEvaluationFilterSet
    pagination_class = LargeTablePagination
    ordering_fields = ["id"]

    def perform_create(self, serializer):
        serializer.instance = services.mentor_evaluation_create(principal=self.principal, **serializer.validated_data)


class PartyRatingViewSet(PlatformCreateReadViewSet):
    """Each party of an agreement rating the other, 1–5 per month; both parties and the city's officials read
    them."""

    selector = party_rating_list
    serializer_class = PartyRatingSerializer
    filterset_class = PartyRatingFilterSet
    ordering_fields = ["id", "period", "score"]

    def perform_create(self, serializer):
        serializer.instance = services.party_rating_create(principal=self.principal, **serializer.validated_data)


class IntegrationCertificationViewSet(HistoryMixin, PlatformReadOnlyViewSet):
    """Applications to be certified as an industry–education integration enterprise and their decisions: read by
    the enterprise and its city's officials."""

    selector = integration_certification_list
    serializer_class = IntegrationCertificationSerializer
    filterset_class = IntegrationCertificationFilterSet
    ordering_fields = ["id", "applied_at", "decided_at"]
