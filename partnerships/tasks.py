"""The partnerships app's Celery tasks: an allocation round's run.

The run is idempotent (a round that is no longer running is left as it is, and a re-run of the same round gives
the same draft), so it is acknowledged only once it has finished (``acks_late``) and handed back to the broker if
its worker dies (``reject_on_worker_lost``), as evaluation/tasks.py explains for scoring runs.
"""

from celery import shared_task

from partnerships.services.allocation_rounds import allocation_round_solve

RELIABLE = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(name="partnerships.allocation_round_run", **RELIABLE)
def allocation_round_run_task(round_id: int) -> str:
    """Solve a round and write its draft (or mark it failed); the round's status afterwards."""
    return allocation_round_solve(round_id=round_id)
