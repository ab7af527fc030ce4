"""A URLconf for the charts' browser test only: the product's URLs plus a page with one chart of each kind
(common.charts.KINDS) and a fragment that htmx swaps into it. Selected with ``@pytest.mark.urls``."""

from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path

from common.charts import Chart, Point, Series
from config.urls import urlpatterns as product_urlpatterns

PAGE = Template(
    "{% extends 'base.html' %}{% block content %}<h1>Charts</h1>"
    "<div class='grid'>{% for chart in charts %}{% include 'includes/chart.html' %}{% endfor %}</div>"
    "<button type='button' class='secondary' hx-get='/test-charts/fragment/' hx-target='#swapped'>More</button>"
    "<div id='swapped'></div>{% endblock %}"
)
FRAGMENT = Template("{% include 'includes/chart.html' %}")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
COLLEGES = ["North Polytechnic", "Harbour Vocational College", "City Technician College", "Riverside College"]


def points(*values: float | None) -> list[Point]:
    """A series' points; None stands for a group of fewer than 5 students, suppressed."""
    return [Point(value, suppressed=value is None) for value in values]


def chart(key: str, kind: str, categories: list[str], *series: tuple[str, list[Point]], **options) -> Chart:
    return Chart(
        key=key,
        kind=kind,
        title=f"A {kind.replace('_', ' ')} chart",
        summary=f"One {kind.replace('_', ' ')} chart with the figures of the table below.",
        categories=categories,
        series=[Series(name, values) for name, values in series],
        **options,
    )


CHARTS = [
    chart("bar", "bar", COLLEGES, ("Placement rate", points(82.5, 64, None, 71)), unit="%", y_title="Placed (%)"),
    chart(
        "stacked",
        "stacked_bar",
        ["Internship", "Order class", "Apprenticeship", "Joint lab"],
        ("Healthy", points(34, 12, 9, 4)),
        ("Watch", points(11, 6, 5, 2)),
        ("At risk", points(4, 3, 1, 1)),
        y_title="Agreements",
    ),
    chart(
        "sectors",
        "horizontal_bar",
        ["Advanced manufacturing", "New energy vehicles", "Logistics", "Health care", "Software", "Tourism"],
        ("Graduates", points(420, 180, 260, 310, 150, 90)),
        ("Demand", points(560, 340, 210, 330, 290, 60)),
        x_title="Sector",
        y_title="Students",
    ),
    chart(
        "trend",
        "line",
        MONTHS,
        ("Mean health", points(61, 62.5, 63, 63.4, None, 65, 66.2, 66, 67.5, 68, 68.4, 69)),
        y_title="Score",
    ),
    chart(
        "talent",
        "area",
        MONTHS,
        ("Mechatronics", points(55, 56, 58, 59, 61, 61, 62, 64, 65, 66, 66, 67)),
        ("Nursing", points(60, 60, 61, 62, 62, 63, 65, 65, 66, 68, 69, 70)),
        y_title="Talent score",
    ),
    chart(
        "certification",
        "pie",
        ["Applied", "Certified", "Rejected", "Revoked"],
        ("Enterprises", points(14, 38, 6, 2)),
    ),
    chart(
        "funnel",
        "funnel",
        ["Applications", "Offers", "Placements", "Completed", "Hired"],
        ("Students", points(1200, 820, 640, 410, 180)),
    ),
    chart(
        "lorenz",
        "lorenz",
        ["0", "0.2", "0.4", "0.6", "0.8", "1"],
        ("Training stations", points(0, 0.06, 0.17, 0.34, 0.58, 1)),
        x_title="Share of colleges",
        y_title="Share of stations",
    ),
]
SWAPPED = chart("swapped", "bar", COLLEGES, ("Stations per student", points(0.4, 0.25, 0.31, 0.5)))


def chart_page(request):
    return HttpResponse(PAGE.render(RequestContext(request, {"charts": CHARTS})))


def chart_fragment(request):
    return HttpResponse(FRAGMENT.render(RequestContext(request, {"chart": SWAPPED})))


urlpatterns = [
    path("test-charts/", chart_page),
    path("test-charts/fragment/", chart_fragment),
    *product_urlpatterns,
]
