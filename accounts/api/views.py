from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.api.serializers import (
    LanguageSerializer,
    NotificationPreferencesSerializer,
    NotificationSerializer,
    PrincipalSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from accounts.filters import NotificationFilterSet
from accounts.principals import principal_of
from accounts.selectors import notification_list, notification_preferences
from common.api.viewsets import PlatformReadOnlyViewSet


class MeView(APIView):
    """Your role and organisation, as the platform resolved them from your membership."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PrincipalSerializer)
    def get(self, request):
        principal = principal_of(request.user)
        return Response(PrincipalSerializer({**asdict(principal), "username": request.user.get_username()}).data)


def _preferences_body(deliveries: dict[str, str]) -> dict:
    return NotificationPreferencesSerializer(
        {"preferences": [{"kind": kind, "delivery": delivery} for kind, delivery in deliveries.items()]}
    ).data


class NotificationPreferencesView(APIView):
    """How you take each kind of notification by email: as it happens, in one daily email, or only in the app.
    A PUT names the kinds to change; the kinds it leaves out keep theirs."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=NotificationPreferencesSerializer)
    def get(self, request):
        return Response(_preferences_body(notification_preferences(user_id=request.user.pk)))

    @extend_schema(request=NotificationPreferencesSerializer, responses=NotificationPreferencesSerializer)
    def put(self, request):
        body = NotificationPreferencesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        deliveries = {preference["kind"]: preference["delivery"] for preference in body.validated_data["preferences"]}
        return Response(
            _preferences_body(services.notification_preferences_set(user=request.user, deliveries=deliveries))
        )


class LanguageView(APIView):
    """The language of your pages (on any browser you sign in with) and of your emails."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=LanguageSerializer)
    def get(self, request):
        return Response({"language": request.user.language})

    @extend_schema(request=LanguageSerializer, responses=LanguageSerializer)
    def put(self, request):
        body = LanguageSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = services.user_language_set(user=request.user, language=body.validated_data["language"])
        return Response({"language": user.language})


class TokenView(APIView):
    """API tokens: POST a username and password for your token; DELETE it to sign every client out."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        credentials = AuthTokenSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        token, _ = Token.objects.get_or_create(user=credentials.validated_data["user"])
        return Response(TokenSerializer({"token": token.key}).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class NotificationViewSet(PlatformReadOnlyViewSet):
    """Your notifications, newest first: what counterparties did that concerns you (proposals, countersignatures,
    amendments, offers, acceptances, certification decisions). Each also comes by email as you chose
    (`/api/v1/me/notification-preferences/`); `email_status` and `emailed_at` say what became of its email."""

    selector = notification_list
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    ordering_fields = ["created_at"]
    rule_kinds = {"read": "change", "read_all": "change"}

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark this notification as read."""
        return self.respond(services.notification_mark_read(notification=self.get_object()))

    @extend_schema(request=None, responses={204: None})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark all your notifications as read."""
        services.notification_mark_all_read(user_id=self.principal.user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
