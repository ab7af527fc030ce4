"""Where a record is shown, resolved where a link to it is shown: services name records (a notification's subject),
never URLs. Two surfaces: the API, at the detail route of the first DRF resource registered for the record's model
(an app's own router comes first in config/urls.py), and the pages, at the route named ``…:<model_name>_detail``
taking ``pk`` whose view reads the record's model (a posting's page lives with its lifecycle in partnerships); a
model without such a route has no link there."""

import functools

from django.conf import settings
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, get_urlconf, reverse

from accounts.principals import ANONYMOUS


def _detail_routes(patterns, namespace: str = ""):
    """(model, URL name) of each DRF detail route among ``patterns``, in URLconf order."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _detail_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.name.endswith("-detail"):
            serializer_class = getattr(getattr(pattern.callback, "cls", None), "serializer_class", None)
            model = getattr(getattr(serializer_class, "Meta", None), "model", None)
            if model is not None:
                yield model, f"{namespace}{pattern.name}"


@functools.cache
def _api_routes(urlconf: str) -> dict[type[Model], str]:
    routes = {}
    for model, name in _detail_routes(get_resolver(urlconf).url_patterns):
        routes.setdefault(model, name)
    return routes


def api_link(model: type[Model] | None, pk: int | None) -> str:
    """The API path of the record ``pk`` of ``model`` (``/api/v1/agreements/7/``); empty if it has no resource."""
    name = _api_routes(get_urlconf() or settings.ROOT_URLCONF).get(model)
    return reverse(name, kwargs={"pk": pk}) if name and pk is not None else ""


def _page_routes(patterns, namespace: str = ""):
    """(model, URL name) of each record page among ``patterns``: a ``*_detail`` route whose view has a selector."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _page_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.name.endswith("_detail"):
            selector = getattr(getattr(pattern.callback, "view_class", None), "selector", None)
            if selector is not None:
                yield selector(principal=ANONYMOUS).model, f"{namespace}{pattern.name}"


@functools.cache
def _pages(urlconf: str) -> dict[type[Model], str]:
    routes = {}
    for model, name in _page_routes(get_resolver(urlconf).url_patterns):
        routes.setdefault(model, name)
    return routes


def page_link(model: type[Model] | None, pk: int | None) -> str:
    """The path of the page of the record ``pk`` of ``model``; empty if no page shows it."""
    name = _pages(get_urlconf() or settings.ROOT_URLCONF).get(model)
    return reverse(name, kwargs={"pk": pk}) if name and pk is not None else ""
