from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import BasePermission

from accounts.permissions import may
from accounts.principals import principal_of

# The rule each viewset action needs, as <app>.<kind>_<model>; workflow actions declare their own (see below).
ACTION_RULE_KINDS = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}


def rule_name(view) -> str:
    """``colleges.change_program`` for an update of a program; an @action names its rule in ``rule_kinds``
    (``{"propose": "propose"}`` → ``partnerships.propose_cooperationagreement``).

    OPTIONS ("metadata") describes the resource and needs the view rule, as does a method the resource does not
    support (no action: DRF answers 405 once the caller may see the resource). An action with no rule is a bug.
    """
    model = view.get_queryset().model
    kinds = {None: "view", "metadata": "view", **ACTION_RULE_KINDS}
    for cls in reversed(type(view).__mro__):  # a mixin's actions, then the viewset's own
        kinds.update(cls.__dict__.get("rule_kinds", {}))
    if view.action not in kinds:
        raise ImproperlyConfigured(f"{type(view).__name__}.{view.action} has no rule: add it to rule_kinds.")
    return f"{model._meta.app_label}.{kinds[view.action]}_{model._meta.model_name}"


class PlatformRules(BasePermission):
    """Checks the platform's permission rules (``accounts.permissions``) for the viewset's action.

    The rows a principal can reach at all come from the viewset's selector (an object outside it is a 404);
    these rules decide what they may do with what they can reach (a refusal is a 403).
    """

    def has_permission(self, request, view):
        # A signed-in user without a membership has no role: refused before anything is looked up.
        if not principal_of(request.user).is_authenticated:
            return False
        # Object actions are decided on the object, once it has been found in the principal's scope.
        return view.detail or may(request.user, rule_name(view))

    def has_object_permission(self, request, view, obj):
        return may(request.user, rule_name(view), obj)
