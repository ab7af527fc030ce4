"""The settings page in a real browser: email preferences saved in place with htmx, and a language chosen there
that the next pages are in."""

import pytest
from playwright.sync_api import expect

from accounts.selectors import notification_preferences
from tests.colleges.factories import CollegeStaffFactory

pytestmark = pytest.mark.browser


def test_a_user_chooses_their_emails_and_language_and_the_next_page_is_in_that_language(
    page, live_server, sign_in, screenshot, assert_accessible
):
    user = CollegeStaffFactory(user__username="college-staff").user
    sign_in(page, user)

    page.get_by_role("banner").get_by_role("link", name="college-staff").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Settings"
    assert_accessible(page)
    screenshot(page, "account-settings-en")

    page.get_by_label("An enterprise made an offer").select_option("daily")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").get_by_text("Your settings are saved.")).to_be_visible()
    assert page.url == f"{live_server.url}/accounts/settings/"  # saved in place
    expect(page.get_by_role("button", name="Save")).to_be_focused()  # the keyboard stays where it was
    assert notification_preferences(user_id=user.pk)["offer_made"] == "daily"

    page.get_by_role("main").get_by_role("combobox", name="Language").select_option("zh-hans")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("html[lang=zh-hans]")
    assert page.get_by_role("heading", level=1).inner_text() == "设置"
    assert page.get_by_text("您的设置已保存。").is_visible()
    assert page.get_by_label("有企业发出了录用通知").input_value() == "daily"
    assert_accessible(page)
    screenshot(page, "account-settings-zh-hans")

    page.get_by_role("banner").get_by_role("link", name="通知").click()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    user.refresh_from_db()
    assert user.language == "zh-hans"
