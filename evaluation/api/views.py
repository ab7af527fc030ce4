from common.api.pagination import LargeTablePagination
from common.api.viewsets import PlatformCreateReadViewSet
from evaluation import services
from evaluation.api.serializers import MentorEvaluationSerializer, PartyRatingSerializer
from evaluation.filters import MentorEvaluationFilterSet, PartyRatingFilterSet
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
