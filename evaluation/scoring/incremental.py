"""Keeping scores current between runs: when an input of a score changes, recompute just the entities it
concerns, after the change commits, at most once per entity per debounce window."""

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from evaluation.choices import ScoreKind
from evaluation.scoring.definitions import current_model
from evaluation.scoring.health import rescore_agreements
from evaluation.scoring.talent import rescore_students

RESCORERS = {ScoreKind.HEALTH: rescore_agreements, ScoreKind.TALENT: rescore_students}


def pending_key(kind: str, entity_id: int) -> str:
    """The cache key marking an entity's recomputation queued and not started yet (the debounce window)."""
    return f"scores:rescore:{kind}:{entity_id}"


def rescore_later(*, agreement_ids: Iterable[int] = (), student_ids: Iterable[int] = ()) -> None:
    """Once the current transaction commits, queue the recomputation of these agreements and students.

    An entity already queued within the debounce window is not queued again: a burst of changes (a mentor
    evaluating every intern in turn) makes one recomputation per entity, a window later.
    """
    pending = {ScoreKind.HEALTH: set(agreement_ids), ScoreKind.TALENT: set(student_ids)}
    if any(pending.values()):
        # Robust: the change is committed whatever happens here, so a broker that is away is logged rather than
        # failing the request that made the change; the next run recomputes everything anyway.
        transaction.on_commit(lambda: _enqueue(pending), robust=True)


def _enqueue(pending: dict[str, set[int]]) -> None:
    from evaluation.tasks import rescore_task  # the tasks module imports this one

    for kind, ids in pending.items():
        window = settings.SCORES_DEBOUNCE_SECONDS
        fresh = sorted(entity for entity in ids if cache.add(pending_key(kind, entity), 1, window))
        if not fresh:
            continue
        try:
            rescore_task.apply_async(args=[kind, fresh], countdown=window)
        except Exception:
            # Not queued (the broker is away): the next change of these entities must not be debounced away.
            cache.delete_many([pending_key(kind, entity) for entity in fresh])
            raise


def rescore_now(*, kind: str, ids: list[int]) -> int:
    """Recompute the current scores of these entities with the newest model version; the rows written."""
    cache.delete_many([pending_key(kind, entity) for entity in ids])
    return RESCORERS[kind](ids, as_of=timezone.localdate(), model=current_model(kind))
