"""Publishing a run: its rows are sealed and its aggregates written (``publication_prepare``, which may be done
again), then its snapshots become the city's current scores by moving the city's pointer to it (``publish_run``,
one short transaction)."""

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from evaluation.choices import ScoreKind
from evaluation.models import CityScores, ScoringRun
from evaluation.scoring.aggregates import write_aggregates
from evaluation.scoring.health import HEALTH
from evaluation.scoring.sql import begin_scoring
from evaluation.scoring.storage import run_storage_seal
from evaluation.scoring.talent import TALENT
from evaluation.scoring.writes import carry_over


def publication_prepare(run: ScoringRun) -> None:
    """Seal the run's rows (``storage``) and write its aggregates, each in its own transactions; the aggregates are
    read through the city's latest succeeded run, so nothing of this is visible before ``publish_run``."""
    run_storage_seal(run)
    aggregates_write(run)


def aggregates_write(run: ScoringRun) -> None:
    """The run's aggregates, replaced in a transaction of their own."""
    with transaction.atomic():
        begin_scoring()
        write_aggregates(run)


def publish_run(run: ScoringRun) -> tuple[int, int]:
    """Make the run the city's current one, in the caller's transaction; (agreements, students) the run scored.

    The city's pointer is locked first: a rescore under way (it holds the pointer ``FOR SHARE``) commits into the
    previous run before this goes on, and the next one waits and writes into this run. What the incremental path
    wrote into the previous run since this run started is fresher than this run's rows and is carried over.
    A few statements whatever the size of the city: no score row is copied but those.
    """
    if run.started_at is None:
        raise ValueError("A run is published after it has started.")
    pointer = CityScores.objects.select_for_update().filter(city_id=run.city_id).first()
    if pointer is None:
        CityScores.objects.create(city_id=run.city_id, run=run)
    elif pointer.run_id != run.pk:
        for query in (HEALTH, TALENT):
            carry_over(query, previous_run_id=pointer.run_id, run=run)
        pointer.run, pointer.published_at = run, timezone.now()
        pointer.save(update_fields=["run", "published_at"])
    scored = dict(run.chunks.order_by().values("kind").annotate(rows=Sum("rows")).values_list("kind", "rows"))
    return scored.get(ScoreKind.HEALTH, 0), scored.get(ScoreKind.TALENT, 0)
