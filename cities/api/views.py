from cities import services
from cities.api.serializers import CitySerializer, IndustrySectorSerializer, SkillSerializer
from cities.filters import CityFilterSet, IndustrySectorFilterSet, SkillFilterSet
from cities.selectors import city_list, industry_sector_list, skill_list
from common.api.viewsets import PlatformCreateReadViewSet, PlatformReadOnlyViewSet


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
