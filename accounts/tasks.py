from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from accounts.models import Notification
from common.links import page_link


@shared_task(
    name="accounts.notification_email",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def notification_email_task(notification_ids: list[int]) -> int:
    """Email the notifications not emailed yet (re-running it sends nothing twice); the number sent."""
    sent = 0
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related("recipient")
    for notification in pending:
        if notification.recipient.email:
            link = page_link(notification.subject_model, notification.subject_id)
            send_mail(
                subject=notification.title,
                message=f"{notification.body}\n\n{link}".strip(),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[notification.recipient.email],
            )
            sent += 1
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return sent
