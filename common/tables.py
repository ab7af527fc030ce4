"""The base of every page's table (django-tables2): a record's first column links to its page."""

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.links import page_link
from common.templatetags.platform import cny


class PlatformTable(tables.Table):
    """A table of one model's rows; columns name fields the selector already loaded (no query per row). It knows its
    reader (``principal``, passed by ObjectListView), for what a column shows them."""

    class Meta:
        attrs = {"class": "table"}
        template_name = "generic/table.html"

    def __init__(self, *args, principal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.principal = principal
        # A declared column is headed by the label of the field it is named after: django-tables2 would take the
        # label of the last field of its accessor ("Name" for program__name), or none when the rows are not a queryset.
        for column in self.columns.iterall():
            if column.column.verbose_name is None:
                try:
                    field = self._meta.model._meta.get_field(column.name)
                except FieldDoesNotExist:
                    continue
                column.column.verbose_name = capfirst(field.verbose_name)


class RecordColumn(tables.Column):
    """The column that names the record, linked to its page (``<app>:<model>_detail``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("linkify", lambda record: page_link(type(record), record.pk))
        super().__init__(*args, **kwargs)


class YesNoColumn(tables.BooleanColumn):
    """A yes or no in words of the page's language, on the page and in a download (django-tables2's own writes
    "True" or "False" in an export)."""

    def __init__(self, *args, yesno=None, **kwargs):
        super().__init__(*args, yesno=yesno or (_("Yes"), _("No")), **kwargs)

    def value(self, record, value, bound_column):
        return str(self.yesno[int(not self._get_bool_value(record, value, bound_column))])


class MoneyColumn(tables.Column):
    """An amount in yuan, with the locale's separators (¥12,000.00)."""

    attrs = {"td": {"class": "number"}, "th": {"class": "number"}}

    def render(self, value):
        return cny(value)
