"""The demo city's scores and their history: scoring runs as of the last day of each past month, then as of the
reference date, each carried through the scoring code's own steps (evaluation/scoring/runs.py) in this process."""

import datetime

from demo.context import add_months
from evaluation.choices import RunTrigger, ScoreKind
from evaluation.models import ScoringRun
from evaluation.scoring.definitions import current_model
from evaluation.scoring.runs import (
    CHUNK_SCORERS,
    CHUNKS,
    scoring_chunk_compute,
    scoring_run_begin,
    scoring_run_publish,
)

HISTORY_MONTHS = 12
# Above this scale the history is left out unless asked for: a run takes about 70 s at scale 500, so a year of them
# would not fit the seed's 5-minute budget there (docs/benchmarks.md, "Demo city generator").
FULL_HISTORY_MAX_SCALE = 50


def default_history_months(scale: float) -> int:
    return HISTORY_MONTHS if scale <= FULL_HISTORY_MAX_SCALE else 0


def history_dates(as_of: datetime.date, months: int) -> list[datetime.date]:
    """The last day of each of the ``months`` months before the month of ``as_of``, oldest first, then ``as_of``."""
    first = as_of.replace(day=1)
    month_ends = [add_months(first, -back) - datetime.timedelta(days=1) for back in range(months - 1, -1, -1)]
    return [*month_ends, as_of]


def score_history(*, city_id: int, as_of: datetime.date, months: int) -> list[ScoringRun]:
    """Run the city's scores as of each of ``history_dates``, oldest first, so the last run's are the current ones.

    Each run is recorded as ``recompute_scores`` records one, with the newest model versions, but rather than being
    sent to the workers it is taken through their steps here and now: the seed ends with its history in place
    whether or not workers are running, and no one else can start a run of a city that is not committed yet.
    """
    runs = []
    health_model, talent_model = current_model(ScoreKind.HEALTH), current_model(ScoreKind.TALENT)
    for day in history_dates(as_of, months):
        run = ScoringRun.objects.create(
            city_id=city_id,
            as_of=day,
            trigger=RunTrigger.COMMAND,
            health_model=health_model,
            talent_model=talent_model,
            chunks_total=len(CHUNK_SCORERS) * CHUNKS,
        )
        for kind, number in scoring_run_begin(run_id=run.pk):
            scoring_chunk_compute(run_id=run.pk, kind=kind, number=number)
        runs.append(scoring_run_publish(run_id=run.pk))
    return runs
