from celery import shared_task
from django.utils import timezone

from accounts.emails import notification_digests_send, notification_emails_send

# An unreachable mail server is retried with a growing delay; what went is recorded, so nothing goes twice.
EMAIL_RETRIES = {
    "acks_late": True,
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(name="accounts.notification_email", **EMAIL_RETRIES)
def notification_email_task(notification_ids: list[int]) -> int:
    """Email the notifications whose recipients take them as they happen (re-running it sends nothing twice); the
    number sent."""
    return notification_emails_send(notification_ids=notification_ids)


@shared_task(name="accounts.notification_digest", **EMAIL_RETRIES)
def notification_digest_task() -> int:
    """The daily email of each user who takes some kinds of notification that way (Celery beat, once a day); the
    number of emails sent."""
    return notification_digests_send(until=timezone.now())
