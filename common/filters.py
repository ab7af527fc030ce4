from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters


class SearchFilterSet(filters.FilterSet):
    """A FilterSet with ``q``: a case-insensitive text search over the fields named in ``search_fields``."""

    search_fields: tuple[str, ...] = ()

    q = filters.CharFilter(method="filter_q", label=_("Text search"))

    def filter_q(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= reduce(or_, (Q(**{f"{field}__icontains": word}) for field in self.search_fields))
        return queryset.filter(terms)
