from accounts.choices import Role
from common.api.pagination import LargeTablePagination
from common.api.viewsets import HistoryMixin, PlatformCreateReadViewSet, PlatformReadOnlyViewSet, PlatformViewSet
from partnerships.api.serializers import (
    AgreementSerializer,
    ApplicationSerializer,
    CommitmentSerializer,
    CouncilSeatSerializer,
    MilestoneSerializer,
    PlacementSerializer,
    TrainingBaseSerializer,
)
from partnerships.filters import (
    AgreementFilterSet,
    ApplicationFilterSet,
    CommitmentFilterSet,
    CouncilSeatFilterSet,
    MilestoneFilterSet,
    PlacementFilterSet,
    TrainingBaseFilterSet,
)
from partnerships.selectors import (
    agreement_list,
    application_list,
    commitment_list,
    council_seat_list,
    milestone_list,
    placement_list,
    training_base_list,
)
from partnerships.services import agreements, applications, council_seats, training_bases


class TrainingBaseViewSet(PlatformViewSet):
    """Training bases of the city (a shared resource every member sees); college staff register and manage the
    bases their college hosts."""

    selector = training_base_list
    serializer_class = TrainingBaseSerializer
    filterset_class = TrainingBaseFilterSet
    ordering_fields = ["id", "name", "stations", "equipment_value"]

    def perform_create(self, serializer):
        serializer.instance = training_bases.training_base_create(
            host_college_id=self.principal.college_id, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = training_bases.training_base_update(
            base=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, base):
        training_bases.training_base_delete(base=base)


class AgreementViewSet(HistoryMixin, PlatformViewSet):
    """Cooperation agreements between a college and an enterprise: each party sees its own and edits them while
    they are drafts (the caller's side comes from their membership, the other is ``counterparty``); city
    officials read all of their city's."""

    selector = agreement_list
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    ordering_fields = ["id", "starts_on", "ends_on", "created_at"]

    def perform_create(self, serializer):
        terms = dict(serializer.validated_data)
        counterparty = terms.pop("counterparty")
        if self.principal.role == Role.COLLEGE_STAFF:
            parties = {"college_id": self.principal.college_id, "enterprise_id": counterparty}
        else:
            parties = {"college_id": counterparty, "enterprise_id": self.principal.enterprise_id}
        serializer.instance = agreements.agreement_create(**parties, **terms)

    def perform_update(self, serializer):
        serializer.instance = agreements.agreement_update(
            principal=self.principal, agreement=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, agreement):
        agreements.agreement_delete(principal=self.principal, agreement=agreement)


class CommitmentViewSet(PlatformViewSet):
    """What each party of an agreement promised and delivered: edited by the parties while the agreement is a
    draft."""

    selector = commitment_list
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet
    ordering_fields = ["id", "amount"]

    def perform_create(self, serializer):
        serializer.instance = agreements.commitment_create(principal=self.principal, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = agreements.commitment_update(
            principal=self.principal, commitment=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, commitment):
        agreements.commitment_delete(principal=self.principal, commitment=commitment)


class MilestoneViewSet(PlatformViewSet):
    """Dated steps of an agreement: planned by the parties while the agreement is a draft."""

    selector = milestone_list
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    ordering_fields = ["id", "due_on"]

    def perform_create(self, serializer):
        serializer.instance = agreements.milestone_create(principal=self.principal, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = agreements.milestone_update(
            principal=self.principal, milestone=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, milestone):
        agreements.milestone_delete(principal=self.principal, milestone=milestone)


class CouncilSeatViewSet(PlatformViewSet):
    """Enterprise representatives on a college's council: recorded by the college, seen by both sides and the
    city's officials."""

    selector = council_seat_list
    serializer_class = CouncilSeatSerializer
    filterset_class = CouncilSeatFilterSet
    ordering_fields = ["id", "started_on"]

    def perform_create(self, serializer):
        serializer.instance = council_seats.council_seat_create(
            college_id=self.principal.college_id, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = council_seats.council_seat_update(seat=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, seat):
        council_seats.council_seat_delete(seat=seat)


class ApplicationViewSet(HistoryMixin, PlatformCreateReadViewSet):
    """Applications to postings: a college applies for its students to open postings of its city; the posting's
    enterprise sees its applicants (without national ID numbers; phones after an accepted offer)."""

    selector = application_list
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    pagination_class = LargeTablePagination
    ordering_fields = ["id"]

    def perform_create(self, serializer):
        serializer.instance = applications.application_create(
            submitted_by_id=self.principal.user_id, **serializer.validated_data
        )


class PlacementViewSet(HistoryMixin, PlatformReadOnlyViewSet):
    """Placements (accepted offers, running or finished): seen by the student's college, the host enterprise and
    the city's officials."""

    selector = placement_list
    serializer_class = PlacementSerializer
    filterset_class = PlacementFilterSet
    pagination_class = LargeTablePagination
    ordering_fields = ["id"]
