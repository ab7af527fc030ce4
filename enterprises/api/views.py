from common.api.viewsets import PlatformReadUpdateViewSet, PlatformViewSet
from enterprises import services
from enterprises.api.serializers import (
    EducationInvestmentSerializer,
    EnterpriseSerializer,
    TalentDemandSerializer,
)
from enterprises.filters import (
    EducationInvestmentFilterSet,
    EnterpriseFilterSet,
    TalentDemandFilterSet,
)
from enterprises.selectors import (
    education_investment_list,
    enterprise_list,
    talent_demand_list,
)


class EnterpriseViewSet(PlatformReadUpdateViewSet):
    """Enterprises: their staff see and edit their own profile; college staff and city officials see the
    enterprises of their city. New enterprises are registered by a platform admin."""

    selector = enterprise_list
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    ordering_fields = ["id", "name", "size"]

    def perform_update(self, serializer):
        serializer.instance = services.enterprise_update(enterprise=serializer.instance, **serializer.validated_data)


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
