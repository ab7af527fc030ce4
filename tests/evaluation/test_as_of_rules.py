"""The as-of rules of docs/scoring.md, by hand: an input dated after the run's date T does not count, a moment
falls on the day it has on the city's clock (Asia/Shanghai), and "placed" means the same in the talent score, the
at-risk list and the placement rate (``colleges.placed``). Scored as of T = 2026-11-20 unless said otherwise,
with the default weights."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.principals import principal_of
from colleges.academic_year import academic_year
from colleges.choices import CertificateLevel
from evaluation.choices import AggregateDimension
from evaluation.models import CityAggregate, TalentScoreSnapshot
from evaluation.scoring.aggregates import write_aggregates
from evaluation.scoring.talent import score_talent_chunk
from evaluation.selectors import at_risk_student_list
from partnerships.choices import Party, PlacementStatus
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import ProgramFactory, StudentCertificateFactory, StudentFactory
from tests.evaluation.factories import ScoringRunFactory
from tests.evaluation.test_health_scores import (
    components,
    health_of,
    milestone,
    moment,
    placement_under,
    rate,
    signed,
)
from tests.evaluation.test_talent_scores import evaluate, placement_of, talent_of
from tests.partnerships.factories import PlacementFactory

T = datetime.date(2026, 11, 20)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def agreement(db):
    """Started a year before T, ends a year after it; countersigned 20 days before it started."""
    return signed(starts_on=datetime.date(2025, 11, 20), ends_on=datetime.date(2027, 11, 20))


@pytest.fixture
def student(db):
    return StudentFactory(program=ProgramFactory(required_practice_hours=600), practice_hours=300)


# ------------------------------------------------------------------------------
# Talent
# ------------------------------------------------------------------------------
def test_a_placement_accepted_but_starting_after_t_is_no_placement_yet(student):
    later = placement_of(student, starts_on=T + DAY)
    evaluate(later, period=datetime.date(2026, 11, 1), evaluated_at=moment(T - DAY), mark=5)

    talent = talent_of(student)

    # No placement by T, so neither its outcome nor its evaluations count: practice 0.5 and placement 0 remain
    # (certificates 0): 100 × (0.30·0.5 + 0.20·0 + 0.20·0) / 0.70 = 21.43 → 21.4.
    assert (talent.placement, talent.mentor) == (0.0, None)
    assert talent.score == Decimal("21.4")


def test_a_placement_starting_on_t_counts_and_one_cancelled_after_t_was_still_under_way(student):
    placement_of(
        student,
        starts_on=T,
        status=PlacementStatus.CANCELLED,
        cancelled_at=moment(T + DAY, hour=7),  # 23:00 on T in UTC, but 21 November in the city
        cancellation_reason="Moved away.",
    )

    assert talent_of(student).placement == 0.5


def test_a_placement_cancelled_on_t_city_time_counts_as_cancelled(student):
    placement_of(
        student,
        starts_on=T - 30 * DAY,
        status=PlacementStatus.CANCELLED,
        cancelled_at=moment(T, hour=23),
        cancellation_reason="Moved away.",
    )

    assert talent_of(student).placement == 0.1


def test_a_certificate_awarded_after_t_does_not_count(student):
    StudentCertificateFactory(student=student, level=CertificateLevel.INTERMEDIATE, awarded_on=T)
    StudentCertificateFactory(student=student, level=CertificateLevel.ADVANCED, awarded_on=T + DAY)

    assert talent_of(student).certificates == 0.7


def test_a_mentor_evaluation_written_after_t_does_not_count(student):
    placement = placement_of(student, starts_on=datetime.date(2026, 9, 1))
    evaluate(placement, period=datetime.date(2026, 10, 1), evaluated_at=moment(T, hour=23), mark=5)
    evaluate(placement, period=datetime.date(2026, 11, 1), evaluated_at=moment(T + DAY, hour=1), mark=1)

    assert talent_of(student).mentor == 1.0


def test_percentiles_rank_the_rounded_scores(db):
    # With 6,000 hours required and nothing else, the score is 100 × 0.30 · h / 6000 / 0.70: 0 and 1 hour both
    # give 0.0 once rounded (0.007 unrounded), so they tie for the lowest rank; 600 hours give 4.3.
    program = ProgramFactory(required_practice_hours=6000)
    none, one, many = (StudentFactory(program=program, practice_hours=hours) for hours in (0, 1, 600))
    run = ScoringRunFactory(city=program.college.city, as_of=T, running=True)
    score_talent_chunk(run, 0, 1)

    rows = {row.student_id: (row.score, row.percentile) for row in TalentScoreSnapshot.objects.filter(run=run)}
    assert rows == {
        none.pk: (Decimal("0.0"), Decimal("0.0")),
        one.pk: (Decimal("0.0"), Decimal("0.0")),
        many.pk: (Decimal("4.3"), Decimal("100.0")),
    }


# ------------------------------------------------------------------------------
# Health
# ------------------------------------------------------------------------------
def test_a_rating_after_t_counts_neither_for_satisfaction_nor_for_recency(agreement):
    rate(agreement, Party.COLLEGE, 5, T - 200 * DAY)
    rate(agreement, Party.ENTERPRISE, 1, T + DAY)

    health = health_of(agreement)

    assert health.satisfaction == 1.0  # the college's 5 only
    # The last activity by T is the rating 200 days before it: (365 − 200) / (365 − 30).
    assert health.recency == pytest.approx(165 / 335)


def test_a_milestone_done_after_t_is_not_done_on_t(agreement):
    milestone(agreement, due_on=T - 10 * DAY, done_at=moment(T - 100 * DAY))
    milestone(agreement, due_on=T - 10 * DAY, done_at=moment(T + DAY, hour=7))

    health = health_of(agreement)

    assert health.milestones_on_time == 0.5  # on time 1, and 0 for the one not done by T (not the late credit)
    assert health.recency == pytest.approx((365 - 100) / 335)  # the milestone done 100 days before T


def test_a_countersignature_after_t_is_no_activity_and_a_mentor_evaluation_after_t_neither(db):
    agreement = signed(
        starts_on=datetime.date(2025, 11, 20), ends_on=datetime.date(2027, 11, 20), countersigned_on=T + DAY
    )
    rate(agreement, Party.COLLEGE, 4, T - 100 * DAY)
    placement = placement_under(agreement, starts_on=datetime.date(2025, 12, 1))
    evaluate(placement, period=datetime.date(2026, 11, 1), evaluated_at=moment(T + DAY), mark=4)

    health = health_of(agreement)

    # The placement started 354 days before T; the rating 100 days: the latest activity by T.
    assert health.recency == pytest.approx((365 - 100) / 335)


def test_without_any_activity_by_t_recency_has_no_data(db):
    agreement = signed(
        starts_on=datetime.date(2025, 11, 20), ends_on=datetime.date(2027, 11, 20), countersigned_on=T + DAY
    )

    assert health_of(agreement).recency is None


def another_college_s_student_completed_under(agreement):
    """A placement under the agreement of a student of another college (the register's SQL does not forbid it)."""
    return PlacementFactory(
        agreement=agreement,
        student__program__college__city=agreement.college.city,
        posting__enterprise=agreement.enterprise,
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 6, 1),
        status=PlacementStatus.COMPLETED,
        completed_at=moment(datetime.date(2026, 6, 1)),
    )


def test_reciprocity_ignores_another_college_s_students_and_placements_cancelled_by_t(agreement):
    another_college_s_student_completed_under(agreement)
    placement_under(
        agreement,
        starts_on=datetime.date(2026, 3, 1),
        status=PlacementStatus.CANCELLED,
        cancelled_at=moment(T, hour=23),
        cancellation_reason="Fell ill.",
    )

    health = health_of(agreement)

    # Nobody placed: no benefit, and balance 0 (no commitments): ½ · 0 + ½ · 0. Outcomes count every placement
    # under the agreement: one completed (not hired), one cancelled: ½ · 1 / 2 + ½ · 0.
    assert (health.reciprocity, health.outcomes) == (0.0, 0.25)


def test_reciprocity_counts_the_agreement_s_college_s_students(agreement):
    another_college_s_student_completed_under(agreement)
    placement_under(agreement, starts_on=T - 5 * DAY)

    # One of its own students placed (started, not cancelled) by T, none completed: ½ · (1 + 0) / 2.
    assert components(health_of(agreement))["reciprocity"] == 0.25


# ------------------------------------------------------------------------------
# One meaning of "placed"
# ------------------------------------------------------------------------------
def test_placed_is_the_same_in_the_talent_score_the_at_risk_list_and_the_placement_rate(db):
    # The at-risk list is read live: score as of today, so that the three read the same day.
    today = timezone.localdate()
    program = ProgramFactory()
    cohort = academic_year(today) - program.duration_years + 1
    students = {
        name: StudentFactory(program=program, cohort_year=cohort)
        for name in (
            "under_way",
            "completed",
            "starts_later",
            "cancelled",
            "none",
        )
    }
    placement_of(students["under_way"], starts_on=today - 10 * DAY)
    placement_of(
        students["completed"],
        starts_on=today - 100 * DAY,
        status=PlacementStatus.COMPLETED,
        completed_at=timezone.now() - DAY,
    )
    placement_of(students["starts_later"], starts_on=today + DAY)
    placement_of(
        students["cancelled"],
        starts_on=today - 10 * DAY,
        status=PlacementStatus.CANCELLED,
        cancelled_at=timezone.now() - DAY,
        cancellation_reason="Moved away.",
    )
    run = ScoringRunFactory(city=program.college.city, as_of=today, running=True)
    score_talent_chunk(run, 0, 1)
    write_aggregates(run)

    placement = dict(TalentScoreSnapshot.objects.filter(run=run).values_list("student_id", "placement"))
    talent_placed = {name for name, student in students.items() if placement[student.pk] >= 0.5}
    official = principal_of(CityOfficialFactory(city=program.college.city).user)
    at_risk = set(at_risk_student_list(principal=official).values_list("pk", flat=True))
    rate = CityAggregate.objects.get(run=run, dimension=AggregateDimension.CITY, key="final_year_placement_rate")

    assert talent_placed == {"under_way", "completed"}
    assert at_risk == {students[name].pk for name in ("starts_later", "cancelled", "none")}
    assert (rate.count, rate.value, rate.details) == (5, pytest.approx(2 / 5), {"placed": 2})
