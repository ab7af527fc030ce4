from functools import reduce
from operator import or_

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

# The largest value a 64-bit integer column holds: beyond it SQLite cannot even bind the parameter.
MAX_INTEGER = 2**63 - 1


@extend_schema_field(OpenApiTypes.INT64)
class IntegerFilter(filters.NumberFilter):
    """A whole number within what the database can compare: 1.5 or 10**30 is a 400, not a guess or a crash."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -MAX_INTEGER)
        kwargs.setdefault("max_value", MAX_INTEGER)
        super().__init__(*args, **kwargs)


class IdFilter(IntegerFilter):
    """A foreign key given by id, e.g. ``IdFilter(field_name="college_id")``; an id outside the scope finds nothing."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)


class PlatformFilterSet(filters.FilterSet):
    """The base of every FilterSet: integer model fields filter as whole numbers (see ``IntegerFilter``)."""

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        **{
            field_class: {"filter_class": IntegerFilter}
            for field_class in filters.FilterSet.FILTER_DEFAULTS
            if issubclass(field_class, models.IntegerField)
        },
    }

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        """A filter of ``Meta.fields`` labelled lazily with its field's label: django-filter would translate it once,
        in the language of the first reader, and keep that for every later one (the OpenAPI schema reads it too)."""
        generated = super().filter_for_field(field, field_name, lookup_expr)
        if generated._label is None and generated.lookup_expr == "exact":
            generated.label = capfirst(field.verbose_name)
        return generated


class SearchFilterSet(PlatformFilterSet):
    """A FilterSet with ``q``: a case-insensitive text search over the fields named in ``search_fields``."""

    search_fields: tuple[str, ...] = ()

    q = filters.CharFilter(method="filter_q", label=_("Text search"))

    def filter_q(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= reduce(or_, (Q(**{f"{field}__icontains": word}) for field in self.search_fields))
        return queryset.filter(terms)
