"""Every error the API gives has a status that says whose fault it is and a body a person can read.

400: the input is wrong (field → messages); 409: the input is fine but conflicts with the platform's state.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from common.exceptions import BusinessRuleViolation


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the platform.")
    default_code = "conflict"


def _still_used_message(error: ProtectedError | RestrictedError) -> str:
    used_by = sorted({str(row._meta.verbose_name_plural) for row in error.protected_objects if hasattr(row, "_meta")})
    return str(_("It cannot be deleted while other records use it: %(used_by)s.")) % {"used_by": ", ".join(used_by)}


def exception_handler(exc, context):
    """DRF's handler, taught the errors that services and the database raise."""
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(detail=as_serializer_error(exc))
    elif isinstance(exc, BusinessRuleViolation):
        exc = Conflict(detail=str(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict(detail=_still_used_message(exc))
    elif isinstance(exc, IntegrityError):
        # A race lost to a concurrent write that a database constraint caught; the details are not the caller's.
        exc = Conflict(detail=_("Another change to the same records was made at the same time; reload and retry."))
    return drf_exception_handler(exc, context)
