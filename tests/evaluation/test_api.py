"""Mentor evaluations of interns and the parties' ratings of each other: recorded once through the API."""

import datetime

import pytest

from evaluation.models import MentorEvaluation, PartyRating
from tests.accounts.factories import error_messages, signed_in
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseStaffFactory, PostingFactory
from tests.evaluation.factories import MentorEvaluationFactory, PartyRatingFactory, month_start
from tests.partnerships.factories import CooperationAgreementFactory, PlacementFactory

MARKS = {"professional_skill": 4, "attitude": 5, "teamwork": 4, "innovation": 3, "safety_and_standards": 5}
EVALUATED_TWICE = "This placement has already been evaluated for this period."
RATED_TWICE = "This party has already rated the other for this period."
LAST_MONTH = month_start(-1)


@pytest.fixture
def mentor(db):
    """A mentor on the staff of an enterprise."""
    return EnterpriseStaffFactory(is_mentor=True)


@pytest.fixture
def mentor_api(mentor):
    return signed_in(mentor.user)


@pytest.fixture
def placement(mentor):
    """An intern at one of the mentor's enterprise's postings, from three months ago to three months ahead."""
    return PlacementFactory(
        posting=PostingFactory(enterprise=mentor.enterprise),
        student__program__college__city=mentor.enterprise.city,
        starts_on=month_start(-3),
        ends_on=month_start(3),
    )


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


# ------------------------------------------------------------------------------
# Mentor evaluations
# ------------------------------------------------------------------------------
def test_a_mentor_evaluates_an_intern_for_the_month_of_the_date_given(mentor, mentor_api, placement):
    created = mentor_api.post(
        "/api/v1/mentor-evaluations/",
        {"placement": placement.pk, "period": LAST_MONTH.replace(day=17), **MARKS, "comment": "Keen."},
    )

    assert created.status_code == 201, created.json()
    evaluation = created.json()
    assert (evaluation["mentor"], evaluation["period"], evaluation["comment"]) == (
        mentor.pk,
        LAST_MONTH.isoformat(),
        "Keen.",
    )
    assert {mark: evaluation[mark] for mark in MARKS} == MARKS
    assert evaluation["evaluated_at"] is not None
    assert mentor_api.get(f"/api/v1/mentor-evaluations/{evaluation['id']}/").json() == evaluation
    college_api = signed_in(CollegeStaffFactory(college=placement.student.program.college).user)
    assert college_api.get(f"/api/v1/mentor-evaluations/{evaluation['id']}/").json() == evaluation


@pytest.mark.parametrize("day", [1, 28])
def test_an_intern_is_evaluated_once_a_month(mentor_api, placement, day):
    MentorEvaluationFactory(placement=placement, period=LAST_MONTH)

    again = mentor_api.post(
        "/api/v1/mentor-evaluations/", {"placement": placement.pk, "period": LAST_MONTH.replace(day=day), **MARKS}
    )
    next_month = mentor_api.post(
        "/api/v1/mentor-evaluations/", {"placement": placement.pk, "period": month_start().replace(day=2), **MARKS}
    )

    assert (again.status_code, error_messages(again)) == (400, [EVALUATED_TWICE])
    assert next_month.status_code == 201
    assert MentorEvaluation.objects.count() == 2


@pytest.mark.parametrize(
    ("mark", "message"),
    [
        (0, "Ensure this value is greater than or equal to 1."),
        (6, "Ensure this value is less than or equal to 5."),
        (3.5, "A valid integer is required."),
        (None, "This field may not be null."),
    ],
)
@pytest.mark.parametrize("field", ["professional_skill", "safety_and_standards"])
def test_marks_are_whole_numbers_from_1_to_5(mentor_api, placement, field, mark, message):
    body = {"placement": placement.pk, "period": LAST_MONTH, **MARKS, field: mark}

    response = mentor_api.post("/api/v1/mentor-evaluations/", body)

    assert (response.status_code, response.json()) == (400, {field: [message]})
    assert not MentorEvaluation.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"period": "October"}, "period"), ({"period": None}, "period"), ({"placement": None}, "placement")],
)
def test_an_evaluation_needs_a_placement_and_a_date(mentor_api, placement, changes, field):
    body = {"placement": placement.pk, "period": LAST_MONTH, **MARKS, **changes}

    response = mentor_api.post("/api/v1/mentor-evaluations/", body)

    assert (response.status_code, list(response.json())) == (400, [field])


def test_a_mentor_evaluates_only_interns_at_their_own_enterprise(mentor, mentor_api):
    elsewhere = PlacementFactory(student__program__college__city=mentor.enterprise.city)

    response = mentor_api.post(
        "/api/v1/mentor-evaluations/", {"placement": elsewhere.pk, "period": "2026-10-01", **MARKS}
    )

    assert (response.status_code, response.json()) == (
        400,
        {"placement": [f'Invalid pk "{elsewhere.pk}" - object does not exist.']},
    )


def test_only_enterprise_staff_evaluate_and_nobody_edits_an_evaluation(mentor_api, placement):
    evaluation = MentorEvaluationFactory(placement=placement)
    college_api = signed_in(CollegeStaffFactory(college=placement.student.program.college).user)
    url = f"/api/v1/mentor-evaluations/{evaluation.pk}/"

    refused = college_api.post(
        "/api/v1/mentor-evaluations/", {"placement": placement.pk, "period": "2026-12-01", **MARKS}
    )

    assert refused.status_code == 403
    assert mentor_api.patch(url, {"attitude": 1}).status_code == 405
    assert mentor_api.delete(url).status_code == 405


def test_evaluations_are_paginated_by_cursor_and_filtered(mentor_api, placement):
    months = [
        MentorEvaluationFactory(placement=placement, period=datetime.date(2026, month, 1)) for month in (9, 10, 11)
    ]
    other_intern = MentorEvaluationFactory(
        placement=PlacementFactory(posting=placement.posting, student__program=placement.student.program)
    )

    first = mentor_api.get("/api/v1/mentor-evaluations/", {"page_size": 3})
    rest = mentor_api.get(first.json()["next"])

    assert "count" not in first.json()
    assert ids(first) + ids(rest) == [other_intern.pk, *(evaluation.pk for evaluation in reversed(months))]
    assert rest.json()["next"] is None
    assert len(ids(mentor_api.get("/api/v1/mentor-evaluations/", {"placement": placement.pk}))) == 3
    assert ids(mentor_api.get("/api/v1/mentor-evaluations/", {"student": other_intern.placement.student_id})) == [
        other_intern.pk
    ]
    assert ids(
        mentor_api.get("/api/v1/mentor-evaluations/", {"placement": placement.pk, "period_after": "2026-10-15"})
    ) == [months[2].pk]
    assert mentor_api.get("/api/v1/mentor-evaluations/", {"cursor": "bogus"}).status_code == 404
    assert mentor_api.get("/api/v1/mentor-evaluations/", {"period_after": "autumn"}).status_code == 400
    assert mentor_api.get("/api/v1/mentor-evaluations/", {"student": "abc"}).status_code == 400


# ------------------------------------------------------------------------------
# Party ratings
# ------------------------------------------------------------------------------
@pytest.fixture
def agreement(mentor):
    """An agreement between the mentor's enterprise and a college of its city."""
    return CooperationAgreementFactory(
        enterprise=mentor.enterprise,
        college__city=mentor.enterprise.city,
        active=True,
        starts_on=month_start(-3),
        ends_on=month_start(24),
    )


@pytest.fixture
def college_api(agreement):
    return signed_in(CollegeStaffFactory(college=agreement.college).user)


@pytest.mark.parametrize(("party", "rater_party"), [("college", "college"), ("mentor", "enterprise")])
def test_each_party_rates_the_other_on_their_side(request, agreement, party, rater_party):
    api = request.getfixturevalue(f"{party}_api")

    created = api.post(
        "/api/v1/party-ratings/", {"agreement": agreement.pk, "period": LAST_MONTH.replace(day=20), "score": 4}
    )

    assert created.status_code == 201, created.json()
    rating = created.json()
    assert (rating["rater_party"], rating["period"], rating["score"]) == (rater_party, LAST_MONTH.isoformat(), 4)
    assert PartyRating.objects.get().rated_by_id == api.get("/api/v1/me/").json()["user_id"]
    assert api.get(f"/api/v1/party-ratings/{rating['id']}/").json() == rating


def test_a_party_rates_the_other_once_a_month_and_both_may_rate_the_same_month(agreement, college_api, mentor_api):
    PartyRatingFactory(agreement=agreement, rater_party="college", period=LAST_MONTH)
    body = {"agreement": agreement.pk, "period": LAST_MONTH.replace(day=20), "score": 2}

    again = college_api.post("/api/v1/party-ratings/", body)
    other_side = mentor_api.post("/api/v1/party-ratings/", body)

    assert (again.status_code, error_messages(again)) == (400, [RATED_TWICE])
    assert (other_side.status_code, other_side.json()["rater_party"]) == (201, "enterprise")


@pytest.mark.parametrize(
    ("score", "message"),
    [(0, "Ensure this value is greater than or equal to 1."), (6, "Ensure this value is less than or equal to 5.")],
)
def test_a_score_is_from_1_to_5(college_api, agreement, score, message):
    response = college_api.post(
        "/api/v1/party-ratings/", {"agreement": agreement.pk, "period": LAST_MONTH, "score": score}
    )

    assert (response.status_code, response.json()) == (400, {"score": [message]})


def test_only_a_party_to_an_agreement_rates_it(agreement, mentor_api):
    neighbours = CooperationAgreementFactory(college=agreement.college)
    official = signed_in(CityOfficialFactory(city=agreement.college.city).user)
    body = {"period": LAST_MONTH, "score": 3}

    outsider = mentor_api.post("/api/v1/party-ratings/", {"agreement": neighbours.pk, **body})

    assert (outsider.status_code, list(outsider.json())) == (400, ["agreement"])
    assert official.post("/api/v1/party-ratings/", {"agreement": agreement.pk, **body}).status_code == 403
    assert not PartyRating.objects.exists()


def test_ratings_are_paginated_by_page_and_filtered(agreement, college_api):
    low = PartyRatingFactory(agreement=agreement, rater_party="enterprise", score=2)
    high = PartyRatingFactory(agreement=agreement, rater_party="college", score=5)
    PartyRatingFactory()  # another agreement's

    listed = college_api.get("/api/v1/party-ratings/").json()

    assert listed["count"] == 2
    assert ids(college_api.get("/api/v1/party-ratings/", {"rater_party": "enterprise"})) == [low.pk]
    assert ids(college_api.get("/api/v1/party-ratings/", {"score": 5, "agreement": agreement.pk})) == [high.pk]
    assert college_api.get("/api/v1/party-ratings/", {"rater_party": "city"}).status_code == 400
    assert college_api.get("/api/v1/party-ratings/", {"score": "top"}).status_code == 400
    assert college_api.patch(f"/api/v1/party-ratings/{low.pk}/", {"score": 5}).status_code == 405
