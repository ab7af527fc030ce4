"""Reads of the accounts app: who belongs to an organisation (to notify them), a user's notifications and how they
want them by email."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from accounts.choices import EmailDelivery, NotificationKind
from accounts.models import Notification, NotificationPreference, SavedView
from accounts.principals import Principal


def organisation_members(*, college_id: int | None = None, enterprise_id: int | None = None) -> QuerySet:
    """The active users acting for a college or an enterprise."""
    users = get_user_model().objects.filter(is_active=True)
    if college_id is not None:
        return users.filter(college_membership__college_id=college_id)
    return users.filter(enterprise_membership__enterprise_id=enterprise_id)


def city_officials(*, city_id: int) -> QuerySet:
    """The active users acting for a city's administration."""
    return get_user_model().objects.filter(is_active=True, city_membership__city_id=city_id)


def notification_list(*, principal: Principal) -> QuerySet[Notification]:
    """A user's own notifications, newest first; nobody reads anyone else's."""
    if principal.user_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=principal.user_id)


def unread_notification_count(*, principal: Principal) -> int:
    """How many of a user's notifications are unread (the bell's figure; one indexed count)."""
    return notification_list(principal=principal).filter(read_at__isnull=True).count()


def notification_preferences(*, user_id: int) -> dict[str, str]:
    """How a user wants each kind of notification by email (``EmailDelivery``), every kind named: a kind they have
    not chosen for comes as it happens."""
    chosen = dict(NotificationPreference.objects.filter(user_id=user_id).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, EmailDelivery.IMMEDIATELY) for kind in NotificationKind.values}


def saved_view_list(*, principal: Principal, page: str | None = None) -> QuerySet[SavedView]:
    """A user's own saved views (of one list page, if ``page`` is given); nobody sees anyone else's."""
    if principal.user_id is None:
        return SavedView.objects.none()
    views = SavedView.objects.filter(user_id=principal.user_id)
    return views if page is None else views.filter(page=page)
