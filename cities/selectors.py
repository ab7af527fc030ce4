"""Reads of the cities app: the principal's city with its academic calendar and internship rules, and the shared
vocabularies every member reads."""

from django.db.models import QuerySet

from accounts.principals import Principal
from accounts.scopes import in_city, scoped
from cities.models import AcademicTerm, City, IndustrySector, InternshipRules, Skill


def _of_own_city(queryset: QuerySet, principal: Principal, path: str = "city_id") -> QuerySet:
    """``queryset``'s rows of the principal's city (the city at ``path``), whatever their role; every city's for the
    platform admin."""
    own_city = in_city(path)
    return scoped(queryset, principal, college_staff=own_city, enterprise_staff=own_city, city_official=own_city)


def city_list(*, principal: Principal) -> QuerySet[City]:
    return _of_own_city(City.objects.prefetch_related("priority_sectors"), principal, "pk")


def industry_sector_list(*, principal: Principal) -> QuerySet[IndustrySector]:
    sectors = IndustrySector.objects.select_related("parent")
    return sectors if principal.is_authenticated else sectors.none()


def skill_list(*, principal: Principal) -> QuerySet[Skill]:
    skills = Skill.objects.select_related("sector")
    return skills if principal.is_authenticated else skills.none()


def academic_term_list(*, principal: Principal) -> QuerySet[AcademicTerm]:
    """The terms of the principal's city (every city's for the platform admin), in the order of the calendar."""
    terms = _of_own_city(AcademicTerm.objects.select_related("city"), principal)
    return terms.order_by("city__name", "starts_on", "pk")


def internship_rules_list(*, principal: Principal) -> QuerySet[InternshipRules]:
    """The rows of the cities in scope that set their own thresholds (a city without one keeps the defaults)."""
    return _of_own_city(InternshipRules.objects.select_related("city"), principal).order_by("city__name", "pk")


def internship_rules_of(city_id: int) -> InternshipRules:
    """The city's thresholds; a city that set none has the national defaults (an unsaved row)."""
    return InternshipRules.objects.filter(city_id=city_id).first() or InternshipRules(city_id=city_id)
