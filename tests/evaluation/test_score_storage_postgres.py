"""The scores' storage among other connections, on PostgreSQL: readers during a publication see the old run or the
new one, never a mix; a rescore and a publication at once, in either order, keep the fresher score; a run's rows
load apart and are attached when it publishes, and sealing finishes whatever a crash left half done."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from colleges.models import Student
from evaluation.choices import RunState, ScoreKind
from evaluation.models import CityScores, ScoringRun, TalentScore, TalentScoreSnapshot
from evaluation.scoring import runs
from evaluation.scoring.definitions import current_model
from evaluation.scoring.publish import publication_prepare, publish_run
from evaluation.scoring.storage import partition_name, run_storage_seal
from evaluation.scoring.talent import SCORED, rescore_students
from tests.evaluation.test_score_storage import a_scored_student, certify, computed, published, unsent
from tests.evaluation.test_scoring_runs import seed

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrent readers and writers, and partitions, are PostgreSQL's: SQLite serialises every write.",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("industry_sectors"),  # the seed's reference data, which a transactional test lacks
]
PAUSE = 0.5  # how long a transaction stays open after its work, for the other connection to run into it


def in_thread(action) -> threading.Thread:
    """``action`` on a thread with its own connection, started; what it raised is kept on ``thread.error``."""

    def target():
        try:
            action()
        except Exception as escaped:  # reported by the test that joins the thread
            thread.error = escaped
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.error = None
    thread.start()
    return thread


def publish_slowly(run: ScoringRun, published_event: threading.Event | None = None) -> None:
    """Publish the run (as ``runs.scoring_run_publish``), keeping its transaction open a moment after the pointer
    moved."""
    publication_prepare(run)
    with transaction.atomic():
        run = ScoringRun.objects.select_for_update().get(pk=run.pk)
        publish_run(run)
        ScoringRun.objects.filter(pk=run.pk).update(state=RunState.SUCCEEDED, finished_at=timezone.now())
        if published_event is not None:
            published_event.set()
        time.sleep(PAUSE)


def rescore(student_id: int) -> None:
    rescore_students([student_id], as_of=timezone.localdate(), model=current_model(ScoreKind.TALENT))


def test_readers_during_a_publication_see_the_old_run_or_the_new_one_never_a_mix():
    city = seed()
    old = published(city)
    new = computed(unsent(city))
    seen, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            seen.append(frozenset(TalentScore.objects.values_list("run", flat=True)))
            time.sleep(0.01)

    reader = in_thread(read)
    publisher = in_thread(lambda: publish_slowly(new))
    publisher.join(timeout=60)
    time.sleep(0.1)
    stop.set()
    reader.join(timeout=60)

    assert publisher.error is None
    assert reader.error is None
    assert set(seen) == {frozenset({old.pk}), frozenset({new.pk})}, "each read sees one whole run"
    first_new = seen.index(frozenset({new.pk}))
    assert all(rows == frozenset({new.pk}) for rows in seen[first_new:]), "and never goes back"


def test_a_rescore_that_commits_while_a_run_publishes_is_carried_into_the_run():
    """The rescore holds the city's pointer (FOR SHARE) while it writes into the current run; the publication
    waits for it, then carries its row, fresher than the run's."""
    city = seed()
    published(city)
    run = computed(unsent(city))
    student = a_scored_student(city).student_id
    certify(student)
    written, rescored = threading.Event(), []

    def rescore_slowly():
        with transaction.atomic():
            rescore(student)
            rescored.append(TalentScore.objects.get(student_id=student).computed_at)
            written.set()
            time.sleep(PAUSE)

    rescorer = in_thread(rescore_slowly)
    written.wait(timeout=30)
    runs.scoring_run_publish(run_id=run.pk)  # waits for the rescore's commit
    rescorer.join(timeout=60)

    assert rescorer.error is None
    current = TalentScore.objects.get(student_id=student)
    assert current.run is None, "the rescore's row, not the run's"
    assert current.computed_at == rescored[0] > run.started_at
    row = TalentScoreSnapshot.objects.get(run=run, student_id=student)
    assert (row.incremental, row.score) == (True, current.score)


def test_a_rescore_that_starts_while_a_run_publishes_writes_into_the_new_run():
    """The publication holds the pointer (FOR UPDATE): the rescore waits, then writes into the run just
    published, not into the one it replaced."""
    city = seed()
    old = published(city)
    run = computed(unsent(city))
    student = a_scored_student(city).student_id
    certify(student)
    moved = threading.Event()

    publisher = in_thread(lambda: publish_slowly(run, moved))
    moved.wait(timeout=30)
    asked = timezone.now()
    rescore(student)  # blocks until the publication commits
    publisher.join(timeout=60)

    assert publisher.error is None
    assert CityScores.objects.get(city=city).run_id == run.pk
    current = TalentScore.objects.get(student_id=student)
    assert current.run is None
    assert current.computed_at >= asked
    row = TalentScoreSnapshot.objects.get(run=run, student_id=student)
    assert (row.incremental, row.computed_at) == (True, current.computed_at)
    assert TalentScoreSnapshot.objects.get(run=old, student_id=student).computed_at < asked, "not into the old run"


def attached(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(%s))", [table])
        return cursor.fetchone()[0]


def test_a_run_loads_apart_and_is_attached_with_its_checks_and_indexes_when_it_publishes():
    city = seed()
    run = computed(unsent(city))
    table = partition_name(TalentScoreSnapshot, run.pk)
    assert not attached(table), "loaded into a table of its own"
    assert not TalentScoreSnapshot.objects.filter(run=run).exists(), "invisible through the snapshots until then"

    runs.scoring_run_publish(run_id=run.pk)

    assert attached(table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contype, convalidated FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'", [table]
        )
        references = cursor.fetchall()
        cursor.execute("SELECT COUNT(*) FROM pg_indexes WHERE tablename = %s", [table])
        (indexes,) = cursor.fetchone()
    assert references == [("f", True)] * 3, "run, student and model checked"
    assert indexes == 3, "the parent's indexes: (run, student), student, the incremental rows"
    run.refresh_from_db()
    assert TalentScoreSnapshot.objects.filter(run=run).count() == run.students_scored > 0


def test_sealing_finishes_what_a_crash_left_half_done():
    city = seed()
    run = computed(unsent(city))
    table = partition_name(TalentScoreSnapshot, run.pk)
    # A crash after the first reference was added (not yet validated): the seal adds the others, validates,
    # attaches.
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT partial_student_r{run.pk} FOREIGN KEY (student_id) "
            "REFERENCES colleges_student (id) DEFERRABLE INITIALLY DEFERRED NOT VALID"
        )

    run_storage_seal(run)
    run_storage_seal(run)  # again: nothing left to do

    assert attached(table)
    runs.scoring_run_publish(run_id=run.pk)
    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED
    assert TalentScore.objects.filter(run=run).count() == run.students_scored


def test_a_student_deleted_while_the_run_loads_loses_the_run_s_row_and_the_run_publishes():
    city = seed()
    run = computed(unsent(city))
    student = Student.objects.filter(program__college__city=city, status__in=SCORED, placements=None)[0]
    student.delete()  # its row in the run's table, loaded apart, has no foreign key yet to cascade through

    runs.scoring_run_publish(run_id=run.pk)

    run.refresh_from_db()
    assert run.state == RunState.SUCCEEDED
    assert not TalentScoreSnapshot.objects.filter(run=run, student_id=student.pk).exists()
    assert not TalentScore.objects.filter(student_id=student.pk).exists()
    assert TalentScore.objects.filter(student__program__college__city=city).count() == run.students_scored - 1
