"""Read-side queries of the evaluation app: city overviews for the home page and dashboards, the evidence behind a
certification, the incentives of certified integration enterprises, and the scores with their runs and versions."""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Round, TruncDate
from django.utils import timezone

from accounts.principals import Principal
from accounts.scopes import in_city, own, scoped
from cities.models import City
from colleges.academic_year import academic_year, in_final_year
from colleges.choices import StudentStatus
from colleges.models import College, Program, Student
from colleges.selectors import applicants
from enterprises.choices import PostingStatus
from enterprises.models import EducationInvestment, Enterprise, Posting
from enterprises.selectors import certified
from evaluation.choices import CertificationStatus, HealthBand, RunState
from evaluation.models import (
    CityAggregate,
    IntegrationCertification,
    MentorEvaluation,
    PartnershipHealth,
    PartnershipHealthSnapshot,
    PartyRating,
    ScoringModel,
    ScoringRun,
    ScoringRunChunk,
    TalentScore,
    TalentScoreSnapshot,
)
from partnerships.choices import AgreementStatus, PlacementStatus, TrainingBaseKind
from partnerships.models import CooperationAgreement, Placement, TrainingBase
from partnerships.selectors import agreement_list, placement_list

# Sums of money in CNY, to the fen.
MONEY = DecimalField(max_digits=16, decimal_places=2)
FEN = Decimal("0.01")  # a hundredth of a yuan


def _count_per(queryset: QuerySet, path: str) -> Coalesce:
    """A correlated subquery counting the rows of ``queryset`` whose ``path`` is the outer row (0 if none)."""
    counted = queryset.filter(**{path: OuterRef("pk")}).order_by().values(path).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _sum_per(queryset: QuerySet, path: str, field: str) -> Coalesce:
    """A correlated subquery summing ``field`` over the rows of ``queryset`` whose ``path`` is the outer row."""
    summed = (
        queryset.filter(**{path: OuterRef("pk")}).order_by().values(path).annotate(total=Sum(field)).values("total")
    )
    return Coalesce(Subquery(summed, output_field=MONEY), Value(Decimal("0")), output_field=MONEY)


def city_overview_list() -> QuerySet[City]:
    """Every city with the headline counts of its colleges, students, enterprises and cooperation, in one query."""
    return City.objects.annotate(
        college_count=_count_per(College.objects.all(), "city"),
        program_count=_count_per(Program.objects.all(), "college__city"),
        student_count=_count_per(Student.objects.all(), "program__college__city"),
        enterprise_count=_count_per(Enterprise.objects.all(), "city"),
        open_posting_count=_count_per(Posting.objects.filter(status=PostingStatus.OPEN), "enterprise__city"),
        active_agreement_count=_count_per(
            CooperationAgreement.objects.filter(status=AgreementStatus.ACTIVE), "college__city"
        ),
        active_placement_count=_count_per(
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


# ------------------------------------------------------------------------------
# Integration-enterprise certification and incentives
# ------------------------------------------------------------------------------
def integration_certification_list(*, principal: Principal) -> QuerySet[IntegrationCertification]:
    return scoped(
        IntegrationCertification.objects.select_related("enterprise"),
        principal,
        enterprise_staff=own("enterprise_id"),
        city_official=in_city("enterprise__city_id"),
    )


def _evidence_annotations() -> dict[str, Coalesce]:
    investments = EducationInvestment.objects.all()
    hosted = Placement.objects.filter(status__in=[PlacementStatus.ACTIVE, PlacementStatus.COMPLETED])
    return {
        "active_agreements": _count_per(
            CooperationAgreement.objects.filter(status=AgreementStatus.ACTIVE), "enterprise"
        ),
        "completed_agreements": _count_per(
            CooperationAgreement.objects.filter(status=AgreementStatus.COMPLETED), "enterprise"
        ),
        "interns_hosted": _count_per(hosted, "posting__enterprise"),
        "interns_hired": _count_per(Placement.objects.filter(hired_after=True), "posting__enterprise"),
        "co_built_training_bases": _count_per(
            TrainingBase.objects.filter(kind=TrainingBaseKind.CO_BUILT), "host_enterprise"
        ),
        "investment_count": _count_per(investments, "enterprise"),
        "investment_total": _sum_per(investments, "enterprise", "amount"),
    }


def certification_evidence(*, enterprise_id: int) -> dict:
    """What the platform's data show of an enterprise's integration with education, in one query: its agreements
    active and completed, the interns it hosted (placements active or completed) and hired afterwards, the training
    bases it co-built with a college, and its recorded investments in education (how many, and their total)."""
    annotations = _evidence_annotations()
    figures = Enterprise.objects.filter(pk=enterprise_id).annotate(**annotations).values(*annotations).get()
    # SQLite hands back a computed decimal unrounded (201000.050000000): the evidence keeps it in fen.
    return {**figures, "investment_total": figures["investment_total"].quantize(FEN)}


def _counted_investments() -> QuerySet[EducationInvestment]:
    """The investments an incentive is estimated from: those made on or after the day (in the platform's time
    zone) the enterprise's current certification was granted; the pilot rules credit what a certified integration
    enterprise invests, not what it invested before."""
    return EducationInvestment.objects.filter(
        enterprise__certifications__status=CertificationStatus.CERTIFIED,
        invested_on__gte=TruncDate("enterprise__certifications__decided_at"),
    )


def incentive_list(*, principal: Principal) -> QuerySet[Enterprise]:
    """Each enterprise in scope with its recorded investments in education and the incentive estimated for it: the
    city's rate × the counted investments (``_counted_investments``), rounded to the fen; nothing for an enterprise
    that is not certified (any more). An enterprise sees its own row, an official their city's."""
    granted = IntegrationCertification.objects.filter(
        enterprise_id=OuterRef("pk"), status=CertificationStatus.CERTIFIED
    ).values("decided_at")
    enterprises = Enterprise.objects.annotate(
        is_certified=certified("pk"),
        certified_at=Subquery(granted[:1]),
        incentive_rate=F("city__incentive_rate"),
        investment_total=_sum_per(EducationInvestment.objects.all(), "enterprise", "amount"),
        counted_investment_total=_sum_per(_counted_investments(), "enterprise", "amount"),
    ).annotate(estimated_incentive=Round(F("incentive_rate") * F("counted_investment_total"), 2, output_field=MONEY))
    return scoped(enterprises, principal, enterprise_staff=own("pk"), city_official=in_city("city_id"))


def incentive_summary(*, principal: Principal) -> QuerySet:
    """One row per city in scope (an official's own; every city for the platform admin), in one query: how many
    enterprises it has and how many are certified, their recorded and counted investments, and the sum of their
    estimated incentives (the sum of the rows of ``incentive_list``)."""
    return (
        incentive_list(principal=principal)
        .values("city_id", "city__name", "incentive_rate")
        .annotate(
            enterprise_count=Count("pk"),
            certified_count=Count("pk", filter=Q(is_certified=True)),
            investment_sum=Sum("investment_total"),
            counted_investment_sum=Sum("counted_investment_total"),
            estimated_incentive_sum=Sum("estimated_incentive"),
        )
        .order_by("city__name", "city_id")
    )


# ------------------------------------------------------------------------------
# Scores (docs/scoring.md)
# ------------------------------------------------------------------------------
def scoring_model_list(*, principal: Principal) -> QuerySet[ScoringModel]:
    """Every version of every score's weights and parameters, ``is_current`` for the newest of each kind: every
    signed-in member reads them, so that any score can be explained."""
    newer = ScoringModel.objects.filter(kind=OuterRef("kind"), version__gt=OuterRef("version"))
    models = ScoringModel.objects.annotate(is_current=~Exists(newer)).order_by("kind", "-version")
    return models if principal.is_authenticated else models.none()


def scoring_run_list(*, principal: Principal) -> QuerySet[ScoringRun]:
    """Runs of the city's scores, newest first, with ``chunks_done``: an official's city's, every city's for the
    platform admin."""
    return scoped(
        ScoringRun.objects.select_related("city", "requested_by", "health_model", "talent_model").annotate(
            chunks_done=_count_per(ScoringRunChunk.objects.all(), "run")
        ),
        principal,
        city_official=in_city("city_id"),
    ).order_by("-queued_at", "-pk")


def scoring_run_latest_succeeded() -> QuerySet[ScoringRun]:
    """The last run of each city that succeeded (the one whose scores and aggregates are published)."""
    latest = (
        ScoringRun.objects.filter(city_id=OuterRef("city_id"), state=RunState.SUCCEEDED)
        .order_by("-finished_at", "-pk")
        .values("pk")[:1]
    )
    return ScoringRun.objects.filter(state=RunState.SUCCEEDED, pk=Subquery(latest))


def city_aggregate_list(*, principal: Principal) -> QuerySet[CityAggregate]:
    """The dashboards' figures of the last successful run of each city in scope (an official's own city)."""
    return scoped(
        CityAggregate.objects.filter(run__in=scoring_run_latest_succeeded()).select_related("run"),
        principal,
        city_official=in_city("run__city_id"),
    ).order_by("run__city_id", "dimension", "key")


def partnership_health_list(*, principal: Principal) -> QuerySet[PartnershipHealth]:
    """The current health of the agreements in scope: the parties' own, the city's for an official."""
    return scoped(
        PartnershipHealth.objects.select_related("agreement", "scoring_model"),
        principal,
        college_staff=own("agreement__college_id"),
        enterprise_staff=own("agreement__enterprise_id"),
        city_official=in_city("agreement__college__city_id"),
    ).order_by("agreement_id")


def partnership_health_snapshot_list(*, agreement_id: int) -> QuerySet[PartnershipHealthSnapshot]:
    """An agreement's health as each successful run computed it, oldest first (the caller checked the scope).
    A run that failed or is still under way published nothing, so its snapshots are not part of the trend."""
    return (
        PartnershipHealthSnapshot.objects.filter(agreement_id=agreement_id, run__state=RunState.SUCCEEDED)
        .select_related("run", "scoring_model")
        .order_by("run__as_of", "run__finished_at", "run_id")
    )


def talent_score_list(*, principal: Principal) -> QuerySet[TalentScore]:
    """The current talent evaluations of the students in scope: the college's own, an enterprise's applicants (as
    in ``colleges.selectors.student_list``), the city's for an official."""
    return scoped(
        TalentScore.objects.select_related("student__program", "scoring_model"),
        principal,
        college_staff=own("student__program__college_id"),
        enterprise_staff=applicants("student_id"),
        city_official=in_city("student__program__college__city_id"),
    )


def talent_score_snapshot_list(*, student_id: int) -> QuerySet[TalentScoreSnapshot]:
    """A student's talent evaluation as each successful run computed it, oldest first (the caller checked the
    scope)."""
    return (
        TalentScoreSnapshot.objects.filter(student_id=student_id, run__state=RunState.SUCCEEDED)
        .select_related("run", "scoring_model")
        .order_by("run__as_of", "run__finished_at", "run_id")
    )


def at_risk_agreement_list(*, principal: Principal, city_id: int | None = None) -> QuerySet[PartnershipHealth]:
    """Agreements in scope whose current health is in the lowest band, lowest score first."""
    health = partnership_health_list(principal=principal).filter(band=HealthBand.AT_RISK)
    if city_id is not None:
        health = health.filter(agreement__college__city_id=city_id)
    return health.order_by("score", "agreement_id")


def at_risk_student_list(*, principal: Principal, city_id: int | None = None) -> QuerySet[Student]:
    """Enrolled students in the final year of their program (``in_final_year``) with no placement that is active
    or completed, read live (not from a run)."""
    placed = Placement.objects.filter(
        student_id=OuterRef("pk"), status__in=[PlacementStatus.ACTIVE, PlacementStatus.COMPLETED]
    )
    students = scoped(
        Student.objects.filter(in_final_year(), status=StudentStatus.ENROLLED).exclude(Exists(placed)),
        principal,
        city_official=in_city("program__college__city_id"),
    )
    if city_id is not None:
        students = students.filter(program__college__city_id=city_id)
    return students.order_by("pk")


def city_at_risk(*, principal: Principal, city_id: int | None = None, limit: int = 100) -> dict:
    """The at-risk lists of the cities in scope (or of ``city_id`` among them): how many agreements and students
    there are of each, and the ids of the first ``limit`` of them."""
    agreements = at_risk_agreement_list(principal=principal, city_id=city_id)
    students = at_risk_student_list(principal=principal, city_id=city_id)
    return {
        "academic_year": academic_year(timezone.localdate()),
        "agreements": {
            "count": agreements.count(),
            "ids": list(agreements.values_list("agreement_id", flat=True)[:limit]),
        },
        "students": {"count": students.count(), "ids": list(students.values_list("pk", flat=True)[:limit])},
    }
