"""Writes of the accounts app: notifications, created in the caller's transaction and emailed after it commits."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.choices import NotificationKind
from accounts.models import Notification, User
from accounts.tasks import notification_email_task


def notification_send(
    *, recipients: Iterable[User], kind: NotificationKind, title: str, body: str = "", link: str = ""
) -> list[Notification]:
    """Tell ``recipients`` about something: one in-app notification each, and an email once the change commits
    (so nobody is told about a change that was rolled back)."""
    notifications = Notification.objects.bulk_create(
        Notification(recipient=recipient, kind=kind, title=title, body=body, link=link) for recipient in recipients
    )
    if notifications:
        ids = [notification.pk for notification in notifications]
        transaction.on_commit(lambda: notification_email_task.delay(ids))
    return notifications


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user_id: int) -> int:
    """Mark every unread notification of a user as read; the number marked."""
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).update(read_at=timezone.now())
