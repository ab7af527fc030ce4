"""Read-side queries of the evaluation app: city overviews for the home page and dashboards."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.principals import Principal
from cities.models import City
from colleges.models import College, Program, Student
from enterprises.choices import PostingStatus
from enterprises.models import Enterprise, Posting
from evaluation.models import MentorEvaluation, PartyRating
from partnerships.choices import AgreementStatus, PlacementStatus
from partnerships.models import CooperationAgreement, Placement
from partnerships.selectors import agreement_list, placement_list


def _count_per_city(queryset: QuerySet, city_path: str) -> Coalesce:
    """A correlated subquery counting the rows of ``queryset`` that belong to the outer city."""
    per_city = (
        queryset.filter(**{city_path: OuterRef("pk")}).order_by().values(city_path).annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(per_city, output_field=IntegerField()), Value(0))


def city_overview_list() -> QuerySet[City]:
    """Every city with the headline counts of its colleges, students, enterprises and cooperation, in one query."""
    return City.objects.annotate(
        college_count=_count_per_city(College.objects.all(), "city"),
        program_count=_count_per_city(Program.objects.all(), "college__city"),
        student_count=_count_per_city(Student.objects.all(), "program__college__city"),
        enterprise_count=_count_per_city(Enterprise.objects.all(), "city"),
        open_posting_count=_count_per_city(Posting.objects.filter(status=PostingStatus.OPEN), "enterprise__city"),
        active_agreement_count=_count_per_city(
            CooperationAgreement.objects.filter(status=AgreementStatus.ACTIVE), "college__city"
        ),
        active_placement_count=_count_per_city(
            Placement.objects.filter(status=PlacementStatus.ACTIVE), "student__program__college__city"
        ),
    ).order_by("name")


OVERVIEW_FIELDS = [
    "college_count",
    "program_count",
    "student_count",
    "enterprise_count",
    "open_posting_count",
    "active_agreement_count",
    "active_placement_count",
]


def city_overview_get(*, city_id: int) -> dict[str, int]:
    """The headline counts of one city as a plain dict (what the overview task returns)."""
    return city_overview_list().filter(pk=city_id).values(*OVERVIEW_FIELDS).get()


def mentor_evaluation_list(*, principal: Principal) -> QuerySet[MentorEvaluation]:
    """Evaluations of the placements in scope: the host enterprise's, the student's college's, the city's."""
    return MentorEvaluation.objects.filter(placement__in=placement_list(principal=principal))


def party_rating_list(*, principal: Principal) -> QuerySet[PartyRating]:
    """Ratings on the agreements in scope; both parties see both sides' ratings."""
    return PartyRating.objects.filter(agreement__in=agreement_list(principal=principal))
