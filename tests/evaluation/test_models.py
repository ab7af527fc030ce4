import datetime
from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F

from evaluation.choices import CertificationStatus, HealthBand, RunState
from evaluation.models import (
    HEALTH_COMPONENTS,
    RUBRIC_FIELDS,
    TALENT_COMPONENTS,
    CityScores,
    PartnershipHealthSnapshot,
    TalentScoreSnapshot,
)
from evaluation.scoring.storage import SNAPSHOTS, partition_name
from partnerships.choices import Party
from tests.evaluation.factories import (
    CityAggregateFactory,
    IntegrationCertificationFactory,
    MentorEvaluationFactory,
    PartnershipHealthFactory,
    PartnershipHealthSnapshotFactory,
    PartyRatingFactory,
    ScoringModelFactory,
    ScoringRunChunkFactory,
    ScoringRunFactory,
    TalentScoreFactory,
    TalentScoreSnapshotFactory,
)

LONG_AGO = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
LATER = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)


def current_health_row(**kwargs) -> PartnershipHealthSnapshot:
    """The row behind a current health score: its snapshot in the city's current run (the current scores are a
    view of those rows, so the snapshot's checks are the ones that hold for them)."""
    health = PartnershipHealthFactory(**kwargs)
    run_id = CityScores.objects.get(city=health.agreement.college.city).run_id
    return PartnershipHealthSnapshot.objects.get(run_id=run_id, agreement=health.agreement)


def current_talent_row(**kwargs) -> TalentScoreSnapshot:
    """The row behind a current talent score, as ``current_health_row``."""
    talent = TalentScoreFactory(**kwargs)
    run_id = CityScores.objects.get(city=talent.student.program.college.city).run_id
    return TalentScoreSnapshot.objects.get(run_id=run_id, student=talent.student)


# case id prefix: (factory of the row the database checks, the prefix of its checks' names)
HEALTH_FACTORIES = {
    "partnership_health": (current_health_row, "health_snapshot"),
    "health_snapshot": (PartnershipHealthSnapshotFactory, "health_snapshot"),
}
TALENT_FACTORIES = {
    "talent_score": (current_talent_row, "talent_snapshot"),
    "talent_snapshot": (TalentScoreSnapshotFactory, "talent_snapshot"),
}

# (factory of a valid row, values that break one check, the check's name)
CHECKS = [
    pytest.param(
        IntegrationCertificationFactory,
        {"status": CertificationStatus.CERTIFIED},
        "certification_decision_recorded",
        id="certified-without-decision",
    ),
    pytest.param(
        partial(IntegrationCertificationFactory, certified=True),
        {"decided_at": F("applied_at") - datetime.timedelta(days=1)},
        "certification_decision_recorded",
        id="decided-before-applied",
    ),
    pytest.param(
        IntegrationCertificationFactory,
        {"revoked_at": LATER},
        "certification_revocation_recorded",
        id="revocation-date-while-applied",
    ),
    pytest.param(
        partial(IntegrationCertificationFactory, revoked=True),
        {"revoked_by": None},
        "certification_revocation_recorded",
        id="revoked-by-nobody",
    ),
    pytest.param(
        partial(IntegrationCertificationFactory, rejected=True),
        {"reason": ""},
        "certification_refusal_has_reason",
        id="rejected-without-reason",
    ),
    pytest.param(
        partial(IntegrationCertificationFactory, revoked=True),
        {"reason": ""},
        "certification_refusal_has_reason",
        id="revoked-without-reason",
    ),
    *(
        pytest.param(MentorEvaluationFactory, {field: mark}, f"mentor_evaluation_{field}_1_to_5", id=f"{field}={mark}")
        for field in RUBRIC_FIELDS
        for mark in (0, 6)
    ),
    pytest.param(PartyRatingFactory, {"score": 0}, "party_rating_score_1_to_5", id="score=0"),
    pytest.param(PartyRatingFactory, {"score": 6}, "party_rating_score_1_to_5", id="score=6"),
    pytest.param(ScoringModelFactory, {"version": 0}, "scoring_model_version_positive", id="version=0"),
    pytest.param(
        ScoringRunFactory, {"finished_at": LONG_AGO}, "scoring_run_finishes_after_it_starts", id="finished-first"
    ),
    *(
        case
        for prefix, (factory, checks) in HEALTH_FACTORIES.items()
        for case in (
            pytest.param(
                factory,
                {"band": HealthBand.NOT_ENOUGH_DATA},
                f"{checks}_score_iff_enough_data",
                id=f"{prefix}-not-enough-data-scored",
            ),
            pytest.param(
                factory, {"score": Decimal("100.5")}, f"{checks}_score_iff_enough_data", id=f"{prefix}-score=100.5"
            ),
            *(
                pytest.param(
                    factory, {field: share}, f"{checks}_{field}_between_0_and_1", id=f"{prefix}-{field}={share}"
                )
                for field in HEALTH_COMPONENTS
                for share in (-0.1, 1.1)
            ),
        )
    ),
    *(
        case
        for prefix, (factory, checks) in TALENT_FACTORIES.items()
        for case in (
            pytest.param(
                factory, {"score": Decimal("-1")}, f"{checks}_score_and_percentile_0_to_100", id=f"{prefix}-score=-1"
            ),
            pytest.param(
                factory,
                {"percentile": Decimal("100.1")},
                f"{checks}_score_and_percentile_0_to_100",
                id=f"{prefix}-percentile=100.1",
            ),
            *(
                pytest.param(
                    factory, {field: share}, f"{checks}_{field}_between_0_and_1", id=f"{prefix}-{field}={share}"
                )
                for field in TALENT_COMPONENTS
                for share in (-0.1, 1.1)
            ),
        )
    ),
]
# (factory, fields a second row repeats from the first, the unique constraint's name)
UNIQUES = [
    pytest.param(
        IntegrationCertificationFactory,
        ["enterprise"],
        "certification_one_open_per_enterprise",
        id="second-open-application",
    ),
    pytest.param(
        MentorEvaluationFactory, ["placement", "period"], "mentor_evaluation_once_per_period", id="evaluated-twice"
    ),
    pytest.param(
        PartyRatingFactory, ["agreement", "rater_party", "period"], "party_rating_once_per_period", id="rated-twice"
    ),
    pytest.param(ScoringModelFactory, ["kind", "version"], "scoring_model_version_unique", id="version-twice"),
    pytest.param(
        partial(ScoringRunFactory, queued=True),
        ["city"],
        "scoring_run_one_at_a_time_per_city",
        id="two-runs-under-way",
    ),
    pytest.param(ScoringRunChunkFactory, ["run", "kind", "number"], "scoring_run_chunk_once", id="chunk-twice"),
    pytest.param(
        PartnershipHealthSnapshotFactory, ["run", "agreement"], "health_snapshot_once_per_run", id="health-twice"
    ),
    pytest.param(TalentScoreSnapshotFactory, ["run", "student"], "talent_snapshot_once_per_run", id="talent-twice"),
    pytest.param(CityAggregateFactory, ["run", "dimension", "key"], "city_aggregate_once_per_run", id="figure-twice"),
]


@pytest.mark.parametrize(("factory", "bad_values", "constraint"), CHECKS)
def test_database_refuses_a_row_that_breaks_a_check(refused_by_database, factory, bad_values, constraint):
    row = factory()

    with refused_by_database(constraint):
        type(row).objects.filter(pk=row.pk).update(**bad_values)


def partition_index(constraint: str, row) -> str | None:
    """On PostgreSQL, the name under which the database reports a duplicate of ``row`` refused by ``constraint``
    when ``row`` is a snapshot: the snapshot tables are partitioned by run, and a unique constraint is enforced by
    its index's copy on the row's partition (attached to it, named by PostgreSQL). None otherwise."""
    if connection.vendor != "postgresql" or type(row) not in SNAPSHOTS:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT child.relname FROM pg_inherits JOIN pg_class child ON child.oid = pg_inherits.inhrelid "
            "JOIN pg_index ON pg_index.indexrelid = child.oid "
            "WHERE pg_inherits.inhparent = to_regclass(%s) AND pg_index.indrelid = to_regclass(%s)",
            [constraint, partition_name(type(row), row.run_id)],
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize(("factory", "repeated_fields", "constraint"), UNIQUES)
def test_database_refuses_a_duplicate(refused_by_database, factory, repeated_fields, constraint):
    existing = factory()

    with refused_by_database(constraint, reported_as=partition_index(constraint, existing)):
        factory(**{field: getattr(existing, field) for field in repeated_fields})


def test_every_constraint_of_the_app_has_a_case(app_constraint_names):
    assert {case.values[-1] for case in CHECKS + UNIQUES} == app_constraint_names("evaluation")


def test_each_party_rates_the_other_once_per_period(db):
    college_rating = PartyRatingFactory(rater_party=Party.COLLEGE)

    PartyRatingFactory(agreement=college_rating.agreement, rater_party=Party.ENTERPRISE)

    assert college_rating.agreement.ratings.count() == 2


@pytest.mark.parametrize("closed", ["rejected", "revoked"])
def test_enterprise_may_apply_again_after_rejection_or_revocation(db, closed):
    previous = IntegrationCertificationFactory(**{closed: True})

    IntegrationCertificationFactory(enterprise=previous.enterprise)

    assert previous.enterprise.certifications.count() == 2


@pytest.mark.parametrize(
    "factory",
    [
        IntegrationCertificationFactory,
        partial(IntegrationCertificationFactory, certified=True),
        partial(IntegrationCertificationFactory, rejected=True),
        partial(IntegrationCertificationFactory, revoked=True),
        MentorEvaluationFactory,
        PartyRatingFactory,
        ScoringModelFactory,
        ScoringRunFactory,
        ScoringRunChunkFactory,
        PartnershipHealthFactory,
        PartnershipHealthSnapshotFactory,
        TalentScoreFactory,
        TalentScoreSnapshotFactory,
        CityAggregateFactory,
    ],
)
def test_factory_rows_pass_model_validation(db, factory):
    factory().full_clean()


def test_a_city_keeps_its_finished_runs_beside_the_one_under_way(db):
    succeeded = ScoringRunFactory()
    ScoringRunFactory(city=succeeded.city, failed=True)
    ScoringRunFactory(city=succeeded.city, running=True)

    assert succeeded.city.scoring_runs.filter(state=RunState.RUNNING).count() == 1
    assert succeeded.city.scoring_runs.count() == 3


@pytest.mark.parametrize(("factory", "checks"), HEALTH_FACTORIES.values(), ids=HEALTH_FACTORIES.keys())
def test_database_refuses_a_band_other_than_not_enough_data_without_a_score(refused_by_database, factory, checks):
    row = factory()

    with refused_by_database(f"{checks}_score_iff_enough_data"):
        type(row).objects.filter(pk=row.pk).update(score=None)


def test_a_run_given_up_before_it_started_finishes_without_a_start(db):
    ScoringRunFactory(queued=True, state=RunState.FAILED, finished_at=LONG_AGO).full_clean()


def test_not_enough_data_is_a_band_without_a_score(db):
    PartnershipHealthFactory(score=None, band=HealthBand.NOT_ENOUGH_DATA, outcomes=None).full_clean()


def test_model_validation_reports_every_mark_out_of_range(db):
    evaluation = MentorEvaluationFactory()
    evaluation.teamwork, evaluation.innovation = 0, 6

    with pytest.raises(ValidationError) as error:
        evaluation.full_clean()

    assert error.value.message_dict["__all__"] == ["Marks are whole numbers from 1 to 5."] * 2


def test_model_validation_reports_the_checks_message(db):
    certification = IntegrationCertificationFactory(rejected=True)
    certification.reason = ""

    with pytest.raises(ValidationError) as error:
        certification.full_clean()

    assert error.value.message_dict["__all__"] == ["A rejection or revocation needs a reason."]


# A comparison with NULL is unknown and a check passes unless it is false, so the checks test for NULL first.
@pytest.mark.parametrize(
    ("trait", "date_field", "constraint"),
    [
        ("certified", "decided_at", "certification_decision_recorded"),
        ("revoked", "revoked_at", "certification_revocation_recorded"),
    ],
)
def test_database_refuses_a_decision_without_its_date(refused_by_database, trait, date_field, constraint):
    certification = IntegrationCertificationFactory(**{trait: True})

    with refused_by_database(constraint):
        type(certification).objects.filter(pk=certification.pk).update(**{date_field: None})
