import datetime

import factory
from factory.django import DjangoModelFactory

from evaluation.models import MentorEvaluation, PartyRating
from partnerships.choices import Party
from tests.partnerships.factories import CooperationAgreementFactory, PlacementFactory


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
