import datetime
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from partnerships.choices import AgreementStatus, PlacementStatus, TrainingBaseKind
from tests.cities.factories import CityOfficialFactory
from tests.partnerships.factories import (
    AgreementApprovalFactory,
    AgreementScanFactory,
    AgreementVersionFactory,
    AllocationChoiceFactory,
    AllocationOutcomeFactory,
    AllocationRankingFactory,
    AllocationRoundCollegeFactory,
    AllocationRoundFactory,
    AllocationRoundPostingFactory,
    ApplicationFactory,
    CommitmentFactory,
    CooperationAgreementFactory,
    CouncilSeatFactory,
    MilestoneFactory,
    PlacementFactory,
    SkillProfileFactory,
    TrainingBaseFactory,
)

NOW = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=datetime.UTC)

# (factory of a valid row, values that break one check, the check's name)
CHECKS = [
    pytest.param(
        AllocationRoundFactory, {"closes_at": F("opens_at")}, "allocation_round_closes_after_opening", id="no-window"
    ),
    pytest.param(AllocationRoundFactory, {"progress": 101}, "allocation_round_progress_a_percentage", id="101-pct"),
    pytest.param(
        AllocationRoundFactory,
        {"status": "published"},
        "allocation_round_publication_recorded",
        id="published-at-no-time",
    ),
    pytest.param(AllocationRoundPostingFactory, {"slots": 0}, "allocation_round_posting_slots_positive", id="0-slots"),
    pytest.param(AllocationChoiceFactory, {"rank": 0}, "allocation_choice_rank_positive", id="choice-rank-0"),
    pytest.param(AllocationRankingFactory, {"rank": 0}, "allocation_ranking_rank_positive", id="ranking-rank-0"),
    pytest.param(
        AllocationOutcomeFactory, {"posting": None}, "allocation_outcome_placed_or_why_not", id="placed-nowhere"
    ),
    pytest.param(
        AllocationOutcomeFactory,
        {"posting": None, "choice_rank": None},
        "allocation_outcome_placed_or_why_not",
        id="unplaced-without-reason",
    ),
    pytest.param(AgreementVersionFactory, {"number": 0}, "agreement_version_number_positive", id="version-zero"),
    pytest.param(AgreementScanFactory, {"size": 0}, "agreement_scan_not_empty", id="empty-scan"),
    pytest.param(
        TrainingBaseFactory,
        {"kind": TrainingBaseKind.IN_SCHOOL},
        "training_base_hosts_match_kind",
        id="in-school-base-without-college",
    ),
    pytest.param(
        TrainingBaseFactory,
        {"kind": TrainingBaseKind.CO_BUILT},
        "training_base_hosts_match_kind",
        id="co-built-base-without-hosts",
    ),
    pytest.param(TrainingBaseFactory, {"stations": 0}, "training_base_stations_positive", id="no-stations"),
    pytest.param(
        TrainingBaseFactory,
        {"equipment_value": -1},
        "training_base_equipment_value_not_negative",
        id="negative-equipment",
    ),
    pytest.param(
        CooperationAgreementFactory, {"ends_on": F("starts_on")}, "agreement_ends_after_start", id="ends-on-start"
    ),
    pytest.param(
        CooperationAgreementFactory,
        {"status": AgreementStatus.PROPOSED},
        "agreement_proposal_recorded",
        id="proposed-by-nobody",
    ),
    pytest.param(
        partial(CooperationAgreementFactory, active=True),
        {"countersigned_at": F("proposed_at") - datetime.timedelta(seconds=1)},
        "agreement_active_only_when_countersigned",
        id="countersigned-before-proposed",
    ),
    pytest.param(
        partial(CooperationAgreementFactory, active=True),
        {"status": AgreementStatus.COMPLETED},
        "agreement_end_recorded",
        id="completed-without-end",
    ),
    pytest.param(
        partial(CooperationAgreementFactory, active=True),
        {"status": AgreementStatus.TERMINATED, "ended_at": NOW},
        "agreement_termination_has_reason",
        id="terminated-without-reason",
    ),
    pytest.param(
        CooperationAgreementFactory,
        {"predecessor": F("pk")},
        "agreement_not_its_own_predecessor",
        id="renews-itself",
    ),
    pytest.param(CommitmentFactory, {"amount": 0}, "commitment_amount_positive", id="promises-nothing"),
    pytest.param(
        CommitmentFactory, {"delivered_amount": -1}, "commitment_delivered_not_negative", id="negative-delivery"
    ),
    pytest.param(MilestoneFactory, {"done_at": NOW}, "milestone_done_with_evidence", id="done-without-evidence"),
    pytest.param(
        CouncilSeatFactory,
        {"ended_on": F("started_on") - datetime.timedelta(days=1)},
        "council_seat_ends_after_start",
        id="seat-ends-before-start",
    ),
    pytest.param(PlacementFactory, {"ends_on": F("starts_on")}, "placement_ends_after_start", id="ends-on-start"),
    pytest.param(
        PlacementFactory,
        {"status": PlacementStatus.COMPLETED},
        "placement_completion_recorded",
        id="completed-without-date",
    ),
    pytest.param(
        PlacementFactory,
        {"status": PlacementStatus.CANCELLED, "cancelled_at": NOW},
        "placement_cancellation_has_reason",
        id="cancelled-without-reason",
    ),
    pytest.param(
        PlacementFactory,
        {"status": PlacementStatus.CANCELLED, "cancellation_reason": "Moved away."},
        "placement_cancellation_has_reason",
        id="cancelled-without-date",
    ),
    pytest.param(
        PlacementFactory, {"hired_after": True}, "placement_hired_only_after_completion", id="hired-while-active"
    ),
    pytest.param(
        partial(PlacementFactory, cancelled=True),
        {"hired_after": True},
        "placement_hired_only_after_completion",
        id="hired-after-cancellation",
    ),
    pytest.param(
        SkillProfileFactory, {"posting": None}, "skill_profile_of_a_posting_or_a_program", id="profile-of-nothing"
    ),
    pytest.param(SkillProfileFactory, {"weight": 0}, "skill_profile_weight_a_share", id="profile-weight-zero"),
    pytest.param(SkillProfileFactory, {"weight": 1.5}, "skill_profile_weight_a_share", id="profile-weight-above-one"),
]
# (factory, values of the first row, fields a second row repeats from it, the unique constraint's name)
UNIQUES = [
    pytest.param(
        AllocationRoundPostingFactory, {}, ["round", "posting"], "allocation_round_posting_once", id="posting-twice"
    ),
    pytest.param(
        AllocationRoundCollegeFactory, {}, ["round", "college"], "allocation_round_college_once", id="college-twice"
    ),
    pytest.param(
        AllocationChoiceFactory, {}, ["round", "student", "rank"], "allocation_choice_rank_once", id="rank-twice"
    ),
    pytest.param(
        AllocationChoiceFactory,
        {},
        ["round", "student", "posting"],
        "allocation_choice_posting_once",
        id="posting-chosen-twice",
    ),
    pytest.param(
        AllocationRankingFactory,
        {},
        ["round", "posting", "student"],
        "allocation_ranking_student_once",
        id="ranked-twice",
    ),
    pytest.param(
        AllocationOutcomeFactory, {}, ["round", "student"], "allocation_outcome_once_per_student", id="two-outcomes"
    ),
    pytest.param(
        AgreementVersionFactory,
        {"status": "approved"},
        ["agreement", "number"],
        "agreement_version_number_unique",
        id="same-number-after-approval",
    ),
    pytest.param(
        AgreementVersionFactory,
        {"number": 1},
        ["agreement"],
        "agreement_one_pending_version",
        id="two-pending-changes",
    ),
    pytest.param(
        AgreementApprovalFactory, {}, ["version", "party"], "agreement_approval_once_per_party", id="approve-twice"
    ),
    pytest.param(TrainingBaseFactory, {}, ["city", "name"], "training_base_name_unique_per_city", id="base-name"),
    pytest.param(
        CouncilSeatFactory,
        {},
        ["college", "enterprise", "representative_name", "started_on"],
        "council_seat_once",
        id="same-seat-twice",
    ),
    pytest.param(ApplicationFactory, {}, ["posting", "student"], "application_once_per_posting", id="applies-twice"),
    pytest.param(
        PlacementFactory,
        {"completed": True},
        ["posting", "student"],
        "placement_once_per_posting",
        id="placed-twice-at-a-posting",
    ),
    pytest.param(
        PlacementFactory,
        {},
        ["student"],
        "placement_one_active_per_student",
        id="two-active-placements",
    ),
]


@pytest.mark.parametrize(("factory", "bad_values", "constraint"), CHECKS)
def test_database_refuses_a_row_that_breaks_a_check(refused_by_database, factory, bad_values, constraint):
    row = factory()

    with refused_by_database(constraint):
        type(row).objects.filter(pk=row.pk).update(**bad_values)


@pytest.mark.parametrize(("factory", "first_values", "repeated_fields", "constraint"), UNIQUES)
def test_database_refuses_a_duplicate(refused_by_database, factory, first_values, repeated_fields, constraint):
    existing = factory(**first_values)

    with refused_by_database(constraint):
        factory(**{field: getattr(existing, field) for field in repeated_fields})


def test_every_constraint_of_the_app_has_a_case(app_constraint_names):
    assert {case.values[-1] for case in CHECKS + UNIQUES} == app_constraint_names("partnerships")


def test_student_may_hold_a_new_active_placement_once_the_last_one_ended(db):
    previous = PlacementFactory(completed=True)

    PlacementFactory(student=previous.student)

    assert previous.student.placements.filter(status=PlacementStatus.ACTIVE).count() == 1


@pytest.mark.parametrize(
    "factory",
    [
        TrainingBaseFactory,
        CooperationAgreementFactory,
        partial(CooperationAgreementFactory, proposed=True),
        partial(CooperationAgreementFactory, active=True),
        CommitmentFactory,
        MilestoneFactory,
        AgreementScanFactory,
        CouncilSeatFactory,
        ApplicationFactory,
        PlacementFactory,
        partial(PlacementFactory, completed=True, hired_after=True),
        partial(PlacementFactory, cancelled=True),
        CityOfficialFactory,
    ],
)
def test_factory_rows_pass_model_validation(db, factory):
    factory().full_clean()


def test_model_validation_reports_the_checks_message(db):
    agreement = CooperationAgreementFactory(active=True)
    agreement.status, agreement.ended_at = AgreementStatus.TERMINATED, timezone.now()

    with pytest.raises(ValidationError) as error:
        agreement.full_clean()

    assert error.value.message_dict["__all__"] == ["A termination needs a reason."]


# A comparison with NULL is unknown and a check passes unless it is false, so the check tests for NULL first.
def test_database_refuses_an_active_agreement_nobody_countersigned(refused_by_database):
    agreement = CooperationAgreementFactory(proposed=True)

    with refused_by_database("agreement_active_only_when_countersigned"):
        type(agreement).objects.filter(pk=agreement.pk).update(status=AgreementStatus.ACTIVE)
