"""The refusals a service or the database can answer a request with, and the one message a person reads for each;
the API answers them with 409 (common/api/exceptions.py), the pages show the message (common/views.py)."""

from django.db import DatabaseError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _


class BusinessRuleViolation(Exception):
    """A request that is well-formed but conflicts with the state of the platform (answered with 409)."""


# PostgreSQL's SQLSTATEs for a transaction rolled back to let a concurrent one through: serialization_failure and
# deadlock_detected (https://www.postgresql.org/docs/current/errcodes-appendix.html).
LOST_RACE_SQLSTATES = frozenset({"40001", "40P01"})

REFUSALS = (BusinessRuleViolation, ProtectedError, RestrictedError, IntegrityError, DatabaseError)


def _lost_race(error: DatabaseError) -> bool:
    """The database rolled the transaction back to let a concurrent one through (psycopg 2 names the SQLSTATE
    ``pgcode``, psycopg 3 ``sqlstate``)."""
    cause = error.__cause__
    return (getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)) in LOST_RACE_SQLSTATES


def _still_used_message(error: ProtectedError | RestrictedError) -> str:
    rows = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
    used_by = sorted({str(row._meta.verbose_name_plural) for row in rows})
    return _("It cannot be deleted while other records use it: %(used_by)s.") % {"used_by": ", ".join(used_by)}


def refusal_message(error: Exception) -> str | None:
    """What to tell the person whose request ``error`` refused, or None if it is not a refusal (a bug: let it raise).

    A service changes state in one transaction: when the database rolled it back, nothing of the step was written,
    so sending the request again is safe.
    """
    if isinstance(error, BusinessRuleViolation):
        return str(error)
    if isinstance(error, ProtectedError | RestrictedError):
        return _still_used_message(error)
    if isinstance(error, IntegrityError):
        # A race lost to a concurrent write that a database constraint caught; the details are not the caller's.
        return _("Another change to the same records was made at the same time; reload and retry.")
    if isinstance(error, DatabaseError) and _lost_race(error):
        return _("Another change to the same records was being made at the same time; try again.")
    return None
