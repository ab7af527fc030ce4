"""The evaluation app's Celery tasks: scoring runs in chunks, the nightly schedule, incremental rescoring.

Every task here is idempotent (scoring/runs.py says why), so each is acknowledged only once it has finished
(``acks_late``) and handed back to the broker if its worker dies (``reject_on_worker_lost``): a worker killed in
the middle of a chunk leaves the message to be delivered again, to any worker, once the broker's visibility
timeout has passed. The time limit (``CELERY_TASK_TIME_LIMIT``) stays below that timeout, so a task is never
re-delivered while it is still running.
"""

import datetime

from celery import Task, group, shared_task
from celery.exceptions import Ignore, Reject, Retry
from django.conf import settings

from cities.models import City
from common.exceptions import BusinessRuleViolation
from evaluation.choices import RunTrigger
from evaluation.scoring import runs
from evaluation.scoring.incremental import rescore_now
from evaluation.selectors import city_overview_get

RELIABLE = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 5,
}


class RunTask(Task):
    """A task working on one scoring run (its first argument): when it gives up, the run is marked failed."""

    def __call__(self, *args, **kwargs):
        # Here rather than in on_failure, which Celery skips for a task run eagerly with propagation (no broker): the
        # run would stay under way, refusing the next, until it expired. A retry still to come is not giving up.
        try:
            return super().__call__(*args, **kwargs)
        except (Retry, Ignore, Reject):
            raise
        except Exception as exc:
            runs.scoring_run_fail(run_id=args[0], error=f"{type(exc).__name__}: {exc}")
            raise


@shared_task(name="evaluation.city_overview")
def city_overview_task(city_id: int) -> dict[str, int]:
    """Count a city's organisations and activity; also the smoke test that a worker reaches the database."""
    return city_overview_get(city_id=city_id)


@shared_task(name="evaluation.scoring_run", base=RunTask, **RELIABLE)
def scoring_run_task(run_id: int) -> int:
    """Start a run and send out the chunks it still needs; the number sent."""
    remaining = runs.scoring_run_begin(run_id=run_id)
    if remaining:  # none once every chunk is done, or the run is over
        group(scoring_chunk_task.si(run_id, kind, number) for kind, number in remaining).delay()
    return len(remaining)


@shared_task(name="evaluation.scoring_chunk", base=RunTask, **RELIABLE)
def scoring_chunk_task(run_id: int, kind: str, number: int) -> None:
    """Compute one chunk of a run; the task finishing the last chunk sends the run to be published."""
    if runs.scoring_chunk_compute(run_id=run_id, kind=kind, number=number):
        scoring_publish_task.delay(run_id)


@shared_task(name="evaluation.scoring_publish", base=RunTask, **RELIABLE)
def scoring_publish_task(run_id: int) -> str:
    """Make a run's scores current and write its aggregates; the run's final state."""
    return runs.scoring_run_publish(run_id=run_id).state


@shared_task(name="evaluation.scores_nightly", **RELIABLE)
def scores_nightly_task() -> list[int]:
    """Queue a run for every city (the beat schedule); a city with a run under way is left to it. The runs queued.
    First, runs lost for too long are failed and the snapshots no longer kept are removed (retention)."""
    runs.scoring_runs_expire(older_than=datetime.timedelta(seconds=settings.SCORES_RUN_EXPIRY_SECONDS))
    runs.scoring_snapshots_prune()
    queued = []
    for city_id in City.objects.order_by("pk").values_list("pk", flat=True):
        try:
            queued.append(runs.scoring_run_start(city_id=city_id, trigger=RunTrigger.SCHEDULE).pk)
        except BusinessRuleViolation:
            continue
    return queued


@shared_task(name="evaluation.rescore", **RELIABLE)
def rescore_task(kind: str, ids: list[int]) -> int:
    """Recompute the current scores of a few agreements or students whose inputs changed; the rows written."""
    return rescore_now(kind=kind, ids=ids)
