"""Template helpers of the pages: a field's translated label and value, and amounts in yuan."""

from django import template
from django.db import models
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def field_label(record: models.Model, name: str) -> str:
    """The field's verbose name, translated and capitalised as a label."""
    return capfirst(record._meta.get_field(name).verbose_name)


def display(record: models.Model, name: str) -> str:
    """A field's value as a person reads it: a choice's label, a date in the locale's format, yes or no."""
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if value is None or value == "":
        return "—"
    if field.choices:
        return getattr(record, f"get_{name}_display")()
    if isinstance(field, models.DateTimeField):
        # In the platform's time zone, as a template shows a datetime (the filter alone would keep UTC's).
        return date_filter(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return date_filter(value, "DATE_FORMAT")
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if name.endswith("year"):
        # A year is a label, not an amount: 2024, never 2,024.
        return str(value)
    if isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
        return number_format(value, force_grouping=True)
    return str(value)


@register.simple_tag
def field_row(record: models.Model, name: str) -> str:
    """``<dt>label</dt><dd>value</dd>`` of one field, for a record's facts list."""
    return format_html("<dt>{}</dt><dd>{}</dd>", field_label(record, name), display(record, name))


@register.filter
def cny(amount) -> str:
    """An amount in yuan with the locale's grouping: ¥12,000.00."""
    if amount is None or amount == "":
        return "—"
    return _("¥%(amount)s") % {"amount": number_format(amount, decimal_pos=2, force_grouping=True)}
