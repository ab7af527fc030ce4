"""Browser tests: Playwright driving Debian's Chromium headless against pytest-django's live server.

Playwright's own browser download is not reachable here, so the tests use the system Chromium. Without it they are
skipped with one line saying how to enable them; with REQUIRE_BROWSER=1 (CI) a skipped browser test fails instead.
Every page a test opens fails the test on a Content-Security-Policy violation reported on the console.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from tests.accounts.factories import TEST_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
ENABLE = "install chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk)"
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
# axe-core's impact levels that fail a page (WCAG 2.2 AA is the bar; minor and moderate findings are reported only).
BLOCKING_IMPACTS = {"serious", "critical"}


def _browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=f"no {CHROMIUM}: {ENABLE}"))


def skipped_summary(skipped_reports: list[pytest.TestReport]) -> str | None:
    """The one line at the end of a run that skipped browser tests (tests/conftest.py writes it), or None.

    Counted from the reports, which are all the reporting process has when pytest-xdist's workers ran the tests.
    """
    skipped = sum(1 for report in skipped_reports if "browser" in report.keywords and ENABLE in str(report.longrepr))
    if skipped and not _browser_required():
        return f"{skipped} browser tests skipped: {ENABLE}"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.skipped and _browser_required() and item.get_closest_marker("browser"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"REQUIRE_BROWSER=1 makes a skipped browser test a failure. {reason}"
    return report


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One headless Chromium for all the browser tests.

    While Playwright's sync API runs it keeps an asyncio loop marked running on this thread, which Django takes
    for an async context: ORM calls (the factories, the live server's flush) need DJANGO_ALLOW_ASYNC_UNSAFE meanwhile,
    and the loop must stop before the rest of the suite, hence the package scope rather than the session.
    """
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, live_server) -> Iterator[Callable[..., Page]]:
    """``open_page(language="zh-CN")``: a new tab with its own cookies, on the live server, in that browser language.

    The language sets the Accept-Language header, which LocaleMiddleware follows on a first visit.
    """
    contexts, csp_violations = [], []

    def record_csp_violation(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            csp_violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def open_(language: str = "en") -> Page:
        context = browser.new_context(base_url=live_server.url, locale=language)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", record_csp_violation)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not csp_violations, "\n".join(csp_violations)


@pytest.fixture
def page(open_page) -> Page:
    """A tab in English."""
    return open_page()


@pytest.fixture
def sign_in() -> Callable[[Page, object], None]:
    """``sign_in(page, user)``: sign ``user`` in through the real login form (the factories' password)."""

    def sign_in_(page: Page, user) -> None:
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(user.get_username())
        page.locator("#id_password").fill(TEST_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return sign_in_


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """``screenshot(page, "home-en")`` saves the whole page as var/screenshots/home-en.png (not committed)."""

    def screenshot_(page: Page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return screenshot_


@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    """``assert_accessible(page)`` runs axe-core on the page as it is and fails on a serious or critical violation.

    axe is loaded from static/vendor/ by URL, so the page's own Content-Security-Policy allows it.
    """

    def assert_accessible_(page: Page) -> None:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(url=static("vendor/axe-core/axe.min.js"))
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        blocking = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} at "
            + ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
            for violation in results["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
        assert not blocking, f"{page.url}:\n" + "\n".join(blocking)

    return assert_accessible_
