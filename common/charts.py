"""Charts of the dashboards: what a view hands its template, drawn in the browser by Apache ECharts
(``static/vendor/echarts``, ``static/js/charts.js``), each with a table of the same figures and a plain-language
summary for screen readers (``templates/includes/chart.html``, docs/frontend.md).

A view builds a ``Chart`` from a selector's figures; the template includes ``includes/chart.html`` with
``chart=…``; the browser reads ``Chart.spec()`` from the drawing's ``data-chart-spec`` attribute (no inline script
under the CSP, and not a ``json_script`` element: htmx, whose ``allowScriptTags`` is off, drops every script element
from the HTML it swaps in).
Figures over fewer than ``MIN_GROUP`` students are never shown: their value is None and the table says
"fewer than 5" (``Point.suppressed``).
"""

import json
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext

# Groups of fewer students than this are suppressed in every figure that could identify a person.
MIN_GROUP = 5


def fewer_than() -> str:
    """How a suppressed figure reads, in the page's language."""
    return gettext("fewer than %(count)s") % {"count": MIN_GROUP}


# How a chart is drawn: the ECharts series type and layout the browser builds from the spec.
KINDS = ("bar", "stacked_bar", "horizontal_bar", "line", "area", "pie", "funnel", "lorenz")


@dataclass(frozen=True)
class Point:
    """One figure of a series: its value (None when there is none or it is suppressed) and how a table shows it."""

    value: float | None
    suppressed: bool = False


@dataclass(frozen=True)
class Series:
    name: str
    points: list[Point]


@dataclass(frozen=True)
class Chart:
    """A chart and its table: ``categories`` along one axis (or the slices of a pie or funnel), one value per
    category in each series. A Lorenz curve's categories are the x values (cumulative share of colleges)."""

    key: str  # unique on the page; the elements' ids derive from it
    kind: str
    title: str
    summary: str  # one or two sentences: what the chart shows and its main finding, read to screen readers
    categories: list[str]
    series: list[Series]
    unit: str = ""  # of the values: "%", a count's noun…
    x_title: str = ""
    y_title: str = ""
    link: str = ""  # the rows behind the chart (a list page with the filters applied)
    notes: list[str] = field(default_factory=list)
    empty_text: str = ""  # said when there is no figure; by default, that they come with the next scoring run

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown chart kind {self.kind!r}; one of {', '.join(KINDS)}.")

    def spec(self) -> dict:
        """The JSON the browser draws from (labels already in the page's language)."""
        return {
            "kind": self.kind,
            "title": str(self.title),
            "categories": [str(category) for category in self.categories],
            "series": [
                {"name": str(series.name), "values": [point.value for point in series.points]}
                for series in self.series
            ],
            "unit": str(self.unit),
            "x_title": str(self.x_title),
            "y_title": str(self.y_title),
        }

    def spec_json(self) -> str:
        """``spec()`` as JSON, for the drawing's ``data-chart-spec`` attribute (the template escapes it)."""
        return json.dumps(self.spec(), ensure_ascii=False)

    def rows(self) -> list[tuple[str, list[Point]]]:
        """The table alternative: one row per category, one cell per series."""
        return [(category, [series.points[i] for series in self.series]) for i, category in enumerate(self.categories)]

    def fewer_than(self) -> str:
        return fewer_than()

    def is_empty(self) -> bool:
        return not any(point.value is not None for series in self.series for point in series.points)


# Figures of the dashboards
# ------------------------------------------------------------------------------
def student_point(value, students: int) -> Point:
    """A figure over ``students`` students, to one decimal: suppressed when they are fewer than ``MIN_GROUP`` (and
    not none at all), so that no figure points at a person."""
    if 0 < students < MIN_GROUP:
        return Point(value=None, suppressed=True)
    return Point(value=None if value is None else round(float(value), 1))


def counted(count: int) -> Point:
    """A count of students: suppressed when 1 to 4 (zero identifies no one)."""
    return student_point(count, count)


def figure(point: Point, digits: int = 1) -> str:
    """A figure as a chart's summary reads it: none is "—", a suppressed one says why it is not shown."""
    if point.suppressed:
        return gettext("not shown (fewer than %(count)s students)") % {"count": MIN_GROUP}
    if point.value is None:
        return "—"
    return number_format(point.value, digits)


def percent(point: Point) -> str:
    return f"{figure(point)}%" if point.value is not None else figure(point)


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, to one decimal (None when there is no whole)."""
    return round(100 * part / whole, 1) if whole else None
