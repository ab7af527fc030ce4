"""Charts in a real browser: every kind drawn by the vendored ECharts under the CSP, gaps for suppressed figures,
the charts htmx swaps in, narrow windows, and the page's language (tests/browser/chart_urls.py is the page)."""

import pytest

from common.charts import KINDS
from tests.browser.chart_urls import CHARTS

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.chart_urls")]

DRAWN = (
    "() => [...document.querySelectorAll('[data-chart-spec]')]"
    ".every(el => window.echarts && echarts.getInstanceByDom(el))"
)
# What ECharts drew for each chart: its kind (from the spec) and its series as ECharts holds them.
DRAWINGS = """() => Object.fromEntries([...document.querySelectorAll('[data-chart-spec]')].map(el => [
    JSON.parse(el.dataset.chartSpec).kind,
    echarts.getInstanceByDom(el).getOption().series.map(s => ({type: s.type, name: s.name, data: s.data})),
]))"""

# Every chart as wide as its box, and the box narrower than the window.
FITTED = """window => [...document.querySelectorAll('[data-chart-spec]')]
    .every(el => echarts.getInstanceByDom(el).getWidth() === el.clientWidth && el.clientWidth < window)"""


def open_charts(page):
    page.emulate_media(reduced_motion="reduce")
    page.goto("/test-charts/")
    page.wait_for_function(DRAWN)


def test_every_kind_of_chart_is_drawn_with_its_figures_and_passes_axe(page, screenshot, assert_accessible):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    open_charts(page)

    drawings = page.evaluate(DRAWINGS)
    assert sorted(drawings) == sorted(KINDS) == sorted(chart.kind for chart in CHARTS)
    for kind, series in drawings.items():
        assert series, kind
        assert all(one["data"] for one in series), kind
    assert [one["type"] for one in drawings["stacked_bar"]] == ["bar", "bar", "bar"]
    assert drawings["pie"][0]["data"][1] == {"name": "Certified", "value": 38}
    assert [item["name"] for item in drawings["funnel"][0]["data"]] == [
        "Applications",
        "Offers",
        "Placements",
        "Completed",
        "Hired",
    ]
    # A suppressed figure is a gap in the line, not a zero, and the table says why.
    assert drawings["line"][0]["data"][4] is None
    assert drawings["bar"][0]["data"][2] is None
    assert page.locator("#chart-trend tbody tr").nth(4).locator("td").text_content() == "fewer than 5"
    # The Lorenz curve on the unit square, and the diagonal of equality beside it.
    curve, equality = drawings["lorenz"]
    assert (curve["data"][0], curve["data"][-1]) == ([0, 0], [1, 1])
    assert (equality["name"], equality["data"]) == ("Line of equality", [[0, 0], [1, 1]])

    canvas = page.locator("#chart-lorenz-canvas")
    assert canvas.get_attribute("role") == "img"
    assert canvas.get_attribute("aria-labelledby") == "chart-lorenz-title"
    assert canvas.get_attribute("aria-describedby") == "chart-lorenz-summary"
    # ECharts' own description of the data, from its aria option, in the page's language.
    assert canvas.get_attribute("aria-label").startswith('This is a chart about "A lorenz chart"')
    assert page.evaluate("typeof echarts.version") == "string"
    assert not errors
    assert_accessible(page)
    screenshot(page, "charts-en")


def test_a_chart_swapped_in_by_htmx_is_drawn_and_charts_fit_a_narrow_window(page, screenshot, assert_accessible):
    open_charts(page)

    # Its tooltip is drawn on the canvas: an HTML one would carry style attributes, which the CSP refuses.
    page.locator("#chart-bar-canvas").hover(position={"x": 120, "y": 100})
    page.get_by_role("button", name="More").click()
    page.wait_for_function(DRAWN + " && document.querySelector('#chart-swapped-canvas') !== null")
    swapped = page.evaluate("echarts.getInstanceByDom(document.querySelector('#chart-swapped-canvas')).getOption()")
    assert swapped["series"][0]["data"] == [0.4, 0.25, 0.31, 0.5]

    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(FITTED, arg=390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    screenshot(page, "charts-narrow-en")
    # The print layout drops the figure's border and padding: each chart takes the wider box.
    narrow = page.evaluate("document.querySelector('#chart-bar-canvas').clientWidth")
    page.emulate_media(media="print")
    page.wait_for_function(FITTED, arg=390)
    assert page.evaluate("document.querySelector('#chart-bar-canvas').clientWidth") > narrow


def test_echarts_speaks_the_page_language_and_is_loaded_only_where_there_is_a_chart(open_page, screenshot):
    page = open_page("zh-CN")
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))

    page.goto("/accounts/login/")
    assert not [url for url in loaded if "echarts" in url]
    open_charts(page)

    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("#chart-bar-canvas").get_attribute("aria-label").startswith("这是一个关于“A bar chart”的图表")
    equality = page.evaluate("echarts.getInstanceByDom(document.querySelector('#chart-lorenz-canvas')).getOption()")
    assert equality["series"][1]["name"] == "绝对平均线"
    assert len([url for url in loaded if url.endswith("vendor/echarts/echarts.min.js")]) == 1
    screenshot(page, "charts-zh-hans")
