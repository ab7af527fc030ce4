"""The dashboards of one's own in a real browser, on the demo city with its year of scores: the demo college's and
the demo enterprise's, every chart drawn, axe-core clean, in both languages (screenshots in var/screenshots/)."""

import io

import pytest
from django.core.management import call_command

from demo.seed import DEMO_PASSWORD
from tests.browser.test_journey_official import DRAWN, switch_language

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_city(industry_sectors):
    call_command("seed_city", scale=0.5, stdout=io.StringIO())


@pytest.mark.parametrize("username", ["demo-college", "demo-enterprise"])
def test_the_demo_members_see_their_own_dashboard_drawn(demo_city, open_page, screenshot, assert_accessible, username):
    page = open_page("zh-CN")
    page.emulate_media(reduced_motion="reduce")
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.get_by_role("navigation").locator("a[href='/dashboard/']").first.click()
    page.wait_for_function(DRAWN)
    assert page.locator("[data-chart-spec]").count() >= 4
    assert_accessible(page)
    screenshot(page, f"{username}-dashboard-zh-hans")

    switch_language(page, "en")
    page.wait_for_function(DRAWN)
    assert page.locator("h1").inner_text().endswith(": dashboard")
    assert_accessible(page)
    screenshot(page, f"{username}-dashboard-en")
