"""Writes of the evaluation app: evaluations and ratings are recorded once and never edited."""

from accounts.choices import Role
from accounts.principals import Principal
from common.services import model_create
from enterprises.models import EnterpriseStaff
from evaluation.models import MentorEvaluation, PartyRating
from partnerships.choices import Party


def mentor_evaluation_create(*, principal: Principal, period, **marks) -> MentorEvaluation:
    """A mentor of the host enterprise evaluates an intern for the month that contains ``period``."""
    mentor = EnterpriseStaff.objects.get(user_id=principal.user_id)
    return model_create(MentorEvaluation, mentor=mentor, period=period.replace(day=1), **marks)


def party_rating_create(*, principal: Principal, period, **rating) -> PartyRating:
    """One party of an agreement rates the other for the month that contains ``period``."""
    rater_party = Party.COLLEGE if principal.role == Role.COLLEGE_STAFF else Party.ENTERPRISE
    return model_create(
        PartyRating, rater_party=rater_party, rated_by_id=principal.user_id, period=period.replace(day=1), **rating
    )
