"""The base of the pages' forms: a ModelForm for its labels, hints and widgets, whose foreign keys offer only the rows
the principal may choose (the API's ``ScopedRelatedField``); the service behind the page does the writing."""

from collections.abc import Callable
from functools import reduce
from operator import or_

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from accounts.principals import Principal

# How many rows a searched choice lists at once; typing part of a name finds the others.
SEARCH_LIMIT = 50


class ScopedChoicesMixin:
    """``scoped_fields`` names each foreign key (or many-to-many) field and the selector of its choices.

    ``searched_fields`` names the choices among a city's thousands of rows (enterprises, training bases) and the
    fields a search matches: the list offers the chosen row and the first SEARCH_LIMIT rows that match what the user
    typed in the search box above it (includes/field.html; htmx refreshes the list as they type, and without script
    the search is sent with the form). The field still accepts any row of its queryset.
    """

    scoped_fields: dict[str, Callable[..., QuerySet]] = {}
    searched_fields: dict[str, tuple[str, ...]] = {}

    def __init__(self, *args, principal: Principal, request: HttpRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.principal = principal
        for name, selector in self.scoped_fields.items():
            if name in self.fields:
                self.fields[name].queryset = selector(principal=principal)
        for name, lookups in self.searched_fields.items():
            if name in self.fields:
                self._offer_matches(name, lookups, request)

    def _offer_matches(self, name: str, lookups: tuple[str, ...], request: HttpRequest | None) -> None:
        field = self.fields[name]
        asked = self.data if self.is_bound else (request.GET if request else {})
        offer_matches(
            field,
            field.queryset,
            lookups,
            query=str(asked.get(self.add_prefix(f"{name}_q"), "")),
            chosen=str(self[name].value() or ""),
            url=request.path if request else "",
            label=field.label_from_instance,
            empty_label=field.empty_label or "",
        )


class SearchedChoiceField(forms.ModelChoiceField):
    """A searched choice (``searched_fields``) that takes the chosen row from those just offered, without reading
    it again."""

    def to_python(self, value):
        offered = next((row for row in getattr(self, "offered", ()) if str(row.pk) == str(value)), None)
        return offered or super().to_python(value)


class PlatformModelForm(ScopedChoicesMixin, forms.ModelForm):
    """A model's form whose choices are scoped and searched (``ScopedChoicesMixin``)."""

    def _post_clean(self):
        """Model validation is the service's (it validates the whole row before writing, for the API too), so
        the form only cleans its fields; the service's errors come back onto them (common/views.py)."""

    def changes(self) -> dict:
        """The cleaned fields, as the service takes them."""
        return dict(self.cleaned_data)


class DateInput(forms.DateInput):
    """The browser's date picker; its value is ISO 8601 whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def offer_matches(
    field: forms.Field,
    rows: QuerySet,
    lookups: tuple[str, ...],
    *,
    query: str,
    chosen: str,
    url: str,
    label: Callable = str,
    empty_label: str = "",
) -> None:
    """Make ``field``'s select a searched choice among ``rows``: the chosen row (``chosen``, a primary key) and the
    first SEARCH_LIMIT rows whose ``lookups`` contain ``query``; ``field.search`` tells includes/choice_search.html
    what to say and where the search box asks for the matches (``url``, refreshed by htmx as one types)."""
    query = query.strip()
    matches = rows.filter(reduce(or_, (Q(**{f"{lookup}__icontains": query}) for lookup in lookups))) if query else rows
    shown = list(matches.order_by(lookups[0], "pk")[:SEARCH_LIMIT])
    if chosen.isdigit() and all(str(row.pk) != chosen for row in shown):
        shown = [*rows.filter(pk=chosen), *shown]
    total = matches.count() if len(shown) >= SEARCH_LIMIT else len(shown)
    field.offered = shown
    field.widget.choices = [("", empty_label)] + [(row.pk, label(row)) for row in shown]
    field.search = {"query": query, "shown": min(len(shown), SEARCH_LIMIT), "total": total, "url": url}
