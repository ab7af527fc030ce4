"""The city dashboard's cells (evaluation/scoring/aggregates.py, written at a run's publish), by hand on a tiny
city, and their small groups suppressed on the page.

Every run is as of T = 2026-11-20: the academic year 2026–27, whose final-year students of a three-year program
enrolled in 2024.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cities.models import IndustrySector
from common.charts import MIN_GROUP
from evaluation.choices import AggregateDimension, HealthBand, RunState
from evaluation.models import ScoringRun
from partnerships.choices import AgreementKind
from tests.cities.factories import CityFactory, CityOfficialFactory
from tests.colleges.factories import CollegeFactory, ProgramFactory, StudentFactory
from tests.enterprises.factories import EnterpriseFactory, PostingFactory
from tests.evaluation.factories import (
    PartnershipHealthSnapshotFactory,
    ScoringRunFactory,
    TalentScoreSnapshotFactory,
    publish,
)
from tests.pages import client_of
from tests.partnerships.factories import ApplicationFactory, CooperationAgreementFactory, PlacementFactory

T = datetime.date(2026, 11, 20)
FINAL_YEAR_COHORT = 2024


def moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_default_timezone())


def cells(run, dimension: str) -> dict[str, tuple]:
    return {row.key: (row.count, row.value, row.details) for row in run.aggregates.filter(dimension=dimension)}


@pytest.fixture
def city(db):
    return CityFactory()


@pytest.fixture
def run(city):
    return ScoringRunFactory(city=city, as_of=T, running=True)


def test_health_cells_of_the_city_and_of_each_college(city, run):
    first, second = CollegeFactory(city=city), CollegeFactory(city=city)
    manufacturer = EnterpriseFactory(city=city, sector=IndustrySector.objects.get(code="39"))  # section C
    software = EnterpriseFactory(city=city, sector=IndustrySector.objects.get(code="65"))  # section I
    for college, enterprise, kind, score, band in (
        (first, manufacturer, AgreementKind.INTERNSHIP_BASE, "80.0", HealthBand.HEALTHY),
        (second, manufacturer, AgreementKind.INTERNSHIP_BASE, "40.0", HealthBand.AT_RISK),
        (first, software, AgreementKind.ORDER_CLASS, "60.0", HealthBand.WATCH),
    ):
        PartnershipHealthSnapshotFactory(
            run=run,
            agreement=CooperationAgreementFactory(active=True, college=college, enterprise=enterprise, kind=kind),
            score=Decimal(score),
            band=band,
        )

    publish(run)

    city_cells = cells(run, AggregateDimension.HEALTH_CELL)
    assert set(city_cells) == {"C/internship_base", "I/order_class"}
    count, mean, details = city_cells["C/internship_base"]
    assert (count, mean) == (2, pytest.approx(60.0))
    assert details["score_sum"] == pytest.approx(120.0)
    assert (details["band_healthy"], details["band_at_risk"], details["band_watch"]) == (1, 1, 0)
    by_college = cells(run, AggregateDimension.HEALTH_CELL_BY_COLLEGE)
    assert set(by_college[str(first.pk)][2]) == {"C/internship_base", "I/order_class"}
    assert by_college[str(second.pk)][2]["C/internship_base"]["value"] == pytest.approx(40.0)
    assert by_college[str(first.pk)][0] == 2


def test_talent_cells_count_students_in_each_fifth_of_the_scale(city, run):
    program = ProgramFactory(college__city=city)
    for score in (10, 35, 39, 85):
        TalentScoreSnapshotFactory(
            run=run, student=StudentFactory(program=program, cohort_year=FINAL_YEAR_COHORT), score=Decimal(score)
        )

    publish(run)

    count, mean, details = cells(run, AggregateDimension.TALENT_CELL)[str(FINAL_YEAR_COHORT)]
    assert (count, mean) == (4, pytest.approx(42.25))
    assert [details[f"bin_{low}"] for low in (0, 20, 40, 60, 80)] == [1, 2, 0, 0, 1]
    college = cells(run, AggregateDimension.TALENT_CELL_BY_COLLEGE)[str(program.college_id)]
    assert college[2][str(FINAL_YEAR_COHORT)]["count"] == 4


def test_programs_short_of_practice_hours(city, run):
    program = ProgramFactory(college__city=city, required_practice_hours=600)
    for practice in (1.0, 0.5, 0.5):
        TalentScoreSnapshotFactory(
            run=run, student=StudentFactory(program=program, cohort_year=FINAL_YEAR_COHORT), practice=practice
        )

    publish(run)

    row = cells(run, AggregateDimension.PROGRAM_SHORTFALL)[str(program.college_id)]
    shortfall = row[2][str(program.pk)]
    assert (shortfall["count"], shortfall["short_hours"]) == (3, 2)
    assert shortfall["value"] == pytest.approx(2 / 3)


def test_college_figures_and_the_placement_funnel(city, run):
    program = ProgramFactory(college__city=city)
    placed, waiting = (StudentFactory(program=program, cohort_year=FINAL_YEAR_COHORT) for _ in range(2))
    StudentFactory(program=program, cohort_year=2026)
    posting = PostingFactory(enterprise__city=city, sector=IndustrySector.objects.get(code="39"))
    ApplicationFactory(student=placed, posting=posting, submitted_at=moment(T - datetime.timedelta(days=60)))
    ApplicationFactory(student=waiting, posting=posting, submitted_at=moment(T + datetime.timedelta(days=1)))
    PlacementFactory(student=placed, posting=posting, starts_on=T - datetime.timedelta(days=30))

    publish(run)

    count, rate, details = cells(run, AggregateDimension.COLLEGE_FIGURES)[str(program.college_id)]
    assert (count, details["programs"], details["final_year"], details["placed"]) == (3, 1, 2, 1)
    assert rate == pytest.approx(0.5)
    funnel = cells(run, AggregateDimension.PLACEMENT_FUNNEL)["C"][2]
    assert (funnel["applications"], funnel["placements"], funnel["completed"]) == (1, 1, 0)


def test_a_program_of_three_students_shows_fewer_than_five(city, run):
    """Every figure over the three students of a lone program is suppressed on the page."""
    program = ProgramFactory(college__city=city)
    for score in (30, 50, 70):
        TalentScoreSnapshotFactory(
            run=run, student=StudentFactory(program=program, cohort_year=FINAL_YEAR_COHORT), score=Decimal(score)
        )
    publish(run)
    ScoringRun.objects.filter(pk=run.pk).update(state=RunState.SUCCEEDED, finished_at=timezone.now())
    official = CityOfficialFactory(city=city)

    response = client_of(official).get(reverse("evaluation:city_dashboard"), {"college": program.college_id})

    assert response.status_code == 200
    cards = {str(card["label"]): card for card in response.context["kpis"]}
    assert cards["Mean talent score"]["suppressed"]
    assert cards["Mean talent score"]["value"] is None
    assert cards["Placement rate"]["suppressed"]
    distribution = next(chart for chart in response.context["view"].charts() if chart.key == "talent-distribution")
    points = [point for series in distribution.series for point in series.points]
    assert all(point.value is None for point in points if point.suppressed)
    assert {point.value for point in points if not point.suppressed} == {0}
    assert sum(point.suppressed for point in points) == 3  # the bins of 30, 50 and 70, one student each
    assert "3" not in distribution.summary
    assert str(MIN_GROUP) in distribution.summary
    assert "fewer than 5" in response.content.decode()
