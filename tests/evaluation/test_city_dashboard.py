"""The city dashboard (evaluation.views.CityDashboardView): an official's home, read from the runs' aggregates in a
number of queries that does not grow with the city; its filters change the figures; only officials see it."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cities.models import City, CityOfficial
from colleges.models import College
from evaluation.choices import RunTrigger
from evaluation.scoring import runs
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseStaffFactory
from tests.pages import client_of

DASHBOARD = "evaluation:city_dashboard"
MONTH_ENDS = (datetime.date(2026, 10, 31), datetime.date(2026, 11, 30))
MAX_QUERIES = 10


def seed_with_runs(scale: float, run_scores, *, reset: bool = False) -> City:
    """The demo city at ``scale``, unscored by the seed, with a run at each of two month-ends (month-over-month)."""
    call_command("seed_city", scale=scale, seed=11, as_of="2026-11-30", reset=reset, scores=False, stdout=StringIO())
    city = City.objects.get()
    for day in MONTH_ENDS:
        run_scores(city, day)
    return city


@pytest.fixture
def run_scores(django_capture_on_commit_callbacks):
    def run(city: City, as_of: datetime.date):
        with django_capture_on_commit_callbacks(execute=True):
            runs.scoring_run_start(city_id=city.pk, trigger=RunTrigger.COMMAND, as_of=as_of)

    return run


@pytest.fixture
def city(db, run_scores) -> City:
    return seed_with_runs(0.05, run_scores)


@pytest.fixture
def official(city):
    return CityOfficial.objects.select_related("user").get(city=city, user__username="demo-official")


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_same_number_of_queries_at_two_city_sizes(city, official, run_scores):
    client = client_of(official)
    college = College.objects.order_by("pk").first()
    urls = [reverse(DASHBOARD), reverse(DASHBOARD) + f"?college={college.pk}&kind=order_class&sector=C"]
    small = [queries_of(client, url) for url in urls]

    seed_with_runs(0.25, run_scores, reset=True)
    official = CityOfficial.objects.select_related("user").get(user__username="demo-official")
    college = College.objects.order_by("pk").first()
    urls = [reverse(DASHBOARD), reverse(DASHBOARD) + f"?college={college.pk}&kind=order_class&sector=C"]
    large = [queries_of(client_of(official), url) for url in urls]

    assert small == large
    assert max(large) <= MAX_QUERIES


def test_every_panel_has_figures_and_the_at_risk_lists_link_to_their_rows(official):
    response = client_of(official).get(reverse(DASHBOARD))

    assert response.status_code == 200
    charts = response.context["view"].charts()
    assert {chart.key for chart in charts} >= {
        "health-bands",
        "health-trend",
        "talent-distribution",
        "alignment",
        "lorenz",
        "certification",
        "funnel",
    }
    # At this size no program has the 5 final-year students its shortfall needs to be shown.
    assert [chart.key for chart in charts if chart.is_empty()] == ["talent-shortfall"]
    trend = next(chart for chart in charts if chart.key == "health-trend")
    assert len(trend.categories) == 2  # October and November of the academic year 2026–27
    cards = {str(card["label"]): card for card in response.context["kpis"]}
    assert cards["Students"]["value"] > 0
    assert cards["Students"]["change"] is not None
    assert "Mean partnership health" in cards


def test_the_filters_change_the_figures(city, official):
    client = client_of(official)
    everything = client.get(reverse(DASHBOARD)).context
    college = College.objects.filter(programs__students__isnull=False).order_by("pk").first()
    one_college = client.get(reverse(DASHBOARD), {"college": college.pk}).context

    students = {str(card["label"]): card["value"] for card in everything["kpis"]}["Students"]
    of_college = {str(card["label"]): card["value"] for card in one_college["kpis"]}["Students"]
    assert 0 < of_college < students
    assert one_college["dashboard"].filters.college_id == college.pk

    one_kind = client.get(reverse(DASHBOARD), {"kind": "internship_base"}).context
    kinds = next(chart for chart in one_kind["view"].charts() if chart.key == "health-kind")
    assert kinds.categories == ["Internship base"]


def test_an_earlier_academic_year_reads_its_own_runs(city, official, run_scores):
    run_scores(city, datetime.date(2026, 6, 30))  # the academic year 2025–26
    client = client_of(official)

    latest = client.get(reverse(DASHBOARD)).context["dashboard"]
    earlier = client.get(reverse(DASHBOARD), {"academic_year": 2025}).context["dashboard"]

    assert latest.current.as_of == MONTH_ENDS[1]
    assert earlier.current.as_of == datetime.date(2026, 6, 30)
    assert earlier.previous is None


def test_an_officials_home_is_the_dashboard_first_in_the_menu(official):
    client = client_of(official)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse(DASHBOARD)
    menu = client.get(reverse(DASHBOARD)).context["menu"]
    assert menu[0]["url"] == reverse(DASHBOARD)


@pytest.mark.django_db
def test_college_and_enterprise_staff_may_not_see_it(client):
    for staff in (CollegeStaffFactory(), EnterpriseStaffFactory()):
        assert client_of(staff).get(reverse(DASHBOARD)).status_code == 403
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 302
    assert "login" in response.url
