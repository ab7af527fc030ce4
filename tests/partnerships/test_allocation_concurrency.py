"""An allocation round among other writers: publishing it while a college accepts an outside offer on one of its
postings never overbooks the posting (on PostgreSQL, in two connections at once), and a real Celery worker over
the broker runs a round to its draft; an outcome and a delete of its student at once never leave an orphan."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.db.models import Count

from common.exceptions import BusinessRuleViolation
from enterprises.choices import PostingStatus
from enterprises.models import Posting
from partnerships.choices import AllocationRoundStatus, ApplicationStatus, PlacementStatus
from partnerships.models import AllocationOutcome, AllocationRound, Application, Placement
from partnerships.services import allocation_rounds as services
from partnerships.services.applications import application_accept
from tests.colleges.factories import StudentFactory
from tests.partnerships.allocation_world import World, ready
from tests.partnerships.factories import ApplicationFactory

RACES = 8


def together(step, start: threading.Barrier) -> str:
    """``step`` at the same moment as the other thread's: "done", the refusal's class, or what escaped."""
    try:
        start.wait(timeout=30)
        step()
        return "done"
    except BusinessRuleViolation:
        return "refused"
    except Exception as escaped:  # whatever escapes is the failure this test reports
        return repr(escaped)
    finally:
        connection.close()  # this thread's own connection


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="A race needs concurrent writers and row locks: SQLite serialises every write to the whole database.",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("race", range(RACES))
def test_publishing_while_an_outside_offer_is_accepted_never_overbooks_the_posting(race):
    """The welder posting has one slot, which the round gives a student; an outside offer on it is accepted at
    the same moment. Either the acceptance comes first (the posting fills, and the draft is refused: run it again)
    or the publication does (its offer is made, then closed when the posting fills): one placement, never two."""
    world = World()
    round = ready(world)
    welder = world.postings[0]
    Posting.objects.filter(pk=welder.pk).update(slots=1)
    world.run(round)
    outsider = StudentFactory(program=world.students[0].program)
    outside_offer = ApplicationFactory(posting=welder, student=outsider, status=ApplicationStatus.OFFERED)
    start = threading.Barrier(2)
    steps = [
        lambda: services.allocation_round_publish(round=round, principal=world.official),
        lambda: application_accept(application=outside_offer, principal=world.college),
    ]

    with ThreadPoolExecutor(max_workers=2) as pool:
        published, accepted = pool.map(together, steps, [start, start])

    assert accepted == "done"
    assert published in ("done", "refused")
    welder.refresh_from_db()
    assert (welder.filled_slots, welder.status) == (1, PostingStatus.FILLED)
    assert Placement.objects.filter(posting=welder, status=PlacementStatus.ACTIVE).count() == 1
    round.refresh_from_db()
    if published == "done":
        assert round.status == AllocationRoundStatus.PUBLISHED
        # The round's offer at the welder posting was made and then closed by the filling.
        offer = AllocationOutcome.objects.get(round=round, posting=welder).application
        assert offer.status == ApplicationStatus.CLOSED
    else:
        assert round.status == AllocationRoundStatus.DRAFTED
        assert not Application.objects.filter(allocation_outcome__round=round).exists()
    assert not Application.objects.values("posting", "student").annotate(n=Count("pk")).filter(n__gt=1).exists()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_round_over_the_broker(live_celery_worker):
    world = World()
    round = ready(world)

    world.run(round)

    deadline = time.monotonic() + 60
    while round.status == AllocationRoundStatus.RUNNING and time.monotonic() < deadline:
        time.sleep(0.2)
        round = AllocationRound.objects.get(pk=round.pk)
    assert (round.status, round.progress, round.stats["matched"]) == (AllocationRoundStatus.DRAFTED, 100, 3)
    assert AllocationOutcome.objects.filter(round=round).count() == len(world.students)


def _in_transaction_then(first, then: threading.Event, wait_for: threading.Event | None = None):
    """``first`` in a transaction; ``then`` set once it ran, the commit after a pause (the other writer waiting)."""

    def step():
        if wait_for is not None:
            wait_for.wait(timeout=30)
        with transaction.atomic():
            first()
            then.set()
            time.sleep(0.5)

    return step


def _raw(sql: str, student_id: int):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, [student_id])

    return run


@pytest.mark.skipif(connection.vendor != "postgresql", reason="The outcome's per-statement checks are PostgreSQL's.")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", ["outcome", "delete"])
def test_an_outcome_and_a_delete_of_its_student_at_once_never_leave_an_orphan(first):
    """The outcome's check locks its student as a foreign key would: a delete of the student waits for the
    outcome's commit and is then refused; an outcome written while the student's delete is uncommitted waits for
    it and is then refused."""
    world = World()
    round = ready(world)
    student = StudentFactory(program=world.students[0].program)
    _raw("DELETE FROM evaluation_talentscore WHERE student_id = %s", student.pk)()  # its only other reference
    inserted, deleted = threading.Event(), threading.Event()
    insert_sql = (
        "INSERT INTO partnerships_allocationoutcome (round_id, student_id, reason) "
        f"VALUES ({round.pk}, %s, 'no_choices')"
    )
    delete_sql = "DELETE FROM colleges_student WHERE id = %s"
    if first == "outcome":
        steps = [
            _in_transaction_then(_raw(insert_sql, student.pk), inserted),
            _in_transaction_then(_raw(delete_sql, student.pk), deleted, wait_for=inserted),
        ]
    else:
        steps = [
            _in_transaction_then(_raw(insert_sql, student.pk), inserted, wait_for=deleted),
            _in_transaction_then(_raw(delete_sql, student.pk), deleted),
        ]
    start = threading.Barrier(2)

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcome, delete = pool.map(together, steps, [start, start])

    done, refused = (outcome, delete) if first == "outcome" else (delete, outcome)
    assert done == "done"
    assert refused.startswith("IntegrityError")
    assert "allocation outcome" in refused
    exists = AllocationOutcome.objects.filter(student_id=student.pk).exists()
    assert exists == (first == "outcome")
    assert exists == type(student).objects.filter(pk=student.pk).exists()
