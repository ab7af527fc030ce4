"""Runs: recomputing a city's scores in chunks that any worker may take, crash-safe and idempotent.

A run is queued (one at a time per city), started, split into a fixed number of chunks per score (so a run
costs the same number of statements and tasks whatever the size of the city), and published when its last chunk
is done. Each chunk writes the run's snapshot rows of its share of the entities in one transaction that first
records the chunk done, so a chunk re-delivered after a crash (or sent twice) finds itself done and writes
nothing again. Publishing seals the run's rows (``storage``), writes its aggregates and then, in one short
transaction, makes the run the city's current one: until then, and whatever happens to the run, the previous
complete results stay readable.
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import BusinessRuleViolation
from evaluation.choices import RunState, ScoreKind
from evaluation.models import CityScores, ScoringRun, ScoringRunChunk
from evaluation.scoring.definitions import current_model
from evaluation.scoring.health import score_health_chunk
from evaluation.scoring.publish import publication_prepare, publish_run
from evaluation.scoring.storage import run_storage_drop, run_storage_prepare
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
            run_storage_prepare(run)
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
            # Recorded first: a second delivery of the chunk waits here for the first to commit, then finds it
            # done (or, if the first rolled back, does the work itself).
            chunk, created = ScoringRunChunk.objects.get_or_create(
                run=run, kind=kind, number=number, defaults={"rows": 0}
            )
            if created:
                chunk.rows, chunk.finished_at = CHUNK_SCORERS[kind](run, number, CHUNKS), timezone.now()
                chunk.save(update_fields=["rows", "finished_at"])
        if run.chunks.count() == run.chunks_total:
            ScoringRun.objects.filter(pk=run.pk, state=RunState.RUNNING).update(state=RunState.PUBLISHING)
    return ScoringRun.objects.filter(pk=run.pk, state=RunState.PUBLISHING).exists()


def scoring_run_publish(*, run_id: int) -> ScoringRun:
    """Seal the run's rows and write its aggregates (both may be done again), then make its scores current in one
    short transaction; the run succeeded. Nothing of it is visible before that transaction commits: the
    aggregates are read through the city's latest succeeded run."""
    run = ScoringRun.objects.get(pk=run_id)
    if run.state != RunState.PUBLISHING:
        return run
    publication_prepare(run)
    with transaction.atomic():
        run = ScoringRun.objects.select_for_update().get(pk=run_id)
        if run.state != RunState.PUBLISHING:
            return run
        run.agreements_scored, run.students_scored = publish_run(run)
        run.state, run.finished_at = RunState.SUCCEEDED, timezone.now()
        run.save(update_fields=["agreements_scored", "students_scored", "state", "finished_at"])
    return run


def scoring_run_fail(*, run_id: int, error: str) -> None:
    """Record that a run gave up; its partial snapshots stay for inspection (on PostgreSQL in its own table, not
    attached) until retention drops them, and the current scores are untouched."""
    ScoringRun.objects.filter(pk=run_id, state__in=UNDER_WAY).update(
        state=RunState.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def scoring_runs_expire(*, older_than: datetime.timedelta) -> int:
    """Fail the runs under way for longer than ``older_than`` (a lost task); the next run may then start."""
    stale = ScoringRun.objects.filter(state__in=UNDER_WAY, queued_at__lt=timezone.now() - older_than)
    return stale.update(state=RunState.FAILED, error=_("Gave up: not finished in time."), finished_at=timezone.now())


def runs_to_prune(
    runs: list[ScoringRun], *, today: datetime.date, keep_days: int, keep_months: int
) -> list[ScoringRun]:
    """Which of these runs (none of them current or under way) lose their snapshot rows: every run older than
    ``keep_days``, but for the last succeeded run of each month (by its date) for ``keep_months`` months, so that
    a trend keeps a point a month."""
    recent = today - datetime.timedelta(days=keep_days)
    oldest_month = (today.year * 12 + today.month - 1) - keep_months
    monthly = {}
    for run in sorted(runs, key=lambda run: (run.as_of, run.finished_at or run.queued_at, run.pk)):
        if run.state == RunState.SUCCEEDED:
            monthly[(run.city_id, run.as_of.year, run.as_of.month)] = run.pk
    kept = {pk for (_city, year, month), pk in monthly.items() if year * 12 + month - 1 > oldest_month}
    return [run for run in runs if run.as_of < recent and run.pk not in kept]


def scoring_snapshots_prune(*, today: datetime.date | None = None) -> list[int]:
    """Retention: remove the snapshot rows of the runs no longer kept (``runs_to_prune`` with the settings
    ``SCORES_KEEP_DAYS`` and ``SCORES_KEEP_MONTHS``), a run at a time; the runs pruned. A city's current run and
    the runs under way are never touched, and neither are run records and aggregates (the dashboards' trends)."""
    current = CityScores.objects.values("run_id")
    candidates = list(
        ScoringRun.objects.filter(pruned_at__isnull=True).exclude(state__in=UNDER_WAY).exclude(pk__in=current)
    )
    pruned = []
    for run in runs_to_prune(
        candidates,
        today=today or timezone.localdate(),
        keep_days=settings.SCORES_KEEP_DAYS,
        keep_months=settings.SCORES_KEEP_MONTHS,
    ):
        with transaction.atomic():
            # Locked, and still not current: a publication of this run cannot happen meanwhile (it is not under
            # way), and the pointer cannot move back to it.
            locked = ScoringRun.objects.select_for_update().filter(pk=run.pk, pruned_at__isnull=True)
            if not locked.exclude(pk__in=current).exists():
                continue
            run_storage_drop(run.pk)
            locked.update(pruned_at=timezone.now())
        pruned.append(run.pk)
    return pruned
