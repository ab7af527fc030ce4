"""The notifications' emails: one email a notification as it happens, or one daily email a user gathering the
notifications they take that way. Each is written in its recipient's language and links to the page of what it is
about; what became of it is recorded on the notification (``email_status``, ``emailed_at``), so re-running a send
sends nothing twice."""

import datetime
import itertools

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.choices import EmailDelivery, EmailStatus
from accounts.models import Notification, NotificationPreference, User
from common.links import page_link


def _link(notification: Notification) -> str:
    """The full URL of the page of what ``notification`` is about (the notifications page if none shows it)."""
    path = page_link(notification.subject_model, notification.subject_id) or reverse("notifications")
    return settings.SITE_URL.rstrip("/") + path


def _send(recipient: User, template: str, context: dict) -> None:
    """Render ``email/<template>_subject.txt`` and ``email/<template>.txt`` in the recipient's language and send."""
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        context = {
            **context,
            "recipient": recipient,
            "settings_link": settings.SITE_URL.rstrip("/") + reverse("account_settings"),
        }
        subject = " ".join(render_to_string(f"email/{template}_subject.txt", context).split())
        body = render_to_string(f"email/{template}.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email]).send()


def _record(notifications: list[Notification], status: EmailStatus, emailed_at: datetime.datetime | None = None):
    Notification.objects.filter(pk__in=[n.pk for n in notifications], email_status=EmailStatus.PENDING).update(
        email_status=status, emailed_at=emailed_at
    )


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """Email each of these notifications whose recipient takes its kind as it happens; one a recipient does not want
    by email (or who has no address) is recorded not sent, one for the daily email is left to it. The number sent."""
    pending = list(
        Notification.objects.filter(pk__in=notification_ids, email_status=EmailStatus.PENDING).select_related(
            "recipient"
        )
    )
    chosen = {
        (user_id, kind): delivery
        for user_id, kind, delivery in NotificationPreference.objects.filter(
            user_id__in={notification.recipient_id for notification in pending}
        ).values_list("user_id", "kind", "delivery")
    }
    sent = 0
    for notification in pending:
        delivery = chosen.get((notification.recipient_id, notification.kind), EmailDelivery.IMMEDIATELY)
        if delivery == EmailDelivery.DAILY:
            continue
        if delivery == EmailDelivery.NEVER or not notification.recipient.email:
            _record([notification], EmailStatus.NOT_SENT)
            continue
        _send(notification.recipient, "notification", {"notification": notification, "link": _link(notification)})
        _record([notification], EmailStatus.SENT, timezone.now())
        sent += 1
    return sent


def notification_digests_send(*, until: datetime.datetime) -> int:
    """Send each user one email of their notifications from before ``until`` waiting for the daily email (of the
    kinds they take daily); those read in the app meanwhile, or of a user with no address, are recorded not sent.
    The number of emails sent."""
    daily = NotificationPreference.objects.filter(
        user_id=OuterRef("recipient_id"), kind=OuterRef("kind"), delivery=EmailDelivery.DAILY
    )
    waiting = (
        Notification.objects.filter(Exists(daily), email_status=EmailStatus.PENDING, created_at__lt=until)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    sent = 0
    for _recipient_id, group in itertools.groupby(waiting, key=lambda notification: notification.recipient_id):
        notifications = list(group)
        recipient = notifications[0].recipient
        unread = [notification for notification in notifications if notification.read_at is None]
        if not unread or not recipient.email:
            _record(notifications, EmailStatus.NOT_SENT)
            continue
        entries = [{"notification": notification, "link": _link(notification)} for notification in unread]
        _send(recipient, "digest", {"entries": entries})
        _record(unread, EmailStatus.DIGEST, timezone.now())
        _record(notifications, EmailStatus.NOT_SENT)  # the rest, read in the app meanwhile
        sent += 1
    return sent
