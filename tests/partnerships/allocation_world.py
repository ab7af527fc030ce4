"""An allocation round's world for the tests: a city with an official, a college with students and two
enterprises with open postings, and the steps users take on a round, through the services."""

import datetime

from django.utils import timezone

from accounts.principals import principal_of
from enterprises.choices import PostingStatus
from partnerships.models import AllocationChoice, AllocationRanking, AllocationRound
from partnerships.services import allocation_rounds as services
from tests.cities.factories import CityFactory, CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory, ProgramFactory, StudentFactory
from tests.enterprises.factories import EnterpriseStaffFactory, PostingFactory

HOUR = datetime.timedelta(hours=1)


class World:
    """A city with an official, a college (staff, two programs' worth of students) and two enterprises with open
    postings; a round of it being set up."""

    def __init__(self, capture=None):
        self.capture = capture
        self.city = CityFactory()
        self.official = principal_of(CityOfficialFactory(city=self.city).user)
        self.college = principal_of(CollegeStaffFactory(college__city=self.city).user)
        program = ProgramFactory(college_id=self.college.college_id)
        self.enterprise = principal_of(EnterpriseStaffFactory(enterprise__city=self.city).user)
        self.other_enterprise = principal_of(EnterpriseStaffFactory(enterprise__city=self.city).user)
        self.postings = [
            PostingFactory(
                enterprise_id=self.enterprise.enterprise_id, status=PostingStatus.OPEN, slots=3, title="Welder"
            ),
            PostingFactory(
                enterprise_id=self.enterprise.enterprise_id, status=PostingStatus.OPEN, slots=2, title="Fitter"
            ),
            PostingFactory(
                enterprise_id=self.other_enterprise.enterprise_id, status=PostingStatus.OPEN, slots=2, title="Painter"
            ),
        ]
        self.students = [StudentFactory(program=program, name=f"学生{i}") for i in range(4)]

    def round(self, *, slots=(1, 1, 1), **fields) -> AllocationRound:
        """A round of the city being set up, its window under way, with the postings (slots each) and the college."""
        round = services.allocation_round_create(
            principal=self.official,
            name=fields.pop("name", "Autumn round"),
            opens_at=timezone.now() - HOUR,
            closes_at=timezone.now() + 24 * HOUR,
            **fields,
        )
        services.allocation_round_postings_set(
            round=round,
            principal=self.official,
            slots={posting.pk: count for posting, count in zip(self.postings, slots, strict=True)},
        )
        services.allocation_round_colleges_set(
            round=round, principal=self.official, college_ids=[self.college.college_id]
        )
        return round

    def opened(self, **fields) -> AllocationRound:
        round = self.round(**fields)
        return services.allocation_round_open(round=round, principal=self.official)

    def choose(self, round, student, *postings):
        return services.allocation_choices_set(
            round=round, principal=self.college, student=student, posting_ids=[posting.pk for posting in postings]
        )

    def run(self, round):
        """The official runs the round; its task runs when the request's transaction commits (in a test's
        transaction, when ``capture`` runs the callbacks)."""
        if self.capture is None:
            services.allocation_round_run(round=round, principal=self.official)
        else:
            with self.capture(execute=True):
                services.allocation_round_run(round=round, principal=self.official)
        round.refresh_from_db()

    def default_rankings(self, round):
        for posting in self.postings:
            services.allocation_ranking_use_default(round=round, principal=self.official, posting=posting)


def close_window(round: AllocationRound) -> None:
    """Time passes: the round's window closed an hour ago, and what was entered was entered within it."""
    AllocationRound.objects.filter(pk=round.pk).update(
        opens_at=timezone.now() - 48 * HOUR, closes_at=timezone.now() - HOUR
    )
    AllocationChoice.objects.filter(round=round).update(entered_at=timezone.now() - 2 * HOUR)
    AllocationRanking.objects.filter(round=round).update(entered_at=timezone.now() - 2 * HOUR)
    round.refresh_from_db()


def ready(world, **fields) -> AllocationRound:
    """An open round with choices and the enterprises' rankings, its window over: runnable."""
    round = world.opened(**fields)
    s0, s1, s2, _no_choices = world.students
    welder, fitter, painter = world.postings
    world.choose(round, s0, welder, fitter)
    world.choose(round, s1, welder, painter)
    world.choose(round, s2, welder)
    services.allocation_ranking_set(
        round=round, principal=world.enterprise, posting=welder, ranks=[(s2.pk, 1), (s0.pk, 2), (s1.pk, 3)]
    )
    services.allocation_ranking_set(round=round, principal=world.enterprise, posting=fitter, ranks=[(s0.pk, 1)])
    services.allocation_ranking_set(round=round, principal=world.other_enterprise, posting=painter, ranks=[(s1.pk, 1)])
    close_window(round)
    return round
