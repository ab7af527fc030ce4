"""Reads of the cities app: the principal's city, and the shared vocabularies every member reads."""

from django.db.models import QuerySet

from accounts.principals import Principal
from accounts.scopes import in_city, scoped
from cities.models import City, IndustrySector, Skill


def city_list(*, principal: Principal) -> QuerySet[City]:
    own_city = in_city("pk")
    return scoped(
        City.objects.prefetch_related("priority_sectors"),
        principal,
        college_staff=own_city,
        enterprise_staff=own_city,
        city_official=own_city,
    )


def industry_sector_list(*, principal: Principal) -> QuerySet[IndustrySector]:
    sectors = IndustrySector.objects.select_related("parent")
    return sectors if principal.is_authenticated else sectors.none()


def skill_list(*, principal: Principal) -> QuerySet[Skill]:
    skills = Skill.objects.select_related("sector")
    return skills if principal.is_authenticated else skills.none()
