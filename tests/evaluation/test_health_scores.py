"""Partnership health (docs/scoring.md) computed by evaluation.scoring.health, checked against hand computations.

Every test scores as of T = 2026-11-20 with the default weights (0.25 commitments, 0.15 milestones, 0.20
satisfaction, 0.10 recency, 0.15 reciprocity, 0.15 outcomes) unless it says otherwise.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from evaluation.choices import HealthBand, ScoreKind
from evaluation.models import HEALTH_COMPONENTS, PartnershipHealth, PartnershipHealthSnapshot
from evaluation.scoring import runs
from evaluation.scoring.definitions import HEALTH
from evaluation.scoring.health import rescore_agreements, score_health_chunk
from partnerships.choices import AgreementStatus, Party, PlacementStatus
from tests.evaluation.factories import (
    MentorEvaluationFactory,
    PartnershipHealthFactory,
    PartyRatingFactory,
    ScoringModelFactory,
    ScoringRunFactory,
)
from tests.partnerships.factories import (
    CommitmentFactory,
    CooperationAgreementFactory,
    MilestoneFactory,
    PlacementFactory,
)

T = datetime.date(2026, 11, 20)
DAY = datetime.timedelta(days=1)


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """``hour`` o'clock on ``day``, city time (Asia/Shanghai)."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_default_timezone())


def signed(*, starts_on, ends_on, status=AgreementStatus.ACTIVE, countersigned_on=None, **fields):
    """An agreement signed 20 days before it starts (or on ``countersigned_on``)."""
    countersigned_at = moment(countersigned_on or starts_on - 20 * DAY)
    return CooperationAgreementFactory(
        status=status,
        proposer_party=Party.COLLEGE,
        proposed_at=countersigned_at - 2 * DAY,
        countersigned_at=countersigned_at,
        starts_on=starts_on,
        ends_on=ends_on,
        ended_at=moment(ends_on) if status in (AgreementStatus.COMPLETED, AgreementStatus.TERMINATED) else None,
        termination_reason="Moved away." if status == AgreementStatus.TERMINATED else "",
        **fields,
    )


def placement_under(agreement, *, starts_on, **fields):
    """A placement of one of the agreement's college's students at the agreement's enterprise."""
    return PlacementFactory(
        agreement=agreement,
        student__program__college=agreement.college,
        posting__enterprise=agreement.enterprise,
        starts_on=starts_on,
        ends_on=starts_on + 90 * DAY,
        **fields,
    )


def milestone(agreement, *, due_on: datetime.date, done_at: datetime.datetime | None = None):
    return MilestoneFactory(agreement=agreement, due_on=due_on, done_at=done_at, evidence="Report" if done_at else "")


def rate(agreement, party: str, score: int, rated_on: datetime.date):
    return PartyRatingFactory(
        agreement=agreement,
        rater_party=party,
        score=score,
        period=rated_on.replace(day=1) - DAY * 40,
        rated_at=moment(rated_on),
    )


def health_of(agreement, **run_fields) -> PartnershipHealthSnapshot:
    """Score the agreement's city in one chunk and return the agreement's snapshot."""
    run = ScoringRunFactory(city=agreement.college.city, as_of=T, running=True, **run_fields)
    score_health_chunk(run, 0, 1)
    return PartnershipHealthSnapshot.objects.get(run=run, agreement=agreement)


def components(health) -> dict[str, float | None]:
    return {name: getattr(health, name) for name in HEALTH_COMPONENTS}


@pytest.fixture
def agreement(db):
    """Two years from 2025-11-20, so at T one half of its term has elapsed: f = 365 / 730 = 0.5."""
    return signed(starts_on=datetime.date(2025, 11, 20), ends_on=datetime.date(2027, 11, 20))


def test_every_component_by_hand(agreement):
    # Commitments, due pro rata f = 0.5: college 25 of 100 → 25 / 50 = 0.5, and 30 of 40 → 30 / 20, capped at 1;
    # its mean 0.75. Enterprise 5 of 10 → 5 / 5 = 1. Mean of the sides: (0.75 + 1) / 2 = 0.875.
    CommitmentFactory(agreement=agreement, party=Party.COLLEGE, amount=100, delivered_amount=25)
    CommitmentFactory(agreement=agreement, party=Party.COLLEGE, amount=40, delivered_amount=30)
    CommitmentFactory(agreement=agreement, party=Party.ENTERPRISE, amount=10, delivered_amount=5)
    # Milestones due by T: on time 1, late 0.5 (07:00 on 2 June in the city is still 1 June in UTC), not done 0;
    # the one due after T does not count: (1 + 0.5 + 0) / 3 = 0.5.
    milestone(agreement, due_on=datetime.date(2026, 3, 1), done_at=moment(datetime.date(2026, 2, 28)))
    milestone(agreement, due_on=datetime.date(2026, 6, 1), done_at=moment(datetime.date(2026, 6, 2), hour=7))
    milestone(agreement, due_on=datetime.date(2026, 9, 1))
    milestone(agreement, due_on=datetime.date(2027, 3, 1), done_at=moment(datetime.date(2026, 5, 1)))
    # Satisfaction: the college rated 4 and 5 → (0.75 + 1) / 2 = 0.875; the enterprise 3 → 0.5; mean 0.6875.
    # The enterprise's rating of 1 on 1 December comes after T and does not count.
    rate(agreement, Party.COLLEGE, 4, datetime.date(2026, 1, 10))
    rate(agreement, Party.COLLEGE, 5, datetime.date(2026, 6, 9))
    rate(agreement, Party.ENTERPRISE, 3, datetime.date(2026, 1, 12))
    rate(agreement, Party.ENTERPRISE, 1, datetime.date(2026, 12, 1))
    # Placements: two completed by T (one hired), one cancelled, one starting after T (not counted).
    hired = placement_under(
        agreement,
        starts_on=datetime.date(2026, 3, 1),
        status=PlacementStatus.COMPLETED,
        completed_at=moment(datetime.date(2026, 5, 31)),
        hired_after=True,
    )
    placement_under(
        agreement,
        starts_on=datetime.date(2026, 3, 1),
        status=PlacementStatus.COMPLETED,
        completed_at=moment(datetime.date(2026, 5, 31)),
    )
    placement_under(
        agreement,
        starts_on=datetime.date(2026, 3, 1),
        status=PlacementStatus.CANCELLED,
        cancelled_at=moment(datetime.date(2026, 4, 15)),
        cancellation_reason="Fell ill.",
    )
    placement_under(agreement, starts_on=datetime.date(2026, 12, 1))
    MentorEvaluationFactory(
        placement=hired, period=datetime.date(2026, 4, 1), evaluated_at=moment(datetime.date(2026, 5, 5))
    )

    health = health_of(agreement)

    # The last activity by T is the college's rating of 9 June, 164 days before T (countersigned 2025-10-31,
    # milestones 28 February and 2 June, placements started 1 March and completed 31 May, evaluation 5 May):
    # recency = (365 − 164) / (365 − 30) = 0.6.
    # Reciprocity: balance min(0.75, 1) / max(0.75, 1) = 0.75; benefit: placed 1, saw one through 1 → 1;
    # ½ · 0.75 + ½ · 1 = 0.875. Outcomes: ½ · 2 / (2 + 1) + ½ · 1 / 2 = 7 / 12.
    expected = {
        "commitments_kept": 0.875,
        "milestones_on_time": 0.5,
        "satisfaction": 0.6875,
        "recency": 0.6,
        "reciprocity": 0.875,
        "outcomes": 7 / 12,
    }
    assert components(health) == pytest.approx(expected)
    # 100 × (0.25·0.875 + 0.15·0.5 + 0.20·0.6875 + 0.10·0.6 + 0.15·0.875 + 0.15·7/12) = 71.0
    assert (health.score, health.band) == (Decimal("71.0"), HealthBand.HEALTHY)
    assert health.scoring_model == health.run.health_model


def test_weights_are_renormalised_over_the_components_with_data(agreement):
    # No commitments, milestones or ended placements: satisfaction, recency and reciprocity have data (3, the
    # minimum). The college rated 5 (satisfaction 1) ten days before T (recency 1); reciprocity: no commitments
    # (balance 0) and no placements (benefit 0) → 0.
    rate(agreement, Party.COLLEGE, 5, T - 10 * DAY)

    health = health_of(agreement)

    assert components(health) == {
        "commitments_kept": None,
        "milestones_on_time": None,
        "satisfaction": 1.0,
        "recency": 1.0,
        "reciprocity": 0.0,
        "outcomes": None,
    }
    # 100 × (0.20·1 + 0.10·1 + 0.15·0) / (0.20 + 0.10 + 0.15) = 66.67 → 66.7
    assert (health.score, health.band) == (Decimal("66.7"), HealthBand.WATCH)


@pytest.mark.parametrize(
    ("rating", "score", "band"),
    [(4, "75.0", HealthBand.HEALTHY), (3, "50.0", HealthBand.WATCH), (2, "25.0", HealthBand.AT_RISK)],
)
def test_bands_follow_the_model_thresholds(agreement, rating, score, band):
    only_satisfaction = dict.fromkeys(HEALTH.components, 0) | {"satisfaction": 1}
    model = ScoringModelFactory(kind=ScoreKind.HEALTH, weights=only_satisfaction)
    rate(agreement, Party.COLLEGE, rating, T - 10 * DAY)

    health = health_of(agreement, health_model=model)

    # satisfaction (rating − 1) / 4, all the weight: healthy from 70, watch from 50, at risk below.
    assert (health.score, health.band) == (Decimal(score), band)
    assert health.scoring_model == model


def test_an_agreement_younger_than_ninety_days_has_not_enough_data(db):
    young = signed(starts_on=T - 89 * DAY, ends_on=T + 700 * DAY)
    CommitmentFactory(agreement=young, party=Party.ENTERPRISE, amount=10, delivered_amount=1)
    rate(young, Party.COLLEGE, 5, T - DAY)

    health = health_of(young)

    # Four components have data (commitments, satisfaction, recency, reciprocity), but it is 89 days old.
    assert sum(value is not None for value in components(health).values()) == 4
    assert (health.score, health.band) == (None, HealthBand.NOT_ENOUGH_DATA)


def test_fewer_than_three_components_with_data_is_not_enough_data(agreement):
    # Only recency (countersigned) and reciprocity (always known) have data.
    health = health_of(agreement)

    assert [name for name, value in components(health).items() if value is not None] == ["recency", "reciprocity"]
    assert (health.score, health.band) == (None, HealthBand.NOT_ENOUGH_DATA)


def test_commitments_are_all_kept_before_anything_is_due_and_balance_needs_both_sides(db):
    # A completed agreement that started on T: f = 0, nothing is due yet, so each commitment is kept (1).
    # Only the enterprise made commitments: balance 0; no placements: benefit 0; reciprocity 0.
    starting = signed(starts_on=T, ends_on=T + 365 * DAY, status=AgreementStatus.COMPLETED)
    CommitmentFactory(agreement=starting, party=Party.ENTERPRISE, amount=10, delivered_amount=0)

    health = health_of(starting)

    assert (health.commitments_kept, health.reciprocity) == (1.0, 0.0)


def test_recency_is_one_when_fresh_and_zero_when_stale(db):
    fresh = signed(starts_on=T - 400 * DAY, ends_on=T + 400 * DAY, countersigned_on=T - 30 * DAY)
    stale = signed(starts_on=T - 400 * DAY, ends_on=T + 400 * DAY, countersigned_on=T - 365 * DAY)

    assert health_of(fresh).recency == 1.0
    assert health_of(stale).recency == 0.0


def test_outcomes_without_a_completed_placement_credit_no_hire(agreement):
    placement_under(
        agreement,
        starts_on=datetime.date(2026, 3, 1),
        status=PlacementStatus.CANCELLED,
        cancelled_at=moment(datetime.date(2026, 3, 20)),
        cancellation_reason="Fell ill.",
    )

    # ½ · 0 / (0 + 1) + ½ · 0 (no completed placement to have hired from)
    assert health_of(agreement).outcomes == 0.0


def test_only_active_and_completed_agreements_of_the_city_are_scored(agreement):
    city = agreement.college.city
    completed = signed(
        starts_on=T - 800 * DAY, ends_on=T - 70 * DAY, status=AgreementStatus.COMPLETED, college__city=city
    )
    terminated = signed(
        starts_on=T - 400 * DAY, ends_on=T + 300 * DAY, status=AgreementStatus.TERMINATED, college=agreement.college
    )
    proposed = CooperationAgreementFactory(proposed=True, college=agreement.college)
    elsewhere = signed(starts_on=T - 400 * DAY, ends_on=T + 300 * DAY)
    run = ScoringRunFactory(city=city, as_of=T, running=True)

    written = score_health_chunk(run, 0, 1)

    scored = set(run.health_snapshots.values_list("agreement_id", flat=True))
    assert scored == {agreement.pk, completed.pk}
    assert written == 2
    assert not scored & {terminated.pk, proposed.pk, elsewhere.pk}


def test_chunks_split_the_agreements_and_a_chunk_run_twice_writes_the_same_rows(agreement, monkeypatch):
    city = agreement.college.city
    others = [signed(starts_on=T - 400 * DAY, ends_on=T + 300 * DAY, college__city=city) for _ in range(4)]
    run = ScoringRunFactory(city=city, as_of=T, running=True)
    # In three chunks, each delivered as a worker does: a chunk's second delivery is what a redelivery looks like.
    monkeypatch.setattr(runs, "CHUNKS", 3)

    def deliver(number: int) -> int:
        runs.scoring_chunk_compute(run_id=run.pk, kind=ScoreKind.HEALTH, number=number)
        return run.chunks.get(kind=ScoreKind.HEALTH, number=number).rows

    written = [deliver(chunk) for chunk in range(3)]
    first = list(run.health_snapshots.order_by("agreement").values())
    again = deliver(1)

    assert sum(written) == 5
    assert sorted(row["agreement_id"] for row in first) == sorted([agreement.pk, *(other.pk for other in others)])
    assert again == written[1]
    after = list(run.health_snapshots.order_by("agreement").values())
    assert [{**row, "id": None} for row in after] == [{**row, "id": None} for row in first]


def test_incremental_equals_the_full_computation_and_drops_unscored_agreements(agreement):
    CommitmentFactory(agreement=agreement, party=Party.COLLEGE, amount=100, delivered_amount=60)
    rate(agreement, Party.ENTERPRISE, 4, T - 40 * DAY)
    terminated = signed(starts_on=T - 400 * DAY, ends_on=T + 300 * DAY, college=agreement.college)
    full = health_of(agreement)
    # Its current score, as the incremental path wrote it while it was active.
    PartnershipHealthFactory(
        agreement=terminated,
        scoring_model=full.scoring_model,
        band=HealthBand.AT_RISK,
        score=10,
        computed_at=moment(T),
        incremental=True,
    )
    terminated.status, terminated.ended_at, terminated.termination_reason = (
        AgreementStatus.TERMINATED,
        moment(T),
        "Gone.",
    )
    terminated.save()

    written = rescore_agreements([agreement.pk, terminated.pk], as_of=T, model=full.scoring_model)

    current = PartnershipHealth.objects.get()
    assert written == 1
    assert current.agreement == agreement
    assert (current.run, current.scoring_model) == (None, full.scoring_model)
    assert (current.score, current.band, components(current)) == (full.score, full.band, components(full))
