"""Panels a higher app adds to a lower app's record page, as NetBox's plugins add template extensions.

A program's page (colleges) shows its students' talent scores (evaluation) and the demand in its sectors
(enterprises); colleges may not import either (docs/architecture.md), so each of those apps registers a panel for
the model in its ``panels.py`` (imported by its AppConfig.ready), and the page renders what is registered.
A panel is a function ``(record, principal) -> dict | None``: the context of its template, or None to show nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model
from django.template.loader import render_to_string

from accounts.principals import Principal


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[Model, Principal], dict | None]
    order: int


_PANELS: dict[type[Model], list[Panel]] = {}


def panel(model: type[Model], *, template: str, order: int = 50):
    """Register the decorated function as a panel of ``model``'s page, rendered with ``template``."""

    def register(context: Callable[[Model, Principal], dict | None]):
        _PANELS.setdefault(model, []).append(Panel(template, context, order))
        _PANELS[model].sort(key=lambda registered: registered.order)
        return context

    return register


def render_panels(record: Model, *, principal: Principal, request) -> list[str]:
    """The HTML of each panel registered for ``record``'s model that has something to show."""
    rendered = []
    for registered in _PANELS.get(type(record), []):
        context = registered.context(record, principal)
        if context is not None:
            rendered.append(render_to_string(registered.template, {"object": record, **context}, request=request))
    return rendered
