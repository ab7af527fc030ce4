"""How a selector limits rows to a principal's scope: one filter per role, as the rows of docs/permissions.md read.

    scoped(Program.objects.all(), principal,
           college_staff=own("college_id"), enterprise_staff=in_city("college__city_id"),
           city_official=in_city("college__city_id"))

A platform admin sees every row; a role that is not named (and anonymous) sees none.
"""

from collections.abc import Callable

from django.db.models import Exists, Q, QuerySet

from accounts.choices import Role
from accounts.principals import Principal

# A scope turns a principal into the filter of the rows they may see.
Scope = Callable[[Principal], Q | Exists]


def own(path: str) -> Scope:
    """Rows whose organisation at ``path`` is the principal's (their college or their enterprise)."""
    return lambda principal: Q(**{path: principal.college_id or principal.enterprise_id})


def in_city(path: str) -> Scope:
    """Rows whose city at ``path`` is the principal's."""
    return lambda principal: Q(**{path: principal.city_id})


def scoped(
    queryset: QuerySet,
    principal: Principal,
    *,
    college_staff: Scope | None = None,
    enterprise_staff: Scope | None = None,
    city_official: Scope | None = None,
) -> QuerySet:
    """``queryset`` limited to the rows ``principal`` may see, by the scope given for their role."""
    if principal.role == Role.PLATFORM_ADMIN:
        return queryset
    scope = {
        Role.COLLEGE_STAFF: college_staff,
        Role.ENTERPRISE_STAFF: enterprise_staff,
        Role.CITY_OFFICIAL: city_official,
    }.get(principal.role)
    return queryset.filter(scope(principal)) if scope else queryset.none()
