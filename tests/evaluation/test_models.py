import datetime
from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F

from evaluation.choices import CertificationStatus, HealthBand, RunState
from evaluation.models import HEALTH_COMPONENTS, RUBRIC_FIELDS, TALENT_COMPONENTS
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
HEALTH_FACTORIES = {
    "partnership_health": PartnershipHealthFactory,
    "health_snapshot": PartnershipHealthSnapshotFactory,
}
TALENT_FACTORIES = {"talent_score": TalentScoreFactory, "talent_snapshot": TalentScoreSnapshotFactory}

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
        for prefix, factory in HEALTH_FACTORIES.items()
        for case in (
            pytest.param(
                factory,
                {"band": HealthBand.NOT_ENOUGH_DATA},
                f"{prefix}_score_iff_enough_data",
                id=f"{prefix}-not-enough-data-scored",
            ),
            pytest.param(
                factory, {"score": Decimal("100.5")}, f"{prefix}_score_iff_enough_data", id=f"{prefix}-score=100.5"
            ),
            *(
                pytest.param(
                    factory, {field: share}, f"{prefix}_{field}_between_0_and_1", id=f"{prefix}-{field}={share}"
                )
                for field in HEALTH_COMPONENTS
                for share in (-0.1, 1.1)
            ),
        )
    ),
    *(
        case
        for prefix, factory in TALENT_FACTORIES.items()
        for case in (
            pytest.param(
                factory, {"score": Decimal("-1")}, f"{prefix}_score_and_percentile_0_to_100", id=f"{prefix}-score=-1"
            ),
            pytest.param(
                factory,
                {"percentile": Decimal("100.1")},
                f"{prefix}_score_and_percentile_0_to_100",
                id=f"{prefix}-percentile=100.1",
            ),
            *(
                pytest.param(
                    factory, {field: share}, f"{prefix}_{field}_between_0_and_1", id=f"{prefix}-{field}={share}"
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


@pytest.mark.parametrize(("factory", "repeated_fields", "constraint"), UNIQUES)
def test_database_refuses_a_duplicate(refused_by_database, factory, repeated_fields, constraint):
    existing = factory()

    with refused_by_database(constraint):
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


@pytest.mark.parametrize("factory", HEALTH_FACTORIES.values(), ids=HEALTH_FACTORIES.keys())
def test_database_refuses_a_band_other_than_not_enough_data_without_a_score(refused_by_database, factory):
    row = factory()
    constraint = "partnership_health" if factory is PartnershipHealthFactory else "health_snapshot"

    with refused_by_database(f"{constraint}_score_iff_enough_data"):
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
