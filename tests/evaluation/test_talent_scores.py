"""Talent evaluation (docs/scoring.md) computed by evaluation.scoring.talent, checked against hand computations.

Every test scores as of T = 2026-11-20 with the default weights (0.30 practice, 0.20 certificates, 0.30 mentor,
0.20 placement) and parameters unless it says otherwise. Programs require 600 practice hours.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from colleges.choices import CertificateLevel, StudentStatus
from colleges.services import student_update
from evaluation.choices import RunState, ScoreKind
from evaluation.models import TALENT_COMPONENTS, ScoringRun, TalentScore, TalentScoreSnapshot
from evaluation.scoring import runs
from evaluation.scoring.definitions import TALENT, current_model
from evaluation.scoring.talent import RUBRIC, rescore_students, score_talent_chunk
from partnerships.choices import PlacementStatus
from tests.colleges.factories import ProgramFactory, StudentCertificateFactory, StudentFactory
from tests.evaluation.factories import MentorEvaluationFactory, ScoringModelFactory, ScoringRunFactory
from tests.partnerships.factories import PlacementFactory

T = datetime.date(2026, 11, 20)
DAY = datetime.timedelta(days=1)


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """``hour`` o'clock on ``day``, city time (Asia/Shanghai)."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_default_timezone())


def placement_of(student, *, starts_on=datetime.date(2026, 3, 1), **fields):
    return PlacementFactory(student=student, starts_on=starts_on, ends_on=starts_on + 240 * DAY, **fields)


def completed(student, *, on: datetime.date, hired: bool = False):
    return placement_of(student, status=PlacementStatus.COMPLETED, completed_at=moment(on), hired_after=hired)


def cancelled(student, *, on: datetime.date):
    return placement_of(
        student, status=PlacementStatus.CANCELLED, cancelled_at=moment(on), cancellation_reason="Fell ill."
    )


def evaluate(placement, *, period: datetime.date, evaluated_at: datetime.datetime, mark: int):
    """A mentor evaluation giving ``mark`` for each of the five criteria: rubric (mark − 1) / 4."""
    return MentorEvaluationFactory(
        placement=placement, period=period, evaluated_at=evaluated_at, **dict.fromkeys(RUBRIC, mark)
    )


def score_city(city, **run_fields):
    """A run of the city as of T, its talent scored in one chunk."""
    run = ScoringRunFactory(city=city, as_of=T, running=True, **run_fields)
    score_talent_chunk(run, 0, 1)
    return run


def talent_of(student, **run_fields) -> TalentScoreSnapshot:
    run = score_city(student.program.college.city, **run_fields)
    return TalentScoreSnapshot.objects.get(run=run, student=student)


def figures(run) -> dict[int, tuple[Decimal, Decimal]]:
    return {row.student_id: (row.score, row.percentile) for row in run.talent_snapshots.all()}


def components(talent) -> dict[str, float | None]:
    return {name: getattr(talent, name) for name in TALENT_COMPONENTS}


@pytest.fixture
def program(db):
    return ProgramFactory(required_practice_hours=600)


def test_every_component_by_hand(program):
    student = StudentFactory(program=program, practice_hours=450)
    StudentCertificateFactory(student=student, level=CertificateLevel.PRIMARY, awarded_on=datetime.date(2025, 6, 30))
    StudentCertificateFactory(student=student, level=CertificateLevel.ADVANCED, awarded_on=T + DAY)
    cancelled(student, on=datetime.date(2026, 2, 1))
    hired = completed(student, on=datetime.date(2026, 10, 31), hired=True)
    evaluate(hired, period=datetime.date(2026, 4, 1), evaluated_at=moment(datetime.date(2026, 5, 5)), mark=3)
    evaluate(hired, period=datetime.date(2026, 10, 1), evaluated_at=moment(T, hour=23), mark=5)
    # 07:00 on 21 November in the city is still 20 November in UTC, but after T: it does not count.
    evaluate(hired, period=datetime.date(2026, 11, 1), evaluated_at=moment(T + DAY, hour=7), mark=1)

    talent = talent_of(student)

    # Mentor: April is 233 days before T (marks 3: 0.5), October 50 days (marks 5: 1), weighted 0.5^(age / 180).
    april, october = 0.5 ** (233 / 180), 0.5 ** (50 / 180)
    mentor = (april * 0.5 + october * 1.0) / (april + october)
    assert mentor == pytest.approx(0.83461, abs=1e-5)
    # Practice 450 / 600; the primary certificate only (the advanced one comes after T); hired after a placement.
    assert components(talent) == pytest.approx(
        {"practice": 0.75, "certificates": 0.4, "mentor": mentor, "placement": 1.0}
    )
    # 100 × (0.30·0.75 + 0.20·0.4 + 0.30·0.83461 + 0.20·1) = 75.54 → 75.5
    assert talent.score == Decimal("75.5")
    assert talent.scoring_model == talent.run.talent_model


def test_practice_is_capped_at_one_and_is_one_when_the_program_requires_none(program):
    short = StudentFactory(program=program, practice_hours=150)
    beyond = StudentFactory(program=program, practice_hours=900)
    none_required = StudentFactory(program__required_practice_hours=0, program__college=program.college)

    run = score_city(program.college.city)

    practice = dict(run.talent_snapshots.values_list("student_id", "practice"))
    assert practice == {short.pk: 0.25, beyond.pk: 1.0, none_required.pk: 1.0}


def test_certificate_points_are_the_models_and_capped_at_one(program):
    points = dict(TALENT.parameters, primary_points=0.25, intermediate_points=0.5, advanced_points=0.9)
    model = ScoringModelFactory(kind=ScoreKind.TALENT, parameters=points)
    one_of_each = [StudentFactory(program=program) for _ in range(3)]
    for student, level in zip(one_of_each, CertificateLevel.values, strict=True):
        StudentCertificateFactory(student=student, level=level)
    two = StudentFactory(program=program)
    StudentCertificateFactory(student=two, level=CertificateLevel.PRIMARY)
    StudentCertificateFactory(student=two, level=CertificateLevel.INTERMEDIATE)
    capped = StudentFactory(program=program)
    StudentCertificateFactory(student=capped, level=CertificateLevel.INTERMEDIATE)
    StudentCertificateFactory(student=capped, level=CertificateLevel.ADVANCED)
    none = StudentFactory(program=program)

    run = score_city(program.college.city, talent_model=model)

    certificates = dict(run.talent_snapshots.values_list("student_id", "certificates"))
    # 0.25, 0.5 and 0.9 alone; 0.25 + 0.5 = 0.75; 0.5 + 0.9 = 1.4, capped at 1; none 0.
    expected = {student.pk: value for student, value in zip(one_of_each, (0.25, 0.5, 0.9), strict=True)}
    assert certificates == pytest.approx({**expected, two.pk: 0.75, capped.pk: 1.0, none.pk: 0.0})
    assert run.talent_snapshots.get(student=capped).scoring_model == model


def test_a_certificate_earned_at_several_levels_counts_once_at_the_highest(program):
    student = StudentFactory(program=program)
    certificate = StudentCertificateFactory(student=student, level=CertificateLevel.PRIMARY).certificate
    StudentCertificateFactory(student=student, certificate=certificate, level=CertificateLevel.INTERMEDIATE)

    # 0.7 (intermediate), not 0.4 + 0.7 capped at 1.
    assert talent_of(student).certificates == pytest.approx(0.7)


def test_only_certificates_awarded_by_t_count(program):
    student = StudentFactory(program=program)
    StudentCertificateFactory(student=student, level=CertificateLevel.INTERMEDIATE, awarded_on=T)
    StudentCertificateFactory(student=student, level=CertificateLevel.PRIMARY, awarded_on=T + DAY)

    assert talent_of(student).certificates == pytest.approx(0.7)


def test_placement_is_the_best_outcome_by_t(program):
    def student():
        return StudentFactory(program=program)

    hired, done, active, cancelled_only, late_hire, future, none = (student() for _ in range(7))
    cancelled(hired, on=datetime.date(2026, 2, 1))
    completed(hired, on=datetime.date(2026, 8, 31), hired=True)
    completed(done, on=datetime.date(2026, 8, 31))
    placement_of(active)
    cancelled(cancelled_only, on=datetime.date(2026, 3, 20))
    completed(late_hire, on=T + 5 * DAY, hired=True)  # still under way on T
    placement_of(future, starts_on=T + DAY)

    run = score_city(program.college.city)

    placement = dict(run.talent_snapshots.values_list("student_id", "placement"))
    assert placement == {
        hired.pk: 1.0,
        done.pk: 0.8,
        active.pk: 0.5,
        cancelled_only.pk: 0.1,
        late_hire.pk: 0.5,
        future.pk: 0.0,
        none.pk: 0.0,
    }


def test_without_mentor_evaluations_the_other_weights_are_renormalised(program):
    student = StudentFactory(program=program, practice_hours=300)
    StudentCertificateFactory(student=student, level=CertificateLevel.PRIMARY)
    completed(student, on=datetime.date(2026, 8, 31))

    talent = talent_of(student)

    assert components(talent) == pytest.approx(
        {"practice": 0.5, "certificates": 0.4, "mentor": None, "placement": 0.8}
    )
    # 100 × (0.30·0.5 + 0.20·0.4 + 0.20·0.8) / (0.30 + 0.20 + 0.20) = 39 / 0.7 = 55.71 → 55.7
    assert talent.score == Decimal("55.7")


def test_mentor_evaluations_halve_in_weight_every_half_life_of_the_model(program):
    placement = placement_of(StudentFactory(program=program))
    evaluate(placement, period=datetime.date(2026, 6, 1), evaluated_at=moment(datetime.date(2026, 7, 1)), mark=2)
    evaluate(placement, period=datetime.date(2026, 7, 1), evaluated_at=moment(datetime.date(2026, 8, 1)), mark=4)
    model = ScoringModelFactory(kind=ScoreKind.TALENT, parameters=dict(TALENT.parameters, half_life_days=30))

    talent = talent_of(placement.student, talent_model=model)

    # June is 172 days before T, July 142: a 30-day half-life weighs July 2^(30/30) = 2 times June.
    # (1 · 0.25 + 2 · 0.75) / 3 = 0.58333
    assert talent.mentor == pytest.approx(1.75 / 3)


def test_percentile_is_within_program_and_cohort_with_ties_ranked_equal(program):
    # With no mentor evaluations, certificates or placement, score = 100 × 0.30 · practice / 0.70.
    cohort = [StudentFactory(program=program, practice_hours=hours) for hours in (0, 300, 300, 600)]
    next_cohort = StudentFactory(program=program, cohort_year=2025, practice_hours=600)
    other_program = StudentFactory(program__college=program.college, practice_hours=600)
    StudentFactory(program=program, practice_hours=600, status=StudentStatus.WITHDRAWN)

    run = score_city(program.college.city)

    # PERCENT_RANK = (rank − 1) / (n − 1) over 0, 21.4, 21.4, 42.9: 0, 1/3, 1/3, 1.
    scores = [(Decimal("0.0"), Decimal("0.0")), *[(Decimal("21.4"), Decimal("33.3"))] * 2, (Decimal("42.9"), 100)]
    assert figures(run) == {
        **{student.pk: expected for student, expected in zip(cohort, scores, strict=True)},
        next_cohort.pk: (Decimal("42.9"), Decimal("0.0")),
        other_program.pk: (Decimal("42.9"), Decimal("0.0")),
    }


def test_enrolled_and_graduated_students_of_the_city_are_scored(program):
    enrolled = StudentFactory(program=program)
    graduated = StudentFactory(program=program, status=StudentStatus.GRADUATED)
    withdrawn = StudentFactory(program=program, status=StudentStatus.WITHDRAWN)
    elsewhere = StudentFactory()
    run = ScoringRunFactory(city=program.college.city, as_of=T, running=True)

    written = score_talent_chunk(run, 0, 1)

    scored = set(run.talent_snapshots.values_list("student_id", flat=True))
    assert (written, scored) == (2, {enrolled.pk, graduated.pk})
    assert not scored & {withdrawn.pk, elsewhere.pk}


def test_chunks_take_whole_programs_and_a_chunk_run_twice_writes_the_same_rows(program, monkeypatch):
    programs = [program, *(ProgramFactory(college=program.college) for _ in range(2))]
    for each in programs:
        for hours in (100, 400):
            StudentFactory(program=each, practice_hours=hours)
    run = ScoringRunFactory(city=program.college.city, as_of=T, running=True)
    # In three chunks, each delivered as a worker does: a chunk's second delivery is what a redelivery looks like.
    monkeypatch.setattr(runs, "CHUNKS", 3)

    def deliver(number: int) -> int:
        runs.scoring_chunk_compute(run_id=run.pk, kind=ScoreKind.TALENT, number=number)
        return run.chunks.get(kind=ScoreKind.TALENT, number=number).rows

    written = [deliver(chunk) for chunk in range(3)]
    first = list(run.talent_snapshots.order_by("student").values())
    again = deliver(1)
    # No longer under way, so that another run can be.
    ScoringRun.objects.filter(pk=run.pk).update(state=RunState.SUCCEEDED, finished_at=timezone.now())

    assert written == [2, 2, 2]
    assert again == written[1]
    after = list(run.talent_snapshots.order_by("student").values())
    assert [{**row, "id": None} for row in after] == [{**row, "id": None} for row in first]
    # Each program is whole in one chunk, so the percentiles are those of a run in one chunk.
    assert figures(run) == figures(score_city(program.college.city))


def test_rescoring_a_student_recomputes_the_cohort_and_equals_the_full_computation(program):
    student, *mates = (StudentFactory(program=program, practice_hours=hours) for hours in (300, 150, 450))
    next_cohort = StudentFactory(program=program, cohort_year=2025, practice_hours=200)
    run = ScoringRunFactory(city=program.college.city, as_of=T, queued=True, chunks_total=2 * runs.CHUNKS)
    for kind, number in runs.scoring_run_begin(run_id=run.pk):
        runs.scoring_chunk_compute(run_id=run.pk, kind=kind, number=number)
    runs.scoring_run_publish(run_id=run.pk)
    assert TalentScore.objects.get(student=student).percentile == Decimal("50.0")
    student_update(student=student, practice_hours=600)

    written = rescore_students([student.pk], as_of=T, model=run.talent_model)

    full = score_city(program.college.city)
    current = {row.student_id: (row.score, row.percentile) for row in TalentScore.objects.filter(run=None)}
    assert written == 3
    assert current == {pk: figures(full)[pk] for pk in (student.pk, *(mate.pk for mate in mates))}
    assert current[student.pk] == (Decimal("42.9"), Decimal("100.0"))
    assert TalentScore.objects.get(student=next_cohort).run == run


def test_rescoring_a_withdrawn_student_drops_their_current_score(program):
    student, mate = StudentFactory(program=program), StudentFactory(program=program)
    model = current_model(ScoreKind.TALENT)
    rescore_students([student.pk, mate.pk], as_of=T, model=model)
    student_update(student=student, status=StudentStatus.WITHDRAWN)

    written = rescore_students([student.pk], as_of=T, model=model)

    assert written == 1
    assert list(TalentScore.objects.values_list("student_id", "percentile")) == [(mate.pk, Decimal("0.0"))]


def test_a_student_without_data_under_any_weighted_component_is_not_scored(program):
    # A valid model may put all the weight on the mentor: a student never evaluated then has no score.
    model = ScoringModelFactory(kind=ScoreKind.TALENT, weights=dict.fromkeys(TALENT.components, 0) | {"mentor": 1})
    evaluated = StudentFactory(program=program)
    StudentFactory(program=program, practice_hours=600)  # never evaluated
    evaluate(placement_of(evaluated), period=datetime.date(2026, 10, 1), evaluated_at=moment(T), mark=4)

    run = score_city(program.college.city, talent_model=model)

    assert figures(run) == {evaluated.pk: (Decimal("75.0"), Decimal("0.0"))}
