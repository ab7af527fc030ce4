"""One meaning of "placed" (docs/scoring.md), one rule written twice side by side: as a ``Q`` for the ORM and as a
SQL fragment for the scoring statements. A placement (``Student.placements``) places its student on day T when it
had started by T and was not cancelled by then: under way or completed. One accepted but starting after T places
nobody yet (the register does not record when a placement was accepted, so that could not be counted as of T).

A moment is "by T" when it comes before ``cutoff(T)``, the first moment of the next day on the platform's clock
(``TIME_ZONE``, Asia/Shanghai): a cancellation at 23:30 on T, city time, counts on T.
"""

import datetime

from django.db.models import Q
from django.utils import timezone


def cutoff(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day`` on the platform's clock: what happened by ``day`` happened before it."""
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=timezone.get_default_timezone()
    )


def placed_on(day: datetime.date, placement_path: str = "") -> Q:
    """Placements (at ``placement_path``) that place their student on ``day``."""
    prefix = f"{placement_path}__" if placement_path else ""
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}cancelled_at__isnull": True}) | Q(**{f"{prefix}cancelled_at__gte": cutoff(day)})
    )


def placed_sql(placement: str) -> str:
    """The SQL condition that the row of ``placement`` (an alias) places its student on the ``%(as_of)s``
    parameter's day, ``%(cutoff)s`` being its cutoff."""
    return (
        f"{placement}.starts_on <= %(as_of)s "
        f"AND ({placement}.cancelled_at IS NULL OR {placement}.cancelled_at >= %(cutoff)s)"
    )
