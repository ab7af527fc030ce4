"""The few SQL expressions that PostgreSQL and SQLite spell differently, so that each score is one query text.

Statements use named parameters (``%(as_of)s``); a literal ``%`` is written ``%%`` (Django converts both for SQLite).
"""

import datetime
import json
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from colleges.placed import cutoff


class PostgreSQL:
    """Spellings for PostgreSQL."""

    # Set at the start of each scoring transaction. JIT-compiling statements of this size took about half a
    # second each (measured at 1,000,000 students) and saved nothing.
    transaction_settings = ("SET LOCAL jit = off",)
    true, false = "true", "false"
    # Locks the rows read against UPDATE and DELETE, not against other readers doing the same.
    for_share = "FOR SHARE"

    def days(self, later: str, earlier: str) -> str:
        """Whole days from one date to another (date subtraction is an integer)."""
        return f"({later} - {earlier})"

    def real(self, expression: str) -> str:
        """A floating-point value: integer and numeric division would otherwise truncate or widen."""
        return f"CAST({expression} AS double precision)"

    def least(self, first: str, second: str) -> str:
        """The smaller of two values that are not NULL."""
        return f"LEAST({first}, {second})"

    def greatest(self, first: str, second: str) -> str:
        """The larger of two values that are not NULL."""
        return f"GREATEST({first}, {second})"

    def latest(self, *expressions: str) -> str:
        """The largest of values that may be NULL, ignoring the NULLs (NULL if all are)."""
        return f"GREATEST({', '.join(expressions)})"

    def round1(self, expression: str) -> str:
        """Rounded to one decimal, halves away from zero (rounding a float would round halves to even)."""
        return f"ROUND(CAST({expression} AS numeric), 1)"

    def local_date(self, moment: str) -> str:
        """The date of a timestamp on the city's clock (``%(time_zone)s``)."""
        return f"CAST(({moment}) AT TIME ZONE %(time_zone)s AS date)"

    def json_object(self, pairs: dict[str, str]) -> str:
        return "jsonb_build_object(" + ", ".join(f"'{key}', {value}" for key, value in pairs.items()) + ")"

    def json_object_agg(self, key: str, value: str) -> str:
        """An aggregate: the JSON object of each row's ``key`` to its ``value`` (itself a JSON object)."""
        return f"jsonb_object_agg({key}, {value})"

    def one_of(self, column: str, parameter: str) -> str:
        """``column`` is one of the ids in parameter ``parameter`` (see ``ids``), with one query text for any count."""
        return f"{column} = ANY(%({parameter})s)"

    def ids(self, ids: Iterable[int]) -> list[int]:
        return list(ids)

    def in_few(self, column: str, subquery: str) -> str:
        """``column`` is one of the few values ``subquery`` gives: read first, then each looked up by index (as a
        semi-join, the planner may scan the whole table for them)."""
        return f"{column} = ANY(ARRAY({subquery}))"


class SQLite(PostgreSQL):
    """Spellings for SQLite, where dates are ISO strings and timestamps UTC strings."""

    transaction_settings = ()
    true, false = "1", "0"
    for_share = ""  # a writing transaction locks the whole database

    def days(self, later: str, earlier: str) -> str:
        return f"(julianday({later}) - julianday({earlier}))"

    def real(self, expression: str) -> str:
        return f"CAST({expression} AS REAL)"

    def least(self, first: str, second: str) -> str:
        return f"MIN({first}, {second})"

    def greatest(self, first: str, second: str) -> str:
        return f"MAX({first}, {second})"

    def latest(self, *expressions: str) -> str:
        # SQLite's MAX(a, b) is NULL as soon as one argument is; the aggregate MAX skips NULLs.
        return f"(SELECT MAX(column1) FROM (VALUES {', '.join(f'({expression})' for expression in expressions)}))"

    def round1(self, expression: str) -> str:
        return f"ROUND({expression}, 1)"

    def local_date(self, moment: str) -> str:
        # The function Django registers on every SQLite connection for TruncDate.
        return f"django_datetime_cast_date({moment}, %(time_zone)s, '{connection.timezone_name}')"

    def json_object(self, pairs: dict[str, str]) -> str:
        return "json_object(" + ", ".join(f"'{key}', {value}" for key, value in pairs.items()) + ")"

    def json_object_agg(self, key: str, value: str) -> str:
        # json() marks the value as JSON again: read from a subquery, it would be nested as a string.
        return f"json_group_object({key}, json({value}))"

    def one_of(self, column: str, parameter: str) -> str:
        return f"{column} IN (SELECT value FROM json_each(%({parameter})s))"

    def ids(self, ids: Iterable[int]) -> str:
        return json.dumps(list(ids))

    def in_few(self, column: str, subquery: str) -> str:
        return f"{column} IN ({subquery})"


def dialect() -> PostgreSQL:
    return SQLite() if connection.vendor == "sqlite" else PostgreSQL()


def as_of_parameters(as_of: datetime.date) -> dict:
    """The reference date ``as_of`` (T), and the first moment after it on the city's clock: what had happened by
    T happened before ``cutoff``."""
    return {
        "as_of": connection.ops.adapt_datefield_value(as_of),
        "cutoff": connection.ops.adapt_datetimefield_value(cutoff(as_of)),
        "time_zone": str(timezone.get_default_timezone()),
    }


def date_read(value: datetime.date | str | None) -> datetime.date | None:
    """A date a statement returned: SQLite hands dates back as ISO strings."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def begin_scoring() -> None:
    """Apply the dialect's settings for scoring statements to the transaction under way."""
    for setting in dialect().transaction_settings:
        execute(setting, {})


def fetch(statement: str, parameters: dict) -> list[tuple]:
    """Run one statement; the rows it returned."""
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)
        return cursor.fetchall()


def execute(statement: str, parameters: dict) -> int:
    """Run one statement; the number of rows it wrote."""
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)
        return cursor.rowcount


def weighted_score(sql: PostgreSQL, components: Iterable[str]) -> str:
    """``100 × Σ wₖ·cₖ / Σ wₖ`` over the components that have data, rounded to one decimal; NULL if none has.

    The weights are the parameters ``weight_<component>``.
    """
    weights = {component: sql.real(f"%(weight_{component})s") for component in components}
    weighted = " + ".join(f"{weight} * COALESCE({component}, 0)" for component, weight in weights.items())
    present = " + ".join(
        f"CASE WHEN {component} IS NULL THEN 0 ELSE {weight} END" for component, weight in weights.items()
    )
    return sql.round1(f"100 * ({weighted}) / NULLIF({present}, 0)")


def weight_parameters(weights: dict[str, float]) -> dict[str, float]:
    return {f"weight_{component}": weight for component, weight in weights.items()}
