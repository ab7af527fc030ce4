"""The base every page stands on, in a real browser: signing in, both languages, htmx under the CSP, the admin."""

import json

import pytest
from django.templatetags.static import static

from tests.accounts.factories import UserFactory
from tests.colleges.factories import CollegeStaffFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("language", "html_lang", "sign_in_link"), [("en", "en", "Sign in"), ("zh-CN", "zh-hans", "登录")]
)
def test_college_staff_sign_in_through_the_login_form_and_reach_the_home_page(
    open_page, live_server, sign_in, screenshot, assert_accessible, language, html_lang, sign_in_link
):
    staff = CollegeStaffFactory(user__username="college-staff").user
    page = open_page(language)

    page.goto("/")
    page.get_by_role("link", name=sign_in_link).click()
    assert page.locator("html").get_attribute("lang") == html_lang
    assert_accessible(page)
    screenshot(page, f"login-{html_lang}")
    sign_in(page, staff)

    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("banner").get_by_text("college-staff").is_visible()
    assert_accessible(page)
    screenshot(page, f"home-{html_lang}")


def test_home_page_loads_htmx_from_static_and_its_requests_pass_csrf(page, sign_in):
    staff = CollegeStaffFactory().user
    sign_in(page, staff)
    responses = []
    page.on("response", lambda response: responses.append(response))

    document = page.goto("/")

    policy = document.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    [htmx] = [response for response in responses if response.url.endswith(static("vendor/htmx/htmx.min.js"))]
    assert htmx.ok
    assert page.evaluate("[htmx.version, htmx.config.allowEval, htmx.config.includeIndicatorStyles]") == [
        "2.0.11",
        False,
        False,
    ]
    assert json.loads(page.locator("body").get_attribute("hx-headers"))["X-CSRFToken"]
    # An htmx POST takes the token from <body hx-headers>: without it Django would refuse the sign-out (403).
    page.evaluate("htmx.ajax('POST', '/accounts/logout/', {source: document.body, swap: 'none'})")
    page.reload()
    assert page.get_by_role("link", name="Sign in").is_visible()


def test_the_admin_works_under_the_content_security_policy(page, sign_in):
    admin = UserFactory(username="platform-admin", is_staff=True, is_superuser=True)
    sign_in(page, admin)

    for url in [
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{admin.pk}/change/",
        "/admin/cities/city/add/",
    ]:
        page.goto(url)
        assert page.get_by_role("heading", level=1).is_visible(), url
