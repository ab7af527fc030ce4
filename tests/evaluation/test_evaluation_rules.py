"""Who may evaluate an intern or rate a partner, and when: a mentor of the host enterprise, for a month of a running
or completed placement that has begun; a party of an active or completed agreement, for a month of its term."""

import datetime

import pytest

from accounts.principals import principal_of
from common.exceptions import BusinessRuleViolation
from evaluation.models import MentorEvaluation, PartyRating
from evaluation.services import mentor_evaluation_create, party_rating_create
from partnerships.choices import AgreementStatus
from tests.accounts.factories import error_messages, signed_in
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseStaffFactory, PostingFactory
from tests.evaluation.factories import month_start
from tests.partnerships.factories import CooperationAgreementFactory, PlacementFactory

EVALUATIONS = "/api/v1/mentor-evaluations/"
RATINGS = "/api/v1/party-ratings/"
MARKS = {"professional_skill": 4, "attitude": 5, "teamwork": 4, "innovation": 3, "safety_and_standards": 5}


@pytest.fixture
def mentor(db):
    return EnterpriseStaffFactory(is_mentor=True)


def placement_at(enterprise, *, starts_on: datetime.date, ends_on: datetime.date, **traits):
    return PlacementFactory(
        posting=PostingFactory(enterprise=enterprise),
        student__program__college__city=enterprise.city,
        starts_on=starts_on,
        ends_on=ends_on,
        **traits,
    )


@pytest.fixture
def placement(mentor):
    """Running since the middle of the month before last, until the middle of the month after next."""
    return placement_at(
        mentor.enterprise,
        starts_on=month_start(-2) + datetime.timedelta(days=14),
        ends_on=month_start(2) + datetime.timedelta(days=14),
    )


def evaluate(api, placement, period: datetime.date):
    return api.post(EVALUATIONS, {"placement": placement.pk, "period": period, **MARKS})


# ------------------------------------------------------------------------------
# Mentor evaluations
# ------------------------------------------------------------------------------
@pytest.mark.parametrize("months_from_now", [-2, 0], ids=["first-month", "this-month"])
def test_a_mentor_evaluates_any_month_of_the_placement_up_to_this_one(mentor, placement, months_from_now):
    response = evaluate(signed_in(mentor.user), placement, month_start(months_from_now))

    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    ("months_from_now", "message"),
    [
        (-3, "Choose a month from {start} to {end}: the months this placement runs."),
        (1, "A month that has not begun yet cannot be evaluated or rated."),
        (3, "Choose a month from {start} to {end}: the months this placement runs."),
    ],
    ids=["before-it-started", "next-month", "after-it-ends"],
)
def test_a_month_outside_the_placement_or_to_come_is_refused(mentor, placement, months_from_now, message):
    response = evaluate(signed_in(mentor.user), placement, month_start(months_from_now))

    assert (response.status_code, list(response.json())) == (400, ["period"])
    assert error_messages(response) == [
        message.format(start=f"{placement.starts_on:%Y-%m}", end=f"{placement.ends_on:%Y-%m}")
    ]
    assert not MentorEvaluation.objects.exists()


def test_a_completed_placement_is_evaluated_after_it_ended_and_a_cancelled_one_not_at_all(mentor):
    kwargs = {"starts_on": month_start(-6), "ends_on": month_start(-3)}
    completed = placement_at(mentor.enterprise, completed=True, **kwargs)
    cancelled = placement_at(mentor.enterprise, cancelled=True, **kwargs)
    api = signed_in(mentor.user)

    after = evaluate(api, completed, month_start(-4))
    refused = evaluate(api, cancelled, month_start(-4))

    assert after.status_code == 201, after.json()
    assert (refused.status_code, error_messages(refused)) == (
        409,
        ["This placement was cancelled: its intern is not evaluated."],
    )
    assert MentorEvaluation.objects.get().placement == completed


def test_staff_who_are_not_mentors_do_not_evaluate(placement):
    colleague = EnterpriseStaffFactory(enterprise=placement.posting.enterprise, is_mentor=False)

    response = evaluate(signed_in(colleague.user), placement, month_start())

    assert response.status_code == 403
    assert not MentorEvaluation.objects.exists()


@pytest.mark.parametrize("who", ["colleague", "mentor_elsewhere"])
def test_the_service_refuses_anyone_but_a_mentor_of_the_host_enterprise(placement, who):
    """The API's rule and scope refuse them first; the service holds the rule for every other caller."""
    caller = (
        EnterpriseStaffFactory(enterprise=placement.posting.enterprise, is_mentor=False)
        if who == "colleague"
        else EnterpriseStaffFactory(is_mentor=True)
    )

    with pytest.raises(BusinessRuleViolation, match="Only a mentor on the staff of the host enterprise"):
        mentor_evaluation_create(
            principal=principal_of(caller.user), placement=placement, period=month_start(), **MARKS
        )

    assert not MentorEvaluation.objects.exists()


# ------------------------------------------------------------------------------
# Party ratings
# ------------------------------------------------------------------------------
def agreement_of(mentor, **traits):
    return CooperationAgreementFactory(
        enterprise=mentor.enterprise,
        college__city=mentor.enterprise.city,
        starts_on=month_start(-6),
        ends_on=month_start(6),
        **traits,
    )


def rate(api, agreement, period: datetime.date):
    return api.post(RATINGS, {"agreement": agreement.pk, "period": period, "score": 4})


@pytest.mark.parametrize(
    ("traits", "status"),
    [
        ({}, 409),
        ({"proposed": True}, 409),
        ({"active": True}, 201),
        ({"active": True, "status": AgreementStatus.COMPLETED}, 201),
        ({"active": True, "status": AgreementStatus.TERMINATED, "termination_reason": "Closed."}, 409),
    ],
    ids=["draft", "proposed", "active", "completed", "terminated"],
)
def test_parties_rate_each_other_once_the_agreement_is_active_or_completed(mentor, traits, status):
    ended = {"ended_at": datetime.datetime.now(datetime.UTC)} if "status" in traits else {}
    agreement = agreement_of(mentor, **traits, **ended)

    response = rate(signed_in(mentor.user), agreement, month_start(-1))

    assert response.status_code == status, response.json()
    if status == 409:
        assert error_messages(response) == [
            f"This agreement is {agreement.get_status_display().lower()}: its parties rate each other once it is "
            "active or completed."
        ]
    assert PartyRating.objects.count() == (status == 201)


@pytest.mark.parametrize("months_from_now", [-7, 1], ids=["before-its-term", "next-month"])
def test_a_rating_is_for_a_month_of_the_term_that_has_begun(mentor, months_from_now):
    agreement = agreement_of(mentor, active=True)
    college_api = signed_in(CollegeStaffFactory(college=agreement.college).user)

    response = rate(college_api, agreement, month_start(months_from_now))

    assert (response.status_code, list(response.json())) == (400, ["period"])
    assert not PartyRating.objects.exists()


def test_the_service_refuses_a_rating_by_anyone_but_a_party(mentor):
    agreement = agreement_of(mentor, active=True)
    outsider = EnterpriseStaffFactory(enterprise__city=mentor.enterprise.city)

    with pytest.raises(BusinessRuleViolation, match="Only the college and the enterprise of an agreement act on it"):
        party_rating_create(
            principal=principal_of(outsider.user), agreement=agreement, period=month_start(-1), score=3
        )

    assert not PartyRating.objects.exists()
