import factory
from factory.django import DjangoModelFactory
from rest_framework.test import APIClient

from accounts.choices import EmailDelivery, NotificationKind
from accounts.models import Notification, NotificationPreference, SavedView, User

TEST_PASSWORD = "a-long-test-password"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(TEST_PASSWORD)


def signed_in(user) -> APIClient:
    """An API client with ``user``'s session, as after signing in on the login page (CSRF checks off, as in tests)."""
    client = APIClient()
    client.force_login(user)
    return client


def error_messages(response) -> list[str]:
    """Every message of an error body, whichever field (or non-field key) it is filed under."""
    body = response.json()
    if "detail" in body:
        return [body["detail"]]
    return [message for messages in body.values() for message in messages]


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.AGREEMENT_PROPOSED
    title = factory.Sequence(lambda n: f"Agreement {n} was proposed to you")


class SavedViewFactory(DjangoModelFactory):
    class Meta:
        model = SavedView

    user = factory.SubFactory(UserFactory)
    page = "colleges:student_list"
    name = factory.Sequence(lambda n: f"View {n}")
    query = "placed=false"


class NotificationPreferenceFactory(DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    kind = NotificationKind.OFFER_MADE
    delivery = EmailDelivery.DAILY
