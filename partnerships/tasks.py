"""The partnerships app's Celery tasks (thin: each calls a service).

An allocation round's run is idempotent (a round that is no longer running is left as it is, and a re-run of the
same round gives the same draft), so it is acknowledged only once it has finished (``acks_late``) and handed back to
the broker if its worker dies (``reject_on_worker_lost``), as evaluation/tasks.py explains for scoring runs.
"""

from celery import shared_task

from cities.models import City
from partnerships.services.allocation_rounds import allocation_round_solve
from partnerships.services.recommendations import skill_profile_rebuild, skill_profile_vacuum

RELIABLE = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(name="partnerships.skill_profiles_nightly", **RELIABLE)
def skill_profiles_nightly_task() -> int:
    """Rebuild every city's skill profiles (the beat schedule); idempotent. The rows written."""
    written = sum(
        skill_profile_rebuild(city_id=city_id) for city_id in City.objects.order_by("pk").values_list("pk", flat=True)
    )
    skill_profile_vacuum()
    return written


@shared_task(name="partnerships.allocation_round_run", **RELIABLE)
def allocation_round_run_task(round_id: int) -> str:
    """Solve a round and write its draft (or mark it failed); the round's status afterwards."""
    return allocation_round_solve(round_id=round_id)
