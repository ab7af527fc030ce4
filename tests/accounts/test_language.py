"""A user's language: chosen with the switcher or on the settings page, remembered for them on any browser, and the
language of their emails; a visitor not signed in gets LocaleMiddleware's choice."""

import pytest
from django.core import mail
from django.test import Client

from accounts.choices import NotificationKind
from accounts.services import notification_send, user_language_set
from accounts.tasks import notification_digest_task
from tests.accounts.factories import NotificationFactory, UserFactory, signed_in

API = "/api/v1/me/language/"
SWITCH = "/i18n/setlang/"


@pytest.fixture
def user(db):
    return UserFactory(username="wang.li")


def page_language(response) -> str:
    return response["Content-Language"]


def browser(user=None, accept_language="en") -> Client:
    """A new browser (no cookie), signed in as ``user`` if given."""
    client = Client(headers={"Accept-Language": accept_language})
    if user is not None:
        client.force_login(user)
    return client


def test_the_switcher_remembers_the_choice_for_the_signed_in_user_on_any_browser(user):
    response = browser(user).post(SWITCH, {"language": "zh-hans", "next": "/accounts/notifications/"})

    assert response.status_code == 302
    assert response.url == "/accounts/notifications/"
    user.refresh_from_db()
    assert user.language == "zh-hans"
    # Another browser, asking for English, with no cookie: the saved language wins.
    page = browser(user, accept_language="en").get("/accounts/notifications/")
    assert page_language(page) == "zh-hans"
    assert "通知" in page.content.decode()


def test_the_switcher_for_a_visitor_not_signed_in_only_sets_the_cookie(user):
    visitor = browser()

    visitor.post(SWITCH, {"language": "zh-hans", "next": "/accounts/login/"})

    assert page_language(visitor.get("/accounts/login/")) == "zh-hans"
    user.refresh_from_db()
    assert user.language == ""


def test_a_user_who_never_chose_follows_the_browser(user):
    assert page_language(browser(user, accept_language="zh-CN").get("/accounts/notifications/")) == "zh-hans"
    assert page_language(browser(user, accept_language="en").get("/accounts/notifications/")) == "en"


def test_the_first_visit_follows_the_browser_and_falls_back_to_simplified_chinese(db, settings):
    settings.LANGUAGE_CODE = "zh-hans"

    assert page_language(browser(accept_language="en").get("/accounts/login/")) == "en"
    assert page_language(Client().get("/accounts/login/")) == "zh-hans"


def test_the_settings_page_changes_the_language_of_the_next_page(user):
    client = browser(user)
    form = {"language": "zh-hans", **dict.fromkeys(NotificationKind.values, "immediately")}

    response = client.post("/accounts/settings/", form, follow=True)

    assert page_language(response) == "zh-hans"
    assert "您的设置已保存。" in response.content.decode()
    user.refresh_from_db()
    assert user.language == "zh-hans"


def test_the_settings_page_reloads_the_whole_page_when_htmx_saves_another_language(user):
    form = {"language": "zh-hans", **dict.fromkeys(NotificationKind.values, "immediately")}

    response = browser(user).post("/accounts/settings/", form, headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == "/accounts/settings/"


def test_the_api_reads_and_changes_the_users_language(user):
    api = signed_in(user)

    assert api.get(API).json() == {"language": ""}  # not chosen yet
    assert api.put(API, {"language": "en"}, format="json").json() == {"language": "en"}
    assert api.get(API).json() == {"language": "en"}
    refused = api.put(API, {"language": "fr"}, format="json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["language"]
    assert api.put(API, {"language": ""}, format="json").status_code == 400
    user.refresh_from_db()
    assert user.language == "en"


def test_each_recipient_is_emailed_in_their_own_language(db, django_capture_on_commit_callbacks):
    chinese = user_language_set(user=UserFactory(username="li.na"), language="zh-hans")
    english = user_language_set(user=UserFactory(username="tom"), language="en")
    unchosen = UserFactory(username="zhou")  # LANGUAGE_CODE: English in the tests

    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipients=[chinese, english, unchosen], kind=NotificationKind.OFFER_MADE, title="Offer")

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        chinese.email: "产教融合平台: 有企业发出了录用通知",
        english.email: "IEI Platform: An enterprise made an offer",
        unchosen.email: "IEI Platform: An enterprise made an offer",
    }


def test_the_daily_email_is_in_the_recipients_language(db):
    user = user_language_set(user=UserFactory(username="li.na"), language="zh-hans")
    user.notification_preferences.create(kind=NotificationKind.OFFER_MADE, delivery="daily")
    NotificationFactory(recipient=user, kind=NotificationKind.OFFER_MADE)

    notification_digest_task.delay()

    [message] = mail.outbox
    assert message.subject == "产教融合平台: 1 条新通知"
    assert "自上一封每日邮件以来" in message.body
