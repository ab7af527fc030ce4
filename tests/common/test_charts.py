"""The charts' contract (common/charts.py): the spec the browser draws from, the table alternative, and the figure
that templates/includes/chart.html renders around them."""

import html
import json
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from common.charts import KINDS, Chart, Point, Series

SPEC_ATTRIBUTE = re.compile(r'data-chart-spec="([^"]*)"')


def placements(kind: str = "bar", **options) -> Chart:
    return Chart(
        **{
            "key": "placements",
            "kind": kind,
            "title": gettext_lazy("The figures as a table"),
            "summary": "Two colleges place most of their students; one group is too small to show.",
            "categories": ["North Polytechnic", "Harbour College", "City College"],
            "series": [
                Series("Placed", [Point(41), Point(None, suppressed=True), Point(12.5)]),
                Series("Hired", [Point(18), Point(None, suppressed=True), Point(None)]),
            ],
            "unit": "%",
            "x_title": "College",
            "y_title": "Students",
            **options,
        }
    )


def test_the_spec_holds_each_series_values_in_category_order_with_none_for_suppressed_figures():
    assert placements().spec() == {
        "kind": "bar",
        "title": "The figures as a table",
        "categories": ["North Polytechnic", "Harbour College", "City College"],
        "series": [{"name": "Placed", "values": [41, None, 12.5]}, {"name": "Hired", "values": [18, None, None]}],
        "unit": "%",
        "x_title": "College",
        "y_title": "Students",
    }


def test_the_spec_is_in_the_page_language_and_its_json_keeps_chinese_as_is():
    chart = placements()

    with translation.override("zh-hans"):
        spec, spec_json = chart.spec(), chart.spec_json()

    assert spec["title"] == "以表格查看数据"
    assert json.loads(spec_json) == spec
    assert "以表格查看数据" in spec_json


def test_the_table_has_a_row_per_category_and_a_cell_per_series():
    rows = placements().rows()

    assert [category for category, _ in rows] == ["North Polytechnic", "Harbour College", "City College"]
    assert rows[0][1] == [Point(41), Point(18)]
    assert rows[1][1] == [Point(None, suppressed=True), Point(None, suppressed=True)]
    assert rows[2][1] == [Point(12.5), Point(None)]


def test_a_chart_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown chart kind 'scatter'; one of bar, stacked_bar"):
        placements("scatter")


def test_a_chart_without_any_figure_is_empty():
    assert not placements().is_empty()
    assert placements(series=[Series("Placed", [Point(None, suppressed=True), Point(None), Point(None)])]).is_empty()


@pytest.mark.parametrize("kind", KINDS)
def test_the_figure_has_a_drawing_described_by_its_title_and_summary_and_the_spec_the_browser_reads(kind):
    chart = placements(kind)

    page = render_to_string("includes/chart.html", {"chart": chart})

    assert 'role="img"' in page
    assert 'aria-labelledby="chart-placements-title"' in page
    assert 'aria-describedby="chart-placements-summary"' in page
    assert 'id="chart-placements-summary">Two colleges place most' in page
    assert json.loads(html.unescape(SPEC_ATTRIBUTE.search(page).group(1))) == chart.spec()
    assert 'data-echarts="/static/vendor/echarts/echarts.min.js"' in page
    assert ('data-equality="Line of equality"' in page) is (kind == "lorenz")


def test_the_table_alternative_says_fewer_than_5_for_a_suppressed_figure_and_a_dash_for_none():
    with translation.override("zh-hans"):
        page = render_to_string("includes/chart.html", {"chart": placements()})

    cells = re.findall(r"<td>([^<]*)</td>", page)
    assert cells == ["41", "18", "少于 5 人", "少于 5 人", "12.5", "—"]


def test_an_empty_chart_says_so_and_has_nothing_to_draw():
    chart = placements(series=[Series("Placed", [Point(None), Point(None), Point(None)])])

    page = render_to_string("includes/chart.html", {"chart": chart})

    assert "No figures yet" in page
    assert "data-chart-spec" not in page
    assert "<table" not in page
