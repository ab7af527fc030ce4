"""The demo city's allocation round: open, with some of the demo college's students' choices entered, so that each
demo login meets a round in its work (docs/matching.md, "Allocation rounds on the platform").

It is made through the round services, as an official and a college would make it, so it obeys every rule of a
real round; it is small (a dozen postings, a few dozen choices), so the services' per-row cost does not matter.
"""

import datetime
import random

from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.principals import principal_of
from colleges.choices import StudentStatus
from colleges.models import College, Student
from enterprises.choices import PostingStatus
from enterprises.models import Posting
from partnerships.choices import PlacementStatus
from partnerships.models import AllocationRound
from partnerships.services.allocation_rounds import (
    allocation_choices_set,
    allocation_round_colleges_set,
    allocation_round_create,
    allocation_round_open,
    allocation_round_postings_set,
)

ROUND_NAME = "%(year)d年岗位实习统一分配轮次"
POSTINGS = 12  # taking part, the demo enterprise's open ones first
COLLEGES = 3  # taking part, the demo college first
STUDENTS = 24  # of the demo college with choices entered; the rest are left for the demo login to enter
CHOICES = 3  # per student
WINDOW = datetime.timedelta(days=14)  # from two days ago, so a demo login can still enter and rank


def build_allocation_round(
    *, city_id: int, demo_user_ids: dict[str, int], rng: random.Random
) -> AllocationRound | None:
    """Create, set up and open the city's round, then enter some choices for the demo college's students; none
    when the city has too few open postings for a student's list (a very small scale)."""
    users = User.objects.select_related(
        "college_membership__college", "enterprise_membership__enterprise", "city_membership__city"
    ).in_bulk(demo_user_ids.values())
    official, college_staff, enterprise_staff = (
        principal_of(users[demo_user_ids[role]]) for role in ("official", "college", "enterprise")
    )
    postings = _postings_taking_part(city_id, enterprise_id=enterprise_staff.enterprise_id)
    if len(postings) < CHOICES:
        return None
    now = timezone.now()
    round = allocation_round_create(
        principal=official,
        name=ROUND_NAME % {"year": timezone.localdate().year + 1},
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now - datetime.timedelta(days=2) + WINDOW,
        seed=rng.randrange(2**31),
    )
    allocation_round_postings_set(
        round=round, principal=official, slots={p.pk: min(p.slots - p.filled_slots, 3) for p in postings}
    )
    others = College.objects.filter(city_id=city_id).exclude(pk=college_staff.college_id).order_by("pk")
    colleges = [college_staff.college_id, *others.values_list("pk", flat=True)[: COLLEGES - 1]]
    allocation_round_colleges_set(round=round, principal=official, college_ids=colleges)
    allocation_round_open(round=round, principal=official)
    posting_ids = [posting.pk for posting in postings]
    students = (
        Student.objects.filter(program__college_id=college_staff.college_id, status=StudentStatus.ENROLLED)
        .exclude(placements__status=PlacementStatus.ACTIVE)
        .order_by("pk")[:STUDENTS]
    )
    for student in students:
        allocation_choices_set(
            round=round, principal=college_staff, student=student, posting_ids=rng.sample(posting_ids, CHOICES)
        )
    return round


def _postings_taking_part(city_id: int, *, enterprise_id: int) -> list[Posting]:
    """Open postings of the city with a free slot, the demo enterprise's first (a round's window stands in for
    their deadlines)."""
    open_ones = Posting.objects.filter(
        enterprise__city_id=city_id,
        status=PostingStatus.OPEN,
        filled_slots__lt=F("slots"),
    )
    own = list(open_ones.filter(enterprise_id=enterprise_id).order_by("pk")[: POSTINGS // 2])
    others = open_ones.exclude(enterprise_id=enterprise_id).order_by("pk")[: POSTINGS - len(own)]
    return own + list(others)
