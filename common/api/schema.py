"""OpenAPI generation (drf-spectacular) that documents what every operation can answer, errors included."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_doc
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    """The body of every 401, 403, 404 and 409: a sentence for a person, and a code for a program."""

    detail = serializers.CharField()
    code = serializers.CharField(required=False)


ERRORS = {
    400: OpenApiResponse(
        response={"type": "object", "additionalProperties": True},
        description=_("Invalid input: each offending field, or non_field_errors, with its messages."),
    ),
    401: OpenApiResponse(ErrorSerializer, description=_("Not signed in: send a session cookie or a token.")),
    403: OpenApiResponse(ErrorSerializer, description=_("Signed in, but your role may not do this.")),
    404: OpenApiResponse(ErrorSerializer, description=_("No such record among those you may see.")),
    409: OpenApiResponse(ErrorSerializer, description=_("Valid, but conflicts with the platform's current state.")),
}

# A read can fail on its input only for lists (filters, page, cursor); every write can conflict.
ERROR_CODES_BY_OPERATION = {
    "list": (400, 401, 403, 404),
    "retrieve": (401, 403, 404),
    "create": (400, 401, 403, 409),
    "update": (400, 401, 403, 404, 409),
    "destroy": (401, 403, 404, 409),
    "action": (400, 401, 403, 404, 409),
}

ACTION_DESCRIPTIONS = {
    "list": _("List the {plural} you may see, filtered, ordered and paginated."),
    "retrieve": _("Read one {singular}."),
    "create": _("Create a {singular}; fields the platform sets (owner, city, status) come from your membership."),
    "update": _("Replace the editable fields of a {singular}."),
    "partial_update": _("Change some editable fields of a {singular}."),
    "destroy": _("Delete a {singular}."),
}


class PlatformAutoSchema(AutoSchema):
    """Adds the error responses each kind of operation can give, and describes the standard actions."""

    def _operation_kind(self) -> str:
        action = getattr(self.view, "action", None)
        if action in ("update", "partial_update"):
            return "update"
        if action in ERROR_CODES_BY_OPERATION:
            return action
        if action is None:  # a plain APIView: its method says what it does
            return {"GET": "retrieve", "POST": "create", "DELETE": "destroy"}.get(self.method, "update")
        if self.method == "GET":  # an action that reads: a list (paginated, so its page can be wrong) or one record
            return "list" if self._is_list_view() else "retrieve"
        return {"DELETE": "destroy"}.get(self.method, "action")

    def _error_codes(self) -> tuple[int, ...]:
        codes = ERROR_CODES_BY_OPERATION[self._operation_kind()]
        if any(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            codes = tuple(code for code in codes if code not in (401, 403))
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            responses.setdefault(str(code), self._get_response_for_code(ERRORS[code], str(code), direction=direction))
        return responses

    def get_description(self):
        action = getattr(self.view, "action", None)
        if action not in ACTION_DESCRIPTIONS:
            return super().get_description()
        view_doc = get_doc(self.view.__class__)
        meta = self.view.get_queryset().model._meta
        summary = str(ACTION_DESCRIPTIONS[action]).format(singular=meta.verbose_name, plural=meta.verbose_name_plural)
        return f"{summary}\n\n{view_doc}" if view_doc else summary
