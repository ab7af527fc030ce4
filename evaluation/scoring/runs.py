"""Runs: recomputing a city's scores in chunks that any worker may take, crash-safe and idempotent.

A run is queued (one at a time per city), started, split into a fixed number of chunks per score (so a run
costs the same number of statements and tasks whatever the size of the city), and published when its last chunk
is done. Each chunk writes the run's snapshot rows of its share of the entities in one transaction, deleting
them first, so a chunk re-delivered after a crash (or run twice) writes the same rows again. Publishing makes the
run's snapshots the city's current scores in one transaction: until then, and whatever happens to the run, the
previous complete results stay readable.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import BusinessRuleViolation
from evaluation.choices import RunState, ScoreKind
from evaluation.models import ScoringRun, ScoringRunChunk
from evaluation.scoring.definitions import current_model
from evaluation.scoring.health import score_health_chunk
from evaluation.scoring.publish import publish_run
from evaluation.scoring.talent import score_talent_chunk

# Chunks per score: a run is 2 × CHUNKS tasks whatever the size of the city (the issue allows ~1,000).
CHUNKS = 8
CHUNK_SCORERS = {ScoreKind.HEALTH: score_health_chunk, ScoreKind.TALENT: score_talent_chunk}
UNDER_WAY = (RunState.QUEUED, RunState.RUNNING, RunState.PUBLISHING)

logger = logging.getLogger(__name__)


def scoring_run_start(
    *, city_id: int, trigger: str, requested_by_id: int | None = None, as_of: datetime.date | None = None
) -> ScoringRun:
    """Queue a full recomputation of a city's scores with the newest model versions; the work starts once the
    run is committed. Refused (409) while another run of the city is under way. A run that cannot start (the
    broker is away; run eagerly, its computation raised) is failed with the error, which its record shows, rather
    than left queued to refuse the next run until it expires."""
    try:
        with transaction.atomic():
            run = ScoringRun.objects.create(
                city_id=city_id,
                as_of=as_of or timezone.localdate(),
                trigger=trigger,
                requested_by_id=requested_by_id,
                health_model=current_model(ScoreKind.HEALTH),
                talent_model=current_model(ScoreKind.TALENT),
                chunks_total=len(CHUNK_SCORERS) * CHUNKS,
            )
    except IntegrityError as conflict:
        raise BusinessRuleViolation(_("A run of this city's scores is already under way.")) from conflict
    transaction.on_commit(lambda: _send(run.pk))
    return run


def _send(run_id: int) -> None:
    from evaluation.tasks import scoring_run_task  # the tasks module imports this one

    try:
        scoring_run_task.delay(run_id)
    except Exception as exc:
        logger.exception("Scoring run %s could not start.", run_id)
        # Run eagerly, the failing task has recorded its own error already; this keeps that one.
        scoring_run_fail(run_id=run_id, error=f"{type(exc).__name__}: {exc}")


def scoring_run_begin(*, run_id: int) -> list[tuple[str, int]]:
    """Mark the run started and say which chunks remain (all of them, or the ones a crash left undone)."""
    with transaction.atomic():
        run = ScoringRun.objects.select_for_update().get(pk=run_id)
        if run.state not in (RunState.QUEUED, RunState.RUNNING):
            return []
        if run.state == RunState.QUEUED:
            run.state, run.started_at = RunState.RUNNING, timezone.now()
            run.save(update_fields=["state", "started_at"])
        done = set(run.chunks.values_list("kind", "number"))
    return [(kind, number) for kind in CHUNK_SCORERS for number in range(CHUNKS) if (kind, number) not in done]


def scoring_chunk_compute(*, run_id: int, kind: str, number: int) -> bool:
    """Compute one chunk of a run and record it done; after the last one the run is to be published.

    Returns whether the run awaits publication: true for the last chunk, and again for a chunk re-delivered
    after a crash between its work and the hand-over, so that a publication is never lost (publishing twice
    changes nothing).
    """
    run = ScoringRun.objects.select_related("health_model", "talent_model").get(pk=run_id)
    if run.state == RunState.RUNNING:
        with transaction.atomic():
            rows = CHUNK_SCORERS[kind](run, number, CHUNKS)
            ScoringRunChunk.objects.update_or_create(
                run=run, kind=kind, number=number, defaults={"rows": rows, "finished_at": timezone.now()}
            )
        if run.chunks.count() == run.chunks_total:
            ScoringRun.objects.filter(pk=run.pk, state=RunState.RUNNING).update(state=RunState.PUBLISHING)
    return ScoringRun.objects.filter(pk=run.pk, state=RunState.PUBLISHING).exists()


def scoring_run_publish(*, run_id: int) -> ScoringRun:
    """Make the run's scores current and write its aggregates, in one transaction; the run succeeded."""
    with transaction.atomic():
        run = ScoringRun.objects.select_for_update().get(pk=run_id)
        if run.state != RunState.PUBLISHING:
            return run
        run.agreements_scored, run.students_scored = publish_run(run)
        run.state, run.finished_at = RunState.SUCCEEDED, timezone.now()
        run.save(update_fields=["agreements_scored", "students_scored", "state", "finished_at"])
    return run


def scoring_run_fail(*, run_id: int, error: str) -> None:
    """Record that a run gave up; its partial snapshots stay for inspection, the current scores are untouched."""
    ScoringRun.objects.filter(pk=run_id, state__in=UNDER_WAY).update(
        state=RunState.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def scoring_runs_expire(*, older_than: datetime.timedelta) -> int:
    """Fail the runs under way for longer than ``older_than`` (a lost task); the next run may then start."""
    stale = ScoringRun.objects.filter(state__in=UNDER_WAY, queued_at__lt=timezone.now() - older_than)
    return stale.update(state=RunState.FAILED, error=_("Gave up: not finished in time."), finished_at=timezone.now())
