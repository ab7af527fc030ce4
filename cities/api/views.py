from cities import services
from cities.api.serializers import (
    AcademicTermSerializer,
    CitySerializer,
    IndustrySectorSerializer,
    InternshipRulesSerializer,
    SkillSerializer,
)
from cities.filters import AcademicTermFilterSet, CityFilterSet, IndustrySectorFilterSet, SkillFilterSet
from cities.selectors import academic_term_list, city_list, industry_sector_list, internship_rules_list, skill_list
from common.api.viewsets import (
    PlatformCreateReadViewSet,
    PlatformReadOnlyViewSet,
    PlatformReadUpdateViewSet,
    PlatformViewSet,
)


class CityViewSet(PlatformReadOnlyViewSet):
    """The pilot city you belong to (every city, for a platform admin)."""

    selector = city_list
    serializer_class = CitySerializer
    filterset_class = CityFilterSet
    ordering_fields = ["id", "name"]


class IndustrySectorViewSet(PlatformReadOnlyViewSet):
    """GB/T 4754-2017 industry sections (A–T) and divisions (01–97), in Chinese and English."""

    selector = industry_sector_list
    serializer_class = IndustrySectorSerializer
    filterset_class = IndustrySectorFilterSet
    ordering_fields = ["code"]


class SkillViewSet(PlatformCreateReadViewSet):
    """The shared vocabulary of skills; college and enterprise staff add the ones they need."""

    selector = skill_list
    serializer_class = SkillSerializer
    filterset_class = SkillFilterSet
    ordering_fields = ["id", "name"]

    def perform_create(self, serializer):
        serializer.instance = services.skill_create(**serializer.validated_data)


class AcademicTermViewSet(PlatformViewSet):
    """The terms of your city's academic calendar; an internship runs inside one. Every member reads them; the
    city's officials add, change and remove them (terms do not overlap, and end after they start)."""

    selector = academic_term_list
    serializer_class = AcademicTermSerializer
    filterset_class = AcademicTermFilterSet
    ordering_fields = ["id", "starts_on", "name"]

    def perform_create(self, serializer):
        serializer.instance = services.academic_term_create(
            city_id=self.principal.city_id, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.academic_term_update(term=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, term):
        services.academic_term_delete(term=term)


class InternshipRulesViewSet(PlatformReadUpdateViewSet):
    """Your city's thresholds for interns (daily hours, night work, insurance, stipend floor, minimum age), which a
    posting must meet to open. A city that has not set its own follows the national defaults and has no row yet:
    its officials' first change, on the Internship rules page, records it; from then on they change it here too."""

    selector = internship_rules_list
    serializer_class = InternshipRulesSerializer
    ordering_fields = ["id"]

    def perform_update(self, serializer):
        serializer.instance = services.internship_rules_update(
            city_id=serializer.instance.city_id, **serializer.validated_data
        )
