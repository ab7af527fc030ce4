"""Reads of the cities app: the principal's city, and the shared vocabularies every member reads."""

from django.db.models import QuerySet

from accounts.choices import Role
from accounts.principals import Principal
from cities.models import City, IndustrySector, Skill


def city_list(*, principal: Principal) -> QuerySet[City]:
    cities = City.objects.prefetch_related("priority_sectors")
    if principal.role == Role.PLATFORM_ADMIN:
        return cities
    return cities.filter(pk=principal.city_id) if principal.city_id else cities.none()


def industry_sector_list(*, principal: Principal) -> QuerySet[IndustrySector]:
    sectors = IndustrySector.objects.select_related("parent")
    return sectors if principal.is_authenticated else sectors.none()


def skill_list(*, principal: Principal) -> QuerySet[Skill]:
    skills = Skill.objects.select_related("sector")
    return skills if principal.is_authenticated else skills.none()
