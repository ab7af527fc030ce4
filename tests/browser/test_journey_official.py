"""The city official's journey in a real browser, as a new user would make it on the demo city (issue 10): sign in
in Chinese and land on the city dashboard with every chart drawn from data, switch to English, choose another
academic year and see the figures change, drill from an at-risk agreement to its page, start a scoring run and see
it finish, certify an enterprise from the queue, download a table and open the file, and switch back to Chinese.
axe-core runs on every page; screenshots of each in both languages go to var/screenshots/."""

import csv
import io

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import Page

from demo.seed import DEMO_PASSWORD
from evaluation.models import IntegrationCertification, ScoringRun

pytestmark = pytest.mark.browser

# Every chart of the page has been drawn by ECharts.
DRAWN = (
    "() => [...document.querySelectorAll('[data-chart-spec]')]"
    ".every(el => window.echarts && echarts.getInstanceByDom(el))"
)
# The key of each drawn chart whose series hold no figure at all.
EMPTY_DRAWINGS = """() => [...document.querySelectorAll('[data-chart-spec]')]
    .filter(el => !echarts.getInstanceByDom(el).getOption().series
        .some(s => (s.data || []).some(d => d !== null && d !== undefined
            && (typeof d !== 'object' || (Array.isArray(d) ? d[1] !== null : d.value !== null)))))
    .map(el => el.id)"""


@pytest.fixture
def demo_city(industry_sectors):
    """The demo city as `make run` builds it (smaller), with its year of monthly scoring runs."""
    call_command("seed_city", scale=0.5, stdout=io.StringIO())


def sign_in_as_demo_official(page: Page) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("demo-official")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def switch_language(page: Page, code: str) -> None:
    page.locator("#language-choice").select_option(code)
    page.locator("form.language button[type=submit]").click()
    page.wait_for_load_state()


def dashboard_drawn(page: Page) -> None:
    """Every chart of the page drawn, none of them without figures (an empty chart is said, not drawn)."""
    page.wait_for_function(DRAWN)
    assert page.locator("[data-chart-spec]").count() >= 10
    assert page.locator("figure.chart .empty").all_inner_texts() == []
    assert page.evaluate(EMPTY_DRAWINGS) == []


def test_the_officials_journey_through_the_dashboard_runs_and_certification(
    demo_city, open_page, screenshot, assert_accessible
):
    page = open_page("zh-CN")
    page.emulate_media(reduced_motion="reduce")
    sign_in_as_demo_official(page)

    # Signed in, an official lands on the city dashboard: in Chinese, every chart drawn from the demo's scores.
    assert page.url.endswith("/city/dashboard/")
    with translation.override("zh-hans"):
        assert page.locator("h1").inner_text() == translation.gettext("City dashboard")
    dashboard_drawn(page)
    assert_accessible(page)
    screenshot(page, "official-dashboard-zh-hans")

    switch_language(page, "en")
    assert page.locator("h1").inner_text() == "City dashboard"
    dashboard_drawn(page)
    screenshot(page, "official-dashboard-en")

    # Another academic year: the figures are those of its own runs.
    this_year = page.locator("p.lead").inner_text()
    this_year_kpis = page.locator("#kpis-title").locator("..").inner_text()
    year = page.get_by_label("Academic year")
    year.select_option(index=year.locator("option").count() - 1)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert page.locator("p.lead").inner_text() != this_year
    assert page.locator("#kpis-title").locator("..").inner_text() != this_year_kpis
    dashboard_drawn(page)

    # From an at-risk agreement to its page.
    page.get_by_role("link", name="Clear").click()
    at_risk = page.locator("table").filter(has=page.get_by_role("columnheader", name="Pulled down by"))
    agreement_link = at_risk.locator("tbody tr").first.get_by_role("link").first
    title = agreement_link.inner_text()
    agreement_link.click()
    assert "/agreements/" in page.url
    assert page.locator("h1").inner_text() == title
    assert_accessible(page)

    # A scoring run started from its page, followed until it has finished.
    runs_before = ScoringRun.objects.count()
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Scoring runs").click()
    assert_accessible(page)
    screenshot(page, "official-scoring-runs-en")
    page.get_by_role("link", name="New scoring run").click()
    page.get_by_role("button", name="Start the run").click()
    page.locator("#run-progress").get_by_text("Succeeded").wait_for()
    assert ScoringRun.objects.count() == runs_before + 1
    assert_accessible(page)
    screenshot(page, "official-scoring-run-en")

    # An enterprise certified from the queue, the evidence before the official's eyes.
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Certification queue").click()
    assert_accessible(page)
    screenshot(page, "official-certification-queue-en")
    page.locator("#object-list tbody tr").first.get_by_role("link").first.click()
    certification_url = page.url
    page.get_by_role("link", name="Certify").click()
    assert page.get_by_role("columnheader", name="At application").is_visible()
    assert page.get_by_role("columnheader", name="Now").is_visible()
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(certification_url)
    pk = certification_url.rstrip("/").rsplit("/", 1)[1]
    assert IntegrationCertification.objects.get(pk=pk).status == "certified"

    # A table downloaded and opened: the colleges of the city as CSV.
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Colleges").click()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert "Enrolled students" in rows[0]
    assert len(rows) > 1

    # And back to Chinese, remembered for the official on the next page.
    switch_language(page, "zh-hans")
    page.goto("/")
    with translation.override("zh-hans"):
        assert page.locator("h1").inner_text() == translation.gettext("City dashboard")
    for url, name in (("/scoring-runs/", "scoring-runs"), ("/certification/", "certification-queue")):
        page.goto(url)
        assert_accessible(page)
        screenshot(page, f"official-{name}-zh-hans")
