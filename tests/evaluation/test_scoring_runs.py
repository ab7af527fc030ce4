"""Scoring runs (evaluation/scoring/runs.py, evaluation/tasks.py) on a small seeded city: a run goes through its tasks
to the city's current scores, is idempotent, names the model versions it used, fails without harming the previous
results, costs the same queries whatever the size of the city, and is started nightly or by ``recompute_scores``."""

import datetime
from io import StringIO

import kombu.exceptions
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cities.models import City
from colleges.models import Student
from common.exceptions import BusinessRuleViolation
from evaluation.choices import RunState, RunTrigger, ScoreKind
from evaluation.models import (
    CityAggregate,
    CityScores,
    PartnershipHealth,
    ScoringRun,
    ScoringRunChunk,
    TalentScore,
    TalentScoreSnapshot,
)
from evaluation.scoring import runs
from evaluation.scoring.definitions import DEFINITIONS, current_model, scoring_model_revise
from evaluation.scoring.health import SCORED as SCORED_AGREEMENTS
from evaluation.scoring.storage import load_table, run_storage_drop
from evaluation.scoring.talent import SCORED as SCORED_STUDENTS
from evaluation.tasks import scores_nightly_task, scoring_chunk_task, scoring_publish_task, scoring_run_task
from partnerships.models import CooperationAgreement
from tests.accounts.factories import signed_in
from tests.cities.factories import CityFactory
from tests.evaluation.factories import ScoringRunFactory

AS_OF = datetime.date(2026, 11, 20)
HEALTH_URL = "/api/v1/partnership-health/"
HEALTH_FIGURES = ("agreement_id", "scoring_model_id", "score", "band", *DEFINITIONS[ScoreKind.HEALTH].components)
TALENT_FIGURES = ("student_id", "scoring_model_id", "score", "percentile", *DEFINITIONS[ScoreKind.TALENT].components)


def seed(scale: float = 0.05, *, reset: bool = False) -> City:
    """The demo city, seeded small, as of ``AS_OF`` and not scored yet."""
    call_command(
        "seed_city", scale=scale, seed=11, as_of=AS_OF.isoformat(), reset=reset, scores=False, stdout=StringIO()
    )
    return City.objects.get()


@pytest.fixture
def city(db) -> City:
    return seed()


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """``run_now(city)``: start a run through the service and let its tasks (eager) do it, as once committed."""

    def run(city: City, as_of: datetime.date = AS_OF) -> ScoringRun:
        with django_capture_on_commit_callbacks(execute=True):
            run = runs.scoring_run_start(city_id=city.pk, trigger=RunTrigger.COMMAND, as_of=as_of)
        run.refresh_from_db()
        return run

    return run


def current_health() -> list[tuple]:
    return sorted(PartnershipHealth.objects.values_list(*HEALTH_FIGURES))


def current_talent() -> list[tuple]:
    return sorted(TalentScore.objects.values_list(*TALENT_FIGURES))


def snapshot_health(run: ScoringRun) -> list[tuple]:
    return sorted(run.health_snapshots.values_list(*HEALTH_FIGURES))


def snapshot_talent(run: ScoringRun) -> list[tuple]:
    return sorted(run.talent_snapshots.values_list(*TALENT_FIGURES))


def loaded_talent(run: ScoringRun) -> list[tuple]:
    """The run's talent rows where its chunks write them (``storage.load_table``): on PostgreSQL a table of the run's
    own that is attached, and so read through the snapshots, only when the run is published."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(TALENT_FIGURES)} FROM {load_table(TalentScoreSnapshot, run.pk)} WHERE run_id = %s",
            [run.pk],
        )
        return sorted(cursor.fetchall())


def scored_agreements(city: City) -> set[int]:
    rows = CooperationAgreement.objects.filter(college__city=city, status__in=SCORED_AGREEMENTS)
    return set(rows.values_list("pk", flat=True))


def scored_students(city: City) -> set[int]:
    rows = Student.objects.filter(program__college__city=city, status__in=SCORED_STUDENTS)
    return set(rows.values_list("pk", flat=True))


def start_by_hand(city: City) -> ScoringRun:
    """A run started (its chunks not computed yet) without its tasks, to drive it step by step."""
    run = runs.scoring_run_start(city_id=city.pk, trigger=RunTrigger.MANUAL, as_of=AS_OF)
    runs.scoring_run_begin(run_id=run.pk)
    return run


# ------------------------------------------------------------------------------
# A full run
# ------------------------------------------------------------------------------
def test_a_run_scores_every_entity_of_the_city_and_makes_its_snapshots_current(city, run_now):
    run = run_now(city)

    assert (run.state, run.error, run.as_of, run.trigger) == (RunState.SUCCEEDED, "", AS_OF, RunTrigger.COMMAND)
    assert run.queued_at <= run.started_at <= run.finished_at
    assert (run.agreements_scored, run.students_scored) == (len(scored_agreements(city)), len(scored_students(city)))
    assert run.agreements_scored > 0
    assert run.students_scored > 0
    chunks = ScoringRunChunk.objects.filter(run=run)
    assert chunks.count() == run.chunks_total == 2 * runs.CHUNKS
    for kind, scored in ((ScoreKind.HEALTH, run.agreements_scored), (ScoreKind.TALENT, run.students_scored)):
        assert sorted(chunks.filter(kind=kind).values_list("number", flat=True)) == list(range(runs.CHUNKS))
        assert sum(chunks.filter(kind=kind).values_list("rows", flat=True)) == scored
    assert {row[0] for row in current_health()} == scored_agreements(city)
    assert {row[0] for row in current_talent()} == scored_students(city)
    assert current_health() == snapshot_health(run)
    assert current_talent() == snapshot_talent(run)
    assert set(PartnershipHealth.objects.values_list("run", "computed_at").distinct()) == {(run.pk, run.started_at)}
    assert set(TalentScore.objects.values_list("run", "computed_at").distinct()) == {(run.pk, run.started_at)}
    assert CityAggregate.objects.filter(run=run).exists()


def test_the_official_reads_the_scores_of_the_run_through_the_api(city, run_now):
    run = run_now(city)

    response = signed_in(get_user_model().objects.get(username="demo-official")).get(HEALTH_URL)

    assert response.status_code == 200, response.content.decode()[:500]
    assert response.json()["count"] == run.agreements_scored


# ------------------------------------------------------------------------------
# Idempotency
# ------------------------------------------------------------------------------
def test_two_runs_as_of_the_same_day_give_the_same_scores_and_no_duplicate_rows(city, run_now):
    first = run_now(city)
    health, talent = current_health(), current_talent()

    second = run_now(city)

    assert second.state == RunState.SUCCEEDED
    assert (second.agreements_scored, second.students_scored) == (first.agreements_scored, first.students_scored)
    assert current_health() == health == snapshot_health(second)
    assert current_talent() == talent == snapshot_talent(second)
    assert PartnershipHealth.objects.count() == len(scored_agreements(city))
    assert TalentScore.objects.count() == len(scored_students(city))
    assert set(PartnershipHealth.objects.values_list("run", flat=True)) == {second.pk}
    assert snapshot_health(first) == health, "a run's snapshots stay as they were"
    assert CityAggregate.objects.filter(run=first).count() == CityAggregate.objects.filter(run=second).count()


def test_a_chunk_computed_twice_writes_the_same_rows(city):
    run = start_by_hand(city)
    runs.scoring_chunk_compute(run_id=run.pk, kind=ScoreKind.TALENT, number=0)
    written = loaded_talent(run)

    awaiting = runs.scoring_chunk_compute(run_id=run.pk, kind=ScoreKind.TALENT, number=0)

    assert not awaiting
    assert written
    assert loaded_talent(run) == written
    assert run.chunks.count() == 1
    assert run.chunks.get().rows == len(written)


def test_publishing_again_or_a_chunk_delivered_after_the_end_changes_nothing(city, run_now):
    run = run_now(city)
    health, talent = current_health(), current_talent()
    aggregates = sorted(CityAggregate.objects.filter(run=run).values_list("dimension", "key", "count", "value"))

    scoring_chunk_task.delay(run.pk, ScoreKind.HEALTH, 3)
    scoring_publish_task.delay(run.pk)
    runs.scoring_run_begin(run_id=run.pk)

    again = ScoringRun.objects.get(pk=run.pk)
    assert (again.state, again.finished_at, again.chunks.count()) == (RunState.SUCCEEDED, run.finished_at, 16)
    assert current_health() == health
    assert current_talent() == talent
    assert (
        sorted(CityAggregate.objects.filter(run=run).values_list("dimension", "key", "count", "value")) == aggregates
    )


def test_the_last_chunk_redelivered_before_publication_still_hands_the_run_over(city):
    run = start_by_hand(city)
    for kind, number in runs.scoring_run_begin(run_id=run.pk):
        runs.scoring_chunk_compute(run_id=run.pk, kind=kind, number=number)

    # The worker died after recording the last chunk, before sending the publication: it is delivered again.
    assert runs.scoring_chunk_compute(run_id=run.pk, kind=ScoreKind.TALENT, number=runs.CHUNKS - 1)
    published = runs.scoring_run_publish(run_id=run.pk)

    assert published.state == RunState.SUCCEEDED
    assert current_talent() == snapshot_talent(published)


# ------------------------------------------------------------------------------
# Model versions
# ------------------------------------------------------------------------------
def test_a_new_version_of_the_weights_is_used_by_the_next_run_and_old_snapshots_keep_theirs(city, run_now):
    first = run_now(city)
    health_v1, talent_v1 = first.health_model, first.talent_model
    health_v2 = scoring_model_revise(
        kind=ScoreKind.HEALTH,
        weights={**dict.fromkeys(DEFINITIONS[ScoreKind.HEALTH].components, 0.0), "satisfaction": 1.0},
        parameters=dict(health_v1.parameters),
        note="Only satisfaction counts.",
    )
    talent_v2 = scoring_model_revise(
        kind=ScoreKind.TALENT,
        weights={"practice": 1.0, "certificates": 0.0, "mentor": 0.0, "placement": 0.0},
        parameters=dict(talent_v1.parameters),
    )

    second = run_now(city)

    assert (health_v2.version, talent_v2.version) == (health_v1.version + 1, talent_v1.version + 1)
    assert (second.health_model, second.talent_model) == (health_v2, talent_v2)
    assert set(PartnershipHealth.objects.values_list("scoring_model", flat=True)) == {health_v2.pk}
    assert set(TalentScore.objects.values_list("scoring_model", flat=True)) == {talent_v2.pk}
    assert set(second.health_snapshots.values_list("scoring_model", flat=True)) == {health_v2.pk}
    assert set(first.health_snapshots.values_list("scoring_model", flat=True)) == {health_v1.pk}
    assert set(first.talent_snapshots.values_list("scoring_model", flat=True)) == {talent_v1.pk}
    for talent in TalentScore.objects.all():
        assert float(talent.score) == pytest.approx(100 * talent.practice, abs=0.05 + 1e-9), "rounded to 0.1"
    assert snapshot_talent(first) != snapshot_talent(second)


# ------------------------------------------------------------------------------
# Failures, one run at a time, expiry
# ------------------------------------------------------------------------------
def test_a_failed_run_leaves_the_previous_results_readable_and_untouched(city, run_now):
    previous = run_now(city)
    health, talent = current_health(), current_talent()
    scoring_model_revise(
        kind=ScoreKind.TALENT,
        weights={"practice": 0.0, "certificates": 1.0, "mentor": 0.0, "placement": 0.0},
        parameters=dict(previous.talent_model.parameters),
    )
    failing = start_by_hand(city)
    for number in range(runs.CHUNKS // 2):
        runs.scoring_chunk_compute(run_id=failing.pk, kind=ScoreKind.TALENT, number=number)

    runs.scoring_run_fail(run_id=failing.pk, error="The database went away.")
    # What was still queued of the run arrives after it gave up: it does nothing.
    for number in range(runs.CHUNKS // 2, runs.CHUNKS):
        scoring_chunk_task.delay(failing.pk, ScoreKind.TALENT, number)
    for number in range(runs.CHUNKS):
        scoring_chunk_task.delay(failing.pk, ScoreKind.HEALTH, number)
    scoring_publish_task.delay(failing.pk)

    failing.refresh_from_db()
    assert (failing.state, failing.error) == (RunState.FAILED, "The database went away.")
    assert failing.finished_at is not None
    assert failing.chunks.count() == runs.CHUNKS // 2, "its partial work stays for inspection"
    assert current_health() == health
    assert current_talent() == talent
    assert set(PartnershipHealth.objects.values_list("run", flat=True)) == {previous.pk}
    assert not CityAggregate.objects.filter(run=failing).exists()
    official = signed_in(get_user_model().objects.get(username="demo-official"))
    assert official.get(HEALTH_URL).json()["count"] == previous.agreements_scored
    assert run_now(city).state == RunState.SUCCEEDED, "the next run may start"


def test_a_task_that_raises_marks_its_run_failed(city):
    run = start_by_hand(city)

    with pytest.raises(KeyError):
        scoring_chunk_task.delay(run.pk, "unknown", 0)

    run.refresh_from_db()
    assert (run.state, run.error) == (RunState.FAILED, "KeyError: 'unknown'")
    assert not PartnershipHealth.objects.exists()


def test_a_run_the_broker_cannot_take_is_failed_with_why_and_the_next_may_start(city, run_now, monkeypatch):
    def broker_away(*args, **kwargs):
        raise kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as broker:
        broker.setattr(scoring_run_task, "delay", broker_away)
        lost = run_now(city)

    assert (lost.state, lost.error) == (
        RunState.FAILED,
        "OperationalError: Error 111 connecting to 127.0.0.1:6379. Connection refused.",
    )
    assert lost.finished_at is not None
    assert run_now(city).state == RunState.SUCCEEDED


def test_a_run_under_way_refuses_a_second(city):
    first = runs.scoring_run_start(city_id=city.pk, trigger=RunTrigger.MANUAL)

    with pytest.raises(BusinessRuleViolation, match="already under way"):
        runs.scoring_run_start(city_id=city.pk, trigger=RunTrigger.MANUAL)

    assert list(ScoringRun.objects.filter(city=city).values_list("pk", "state")) == [(first.pk, RunState.QUEUED)]


def test_runs_under_way_for_too_long_are_failed_and_recent_ones_left(db):
    now = timezone.now()
    lost = ScoringRunFactory(running=True, queued_at=now - datetime.timedelta(hours=7))
    lost_in_queue = ScoringRunFactory(queued=True, queued_at=now - datetime.timedelta(hours=6, minutes=1))
    recent = ScoringRunFactory(running=True, queued_at=now - datetime.timedelta(hours=1))
    finished = ScoringRunFactory(queued_at=now - datetime.timedelta(days=2))

    expired = runs.scoring_runs_expire(older_than=datetime.timedelta(hours=6))

    assert expired == 2
    states = dict(ScoringRun.objects.values_list("pk", "state"))
    assert states == {
        lost.pk: RunState.FAILED,
        lost_in_queue.pk: RunState.FAILED,
        recent.pk: RunState.RUNNING,
        finished.pk: RunState.SUCCEEDED,
    }
    lost.refresh_from_db()
    assert lost.error == "Gave up: not finished in time."
    assert lost.finished_at >= lost.started_at


# ------------------------------------------------------------------------------
# Cost
# ------------------------------------------------------------------------------
def test_the_queries_of_a_run_do_not_grow_with_the_city(db, run_now):
    current_model(ScoreKind.HEALTH), current_model(ScoreKind.TALENT)  # the first run would create version 1
    counts, sizes = [], []
    for scale in (0.02, 0.3):
        # seed_city --reset deletes the city's rows with raw DELETEs that know nothing of the scores (on PostgreSQL
        # the foreign keys then refuse it): the scores go first.
        for run_id in ScoringRun.objects.values_list("pk", flat=True):
            run_storage_drop(run_id)
        for scores in (CityScores, ScoringRun):
            scores.objects.all().delete()
        city = seed(scale, reset=True)
        with CaptureQueriesContext(connection) as queries:
            run = run_now(city)
        assert run.state == RunState.SUCCEEDED
        counts.append(len(queries))
        sizes.append((run.agreements_scored, run.students_scored))

    assert sizes[0][0] < sizes[1][0], sizes
    assert 3 * sizes[0][1] < sizes[1][1], sizes
    assert counts[0] == counts[1], counts


# ------------------------------------------------------------------------------
# The nightly schedule
# ------------------------------------------------------------------------------
def test_the_nightly_task_runs_every_city_but_one_with_a_run_under_way(city, django_capture_on_commit_callbacks):
    busy = CityFactory()
    under_way = ScoringRunFactory(city=busy, running=True, queued_at=timezone.now() - datetime.timedelta(minutes=5))
    lost_city = CityFactory()
    lost = ScoringRunFactory(city=lost_city, running=True, queued_at=timezone.now() - datetime.timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        queued = scores_nightly_task.delay().get()

    started = ScoringRun.objects.filter(trigger=RunTrigger.SCHEDULE, state=RunState.SUCCEEDED).exclude(
        pk__in=[under_way.pk, lost.pk]
    )
    assert sorted(queued) == sorted(started.values_list("pk", flat=True))
    assert sorted(started.values_list("city", flat=True)) == sorted([city.pk, lost_city.pk])
    assert ScoringRun.objects.get(pk=under_way.pk).state == RunState.RUNNING
    assert ScoringRun.objects.filter(city=busy).count() == 1
    assert ScoringRun.objects.get(pk=lost.pk).state == RunState.FAILED
    assert PartnershipHealth.objects.count() == len(scored_agreements(city))


# ------------------------------------------------------------------------------
# manage.py recompute_scores
# ------------------------------------------------------------------------------
def recompute(*arguments: str) -> str:
    output = StringIO()
    call_command("recompute_scores", *arguments, stdout=output)
    return output.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("industry_sectors")
def test_the_command_recomputes_a_city_and_reports_the_run():
    city = seed(0.02)

    output = recompute("--city", city.name, "--as-of", "2026-11-20", "--wait")

    run = ScoringRun.objects.get()
    assert (run.state, run.trigger, run.as_of) == (RunState.SUCCEEDED, RunTrigger.COMMAND, AS_OF)
    seconds = (run.finished_at - run.started_at).total_seconds()
    assert output == (
        f"{city.name}: run {run.pk} as of 2026-11-20 succeeded in {seconds:.1f} s: "
        f"{run.agreements_scored} agreements, {run.students_scored} students.\n"
    )
    assert PartnershipHealth.objects.count() == run.agreements_scored > 0
    assert TalentScore.objects.count() == run.students_scored > 0


def test_the_command_queues_each_city_once_and_says_the_workers_will_take_it(city):
    other = CityFactory(name="Yinshan")

    output = recompute("--city", str(city.pk), "--city", "Yinshan", "--city", city.name)

    queued = {run.city_id: run for run in ScoringRun.objects.all()}
    assert set(queued) == {city.pk, other.pk}
    assert output == (
        f"{city.name}: run {queued[city.pk].pk} is queued (the workers will take it).\n"
        f"Yinshan: run {queued[other.pk].pk} is queued (the workers will take it).\n"
    )
    assert queued[city.pk].as_of == timezone.localdate()


@pytest.mark.django_db(transaction=True)
def test_the_command_reports_a_run_that_failed_and_exits_non_zero(monkeypatch):
    """Without a broker the run is computed here, and its failure told in a line, not a traceback."""
    city = CityFactory(name="Yinshan")

    def database_away(*, run_id):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(runs, "scoring_run_begin", database_away)
    output = StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("recompute_scores", "--city", "Yinshan", stdout=output)

    run = ScoringRun.objects.get(city=city)
    assert (run.state, run.error) == (RunState.FAILED, "OperationalError: server closed the connection unexpectedly")
    assert output.getvalue() == f"Yinshan: run {run.pk} failed: {run.error}\n"
    assert str(failure.value) == "A run failed: see its error above."


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--as-of", "2026-13-01"], "--as-of must be a date written YYYY-MM-DD, not '2026-13-01'."),
        (["--as-of", "yesterday"], "--as-of must be a date written YYYY-MM-DD, not 'yesterday'."),
        (["--city", "Atlantis"], "No city is called 'Atlantis'."),
        (["--city", "999999"], "No city is called '999999'."),
    ],
)
def test_the_command_refuses_a_bad_date_or_an_unknown_city_and_queues_nothing(city, arguments, message):
    with pytest.raises(CommandError) as refusal:
        recompute(*arguments)

    assert str(refusal.value) == message
    assert not ScoringRun.objects.exists()


def test_the_command_says_which_city_has_a_run_under_way(city):
    ScoringRunFactory(city=city, queued=True)

    with pytest.raises(CommandError) as refusal:
        recompute("--city", city.name)

    assert str(refusal.value) == f"{city.name}: A run of this city's scores is already under way."
    assert ScoringRun.objects.count() == 1


def test_the_command_recomputes_the_other_cities_when_one_has_a_run_under_way(city):
    busy = CityFactory(name="Yinshan")
    under_way = ScoringRunFactory(city=busy, running=True)
    output = StringIO()

    with pytest.raises(CommandError) as refusal:
        call_command("recompute_scores", stdout=output)

    run = ScoringRun.objects.get(city=city)
    assert output.getvalue() == f"{city.name}: run {run.pk} is queued (the workers will take it).\n"
    assert str(refusal.value) == "Yinshan: A run of this city's scores is already under way."
    assert list(ScoringRun.objects.filter(city=busy)) == [under_way]
