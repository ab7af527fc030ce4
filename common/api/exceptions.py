"""Every error the API gives has a status that says whose fault it is and a body a person can read.

400: the input is wrong (field → messages); 409: the input is fine but conflicts with the platform's state, or
lost a race to a concurrent change (then the same request may simply be sent again).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.defaults import page_not_found
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from common.exceptions import REFUSALS, refusal_message


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the platform.")
    default_code = "conflict"


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
    elif isinstance(exc, REFUSALS) and (message := refusal_message(exc)) is not None:
        exc = Conflict(detail=message)
    return drf_exception_handler(exc, context)
