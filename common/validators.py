"""Validation that models of several apps share, run by ``full_clean`` on every write path (services, admin)."""

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _


def require_same_city(record: Model, *fields: str) -> None:
    """Refuse ``record`` if the organisations at ``fields`` (foreign keys to rows with a city, or ``city`` itself)
    lie in more than one city; a database constraint cannot span tables. The first field set gives the city, and
    each field in another one gets the message."""
    cities = {}
    for name in fields:
        related_id = getattr(record, f"{name}_id")
        if related_id is not None:
            cities[name] = related_id if name == "city" else getattr(record, name).city_id
    city_id = next(iter(cities.values()), None)
    errors = {
        name: [
            _("This is in another city: a %(record)s joins organisations of one city.")
            % {"record": record._meta.verbose_name}
        ]
        for name, other in cities.items()
        if other != city_id
    }
    if errors:
        raise ValidationError(errors)
