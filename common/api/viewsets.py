"""The base of every resource of the API: rows from a scoped selector, writes through services, rules per action."""

from collections.abc import Callable

from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from accounts.principals import ANONYMOUS, Principal, principal_of
from common.api.permissions import PlatformRules


class PrincipalMixin:
    """Gives a view ``self.principal``, the platform's permission checks, and its rows from ``selector``."""

    permission_classes = [IsAuthenticated, PlatformRules]
    selector: Callable[..., QuerySet]

    @property
    def principal(self) -> Principal:
        return principal_of(self.request.user)

    def get_queryset(self):
        return type(self).selector(principal=self.principal)


class PlatformViewSet(PrincipalMixin, viewsets.ModelViewSet):
    """A resource users create, read, change and delete."""


class PlatformReadOnlyViewSet(PrincipalMixin, viewsets.ReadOnlyModelViewSet):
    """A resource users read; its writes are workflow actions or the Django admin's."""


class PlatformReadUpdateViewSet(PrincipalMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """A resource users read and edit but never create or delete through the API (an organisation's profile)."""


class PlatformCreateReadViewSet(PrincipalMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
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
