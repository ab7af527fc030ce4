"""Publishing a run: its snapshots become the city's current scores, and its aggregates are written."""

from django.db import transaction

from evaluation.models import ScoringRun
from evaluation.scoring.aggregates import write_aggregates
from evaluation.scoring.health import HEALTH
from evaluation.scoring.sql import begin_scoring
from evaluation.scoring.talent import TALENT
from evaluation.scoring.writes import publish_scores


def publish_run(run: ScoringRun) -> tuple[int, int]:
    """In one transaction, make the run's snapshots the city's current health and talent scores (computed at the
    run's start, so publishing again writes the same rows) and write its aggregates; (agreements, students) the
    run scored."""
    if run.started_at is None:
        raise ValueError("A run is published after it has started.")
    with transaction.atomic():
        begin_scoring()
        publish_scores(HEALTH, run)
        publish_scores(TALENT, run)
        write_aggregates(run)
        return run.health_snapshots.count(), run.talent_snapshots.count()
