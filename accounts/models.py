from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import EmailDelivery, EmailStatus, NotificationKind


class User(AbstractUser):
    """A person who signs in; their role comes from their organisation membership, not from this row."""

    # Empty until they choose one: their pages follow the browser, their emails LANGUAGE_CODE.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)


class Notification(models.Model):
    """A message to one user about something a counterparty did; shown in the app and sent by email."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    # What it is about, by type and id: where it links to is decided where it is shown (common/links.py).
    subject_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject type"),
    )
    subject_id = models.PositiveBigIntegerField(_("subject ID"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("email"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_recent"),
            models.Index(
                fields=["recipient"], name="notification_recipient_unread", condition=Q(read_at__isnull=True)
            ),
            # The daily digest's work: the notifications whose email is still to be sent.
            models.Index(
                fields=["recipient"],
                name="notification_email_pending",
                condition=Q(email_status=EmailStatus.PENDING),
            ),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.title}"

    @property
    def subject_model(self) -> type[models.Model] | None:
        """The model of what it is about (None if about nothing in particular, or a model since removed)."""
        if self.subject_type_id is None:
            return None
        return ContentType.objects.get_for_id(self.subject_type_id).model_class()


class NotificationPreference(models.Model):
    """How one user wants one kind of notification by email; a kind without a row comes by email as it happens."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    delivery = models.CharField(_("email"), max_length=16, choices=EmailDelivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique_per_kind"),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} ({self.get_delivery_display()})"


class SavedView(models.Model):
    """A list page's filters and sort, saved by a user under a name to come back to (e.g. "Final-year, unplaced")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views", verbose_name=_("user")
    )
    page = models.CharField(_("page"), max_length=80, help_text=_("The URL name of the list page."))
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("filters"), max_length=1000, blank=True, help_text=_("The list's query string."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["user", "page", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "name"],
                name="saved_view_name_unique_per_page",
                violation_error_message=_("You already have a view of this list with this name."),
            ),
        ]

    def __str__(self):
        return self.name
