"""Authentication that loads a user's membership in the same query as the user, so the principal costs nothing."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from accounts.principals import MEMBERSHIP_RELATIONS


class MembershipBackend(ModelBackend):
    """Django's model backend (session sign-in), selecting the membership with the user."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related(*MEMBERSHIP_RELATIONS).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class MembershipTokenAuthentication(TokenAuthentication):
    """DRF token authentication (``Authorization: Token <key>``), selecting the membership with the token."""

    def authenticate_credentials(self, key):
        token = (
            self.get_model()
            .objects.select_related(*(f"user__{relation}" for relation in MEMBERSHIP_RELATIONS))
            .filter(key=key)
            .first()
        )
        if token is None:
            raise AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token
