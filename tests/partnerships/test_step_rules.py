"""The workflow steps of partnerships: every action of its API has a permission rule, and every rule an action."""

from accounts.permissions import platform_rules
from accounts.principals import ANONYMOUS
from partnerships.api.urls import router

RESOURCE_KINDS = {"view", "add", "change", "delete"}


def rule_of(viewset, action_name: str) -> str:
    kinds = {}
    for cls in reversed(viewset.__mro__):
        kinds.update(cls.__dict__.get("rule_kinds", {}))
    meta = viewset.selector(principal=ANONYMOUS).model._meta
    return f"{meta.app_label}.{kinds[action_name]}_{meta.model_name}"


def test_every_step_action_has_a_rule_and_every_step_rule_an_action():
    # An action's route may answer several methods, each with a handler of its own (``scans``: GET and POST).
    action_rules = {
        rule_of(viewset, handler)
        for _, viewset, _ in router.registry
        for extra in viewset.get_extra_actions()
        for handler in extra.mapping.values()
    }
    step_rules = {
        name
        for name in platform_rules
        if name.startswith("partnerships.") and name.split(".")[1].split("_")[0] not in RESOURCE_KINDS
    }

    assert action_rules - set(platform_rules) == set(), "actions without a rule"
    assert step_rules - action_rules == set(), "rules without an action"
