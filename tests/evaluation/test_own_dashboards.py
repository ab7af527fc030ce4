"""A college's and an enterprise's own dashboard (evaluation.views.OwnDashboardView): its figures beside the city's,
small groups suppressed, nothing of another college or enterprise, a constant number of queries."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from evaluation.choices import AggregateDimension, CertificationStatus, HealthBand
from evaluation.views import OwnDashboardView
from tests.api_world import ApiCity, build_api_city
from tests.colleges.factories import ProgramFactory, StudentFactory
from tests.enterprises.factories import PostingFactory, TalentDemandFactory
from tests.evaluation.factories import (
    CityAggregateFactory,
    IntegrationCertificationFactory,
    MentorEvaluationFactory,
    PartnershipHealthFactory,
    TalentScoreFactory,
    month_start,
)
from tests.exports import csv_rows
from tests.pages import client_of
from tests.partnerships.factories import CooperationAgreementFactory, PlacementFactory

URL = "/dashboard/"
TODAY = timezone.localdate()
# Final-year students of a three-year program (the factories' programs) in this academic year.
FINAL_COHORT = (TODAY.year if TODAY.month >= 9 else TODAY.year - 1) - 2
DEMAND_YEAR = FINAL_COHORT + 3
# Queries of a dashboard, whatever the numbers of programs, students, agreements and interns: the session, the user
# with their membership, the bell's unread count and the city's figures; then a college's talent by program, health
# bands and placements, or an enterprise's health bands, interns, evaluations, evidence and demand by sector; then
# the recommended partners (9 to 11: docs/matching.md).
COLLEGE_QUERIES = 18
ENTERPRISE_QUERIES = 18


def chart_rows(page: str, key: str) -> list[list[str]]:
    """The text of each cell, row by row, of the table of the chart ``key``."""
    figure = page.split(f'id="chart-{key}"', 1)[1].split("</figure>", 1)[0]
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", figure, re.S)
    ]


def enrol(program, scores: list[str], *, run, cohort_year: int = FINAL_COHORT) -> list:
    students = []
    for score in scores:
        student = StudentFactory(program=program, cohort_year=cohort_year)
        TalentScoreFactory(student=student, run=run, score=Decimal(score))
        students.append(student)
    return students


def started_posting(enterprise):
    """A posting of ``enterprise`` whose placements started 40 days ago."""
    return PostingFactory(
        enterprise=enterprise,
        slots=10,
        deadline=TODAY - datetime.timedelta(days=50),
        starts_on=TODAY - datetime.timedelta(days=40),
        ends_on=TODAY + datetime.timedelta(days=60),
    )


def agreement_with_health(party: ApiCity, band: str, score: str, *, run) -> None:
    agreement = CooperationAgreementFactory(college=party.college, enterprise=party.enterprise, active=True)
    PartnershipHealthFactory(agreement=agreement, run=run, band=band, score=Decimal(score))


def city_aggregates(api_city: ApiCity, other: ApiCity) -> None:
    """The city's figures of its last run: 21 agreements, 4 at risk; a placement rate of 62.5 % over 80
    final-year students; stations per student 0.5 at the college (over 10 students) and 0.2 at the other (over 40),
    a Gini of 0.3; graduates and demand in the enterprise's sector."""
    run = api_city.scoring_run
    for kind, bands in {"order_class": [10, 3, 2, 1], "internship_base": [2, 1, 2, 0]}.items():
        CityAggregateFactory(
            run=run,
            dimension=AggregateDimension.HEALTH_BY_KIND,
            key=kind,
            count=sum(bands[:3]),
            details=dict(zip(HealthBand.values, bands, strict=True)),
        )
    for college, students, value in ((api_city.college, 10, 0.5), (other.college, 40, 0.2)):
        CityAggregateFactory(
            run=run,
            dimension=AggregateDimension.STATIONS_PER_STUDENT,
            key=str(college.pk),
            count=students,
            value=value,
        )
    CityAggregateFactory(
        run=run, dimension=AggregateDimension.CITY, key="final_year_placement_rate", count=80, value=0.625
    )
    CityAggregateFactory(run=run, dimension=AggregateDimension.CITY, key="stations_gini", count=2, value=0.3)
    CityAggregateFactory(
        run=run,
        dimension=AggregateDimension.SUPPLY_DEMAND,
        key=api_city.enterprise.sector.code,
        count=12,
        value=0.4,
        details={"supply": 12.0, "demand": 30, "year": DEMAND_YEAR},
    )


@pytest.fixture
def city(db) -> tuple[ApiCity, ApiCity]:
    """A small city: the college with a program of 6 scored students and one of 3, agreements in each band; another
    college and enterprise beside them with rows of their own; and the city's last run's aggregates."""
    api_city = build_api_city("own")
    other = build_api_city("other", admin=api_city.admin, beside=api_city)
    run = api_city.scoring_run
    api_city.program.name = "Industrial Robotics"
    api_city.program.save()
    small = ProgramFactory(college=api_city.college, name="Smart Welding")
    enrol(api_city.program, ["85", "82", "75", "70", "55", "45"], run=run)
    enrol(small, ["90", "50", "40"], run=run)
    other.program.name = "Other College Nursing"
    other.program.save()
    enrol(other.program, ["99", "99", "99", "99", "99"], run=run)
    for band, score in ((HealthBand.HEALTHY, "80.0"), (HealthBand.WATCH, "60.0"), (HealthBand.AT_RISK, "30.0")):
        agreement_with_health(api_city, band, score, run=run)
    agreement_with_health(other, HealthBand.AT_RISK, "20.0", run=run)
    city_aggregates(api_city, other)
    return api_city, other


def test_a_college_sees_its_programs_its_agreements_placement_and_stations_against_the_city(city):
    api_city, _other = city
    # 5 of the 6 final-year students of Robotics (and Welding's 3) have a placement that started: 8 of 9.
    welding = api_city.college.programs.get(name="Smart Welding")
    posting = started_posting(api_city.enterprise)
    for student in [*api_city.program.students.all()[:5], *welding.students.all()]:
        PlacementFactory(student=student, posting=posting)

    response = client_of(api_city.college_staff).get(URL)

    assert response.status_code == 200
    assert response.templates[0].name == "evaluation/college_dashboard.html"
    page = response.content.decode()
    assert chart_rows(page, "talent-mean") == [
        ["Program", "Mean talent score"],
        ["Industrial Robotics", "68.7"],
        ["Smart Welding", "fewer than 5"],
    ]
    assert chart_rows(page, "talent-bands")[1:] == [
        ["Industrial Robotics", "2", "2", "2"],
        ["Smart Welding", "fewer than 5", "fewer than 5", "fewer than 5"],
    ]
    assert chart_rows(page, "health") == [
        ["Health band", "Your agreements", "The city's agreements"],
        ["Healthy", "33.3", "57.1"],
        ["Watch", "33.3", "19"],
        ["At risk", "33.3", "19"],
        ["Not enough data yet", "0", "4.8"],
    ]
    assert chart_rows(page, "placement")[1:] == [["Your college", "88.9"], ["The city", "62.5"]]
    assert (
        f"Share of your final-year students with a placement under way or completed on {date_format(TODAY)}: 88.9%; "
        "the city's: 62.5%."
    ) in html.unescape(page)
    assert chart_rows(page, "stations")[1:] == [["Your college", "50"], ["The city", "26"]]
    assert "Gini coefficient across the city's colleges: 0.30" in html.unescape(page)
    # Each panel leads to the rows behind it.
    assert f"{reverse('partnerships:cooperationagreement_list')}?health_band=at_risk" in page
    program = api_city.program.pk
    assert f"{reverse('colleges:student_list')}?program={program}&amp;talent_band=low" in page


def test_an_enterprise_sees_its_agreements_interns_demand_and_certification_evidence(city):
    api_city, other = city
    enterprise = api_city.enterprise
    posting = started_posting(enterprise)
    students = enrol(api_city.program, ["60"] * 7, run=api_city.scoring_run)
    for number, student in enumerate(students):
        placement = PlacementFactory(student=student, posting=posting, completed=number < 2, hired_after=number < 1)
        MentorEvaluationFactory(placement=placement, period=month_start(-1), teamwork=3 if number % 2 else 5)
    # Another enterprise's intern never counts.
    PlacementFactory(student=StudentFactory(program=other.program), posting=started_posting(other.enterprise))
    TalentDemandFactory(enterprise=enterprise, sector=enterprise.sector, headcount=8, year=DEMAND_YEAR)
    IntegrationCertificationFactory(enterprise=enterprise, status=CertificationStatus.APPLIED)

    response = client_of(api_city.enterprise_staff).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert chart_rows(page, "health")[1:4] == [
        ["Healthy", "33.3", "57.1"],
        ["Watch", "33.3", "19"],
        ["At risk", "33.3", "19"],
    ]
    assert chart_rows(page, "interns")[1:] == [
        ["Under way", "5"],
        ["Completed", "fewer than 5"],
        ["Hired after their placement", "fewer than 5"],
        ["Cancelled", "0"],
        ["Evaluated by a mentor", "7"],
    ]
    assert chart_rows(page, "evaluations")[1:] == [
        ["Professional skill", "4"],
        ["Attitude", "5"],
        ["Teamwork", "4.1"],
        ["Innovation", "3"],
        ["Safety and standards", "5"],
    ]
    assert chart_rows(page, "demand")[1:] == [[str(enterprise.sector), "12", "30", "8"]]
    assert "Your latest application: Applied." in page
    evidence = dict(re.findall(r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td></tr>', page))
    assert evidence["Interns and apprentices hosted"] == "7"
    assert evidence["Interns hired afterwards"] == "fewer than 5"
    assert f"{reverse('enterprises:talentdemand_list')}?year={DEMAND_YEAR}" in page


def test_another_colleges_and_enterprises_rows_never_show(city):
    api_city, other = city

    # The recommendations at the foot of the page name other organisations by design (docs/matching.md).
    pages = [
        client_of(staff).get(URL).content.decode().split('aria-labelledby="recommended-')[0]
        for staff in (api_city.college_staff, api_city.enterprise_staff)
    ]

    for page in pages:
        assert "Other College Nursing" not in page
        assert other.college.name not in page
        # The other college's agreement at risk is the city's, not theirs: one of their three is at risk.
        assert "Your agreements with a health figure: 3, of which 1 at risk and 1 healthy." in page
    assert other.enterprise.name not in pages[1]


def test_a_college_without_scores_or_a_run_sees_empty_panels_that_say_so(db):
    api_city = build_api_city("new")

    page = client_of(api_city.college_staff).get(URL).content.decode()

    assert "The city has no scoring run yet: its figures appear after the first one." in page
    assert "No figures yet: they appear after the next scoring run." in page


def grow(api_city: ApiCity, n: int) -> None:
    """``n`` more programs with scored students, agreements with a health, interns evaluated, demands."""
    run = api_city.scoring_run
    posting = started_posting(api_city.enterprise)
    posting.slots = 100
    posting.save()
    for number in range(n):
        students = enrol(ProgramFactory(college=api_city.college), ["70", "60"], run=run)
        agreement_with_health(api_city, HealthBand.WATCH, "55.0", run=run)
        placement = PlacementFactory(student=students[0], posting=posting)
        MentorEvaluationFactory(placement=placement, period=month_start(-1))
        TalentDemandFactory(enterprise=api_city.enterprise, headcount=2, year=DEMAND_YEAR)
        CityAggregateFactory(run=run, dimension=AggregateDimension.STATIONS_PER_STUDENT, key=f"college-{n}-{number}")


def test_the_dashboards_take_a_constant_number_of_queries(city):
    api_city, _other = city
    counts = {}
    for size in (1, 6):
        grow(api_city, size)
        for staff in (api_city.college_staff, api_city.enterprise_staff):
            client = client_of(staff)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(URL).status_code == 200
            counts.setdefault(staff.user.username, []).append(len(queries))

    assert counts == {
        api_city.college_staff.user.username: [COLLEGE_QUERIES] * 2,
        api_city.enterprise_staff.user.username: [ENTERPRISE_QUERIES] * 2,
    }


def test_an_official_is_sent_to_the_city_and_an_admin_is_refused(city):
    api_city, _other = city

    assert client_of(api_city.official).get(URL).url == reverse("evaluation:city_dashboard")
    admin = Client()
    admin.force_login(api_city.admin)
    assert admin.get(URL).status_code == 403


def test_a_visitor_is_asked_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")


def test_the_dashboard_is_first_in_the_menus_of_colleges_and_enterprises(city):
    api_city, _other = city
    for staff in (api_city.college_staff, api_city.enterprise_staff):
        menu = client_of(staff).get(reverse("home")).context["menu"]
        assert menu[0]["url"] == URL


def test_the_view_gives_its_charts_for_export(city, rf):
    api_city, _other = city
    view = OwnDashboardView()
    view.setup(rf.get(URL))
    view.request.user = api_city.college_staff.user

    assert [chart.key for chart in view.charts()] == ["talent-mean", "talent-bands", "health", "placement", "stations"]


def test_a_chart_downloads_as_its_table_with_small_groups_suppressed(city):
    api_city, _other = city

    response = client_of(api_city.college_staff).get(URL, {"_export": "csv", "chart": "talent-mean"})

    assert response.status_code == 200
    assert csv_rows(response) == [
        ["Program", "Mean talent score"],
        ["Industrial Robotics", "68.7"],
        ["Smart Welding", "fewer than 5"],
    ]
