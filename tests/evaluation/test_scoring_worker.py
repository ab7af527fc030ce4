"""A scoring run survives the death of its worker: a real worker over Redis is killed (SIGKILL) in the middle of
a run, another one takes the re-delivered work, and the scores equal those of a clean run, with no duplicate
rows."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from cities.models import City
from config.celery_app import app
from evaluation.choices import RunState, RunTrigger
from evaluation.models import (
    CityScores,
    PartnershipHealth,
    PartnershipHealthSnapshot,
    ScoringRun,
    ScoringRunChunk,
    TalentScore,
    TalentScoreSnapshot,
)
from evaluation.scoring import runs
from tests.evaluation.test_score_storage import published

REPO_ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-20"
# Short enough for a test, and the visibility timeout must exceed the time limit, as in production.
TIME_LIMIT_SECONDS, VISIBILITY_SECONDS = 10, 12

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not settings.CELERY_BROKER_URL, reason="CELERY_BROKER_URL is not set: no broker for a worker"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker in another process needs PostgreSQL"),
]


def current_scores() -> dict:
    health = PartnershipHealth.objects.values_list("agreement_id", "band", "score", "commitments_kept", "recency")
    talent = TalentScore.objects.values_list("student_id", "score", "percentile", "mentor")
    return {"health": sorted(health), "talent": sorted(talent)}


class Worker:
    """A Celery worker in a process of its own, on the test database and a queue of the test's own."""

    def __init__(self, queue: str):
        database = connection.settings_dict
        self.environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_TASK_TIME_LIMIT": str(TIME_LIMIT_SECONDS),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS),
        }
        self.queue = queue
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "celery", "-A", "config.celery_app", "worker", "--pool=solo"]
        command += ["--queues", self.queue, "--loglevel=WARNING", "--without-gossip", "--without-mingle"]
        self.process = subprocess.Popen(command, cwd=REPO_ROOT, env=self.environment)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class ChunksHeld:
    """Hold the table of finished chunks against writes from another connection: a worker then computes its first
    chunk and waits, in the middle of its transaction, to record it done. That is where the test kills it."""

    def __enter__(self):
        database = connection.settings_dict
        self.holder = psycopg2.connect(
            dbname=database["NAME"], user=database["USER"], host=database["HOST"], port=database["PORT"]
        )
        with self.holder.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {ScoringRunChunk._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        return self

    def someone_waits(self) -> bool:
        with self.holder.cursor() as cursor:
            # A transaction sees the activity of the others as it was at its first look, unless told to look again.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = %s)",
                [connection.settings_dict["NAME"]],
            )
            return cursor.fetchone()[0]

    def __exit__(self, *exc_info):
        self.holder.rollback()
        self.holder.close()


def wait_for(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting for {what}.")
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("industry_sectors")
def test_a_run_whose_worker_is_killed_ends_as_a_clean_run_would():
    call_command("seed_city", scale=2, seed=7, as_of=AS_OF, scores=False, stdout=open(os.devnull, "w"))  # noqa: SIM115
    city = City.objects.get()
    city_id = city.pk
    published(city)  # a clean run, every step called here in turn: the reference the crashed run must reach
    clean = current_scores()
    CityScores.objects.all().delete()  # no current scores: the crashed run's must be all there is
    queue, default_queue = f"tests.scoring.{uuid.uuid4().hex}", app.conf.task_default_queue
    app.conf.task_default_queue, app.conf.task_always_eager = queue, False
    workers = [Worker(queue), Worker(queue)]
    try:
        with ChunksHeld() as held:
            workers[0].start()
            run = runs.scoring_run_start(city_id=city_id, trigger=RunTrigger.MANUAL, as_of=AS_OF)
            chunks = ScoringRunChunk.objects.filter(run=run)
            wait_for(held.someone_waits, timeout=120, what="the worker to be in the middle of its first chunk")
            workers[0].kill()
            done_when_killed = chunks.count()
        workers[1].start()
        wait_for(
            lambda: ScoringRun.objects.get(pk=run.pk).state in (RunState.SUCCEEDED, RunState.FAILED),
            timeout=180,
            what="the run to end after the kill",
        )
    finally:
        app.conf.task_default_queue, app.conf.task_always_eager = default_queue, True
        for worker in workers:
            worker.stop()

    run.refresh_from_db()
    assert done_when_killed == 0, "the worker was killed with its first chunk under way"
    assert (run.state, run.error) == (RunState.SUCCEEDED, "")
    assert current_scores() == clean
    assert chunks.count() == run.chunks_total
    assert PartnershipHealthSnapshot.objects.filter(run=run).count() == len(clean["health"])
    assert TalentScoreSnapshot.objects.filter(run=run).count() == len(clean["talent"])
