"""Writes of the accounts app: memberships (one per user); notifications, created in the caller's transaction and
emailed after it commits, as their recipient chose; a user's language."""

from collections.abc import Iterable
from typing import TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import EmailDelivery, NotificationKind, Role
from accounts.models import Notification, NotificationPreference, SavedView, User
from accounts.principals import MEMBERSHIPS, Principal, organisation_of
from accounts.selectors import city_officials, notification_preferences, organisation_members
from accounts.tasks import notification_email_task
from common.services import model_create, model_save

MembershipT = TypeVar("MembershipT", bound=models.Model)


def membership_check(*, user: User) -> None:
    """Refuse (400, under ``user``) a membership for a user who already belongs to an organisation."""
    organisation = organisation_of(user)
    if organisation is not None:
        raise ValidationError(
            {
                "user": [
                    _("%(user)s already belongs to %(organisation)s; a user belongs to one organisation.")
                    % {"user": user, "organisation": organisation}
                ]
            }
        )


@transaction.atomic
def membership_create(*, membership: MembershipT) -> MembershipT:
    """Save a new ``membership`` (a college staff member, enterprise staff member or city official, unsaved), the
    user's only one. The user's row is locked first, so two memberships made at once for one user are decided one
    by one."""
    relations = [f"{relation}__{organisation}" for relation, organisation in MEMBERSHIPS.items()]
    user = User.objects.select_related(*relations).select_for_update(of=("self",)).get(pk=membership.user_id)
    membership_check(user=user)
    return model_save(membership)


def notification_send(
    *,
    recipients: Iterable[User],
    kind: NotificationKind,
    title: str,
    body: str = "",
    subject: models.Model | None = None,
) -> list[Notification]:
    """Tell ``recipients`` about something (``subject``, the record it is about): one in-app notification each,
    and, once the change commits (so nobody is told about a change that was rolled back), an email to each who takes
    this ``kind`` by email as it happens (the others' go in their daily email, or not at all)."""
    about = {}
    if subject is not None:
        about = {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}
    notifications = Notification.objects.bulk_create(
        Notification(recipient=recipient, kind=kind, title=title, body=body, **about) for recipient in recipients
    )
    if notifications:
        ids = [notification.pk for notification in notifications]
        transaction.on_commit(lambda: notification_email_task.delay(ids))
    return notifications


def notification_tell(
    *,
    college_id: int | None = None,
    enterprise_id: int | None = None,
    city_id: int | None = None,
    acted_by: Principal | None = None,
    **notification,
) -> None:
    """Tell the staff of each organisation named (an enterprise, a college, a city's officials) about a step
    (``kind``, ``title``, ``body``, ``subject``); with ``acted_by``, only the other side: the organisation whose
    member took the step is not told of it (when the platform acted, every side is)."""
    acting = acted_by.role if acted_by is not None else None
    if enterprise_id is not None and acting != Role.ENTERPRISE_STAFF:
        notification_send(recipients=organisation_members(enterprise_id=enterprise_id), **notification)
    if college_id is not None and acting != Role.COLLEGE_STAFF:
        notification_send(recipients=organisation_members(college_id=college_id), **notification)
    if city_id is not None and acting != Role.CITY_OFFICIAL:
        notification_send(recipients=city_officials(city_id=city_id), **notification)


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user_id: int) -> int:
    """Mark every unread notification of a user as read; the number marked."""
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_set(*, user: User, deliveries: dict[str, str]) -> dict[str, str]:
    """Choose how ``user`` takes each kind of notification named in ``deliveries`` by email (kind → ``EmailDelivery``);
    the kinds not named keep theirs. Every kind's choice afterwards."""
    unknown = set(deliveries) - set(NotificationKind.values)
    wrong = {kind: value for kind, value in deliveries.items() if value not in EmailDelivery.values}
    if unknown or wrong:
        raise ValidationError(
            {kind: [_("Not a kind of notification.")] for kind in unknown}
            | {kind: [_("Choose one of the ways offered.")] for kind in wrong if kind not in unknown}
        )
    NotificationPreference.objects.filter(user=user, kind__in=deliveries).delete()
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=user, kind=kind, delivery=delivery)
        for kind, delivery in deliveries.items()
        if delivery != EmailDelivery.IMMEDIATELY
    )
    return notification_preferences(user_id=user.pk)


def user_language_set(*, user: User, language: str) -> User:
    """Remember ``language`` (one of LANGUAGES) as ``user``'s: their pages on any browser, and their emails."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Choose one of the languages offered.")]})
    user.language = language
    user.save(update_fields=["language"])
    return user


def saved_view_create(*, user: User, page: str, name: str, query: str) -> SavedView:
    """Save a list's filters as a named view of ``user``'s (the page's parameter of pages dropped: a view is a
    filter, not a place in it)."""
    return model_create(SavedView, user=user, page=page, name=name.strip(), query=query)


def saved_view_delete(*, saved_view: SavedView) -> None:
    saved_view.delete()
