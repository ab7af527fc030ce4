"""A choice among the city's thousands of enterprises is found by typing: htmx refreshes the list in place, and the
keyboard alone reaches the search box, the list and the button."""

import pytest
from playwright.sync_api import expect

from common import forms
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_typing_part_of_a_name_lists_the_matching_enterprises(
    open_page, sign_in, screenshot, assert_accessible, monkeypatch, language
):
    monkeypatch.setattr(forms, "SEARCH_LIMIT", 3)
    staff = CollegeStaffFactory()
    for name in ("Alpha Foods", "Beta Motors", "Delta Textiles", "Omega Robotics"):
        EnterpriseFactory(city=staff.college.city, name=name)
    page = open_page("en" if language == "en" else "zh-CN")
    sign_in(page, staff.user)
    page.goto("/agreements/new/")
    enterprise = page.locator("#id_counterparty")
    expect(enterprise.locator("option", has_text="Omega Robotics")).to_have_count(0)

    search = page.locator("#id_counterparty_q")
    search.focus()
    page.keyboard.type("robot")
    expect(enterprise.locator("option", has_text="Omega Robotics")).to_have_count(1)
    expect(enterprise.locator("option", has_text="Alpha Foods")).to_have_count(0)
    page.keyboard.press("Tab")
    expect(page.locator("#id_counterparty")).to_be_focused()
    page.locator("#id_counterparty").select_option(label="Omega Robotics")
    assert_accessible(page)
    screenshot(page, f"college-agreement-new-search-{language}")
