"""The platform's permission rules: one rule set, filled by each app's ``permissions.py``, read like the matrix in
docs/permissions.md.

Each rule is named ``<app>.<kind>_<model>`` (kind: view, add, change, delete, or a workflow action) and combines a
role predicate with, for rules about one object, an ownership predicate. Scoping (which rows exist for a principal
at all) is the selectors' job; these rules decide what the principal may do with the rows in scope.
The rule set is separate from Django's ``has_perm`` so that a superuser gets exactly what the matrix says.
"""

from operator import attrgetter

import rules

from accounts.choices import Role
from accounts.principals import principal_of

platform_rules = rules.RuleSet()


def allow(rule: str, predicate: rules.Predicate) -> None:
    """Register who may do ``rule``; every app's permissions.py is a list of these calls."""
    platform_rules.add_rule(rule, predicate)


def allow_resource(
    resource: str,
    *,
    view: rules.Predicate,
    add: rules.Predicate | None = None,
    change: rules.Predicate | None = None,
    delete: rules.Predicate | None = None,
) -> None:
    """One row of the matrix: who may view, add, change and delete ``<app>.<model>`` (None: nobody)."""
    app_label, model_name = resource.split(".")
    for kind, predicate in {"view": view, "add": add, "change": change, "delete": delete}.items():
        if predicate is not None:
            allow(f"{app_label}.{kind}_{model_name}", predicate)


def may(user, rule: str, obj=None) -> bool:
    """Whether ``user`` may do ``rule`` (to ``obj``); an unknown rule is refused."""
    return platform_rules.test_rule(rule, user, obj)


def _has_role(role: Role) -> rules.Predicate:
    return rules.predicate(lambda user: principal_of(user).role == role, name=f"is_{role.value}")


is_platform_admin = _has_role(Role.PLATFORM_ADMIN)
is_college_staff = _has_role(Role.COLLEGE_STAFF)
is_enterprise_staff = _has_role(Role.ENTERPRISE_STAFF)
is_city_official = _has_role(Role.CITY_OFFICIAL)
is_member = is_college_staff | is_enterprise_staff | is_city_official
is_signed_in = is_member | is_platform_admin


def _owned_through(path: str, principal_field: str) -> rules.Predicate:
    read = attrgetter(path)

    def owned(user, obj) -> bool:
        return obj is not None and read(obj) == getattr(principal_of(user), principal_field)

    return rules.predicate(owned, name=f"{path} is the user's {principal_field}")


def of_my_college(path: str) -> rules.Predicate:
    """An object predicate: the college id reached by ``path`` (e.g. ``program.college_id``) is the user's."""
    return _owned_through(path, "college_id")


def of_my_enterprise(path: str) -> rules.Predicate:
    """An object predicate: the enterprise id reached by ``path`` is the user's."""
    return _owned_through(path, "enterprise_id")


# Each user reads and marks their own notifications (the selector gives nobody anyone else's).
allow_resource("accounts.notification", view=is_signed_in, change=is_signed_in)
# Each user keeps their own saved views of the lists (the selector gives nobody anyone else's).
allow_resource("accounts.savedview", view=is_signed_in, add=is_signed_in, delete=is_signed_in)
