"""A run's city aggregates (docs/scoring.md, "City aggregates"), written by evaluation.scoring.aggregates when the
run is published, checked against hand computations.

Every run is as of T = 2026-11-20: the academic year 2026–27, whose final-year students of a three-year program
enrolled in 2024 and graduate in 2027.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cities.models import IndustrySector
from colleges.choices import StudentStatus
from evaluation.choices import AggregateDimension, CertificationStatus, HealthBand
from evaluation.models import CityAggregate
from evaluation.scoring import runs
from partnerships.choices import AgreementKind, AgreementStatus, PlacementStatus, TrainingBaseKind
from tests.accounts.factories import UserFactory
from tests.cities.factories import CityFactory
from tests.colleges.factories import CollegeFactory, ProgramFactory, StudentFactory
from tests.enterprises.factories import EnterpriseFactory, TalentDemandFactory
from tests.evaluation.factories import (
    IntegrationCertificationFactory,
    PartnershipHealthSnapshotFactory,
    ScoringRunFactory,
    TalentScoreSnapshotFactory,
    publish,
)
from tests.partnerships.factories import CooperationAgreementFactory, PlacementFactory, TrainingBaseFactory

T = datetime.date(2026, 11, 20)
DAY = datetime.timedelta(days=1)
ACADEMIC_YEAR = 2026
FINAL_YEAR_COHORT = ACADEMIC_YEAR - 3 + 1  # of a three-year program: 2024
BANDS = dict.fromkeys(HealthBand.values, 0)


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """``hour`` o'clock on ``day``, city time (Asia/Shanghai)."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_default_timezone())


def sector(code: str) -> IndustrySector:
    """A GB/T 4754 section or division (loaded by the migrations)."""
    return IndustrySector.objects.get(code=code)


def aggregates(run, dimension: str) -> dict[str, tuple]:
    """The run's figures of one dimension: key → (count, value, details)."""
    return {row.key: (row.count, row.value, row.details) for row in run.aggregates.filter(dimension=dimension)}


def city_figure(run, key: str) -> tuple:
    return aggregates(run, AggregateDimension.CITY)[key]


@pytest.fixture
def city(db):
    return CityFactory()


@pytest.fixture
def run(city):
    """A run of the city as of T under way: the test writes its snapshots or register, then publishes it."""
    return ScoringRunFactory(city=city, as_of=T, running=True)


# ------------------------------------------------------------------------------
# Health
# ------------------------------------------------------------------------------
@pytest.fixture
def health(city, run):
    """Four agreements of two colleges, scored 80 (healthy), 40 (at risk), 60 (watch) and not enough data."""
    first, second = CollegeFactory(city=city), CollegeFactory(city=city)
    computers, electrical, software = (
        EnterpriseFactory(city=city, sector=sector(code)) for code in ("39", "38", "65")
    )
    for college, enterprise, kind, score, band in (
        (first, computers, AgreementKind.INTERNSHIP_BASE, "80.0", HealthBand.HEALTHY),
        (first, software, AgreementKind.ORDER_CLASS, "40.0", HealthBand.AT_RISK),
        (second, electrical, AgreementKind.INTERNSHIP_BASE, "60.0", HealthBand.WATCH),
        (second, software, AgreementKind.INTERNSHIP_BASE, None, HealthBand.NOT_ENOUGH_DATA),
    ):
        PartnershipHealthSnapshotFactory(
            run=run,
            agreement=CooperationAgreementFactory(active=True, college=college, enterprise=enterprise, kind=kind),
            score=score and Decimal(score),
            band=band,
        )
    publish(run)
    return first, second


def test_health_by_kind_counts_scored_agreements_and_bands(run, health):
    rows = aggregates(run, AggregateDimension.HEALTH_BY_KIND)

    assert rows == {
        "internship_base": (2, pytest.approx(70.0), {**BANDS, "healthy": 1, "watch": 1, "not_enough_data": 1}),
        "order_class": (1, pytest.approx(40.0), {**BANDS, "at_risk": 1}),
    }
    assert run.aggregates.get(key="order_class").label == "Order class"


def test_health_by_sector_groups_divisions_into_their_section(run, health):
    rows = aggregates(run, AggregateDimension.HEALTH_BY_SECTOR)

    # Divisions 39 and 38 are manufacturing (C); 65 is information technology services (I).
    assert rows == {
        "C": (2, pytest.approx(70.0), {**BANDS, "healthy": 1, "watch": 1}),
        "I": (1, pytest.approx(40.0), {**BANDS, "at_risk": 1, "not_enough_data": 1}),
    }
    assert run.aggregates.get(dimension=AggregateDimension.HEALTH_BY_SECTOR, key="C").label == "Manufacturing"


def test_health_by_college(run, health):
    first, second = health

    rows = aggregates(run, AggregateDimension.HEALTH_BY_COLLEGE)

    assert rows == {
        str(first.pk): (2, pytest.approx(60.0), {**BANDS, "healthy": 1, "at_risk": 1}),
        str(second.pk): (1, pytest.approx(60.0), {**BANDS, "watch": 1, "not_enough_data": 1}),
    }
    assert run.aggregates.get(dimension=AggregateDimension.HEALTH_BY_COLLEGE, key=str(first.pk)).label == first.name


# ------------------------------------------------------------------------------
# Talent
# ------------------------------------------------------------------------------
def test_talent_by_program_and_cohort(city, run):
    robotics, welding = ProgramFactory(college__city=city), ProgramFactory(college__city=city)
    for program, cohort_year, score in (
        (robotics, 2024, 60),
        (robotics, 2024, 71),
        (robotics, 2025, 50),
        (welding, 2024, 80),
    ):
        TalentScoreSnapshotFactory(
            run=run, student=StudentFactory(program=program, cohort_year=cohort_year), score=Decimal(score)
        )

    publish(run)

    def cohort(program, year: int) -> dict:
        return {"program_id": program.pk, "college_id": program.college_id, "cohort_year": year}

    assert aggregates(run, AggregateDimension.TALENT_BY_PROGRAM_COHORT) == {
        f"{robotics.pk}/2024": (2, pytest.approx(65.5), cohort(robotics, 2024)),
        f"{robotics.pk}/2025": (1, pytest.approx(50.0), cohort(robotics, 2025)),
        f"{welding.pk}/2024": (1, pytest.approx(80.0), cohort(welding, 2024)),
    }
    assert (
        run.aggregates.get(dimension=AggregateDimension.TALENT_BY_PROGRAM_COHORT, key=f"{welding.pk}/2024").label
        == f"{welding.name} 2024"
    )


# ------------------------------------------------------------------------------
# Supply and demand
# ------------------------------------------------------------------------------
def test_supply_splits_a_program_among_its_sectors_against_the_graduation_years_demand(city, run):
    computers, electrical, software = sector("39"), sector("38"), sector("65")
    two_sectors = ProgramFactory(college__city=city)
    two_sectors.target_sectors.set([computers, software])
    one_sector = ProgramFactory(college__city=city)
    one_sector.target_sectors.set([computers])
    for _ in range(4):
        StudentFactory(program=two_sectors, cohort_year=FINAL_YEAR_COHORT)
    StudentFactory(program=one_sector, cohort_year=FINAL_YEAR_COHORT)
    # Not final-year students of the city: first year, withdrawn, another city's.
    StudentFactory(program=one_sector, cohort_year=2026)
    StudentFactory(program=one_sector, cohort_year=FINAL_YEAR_COHORT, status=StudentStatus.WITHDRAWN)
    elsewhere = ProgramFactory()
    elsewhere.target_sectors.set([computers])
    StudentFactory(program=elsewhere, cohort_year=FINAL_YEAR_COHORT)
    enterprise = EnterpriseFactory(city=city)
    for demanded, headcount, year in (
        (computers, 6, 2027),
        (software, 1, 2027),
        (electrical, 3, 2027),
        (computers, 50, 2026),
    ):
        TalentDemandFactory(enterprise=enterprise, sector=demanded, headcount=headcount, year=year)
    TalentDemandFactory(enterprise__city=CityFactory(), sector=computers, headcount=40, year=2027)

    publish(run)

    # Computers: 4 / 2 + 1 = 3 against 6; software: 4 / 2 = 2 against 1; electrical: none against 3.
    assert aggregates(run, AggregateDimension.SUPPLY_DEMAND) == {
        "39": (5, pytest.approx(0.5), {"supply": 3.0, "demand": 6, "year": 2027}),
        "65": (4, pytest.approx(2.0), {"supply": 2.0, "demand": 1, "year": 2027}),
        "38": (0, 0.0, {"supply": 0, "demand": 3, "year": 2027}),
    }


# ------------------------------------------------------------------------------
# Training stations
# ------------------------------------------------------------------------------
def base(city, kind: str, stations: int, **hosts):
    return TrainingBaseFactory(city=city, kind=kind, stations=stations, opened_on=datetime.date(2024, 9, 1), **hosts)


def enrolled(college, count: int):
    program = ProgramFactory(college=college)
    return [StudentFactory(program=program) for _ in range(count)]


def agreement_on(training_base, college, **fields):
    """An agreement of the college with the base's host, signed for a term from a year before T to a year after."""
    defaults = {
        "starts_on": T - 365 * DAY,
        "ends_on": T + 365 * DAY,
        "proposed_at": moment(T - 400 * DAY),
        "countersigned_at": moment(T - 390 * DAY),
    }
    return CooperationAgreementFactory(
        active=True,
        college=college,
        enterprise=training_base.host_enterprise,
        training_base=training_base,
        **(defaults | fields),
    )


def test_stations_per_enrolled_student_per_college(city, run):
    first, second, lapsed, empty = (CollegeFactory(city=city) for _ in range(4))
    enterprise = EnterpriseFactory(city=city)
    base(city, TrainingBaseKind.IN_SCHOOL, 30, host_college=first)
    base(city, TrainingBaseKind.CO_BUILT, 20, host_college=first, host_enterprise=enterprise)
    TrainingBaseFactory(
        city=city, kind=TrainingBaseKind.IN_SCHOOL, stations=100, host_college=first, opened_on=T + DAY
    )  # opens after T
    base(city, TrainingBaseKind.PUBLIC, 50)
    # 12 off-campus stations shared by the two colleges with an agreement in force on T (the first has two).
    off_campus = base(city, TrainingBaseKind.OFF_CAMPUS, 12, host_enterprise=enterprise)
    agreement_on(off_campus, first)
    agreement_on(off_campus, first, kind=AgreementKind.ORDER_CLASS)
    agreement_on(off_campus, second)
    agreement_on(off_campus, lapsed, starts_on=T - 400 * DAY, ends_on=T - DAY)
    enrolled(first, 4)
    StudentFactory(program__college=first, status=StudentStatus.GRADUATED)
    StudentFactory(program__college=first, status=StudentStatus.WITHDRAWN)
    enrolled(second, 2)
    enrolled(lapsed, 3)

    publish(run)

    kinds = {"stations": 0, "in_school": 0, "co_built": 0, "off_campus": 0}
    assert aggregates(run, AggregateDimension.STATIONS_PER_STUDENT) == {
        # (30 + 20 + 12 / 2) / 4 = 14
        str(first.pk): (4, pytest.approx(14.0), {"stations": 56, "in_school": 30, "co_built": 20, "off_campus": 6}),
        str(second.pk): (2, pytest.approx(3.0), {**kinds, "stations": 6, "off_campus": 6}),
        str(lapsed.pk): (3, 0.0, kinds),
        str(empty.pk): (0, None, kinds),
    }


def test_an_off_campus_base_counts_for_the_agreements_in_force_on_t(city, run):
    enterprise = EnterpriseFactory(city=city)
    off_campus = base(city, TrainingBaseKind.OFF_CAMPUS, 12, host_enterprise=enterprise)
    terminated_later, completed_later, signed_later = (CollegeFactory(city=city) for _ in range(3))
    agreement_on(
        off_campus,
        terminated_later,
        status=AgreementStatus.TERMINATED,
        ended_at=moment(T + 10 * DAY),
        termination_reason="Moved away.",
    )
    agreement_on(
        off_campus,
        completed_later,
        status=AgreementStatus.COMPLETED,
        ends_on=T + 5 * DAY,
        ended_at=moment(T + 5 * DAY),
    )
    agreement_on(off_campus, signed_later, proposed_at=moment(T - 3 * DAY), countersigned_at=moment(T + DAY))
    for college in (terminated_later, completed_later, signed_later):
        enrolled(college, 1)

    publish(run)

    # On T the first two were in force (they ended later) and share the 12 stations; the third was not signed yet.
    ratios = {key: value for key, (_, value, _) in aggregates(run, AggregateDimension.STATIONS_PER_STUDENT).items()}
    assert ratios == {str(terminated_later.pk): 6.0, str(completed_later.pk): 6.0, str(signed_later.pk): 0.0}


def colleges_with_stations(city, stations: list[int]) -> None:
    """One college per entry, with one enrolled student and that many in-school stations (none for 0)."""
    for count in stations:
        college = CollegeFactory(city=city)
        enrolled(college, 1)
        if count:
            base(city, TrainingBaseKind.IN_SCHOOL, count, host_college=college)


@pytest.mark.parametrize(
    ("stations", "gini"),
    [
        # Ratios 0, 1, 2: Σ|xᵢ − xⱼ| over ordered pairs = 8, divided by 2 · n² · mean = 2 · 9 · 1: 4 / 9.
        ([0, 1, 2], 4 / 9),
        ([5, 5, 5], 0.0),
        # All in one of two colleges: (n − 1) / n = 1 / 2.
        ([0, 8], 0.5),
    ],
)
def test_gini_of_stations_per_student_across_colleges(city, run, stations, gini):
    colleges_with_stations(city, stations)
    CollegeFactory(city=city)  # no students: no ratio, left out

    publish(run)

    assert city_figure(run, "stations_gini") == (len(stations), pytest.approx(gini), {})


# ------------------------------------------------------------------------------
# City-wide figures
# ------------------------------------------------------------------------------
def certification(city, status: str, *, applied_on: datetime.date, decided_on=None, revoked_on=None):
    return IntegrationCertificationFactory(
        enterprise=EnterpriseFactory(city=city),
        status=status,
        applied_at=moment(applied_on),
        decided_at=decided_on and moment(decided_on),
        decided_by=decided_on and UserFactory(),
        revoked_at=revoked_on and moment(revoked_on),
        revoked_by=revoked_on and UserFactory(),
        reason="Investment not evidenced."
        if status in (CertificationStatus.REJECTED, CertificationStatus.REVOKED)
        else "",
    )


def test_certifications_are_counted_by_their_status_on_t(city, run):
    before, after = T - 60 * DAY, T + DAY
    certification(city, CertificationStatus.CERTIFIED, applied_on=before, decided_on=before + 7 * DAY)
    certification(city, CertificationStatus.APPLIED, applied_on=before)
    certification(city, CertificationStatus.REJECTED, applied_on=before, decided_on=before + 7 * DAY)
    certification(
        city, CertificationStatus.REVOKED, applied_on=before, decided_on=before + 7 * DAY, revoked_on=before + 30 * DAY
    )
    # Revoked after T (certified on T), decided after T (applied on T), applied after T (not counted).
    certification(city, CertificationStatus.REVOKED, applied_on=before, decided_on=before + 7 * DAY, revoked_on=after)
    certification(city, CertificationStatus.CERTIFIED, applied_on=before, decided_on=after)
    certification(city, CertificationStatus.APPLIED, applied_on=after)
    certification(CityFactory(), CertificationStatus.APPLIED, applied_on=before)

    publish(run)

    # The value is how many were in force (certified) on T.
    assert city_figure(run, "certifications") == (
        6,
        2.0,
        {"applied": 2, "certified": 2, "rejected": 1, "revoked": 1},
    )


def test_placement_rate_of_final_year_students(city, run):
    three_years = ProgramFactory(college__city=city)
    four_years = ProgramFactory(college__city=city, duration_years=4)

    def final_year(program=three_years, **fields):
        return StudentFactory(program=program, cohort_year=ACADEMIC_YEAR - program.duration_years + 1, **fields)

    def placed(student, starts_on=T - 30 * DAY, **fields):
        return PlacementFactory(student=student, starts_on=starts_on, ends_on=starts_on + 120 * DAY, **fields)

    placed(final_year())
    placed(final_year(), status=PlacementStatus.COMPLETED, completed_at=moment(T - DAY))
    placed(final_year(four_years))
    placed(final_year(), status=PlacementStatus.CANCELLED, cancelled_at=moment(T + DAY), cancellation_reason="Ill.")
    placed(final_year(), status=PlacementStatus.CANCELLED, cancelled_at=moment(T - DAY), cancellation_reason="Ill.")
    placed(final_year(), starts_on=T + DAY)
    final_year()
    # Not final-year students: withdrawn, in their first year.
    placed(final_year(status=StudentStatus.WITHDRAWN))
    placed(StudentFactory(program=three_years, cohort_year=2026))

    publish(run)

    # Placed on T: the active, the completed, the four-year program's, the one cancelled after T: 4 of 7.
    assert city_figure(run, "final_year_placement_rate") == (7, pytest.approx(4 / 7), {"placed": 4})


# ------------------------------------------------------------------------------
# Publishing
# ------------------------------------------------------------------------------
def test_a_published_run_writes_its_aggregates_and_publishing_again_writes_the_same(city):
    program = ProgramFactory(college__city=city)
    for hours in (100, 500):
        StudentFactory(program=program, practice_hours=hours, cohort_year=FINAL_YEAR_COHORT)
    CooperationAgreementFactory(active=True, college=program.college, starts_on=T - 400 * DAY, ends_on=T + 300 * DAY)
    run = ScoringRunFactory(city=city, as_of=T, queued=True, chunks_total=2 * runs.CHUNKS)
    for kind, number in runs.scoring_run_begin(run_id=run.pk):
        runs.scoring_chunk_compute(run_id=run.pk, kind=kind, number=number)
    run = runs.scoring_run_publish(run_id=run.pk)
    first = list(run.aggregates.values("dimension", "key", "label", "count", "value", "details"))

    publish(run)

    assert list(run.aggregates.values("dimension", "key", "label", "count", "value", "details")) == first
    assert CityAggregate.objects.count() == len(first)
    assert aggregates(run, AggregateDimension.TALENT_BY_PROGRAM_COHORT)[f"{program.pk}/2024"][0] == 2
    assert city_figure(run, "final_year_placement_rate") == (2, 0.0, {"placed": 0})
