"""A posting never holds more placements than slots, and a student never holds two active placements (OWASP ASVS
2.3.4): the database refuses a write that would break either, whatever makes it, and simultaneous acceptances are
decided one at a time under the posting's row lock, so that exactly as many win as there are slots."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.principals import principal_of
from enterprises.choices import PostingStatus
from enterprises.models import Posting
from partnerships.choices import ApplicationStatus, PlacementStatus
from partnerships.models import Application, Placement
from tests.colleges.factories import CollegeStaffFactory, ProgramFactory, StudentFactory
from tests.enterprises.factories import PostingFactory
from tests.partnerships.factories import ApplicationFactory, PlacementFactory


# ------------------------------------------------------------------------------
# The database's own refusals
# ------------------------------------------------------------------------------
def test_the_database_refuses_a_raw_update_that_would_overbook(refused_by_database):
    posting = PostingFactory(slots=5, filled_slots=5)

    with refused_by_database("posting_never_overbooked"):
        Posting.objects.filter(pk=posting.pk).update(filled_slots=F("filled_slots") + 1)

    assert Posting.objects.get(pk=posting.pk).filled_slots == 5


def test_the_database_refuses_a_second_active_placement_of_a_student(refused_by_database):
    first = PlacementFactory()
    elsewhere = PostingFactory(enterprise__city=first.posting.enterprise.city)

    with refused_by_database("placement_one_active_per_student"):
        PlacementFactory(student=first.student, posting=elsewhere)

    # Once the first has ended, the student may be placed again.
    Placement.objects.filter(pk=first.pk).update(status=PlacementStatus.COMPLETED, completed_at=timezone.now())
    assert PlacementFactory(student=first.student, posting=elsewhere).status == PlacementStatus.ACTIVE


# ------------------------------------------------------------------------------
# The race
# ------------------------------------------------------------------------------
SLOTS, CONTENDERS, ROUNDS = 5, 50, 20
RACE_NEEDS_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="A race needs concurrent writers and row locks: SQLite serialises every write to the whole database.",
)


def accept_together(client: APIClient, application: Application, start: threading.Barrier) -> int | str:
    """One college staff member's click on "accept", at the same moment as everyone else's: the answer's status,
    or the exception that escaped (a 500 raises in the test client)."""
    try:
        start.wait(timeout=30)
        return client.post(reverse("api:application-accept", args=[application.pk])).status_code
    except Exception as escaped:  # whatever escapes is the failure this test reports
        return repr(escaped)
    finally:
        connection.close()  # this thread's own connection


def accepted_at_once(college_staff, offers: list[Application]) -> list[int | str]:
    """Each offer accepted by ``college_staff`` in its own thread and client, all released together; the answers."""
    principal_of(college_staff)  # resolved once, before the threads share the user
    clients = [APIClient() for _ in offers]
    for client in clients:
        client.force_authenticate(college_staff)
    start = threading.Barrier(len(offers))
    with ThreadPoolExecutor(max_workers=len(offers)) as pool:
        return list(pool.map(accept_together, clients, offers, [start] * len(offers)))


@RACE_NEEDS_POSTGRESQL
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_fifty_simultaneous_acceptances_of_five_slots_place_exactly_five(round_):
    college_staff = CollegeStaffFactory().user
    program = ProgramFactory(college=college_staff.college_membership.college)
    posting = PostingFactory(enterprise__city=program.college.city, status=PostingStatus.OPEN, slots=SLOTS)
    offers = [
        ApplicationFactory(posting=posting, student=StudentFactory(program=program), status=ApplicationStatus.OFFERED)
        for _ in range(CONTENDERS)
    ]

    answers = Counter(accepted_at_once(college_staff, offers))

    assert answers == {200: SLOTS, 409: CONTENDERS - SLOTS}, answers
    posting.refresh_from_db()
    assert (posting.filled_slots, posting.status) == (SLOTS, PostingStatus.FILLED)
    assert Placement.objects.filter(posting=posting, status=PlacementStatus.ACTIVE).count() == SLOTS
    assert Counter(Application.objects.filter(posting=posting).values_list("status", flat=True)) == {
        ApplicationStatus.ACCEPTED: SLOTS,
        ApplicationStatus.CLOSED: CONTENDERS - SLOTS,
    }


CROSSED_ROUNDS = 10


@RACE_NEEDS_POSTGRESQL
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(CROSSED_ROUNDS))
def test_two_acceptances_closing_each_others_applications_both_succeed(round_):
    """Two students, each offered the one slot of a posting and applying to the other's over the same days: each
    acceptance closes the other student's application (the posting fills) and its own student's other one (the
    dates overlap). Both succeed, every other application is closed, and neither waits forever on the other."""
    college_staff = CollegeStaffFactory().user
    program = ProgramFactory(college=college_staff.college_membership.college)
    postings = [
        PostingFactory(enterprise__city=program.college.city, status=PostingStatus.OPEN, slots=1) for _ in range(2)
    ]
    students = [StudentFactory(program=program) for _ in postings]
    offers = [
        ApplicationFactory(posting=posting, student=student, status=ApplicationStatus.OFFERED)
        for posting, student in zip(postings, students, strict=True)
    ]
    crossed = [
        ApplicationFactory(posting=posting, student=student)
        for posting, student in zip(postings, reversed(students), strict=True)
    ]

    answers = accepted_at_once(college_staff, offers)

    assert answers == [200, 200], answers
    assert {posting.status for posting in Posting.objects.filter(pk__in=[p.pk for p in postings])} == {
        PostingStatus.FILLED
    }
    assert set(Application.objects.filter(pk__in=[a.pk for a in crossed]).values_list("status", flat=True)) == {
        ApplicationStatus.CLOSED
    }
