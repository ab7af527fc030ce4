"""Every error the API gives has a status that says whose fault it is and a body a person can read.

400: the input is wrong (field → messages); 409: the input is fine but conflicts with the platform's state, or
lost a race to a concurrent change (then the same request may simply be sent again).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.defaults import page_not_found
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from common.exceptions import BusinessRuleViolation


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the platform.")
    default_code = "conflict"


# PostgreSQL's SQLSTATEs for a transaction rolled back to let a concurrent one through: serialization_failure and
# deadlock_detected (https://www.postgresql.org/docs/current/errcodes-appendix.html).
LOST_RACE_SQLSTATES = frozenset({"40001", "40P01"})


def _lost_race(error: DatabaseError) -> bool:
    """The database rolled the transaction back to let a concurrent one through (psycopg 2 names the SQLSTATE
    ``pgcode``, psycopg 3 ``sqlstate``)."""
    cause = error.__cause__
    return (getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)) in LOST_RACE_SQLSTATES


def _still_used_message(error: ProtectedError | RestrictedError) -> str:
    rows = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
    used_by = sorted({str(row._meta.verbose_name_plural) for row in rows})
    return str(_("It cannot be deleted while other records use it: %(used_by)s.")) % {"used_by": ", ".join(used_by)}


def not_found(request, exception):
    """The site's 404: JSON under /api/ (as the schema documents), the HTML page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(_("Not found.")), "code": "not_found"}, status=status.HTTP_404_NOT_FOUND)
    return page_not_found(request, exception)


def exception_handler(exc, context):
    """DRF's handler, taught the errors that services and the database raise."""
    if isinstance(exc, DjangoValidationError):
        errors = as_serializer_error(exc)
        # Model validation files rules across fields under "__all__"; the API names them as DRF does.
        if NON_FIELD_ERRORS in errors:
            errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
        exc = ValidationError(detail=errors)
    elif isinstance(exc, BusinessRuleViolation):
        exc = Conflict(detail=str(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict(detail=_still_used_message(exc))
    elif isinstance(exc, IntegrityError):
        # A race lost to a concurrent write that a database constraint caught; the details are not the caller's.
        exc = Conflict(detail=_("Another change to the same records was made at the same time; reload and retry."))
    elif isinstance(exc, DatabaseError) and _lost_race(exc):
        # A service changes state in one transaction, which the database rolled back: nothing of the step was
        # written, so sending the request again is safe.
        exc = Conflict(detail=_("Another change to the same records was being made at the same time; try again."))
    return drf_exception_handler(exc, context)
