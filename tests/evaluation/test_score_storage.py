"""Where the scores live (evaluation/scoring/storage.py, writes.py, publish.py): the current scores are the rows of
each city's current run, publishing moves the city's pointer instead of copying rows, the incremental path writes
into the current run and its fresher rows survive a publication, a city without a run gets a baseline, and
retention removes old runs' rows and nothing else. On both databases; the concurrent cases are in
test_score_storage_postgres.py."""

import datetime

import pytest
from django.utils import timezone

from accounts.choices import Role
from accounts.principals import Principal
from colleges.choices import CertificateLevel
from colleges.models import Student
from evaluation.choices import RunState, RunTrigger, ScoreKind
from evaluation.filters import ScoringRunFilterSet
from evaluation.models import (
    CityAggregate,
    CityScores,
    PartnershipHealthSnapshot,
    ScoringRun,
    TalentScore,
    TalentScoreSnapshot,
)
from evaluation.scoring import runs
from evaluation.scoring.definitions import current_model
from evaluation.scoring.talent import SCORED, rescore_students
from evaluation.selectors import scoring_run_list
from tests.cities.factories import CityFactory
from tests.colleges.factories import StudentCertificateFactory
from tests.evaluation.factories import (
    CityAggregateFactory,
    PartnershipHealthSnapshotFactory,
    ScoringRunFactory,
    TalentScoreSnapshotFactory,
)
from tests.evaluation.test_scoring_runs import (
    AS_OF,
    current_talent,
    seed,
    snapshot_talent,
)


@pytest.fixture
def city(db):
    return seed()


def unsent(city) -> ScoringRun:
    """A run recorded as ``runs.scoring_run_start`` records it, without sending its task (which, once committed,
    would do the whole run at once with eager tasks), to drive it step by step."""
    return ScoringRun.objects.create(
        city=city,
        as_of=AS_OF,
        trigger=RunTrigger.MANUAL,
        health_model=current_model(ScoreKind.HEALTH),
        talent_model=current_model(ScoreKind.TALENT),
        chunks_total=len(runs.CHUNK_SCORERS) * runs.CHUNKS,
    )


def computed(run: ScoringRun) -> ScoringRun:
    """The run's chunks computed by hand: it awaits publication."""
    for kind, number in runs.scoring_run_begin(run_id=run.pk):
        runs.scoring_chunk_compute(run_id=run.pk, kind=kind, number=number)
    run.refresh_from_db()
    assert run.state == RunState.PUBLISHING
    return run


def published(city) -> ScoringRun:
    return runs.scoring_run_publish(run_id=computed(unsent(city)).pk)


def a_scored_student(city):
    """A student the last run scored with no certificate: one awarded now changes their score."""
    rows = TalentScoreSnapshot.objects.filter(run__city=city, student__status__in=SCORED, certificates=0)
    return rows.order_by("student_id")[0]


def rescore(student_id: int) -> TalentScore:
    """The incremental path on the student (and their program and cohort), as the rescore task does it."""
    rescore_students([student_id], as_of=timezone.localdate(), model=current_model(ScoreKind.TALENT))
    return TalentScore.objects.get(student_id=student_id)


def certify(student_id: int) -> None:
    """A certificate at the highest level, awarded long ago: the student's certificates component rises to 1."""
    StudentCertificateFactory(
        student_id=student_id, level=CertificateLevel.ADVANCED, awarded_on=AS_OF - datetime.timedelta(days=30)
    )


# ------------------------------------------------------------------------------
# Publishing is a pointer
# ------------------------------------------------------------------------------
def test_publishing_points_the_city_at_the_run_and_leaves_the_previous_runs_rows_as_they_were(city):
    first = published(city)
    first_rows = snapshot_talent(first)

    second = published(city)

    assert CityScores.objects.get(city=city).run == second
    assert set(TalentScore.objects.values_list("run", flat=True)) == {second.pk}
    assert current_talent() == snapshot_talent(second)
    assert snapshot_talent(first) == first_rows, "the previous run's rows are its trend, untouched"
    assert (second.agreements_scored, second.students_scored) == (
        second.health_snapshots.count(),
        second.talent_snapshots.count(),
    )


def test_until_a_run_publishes_its_rows_are_not_current(city):
    first = published(city)
    run = computed(unsent(city))

    assert set(TalentScore.objects.values_list("run", flat=True)) == {first.pk}
    assert CityScores.objects.get(city=city).run == first
    runs.scoring_run_publish(run_id=run.pk)
    assert set(TalentScore.objects.values_list("run", flat=True)) == {run.pk}


def test_a_rescore_written_while_a_run_is_under_way_is_kept_when_the_run_publishes(city):
    published(city)
    run = computed(unsent(city))
    student = a_scored_student(city).student_id
    # The run counted the same inputs as the one before it (the run's own rows load apart on PostgreSQL).
    before = TalentScore.objects.get(student_id=student).score
    certify(student)  # after the run computed its rows: the run's score of the student is older
    fresh = rescore(student)
    assert fresh.run is None
    assert fresh.computed_at > run.started_at
    assert fresh.score != before

    runs.scoring_run_publish(run_id=run.pk)

    current = TalentScore.objects.get(student_id=student)
    assert (current.score, current.certificates, current.computed_at, current.run) == (
        fresh.score,
        fresh.certificates,
        fresh.computed_at,
        None,
    )
    others = TalentScore.objects.exclude(student__program=current.student.program)
    assert set(others.values_list("run", flat=True)) == {run.pk}, "the rest of the city is the run's"


def test_a_rescore_older_than_the_run_gives_way_to_the_run(city):
    published(city)
    student = a_scored_student(city).student_id
    certify(student)
    rescore(student)  # before the run started: the run counts the certificate too, later

    run = published(city)

    current = TalentScore.objects.get(student_id=student)
    assert (current.run, current.computed_at) == (run, run.started_at)
    assert current.score == run.talent_snapshots.get(student_id=student).score


def test_a_rescore_after_publication_writes_into_the_current_run(city):
    run = published(city)
    student = a_scored_student(city).student_id
    certify(student)

    fresh = rescore(student)

    row = TalentScoreSnapshot.objects.get(run=run, student_id=student)
    assert (row.incremental, row.computed_at, row.score) == (True, fresh.computed_at, fresh.score)
    assert row.as_of == timezone.localdate(fresh.computed_at) != run.as_of, "its trend point says when"
    assert TalentScoreSnapshot.objects.filter(student_id=student).count() == 1, "no other run gets a row"


# ------------------------------------------------------------------------------
# A city without a run
# ------------------------------------------------------------------------------
def test_a_city_without_a_run_keeps_its_rescores_in_a_baseline_that_is_no_run(city):
    assert not CityScores.objects.exists()
    assert not TalentScore.objects.exists()
    student_id = Student.objects.filter(program__college__city=city, status__in=SCORED).order_by("pk")[0].pk

    rescore(student_id)

    baseline = CityScores.objects.get(city=city).run
    assert (baseline.state, baseline.trigger) == (RunState.BASELINE, RunTrigger.INCREMENTAL)
    assert TalentScore.objects.filter(student_id=student_id, run=None).exists()
    official = Principal(role=Role.CITY_OFFICIAL, city_id=city.pk)
    assert baseline not in scoring_run_list(principal=official), "the runs page lists recomputations"
    offered = ScoringRunFilterSet().filters
    assert RunState.BASELINE not in dict(offered["state"].extra["choices"]), "nor filters by what it does not list"
    assert RunTrigger.INCREMENTAL not in dict(offered["trigger"].extra["choices"])

    run = published(city)

    assert CityScores.objects.get(city=city).run == run
    assert set(TalentScore.objects.values_list("run", flat=True)) == {run.pk}


# ------------------------------------------------------------------------------
# Retention
# ------------------------------------------------------------------------------
TODAY = datetime.date(2026, 11, 20)


def old_run(city, as_of: datetime.date, **traits) -> ScoringRun:
    return ScoringRunFactory(city=city, as_of=as_of, **traits)


@pytest.mark.parametrize(
    ("as_of", "state", "pruned"),
    [
        (TODAY - datetime.timedelta(days=3), RunState.SUCCEEDED, False),  # recent
        (TODAY - datetime.timedelta(days=3), RunState.FAILED, False),  # recent, for inspection
        (datetime.date(2026, 9, 10), RunState.SUCCEEDED, True),  # not the last of its month
        (datetime.date(2026, 9, 30), RunState.SUCCEEDED, False),  # the last of September
        (datetime.date(2026, 9, 30), RunState.FAILED, True),  # failed runs keep no month
        (datetime.date(2024, 10, 31), RunState.SUCCEEDED, True),  # the last of a month over 24 months ago
        (datetime.date(2024, 12, 31), RunState.SUCCEEDED, False),  # 23 months ago
    ],
)
def test_which_runs_retention_prunes(as_of, state, pruned):
    city_runs = [
        ScoringRun(pk=1, city_id=1, as_of=datetime.date(2026, 9, 10), state=RunState.SUCCEEDED),
        ScoringRun(pk=2, city_id=1, as_of=datetime.date(2026, 9, 30), state=RunState.SUCCEEDED),
    ]
    run = ScoringRun(pk=3, city_id=1, as_of=as_of, state=state)  # made last: of two on one day, the later one

    chosen = runs.runs_to_prune([*city_runs, run], today=TODAY, keep_days=35, keep_months=24)

    assert (run in chosen) is pruned


def test_retention_removes_old_runs_rows_and_nothing_else(db, settings):
    settings.SCORES_KEEP_DAYS, settings.SCORES_KEEP_MONTHS = 35, 24
    city, elsewhere = CityFactory(), CityFactory()
    old = old_run(city, datetime.date(2026, 9, 10))
    month_end = old_run(city, datetime.date(2026, 9, 30))
    failed = old_run(city, datetime.date(2026, 8, 1), failed=True)
    recent = old_run(city, TODAY - datetime.timedelta(days=2))
    current = old_run(city, datetime.date(2025, 1, 10))  # old, but the city's current run
    under_way = old_run(city, datetime.date(2025, 2, 10), running=True)
    away = old_run(elsewhere, datetime.date(2026, 9, 10))
    every = (old, month_end, failed, recent, current, under_way, away)
    for run in every:
        TalentScoreSnapshotFactory(run=run, student__program__college__city=run.city)
        PartnershipHealthSnapshotFactory(run=run, agreement__college__city=run.city)
        CityAggregateFactory(run=run)
    CityScores.objects.create(city=city, run=current)
    CityScores.objects.create(city=elsewhere, run=old_run(elsewhere, TODAY))
    # The other city's run of 10 September is not the last of its month there either: a later one exists.
    old_run(elsewhere, datetime.date(2026, 9, 29))

    pruned = runs.scoring_snapshots_prune(today=TODAY)

    assert sorted(pruned) == sorted(run.pk for run in (old, failed, away))
    for run in every:
        kept = run not in (old, failed, away)
        assert TalentScoreSnapshot.objects.filter(run=run).exists() is kept, run.as_of
        assert PartnershipHealthSnapshot.objects.filter(run=run).exists() is kept, run.as_of
        assert CityAggregate.objects.filter(run=run).exists(), "the dashboards' figures stay"
        run.refresh_from_db()
        assert (run.pruned_at is not None) is not kept
    assert runs.scoring_snapshots_prune(today=TODAY) == [], "a second pass finds nothing left to remove"


def test_the_nightly_task_applies_retention(db, settings, django_capture_on_commit_callbacks):
    from evaluation.tasks import scores_nightly_task

    city = CityFactory()
    old = old_run(city, timezone.localdate() - datetime.timedelta(days=800))
    TalentScoreSnapshotFactory(run=old, student__program__college__city=city)

    with django_capture_on_commit_callbacks(execute=False):
        scores_nightly_task()

    assert not TalentScoreSnapshot.objects.filter(run=old).exists()
