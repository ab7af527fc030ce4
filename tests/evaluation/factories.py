import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from evaluation.models import MentorEvaluation, PartyRating
from partnerships.choices import Party
from tests.partnerships.factories import CooperationAgreementFactory, PlacementFactory


def month_start(months_from_now: int = 0) -> datetime.date:
    """The first day of the month ``months_from_now`` months after this one (before it, if negative)."""
    today = timezone.localdate()
    months = today.year * 12 + today.month - 1 + months_from_now
    return datetime.date(months // 12, months % 12 + 1, 1)


class MentorEvaluationFactory(DjangoModelFactory):
    class Meta:
        model = MentorEvaluation

    placement = factory.SubFactory(PlacementFactory)
    period = datetime.date(2026, 10, 1)
    professional_skill = 4
    attitude = 5
    teamwork = 4
    innovation = 3
    safety_and_standards = 5


class PartyRatingFactory(DjangoModelFactory):
    class Meta:
        model = PartyRating

    agreement = factory.SubFactory(CooperationAgreementFactory)
    rater_party = Party.COLLEGE
    period = datetime.date(2026, 10, 1)
    score = 4
