"""The base of every resource of the API: rows from a scoped selector, writes through services, rules per action."""

from collections.abc import Callable

from django.db.models import Model, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.principals import ANONYMOUS, Principal, principal_of
from common.api.permissions import PlatformRules
from common.audit import history_of
from common.filters import MAX_INTEGER


def row_id(key) -> int:
    """The id a URL names, or a 404: an id no database column can hold is as missing as any other (the range check
    Django makes on integer columns does not cover a primary key that is a one-to-one)."""
    key = str(key)
    if not key.isascii() or not key.isdigit() or int(key) > MAX_INTEGER:
        raise Http404
    return int(key)


class PrincipalMixin:
    """Gives a view ``self.principal``, the platform's permission checks, and its rows from ``selector``."""

    permission_classes = [IsAuthenticated, PlatformRules]
    selector: Callable[..., QuerySet]
    # The keyword by which the services of this resource's workflow steps take its row (``agreement=``).
    step_record: str

    @property
    def principal(self) -> Principal:
        return principal_of(self.request.user)

    def get_queryset(self):
        return type(self).selector(principal=self.principal)

    def get_object(self):
        """The row named in the URL, or a 404 (see ``row_id``)."""
        row_id(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        return super().get_object()

    def action_input(self, serializer_class: type[serializers.Serializer]) -> dict:
        """The validated body of a workflow action (a 400 with field messages if it is not valid)."""
        body = serializer_class(data=self.request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        return body.validated_data

    def step(
        self,
        service: Callable[..., Model],
        body: type[serializers.Serializer] | None = None,
        *,
        status_code: int = status.HTTP_200_OK,
        shown_as: type[serializers.Serializer] | None = None,
    ) -> Response:
        """Take a workflow step on the row named in the URL: ``service`` gets the row, the caller and the validated
        ``body``; the answer is what it returns, shown as this resource (or as ``shown_as``)."""
        record = self.get_object()  # found and allowed before its body is read: a 404 or 403 comes first
        data = self.action_input(body) if body else {}
        result = service(**{self.step_record: record}, principal=self.principal, **data)
        if shown_as is not None:
            return Response(shown_as(result, context=self.get_serializer_context()).data, status=status_code)
        return self.respond(result, status_code)

    def respond(self, record: Model, status_code: int = status.HTTP_200_OK) -> Response:
        """``record`` as this resource shows it: read again through the selector, so with the same annotations
        (e.g. whether an enterprise is certified) as a GET would give."""
        shown = self.get_queryset().filter(pk=record.pk).first() or record
        return Response(self.get_serializer(shown).data, status=status_code)


class CreateMixin(mixins.CreateModelMixin):
    """POST: ``perform_create`` calls the service and sets ``serializer.instance``; the answer is read back."""

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return self.respond(serializer.instance, status.HTTP_201_CREATED)


class UpdateMixin(mixins.UpdateModelMixin):
    """PUT and PATCH: ``perform_update`` calls the service; the answer is read back."""

    def update(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return self.respond(serializer.instance)


class PlatformViewSet(
    PrincipalMixin, CreateMixin, UpdateMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """A resource users create, read, change and delete."""


class PlatformReadOnlyViewSet(PrincipalMixin, viewsets.ReadOnlyModelViewSet):
    """A resource users read; its writes are workflow actions or the Django admin's."""


class PlatformReadUpdateViewSet(PrincipalMixin, UpdateMixin, viewsets.ReadOnlyModelViewSet):
    """A resource users read and edit but never create or delete through the API (an organisation's profile)."""


class PlatformCreateReadViewSet(PrincipalMixin, CreateMixin, viewsets.ReadOnlyModelViewSet):
    """A resource that is recorded once and never edited (an application, an evaluation, a rating)."""


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key by id that accepts only rows the caller may see; any other id reads as "does not exist"."""

    def __init__(self, *, selector, **kwargs):
        self.selector = selector
        # The anonymous (empty) queryset tells the schema generator the model; validation uses get_queryset.
        super().__init__(queryset=selector(principal=ANONYMOUS), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.selector(principal=principal_of(request.user if request else None))


class AuditEventSerializer(serializers.Serializer):
    """One recorded change: when, by whom, and each changed field's value before and after."""

    at = serializers.DateTimeField()
    label = serializers.CharField(help_text="insert or update")
    actor_id = serializers.IntegerField(allow_null=True)
    actor = serializers.CharField(allow_null=True, help_text="The username of who made the change, if known.")
    changes = serializers.DictField(child=serializers.DictField(), help_text="field → {before, after}")


class HistoryMixin:
    """``GET <resource>/{id}/history/``: the record's audit trail, for whoever may read the record.

    Recorded on PostgreSQL only (common/audit.py): on the embedded SQLite default the list is empty.
    """

    rule_kinds = {"history": "view"}

    @extend_schema(responses=AuditEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """The audit trail of this record: every change, when, by whom, with the values before and after."""
        return Response(AuditEventSerializer(history_of(self.get_object()), many=True).data)
