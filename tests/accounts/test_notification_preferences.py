"""How each user takes each kind of notification by email: as it happens, in one daily email, or only in the app."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.choices import EmailDelivery, EmailStatus, NotificationKind
from accounts.models import Notification, NotificationPreference
from accounts.selectors import notification_preferences
from accounts.services import notification_preferences_set, notification_send
from accounts.tasks import notification_digest_task, notification_email_task
from config.celery_app import app
from tests.accounts.factories import NotificationFactory, NotificationPreferenceFactory, UserFactory, signed_in
from tests.colleges.factories import CollegeStaffFactory

SETTINGS_PAGE = "/accounts/settings/"
API = "/api/v1/me/notification-preferences/"


@pytest.fixture
def user(db):
    return CollegeStaffFactory(user__username="wang.li", user__email="wang.li@college.example").user


def offer(recipient, *, kind=NotificationKind.OFFER_MADE, title="An offer for Li Wei"):
    """A notification sent as a workflow sends one, its email task run as when the step commits."""
    [notification] = notification_send(recipients=[recipient], kind=kind, title=title)
    notification_email_task.delay([notification.pk])
    notification.refresh_from_db()
    return notification


# ------------------------------------------------------------------------------
# The service
# ------------------------------------------------------------------------------
def test_every_kind_comes_by_email_as_it_happens_until_the_user_chooses(user):
    assert notification_preferences(user_id=user.pk) == dict.fromkeys(
        NotificationKind.values, EmailDelivery.IMMEDIATELY
    )


def test_choosing_changes_the_kinds_named_and_keeps_the_others(user):
    notification_preferences_set(user=user, deliveries={NotificationKind.OFFER_MADE: EmailDelivery.DAILY})

    chosen = notification_preferences_set(
        user=user,
        deliveries={NotificationKind.AGREEMENT_PROPOSED: EmailDelivery.NEVER},
    )

    assert chosen[NotificationKind.OFFER_MADE] == EmailDelivery.DAILY
    assert chosen[NotificationKind.AGREEMENT_PROPOSED] == EmailDelivery.NEVER
    assert chosen[NotificationKind.PLACEMENT_ENDED] == EmailDelivery.IMMEDIATELY
    back = notification_preferences_set(user=user, deliveries={NotificationKind.OFFER_MADE: "immediately"})
    assert back[NotificationKind.OFFER_MADE] == EmailDelivery.IMMEDIATELY
    # Only the choices that differ from as-it-happens are rows.
    assert list(NotificationPreference.objects.values_list("kind", flat=True)) == ["agreement_proposed"]


def test_an_unknown_kind_or_way_is_refused_and_nothing_is_changed(user):
    with pytest.raises(ValidationError) as refusal:
        notification_preferences_set(
            user=user, deliveries={"gossip": EmailDelivery.DAILY, NotificationKind.OFFER_MADE: "by pigeon"}
        )

    assert refusal.value.message_dict == {
        "gossip": ["Not a kind of notification."],
        "offer_made": ["Choose one of the ways offered."],
    }
    assert not NotificationPreference.objects.exists()


# ------------------------------------------------------------------------------
# Emails as they happen
# ------------------------------------------------------------------------------
def test_a_kind_taken_as_it_happens_is_emailed_at_once_and_recorded_sent(user):
    notification = offer(user)

    [message] = mail.outbox
    assert message.to == ["wang.li@college.example"]
    assert "An offer for Li Wei" in message.body
    assert (notification.email_status, notification.emailed_at is not None) == (EmailStatus.SENT, True)
    [row] = signed_in(user).get("/api/v1/notifications/").json()["results"]
    assert (row["email_status"], row["emailed_at"] is not None) == ("sent", True)


def test_a_kind_taken_daily_waits_for_the_daily_email(user):
    NotificationPreferenceFactory(user=user, kind=NotificationKind.OFFER_MADE, delivery=EmailDelivery.DAILY)

    notification = offer(user)

    assert mail.outbox == []
    assert (notification.email_status, notification.emailed_at) == (EmailStatus.PENDING, None)


def test_a_kind_taken_only_in_the_app_is_never_emailed(user):
    NotificationPreferenceFactory(user=user, kind=NotificationKind.OFFER_MADE, delivery=EmailDelivery.NEVER)

    notification = offer(user)
    notification_digest_task.delay()

    assert mail.outbox == []
    assert (notification.email_status, notification.emailed_at) == (EmailStatus.NOT_SENT, None)


def test_the_email_is_written_in_the_recipients_language(user, settings):
    settings.SITE_URL = "https://iei.example.cn"
    user.language = "zh-hans"
    user.save()

    offer(user)

    [message] = mail.outbox
    assert message.subject == "产教融合平台: 有企业发出了录用通知"
    assert "wang.li，您好：" in message.body
    assert "在平台上查看： https://iei.example.cn/accounts/notifications/" in message.body
    assert "https://iei.example.cn/accounts/settings/" in message.body


# ------------------------------------------------------------------------------
# The daily email
# ------------------------------------------------------------------------------
@pytest.fixture
def yesterday():
    return timezone.now() - datetime.timedelta(hours=20)


def test_the_daily_email_gathers_a_days_unread_notifications_into_one_email_per_user(user, yesterday, settings):
    settings.SITE_URL = "https://iei.example.cn"
    other = UserFactory(email="zhao.min@enterprise.example")
    for someone in (user, other):
        notification_preferences_set(
            user=someone,
            deliveries={
                NotificationKind.OFFER_MADE: EmailDelivery.DAILY,
                NotificationKind.AGREEMENT_PROPOSED: EmailDelivery.DAILY,
            },
        )
    first = NotificationFactory(recipient=user, kind=NotificationKind.OFFER_MADE, title="An offer for Li Wei")
    second = NotificationFactory(
        recipient=user, kind=NotificationKind.AGREEMENT_PROPOSED, title="Apprenticeship proposed", created_at=yesterday
    )
    read = NotificationFactory(recipient=user, kind=NotificationKind.OFFER_MADE, read_at=timezone.now())
    at_once = NotificationFactory(recipient=user, kind=NotificationKind.PLACEMENT_ENDED)
    others = NotificationFactory(recipient=other, kind=NotificationKind.OFFER_MADE, title="An offer for Zhou Jie")

    assert notification_digest_task.delay().get() == 2

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"wang.li@college.example", "zhao.min@enterprise.example"}
    message = by_recipient["wang.li@college.example"]
    assert message.subject == "IEI Platform: 2 new notifications"
    body = message.body
    assert body.index("Apprenticeship proposed") < body.index("An offer for Li Wei")  # oldest first
    assert "https://iei.example.cn/accounts/notifications/" in body
    assert read.title not in body
    assert at_once.title not in body
    assert "An offer for Zhou Jie" in by_recipient["zhao.min@enterprise.example"].body
    statuses = dict(Notification.objects.values_list("pk", "email_status"))
    assert statuses == {
        first.pk: EmailStatus.DIGEST,
        second.pk: EmailStatus.DIGEST,
        read.pk: EmailStatus.NOT_SENT,  # read in the app before the daily email went
        at_once.pk: EmailStatus.PENDING,  # its own email task's
        others.pk: EmailStatus.DIGEST,
    }

    assert notification_digest_task.delay().get() == 0  # run again: nothing twice
    assert len(mail.outbox) == 2


def test_no_daily_email_without_unread_notifications_or_an_address(user):
    nowhere = UserFactory(email="")
    for someone in (user, nowhere):
        NotificationPreferenceFactory(user=someone, kind=NotificationKind.OFFER_MADE, delivery=EmailDelivery.DAILY)
    NotificationFactory(recipient=user, kind=NotificationKind.OFFER_MADE, read_at=timezone.now())
    NotificationFactory(recipient=nowhere, kind=NotificationKind.OFFER_MADE)

    assert notification_digest_task.delay().get() == 0

    assert mail.outbox == []
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.NOT_SENT}


def test_the_daily_email_is_sent_by_celery_beat_at_the_configured_time_in_shanghai():
    entry = settings.CELERY_BEAT_SCHEDULE["notification-digest"]

    assert entry["task"] == notification_digest_task.name
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({8}, {0})
    assert str(app.timezone) == "Asia/Shanghai"


# ------------------------------------------------------------------------------
# The settings page
# ------------------------------------------------------------------------------
def page_form(**changes) -> dict:
    return {"language": "en", **dict.fromkeys(NotificationKind.values, EmailDelivery.IMMEDIATELY), **changes}


def test_the_settings_page_shows_each_kind_with_the_users_choice(user, client):
    NotificationPreferenceFactory(user=user, kind=NotificationKind.OFFER_MADE, delivery=EmailDelivery.NEVER)
    client.force_login(user)

    response = client.get(SETTINGS_PAGE)

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="settings-email">Notifications by email</h2>' in page
    assert '<label for="id_offer_made">An enterprise made an offer' in page
    assert '<option value="never" selected>Only in the app</option>' in page
    assert page.count("<select") == len(NotificationKind.values) + 2  # the kinds, the language, the switcher
    assert f'href="{SETTINGS_PAGE}"' in page  # the user menu links to it


def test_the_settings_form_saves_as_a_plain_form(user, client):
    client.force_login(user)

    response = client.post(SETTINGS_PAGE, page_form(offer_made="daily", placement_ended="never"), follow=True)

    assert response.redirect_chain == [(SETTINGS_PAGE, 302)]
    assert "Your settings are saved." in response.content.decode()
    chosen = notification_preferences(user_id=user.pk)
    assert (chosen["offer_made"], chosen["placement_ended"], chosen["agreement_proposed"]) == (
        "daily",
        "never",
        "immediately",
    )


def test_the_settings_form_saves_in_place_with_htmx(user, client):
    client.force_login(user)

    response = client.post(SETTINGS_PAGE, page_form(offer_made="daily"), headers={"HX-Request": "true"})

    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment
    assert "Your settings are saved." in fragment
    assert '<option value="daily" selected>In one daily email</option>' in fragment
    assert notification_preferences(user_id=user.pk)["offer_made"] == "daily"


def test_a_wrong_choice_shows_next_to_its_field_and_saves_nothing(user, client):
    client.force_login(user)

    response = client.post(SETTINGS_PAGE, page_form(offer_made="by pigeon"))

    assert response.status_code == 200
    assert 'id="id_offer_made_error"' in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_settings_page_needs_a_signed_in_user(db, client):
    response = client.get(SETTINGS_PAGE)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


# ------------------------------------------------------------------------------
# The API
# ------------------------------------------------------------------------------
def test_the_api_reads_and_changes_the_users_own_preferences(user):
    api = signed_in(user)
    NotificationPreferenceFactory(kind=NotificationKind.OFFER_MADE, delivery=EmailDelivery.NEVER)  # someone else's

    read = api.get(API).json()["preferences"]
    changed = api.put(API, {"preferences": [{"kind": "offer_made", "delivery": "daily"}]}, format="json")

    assert read == [{"kind": kind, "delivery": "immediately"} for kind in NotificationKind.values]
    assert changed.status_code == 200
    assert {"kind": "offer_made", "delivery": "daily"} in changed.json()["preferences"]
    assert api.get(API).json() == changed.json()


@pytest.mark.parametrize(
    "preferences",
    [
        [{"kind": "gossip", "delivery": "daily"}],
        [{"kind": "offer_made", "delivery": "hourly"}],
        [{"kind": "offer_made", "delivery": "daily"}, {"kind": "offer_made", "delivery": "never"}],
    ],
)
def test_the_api_refuses_a_wrong_preference_with_a_400(user, preferences):
    response = signed_in(user).put(API, {"preferences": preferences}, format="json")

    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()
