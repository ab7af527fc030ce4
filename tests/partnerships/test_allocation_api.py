"""The allocation-rounds API: an official's round from creation to publication over HTTP, each side's view of a
round's rows, the refusals and bad inputs as 400s and 409s with their messages, and query counts that do not grow
with the rows."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from partnerships.choices import AllocationRoundStatus, ApplicationStatus
from partnerships.models import AllocationRound, Application
from tests.accounts.factories import error_messages, signed_in
from tests.colleges.factories import StudentFactory
from tests.partnerships.allocation_world import HOUR, World, close_window, ready


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    return World(capture=django_capture_on_commit_callbacks)


def client_of(principal):
    return signed_in(User.objects.get(pk=principal.user_id))


def url(name: str, round: AllocationRound | None = None) -> str:
    if round is None:
        return reverse(f"api:allocation-round-{name}")
    return reverse(f"api:allocation-round-{name}", args=[round.pk])


def test_an_official_takes_a_round_from_creation_to_publication(world):
    official, college, enterprise = (client_of(p) for p in (world.official, world.college, world.enterprise))
    welder, fitter, painter = world.postings
    s0, s1 = world.students[:2]

    created = official.post(
        url("list"),
        {
            "name": "Autumn round",
            "opens_at": (timezone.now() - HOUR).isoformat(),
            "closes_at": (timezone.now() + HOUR).isoformat(),
            "seed": 42,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    round = AllocationRound.objects.get(pk=created.json()["id"])
    assert (created.json()["status"], created.json()["seed"]) == ("setup", 42)
    postings = [{"posting": posting.pk, "slots": 1} for posting in world.postings]
    assert official.put(url("postings", round), {"postings": postings}, format="json").status_code == 200
    colleges = official.put(url("colleges", round), {"college_ids": [world.college.college_id]}, format="json")
    assert colleges.json()["results"] == [{"college": world.college.college_id, "name": str(s0.program.college)}]
    assert official.post(url("open", round)).json()["status"] == "open"

    chosen = college.post(
        url("choices", round), {"student": s0.pk, "posting_ids": [welder.pk, fitter.pk]}, format="json"
    )
    assert [row["posting"] for row in chosen.json()] == [welder.pk, fitter.pk]
    upload = io.BytesIO(f"student_number,rank,posting\n{s1.student_number},1,{painter.pk}\n".encode())
    upload.name = "choices.csv"
    report = college.post(url("import-choices", round), {"file": upload}, format="multipart")
    assert report.json() == {"lines": 1, "students": 1, "choices": 1, "errors": []}
    ranked = enterprise.post(
        url("rankings", round), {"posting": welder.pk, "ranks": [{"student": s0.pk, "rank": 1}]}, format="json"
    )
    assert ranked.status_code == 204, ranked.content
    assert enterprise.post(url("default-ranking", round), {"posting": fitter.pk}, format="json").status_code == 204
    assert [row["kind"] for row in official.get(url("problems", round)).json()["results"]] == ["ranking_missing"]
    assert official.post(url("default-ranking", round), {"posting": painter.pk}, format="json").status_code == 204

    close_window(round)
    with world.capture(execute=True):
        running = official.post(url("run", round))
    assert running.status_code == 202
    assert official.get(url("detail", round)).json()["status"] == "drafted"
    outcomes = official.get(url("outcomes", round)).json()["results"]
    assert {(row["student"]["id"], row["posting"]) for row in outcomes} >= {(s0.pk, welder.pk), (s1.pk, painter.pk)}
    assert official.post(url("publish", round)).json()["status"] == "published"
    assert Application.objects.get(student=s0, posting=welder).status == ApplicationStatus.OFFERED


def test_each_side_sees_its_own_rows_of_a_round(world):
    round = ready(world)
    world.run(round)
    college, enterprise, other = (client_of(p) for p in (world.college, world.enterprise, world.other_enterprise))
    painter = world.postings[2]

    assert {row["posting"] for row in other.get(url("postings", round)).json()["results"]} == {painter.pk}
    assert {row["posting"] for row in other.get(url("choices", round)).json()["results"]} == {painter.pk}
    assert {row["posting"] for row in other.get(url("outcomes", round)).json()["results"]} == {painter.pk}
    assert college.get(url("rankings", round)).json()["results"] == []
    assert len(college.get(url("outcomes", round)).json()["results"]) == len(world.students)
    applicants = enterprise.get(url("applicants", round), {"posting_id": world.postings[0].pk}).json()["results"]
    assert [(row["student"]["id"], row["enterprise_rank"]) for row in applicants] == [
        (world.students[2].pk, 1),
        (world.students[0].pk, 2),
        (world.students[1].pk, 3),
    ]
    assert other.get(url("applicants", round), {"posting_id": world.postings[0].pk}).json()["results"] == []
    assert college.get(url("problems", round)).status_code == 403


def test_a_round_of_another_city_or_not_taken_part_in_is_not_found(world):
    round = world.opened()
    stranger = World()

    for principal in (stranger.official, stranger.college, stranger.enterprise):
        assert client_of(principal).get(url("detail", round)).status_code == 404
        assert client_of(principal).get(url("choices", round)).status_code == 404


def test_bad_choices_are_a_400_with_a_message_per_problem_and_nothing_is_written(world):
    round = world.opened()
    welder = world.postings[0]

    answer = client_of(world.college).post(
        url("choices", round), {"student": world.students[0].pk, "posting_ids": [welder.pk, welder.pk]}, format="json"
    )

    assert answer.status_code == 400
    assert error_messages(answer) == ["Choice 2 repeats a posting already on the list."]
    assert not round.choices.exists()


def test_a_student_of_another_college_does_not_exist_for_the_college(world):
    round = world.opened()
    stranger = StudentFactory(program__college__city=world.city)

    answer = client_of(world.college).post(
        url("choices", round), {"student": stranger.pk, "posting_ids": [world.postings[0].pk]}, format="json"
    )

    assert answer.status_code == 400
    assert "does not exist" in " ".join(answer.json()["student"])


def test_a_file_with_bad_lines_is_a_400_with_the_report_and_nothing_is_written(world):
    round = world.opened()
    upload = io.BytesIO(b"student_number,rank,posting\nnobody,1,1\n")
    upload.name = "choices.csv"

    answer = client_of(world.college).post(url("import-choices", round), {"file": upload}, format="multipart")

    assert answer.status_code == 400
    assert answer.json()["errors"] == [{"line": 2, "message": "No student of your college has the number “nobody”."}]
    assert not round.choices.exists()


@pytest.mark.parametrize("step", ["run", "publish"])
def test_a_step_the_rounds_state_does_not_allow_is_a_409(world, step):
    round = world.opened()

    answer = client_of(world.official).post(url(step, round))

    assert answer.status_code == 409
    round.refresh_from_db()
    assert round.status == AllocationRoundStatus.OPEN


def test_a_round_is_changed_only_while_set_up(world):
    round = world.opened()

    answer = client_of(world.official).patch(url("detail", round), {"name": "Late"}, format="json")

    assert answer.status_code == 409


def test_the_window_is_checked_on_the_fields(world):
    answer = client_of(world.official).post(
        url("list"),
        {
            "name": "Backwards",
            "opens_at": timezone.now().isoformat(),
            "closes_at": (timezone.now() - HOUR).isoformat(),
        },
        format="json",
    )

    assert answer.status_code == 400
    assert "closes_at" in answer.json()


# The session, the user, the round, a count and a page; the problems are one query per kind of problem.
MAX_QUERIES = {"choices": 12, "outcomes": 12, "postings": 12, "rankings": 12, "problems": 13}


@pytest.mark.parametrize("students", [1, 4])
@pytest.mark.parametrize("route", sorted(MAX_QUERIES))
def test_a_rounds_lists_cost_the_same_queries_whatever_their_rows(
    world, django_assert_max_num_queries, students, route
):
    round = world.opened()
    for student in world.students[:students]:
        world.choose(round, student, *world.postings)
    world.default_rankings(round)
    close_window(round)
    world.run(round)
    official = client_of(world.official)

    with django_assert_max_num_queries(MAX_QUERIES[route]):
        answer = official.get(url(route, round))

    assert answer.status_code == 200
