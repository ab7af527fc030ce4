"""The demo city's scores (``seed_city`` ends with them): a year of monthly scoring runs as of past dates, run by
the scoring code, the last of which holds the current scores."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from demo.history import FULL_HISTORY_MAX_SCALE, default_history_months, history_dates
from evaluation.choices import RunState, RunTrigger
from evaluation.models import (
    CityAggregate,
    MentorEvaluation,
    PartnershipHealth,
    PartyRating,
    ScoringRun,
    TalentScore,
)
from partnerships.models import Placement

AS_OF = datetime.date(2026, 3, 1)
HEALTH = ("agreement_id", "scoring_model_id", "score", "band", "commitments_kept", "satisfaction", "recency")
TALENT = ("student_id", "scoring_model_id", "score", "percentile", "practice", "certificates", "placement", "mentor")


def seed_city(**options) -> str:
    out = io.StringIO()
    call_command("seed_city", stdout=out, **{"scale": 0.05, "as_of": AS_OF.isoformat(), **options})
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return seed_city()


def test_the_history_is_the_last_day_of_each_of_the_months_before_then_the_day_itself():
    assert history_dates(datetime.date(2026, 3, 1), 3) == [
        datetime.date(2025, 12, 31),
        datetime.date(2026, 1, 31),
        datetime.date(2026, 2, 28),
        datetime.date(2026, 3, 1),
    ]
    assert history_dates(datetime.date(2026, 1, 31), 1) == [datetime.date(2025, 12, 31), datetime.date(2026, 1, 31)]
    assert history_dates(AS_OF, 0) == [AS_OF]


def test_a_year_of_history_up_to_the_scale_it_fits_the_time_budget_and_none_above():
    assert default_history_months(1) == default_history_months(FULL_HISTORY_MAX_SCALE) == 12
    assert default_history_months(FULL_HISTORY_MAX_SCALE + 1) == default_history_months(500) == 0


def test_the_seed_ends_with_a_year_of_monthly_runs_that_succeeded(seeded):
    runs = list(ScoringRun.objects.order_by("as_of"))

    assert [run.as_of for run in runs] == history_dates(AS_OF, 12)
    assert runs[0].as_of == datetime.date(2025, 3, 31)
    assert {(run.state, run.error, run.trigger, run.requested_by_id) for run in runs} == {
        (RunState.SUCCEEDED, "", RunTrigger.COMMAND, None)
    }
    assert [run.pk for run in runs] == sorted(run.pk for run in runs)  # computed oldest first
    for run in runs:
        assert run.agreements_scored > 0, run
        assert run.students_scored > 0, run
        assert run.chunks.count() == run.chunks_total
        assert CityAggregate.objects.filter(run=run).exists(), run
    assert (
        "Scores: one scoring run as of the end of each of 12 months from 2025-03-31, and one as of 2026-03-01;"
        in seeded
    )


def test_the_current_scores_are_the_latest_runs(seeded):
    latest = ScoringRun.objects.latest("as_of")

    assert set(PartnershipHealth.objects.values_list("run", flat=True)) == {latest.pk}
    assert set(TalentScore.objects.values_list("run", flat=True)) == {latest.pk}
    assert sorted(PartnershipHealth.objects.values_list(*HEALTH)) == sorted(
        latest.health_snapshots.values_list(*HEALTH)
    )
    assert sorted(TalentScore.objects.values_list(*TALENT)) == sorted(latest.talent_snapshots.values_list(*TALENT))


def test_the_inputs_have_a_history_so_the_trend_moves(seeded):
    """The demo's placements, evaluations and ratings reach back before the first run, and go on after it."""
    first, latest = ScoringRun.objects.earliest("as_of"), ScoringRun.objects.latest("as_of")

    for inputs in (
        Placement.objects.filter(starts_on__lte=first.as_of),
        MentorEvaluation.objects.filter(evaluated_at__date__lte=first.as_of),
        PartyRating.objects.filter(rated_at__date__lte=first.as_of),
    ):
        assert inputs.exists(), inputs.model
    assert Placement.objects.filter(starts_on__gt=first.as_of, starts_on__lte=latest.as_of).exists()
    assert MentorEvaluation.objects.filter(evaluated_at__date__gt=first.as_of).exists()
    # Scores as of a year ago differ from today's: the history is computed, not copied.
    assert sorted(first.health_snapshots.values_list("agreement_id", "score")) != sorted(
        latest.health_snapshots.values_list("agreement_id", "score")
    )
    assert sorted(first.talent_snapshots.values_list("student_id", "score")) != sorted(
        latest.talent_snapshots.values_list("student_id", "score")
    )


def test_history_months_chooses_the_length_of_the_history(db):
    seed_city(history_months=2)
    assert list(ScoringRun.objects.order_by("as_of").values_list("as_of", flat=True)) == history_dates(AS_OF, 2)

    seed_city(history_months=0, reset=True)
    assert list(ScoringRun.objects.values_list("as_of", "state")) == [(AS_OF, RunState.SUCCEEDED)]
    assert set(TalentScore.objects.values_list("run", flat=True)) == {ScoringRun.objects.get().pk}


def test_seeding_again_adds_no_run(seeded):
    runs = set(ScoringRun.objects.values_list("pk", "as_of", "finished_at"))

    output = seed_city()

    assert "nothing changed" in output
    assert set(ScoringRun.objects.values_list("pk", "as_of", "finished_at")) == runs


@pytest.mark.parametrize("months", [-1, 37])
def test_a_history_longer_than_three_years_or_negative_is_refused(db, months):
    with pytest.raises(CommandError, match="--history-months must be from 0 to 36"):
        seed_city(history_months=months)

    assert not ScoringRun.objects.exists()
