from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from common.api.viewsets import HistoryMixin, PlatformReadUpdateViewSet, PlatformViewSet
from enterprises import services
from enterprises.api.serializers import (
    EducationInvestmentSerializer,
    EnterpriseSerializer,
    PostingSerializer,
    TalentDemandSerializer,
)
from enterprises.filters import (
    EducationInvestmentFilterSet,
    EnterpriseFilterSet,
    PostingFilterSet,
    TalentDemandFilterSet,
)
from enterprises.selectors import (
    education_investment_list,
    enterprise_list,
    posting_list,
    talent_demand_list,
)

# Against the direction of the apps, as the serializers' training bases are: closing a posting ends its
# applications, which the partnerships app owns, so the service lives there.
from partnerships.services.applications import posting_close


class EnterpriseViewSet(PlatformReadUpdateViewSet):
    """Enterprises: their staff see and edit their own profile; college staff and city officials see the
    enterprises of their city. New enterprises are registered by a platform admin."""

    selector = enterprise_list
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    ordering_fields = ["id", "name", "size"]

    def perform_update(self, serializer):
        serializer.instance = services.enterprise_update(enterprise=serializer.instance, **serializer.validated_data)


class PostingViewSet(HistoryMixin, PlatformViewSet):
    """Internship and apprenticeship postings: an enterprise manages its own (created as drafts, opened once they
    meet the city's internship rules); college staff see the open postings of their city; city officials see all of
    their city's."""

    selector = posting_list
    serializer_class = PostingSerializer
    filterset_class = PostingFilterSet
    ordering_fields = ["id", "deadline", "starts_on", "stipend_monthly", "created_at"]
    rule_kinds = {"open": "open", "close": "close"}

    def perform_create(self, serializer):
        serializer.instance = services.posting_create(
            enterprise_id=self.principal.enterprise_id, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.posting_update(posting=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, posting):
        services.posting_delete(posting=posting)

    @extend_schema(request=None, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        """Publish this draft to the colleges of the city. It must meet the city's internship rules (daily hours,
        night work, liability insurance, stipend floor, minimum age, dates inside one academic term) and its
        deadline must be to come: each broken rule is a 400 message under its field, naming the limit and the
        posting's value, and the posting stays a draft."""
        return self.respond(services.posting_open(posting=self.get_object(), principal=self.principal))

    @extend_schema(request=None, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Stop recruiting on this open or filled posting: its open applications are closed with a notice to their
        colleges; its placements go on."""
        return self.respond(posting_close(posting=self.get_object(), principal=self.principal))


class TalentDemandViewSet(PlatformViewSet):
    """Expected hires by sector, skill and year: an enterprise manages its own; colleges and officials read the
    city's, to align majors with demand."""

    selector = talent_demand_list
    serializer_class = TalentDemandSerializer
    filterset_class = TalentDemandFilterSet
    ordering_fields = ["id", "year", "headcount"]

    def perform_create(self, serializer):
        serializer.instance = services.talent_demand_create(
            enterprise_id=self.principal.enterprise_id, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.talent_demand_update(demand=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, demand):
        services.talent_demand_delete(demand=demand)


class EducationInvestmentViewSet(PlatformViewSet):
    """An enterprise's recorded investments in education (the basis of its incentive): managed by the enterprise,
    read by its city's officials."""

    selector = education_investment_list
    serializer_class = EducationInvestmentSerializer
    filterset_class = EducationInvestmentFilterSet
    ordering_fields = ["id", "invested_on", "amount"]

    def perform_create(self, serializer):
        serializer.instance = services.education_investment_create(
            enterprise_id=self.principal.enterprise_id, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.education_investment_update(
            investment=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, investment):
        services.education_investment_delete(investment=investment)
