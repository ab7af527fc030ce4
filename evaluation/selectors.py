"""Read-side queries of the evaluation app: city overviews for the home page and dashboards, the evidence behind a
certification, the incentives of certified integration enterprises, and the scores with their runs and versions."""

import datetime
from decimal import Decimal

from django.db.models import (
    Avg,
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
from cities.models import City, IndustrySector
from colleges.academic_year import academic_year, in_final_year
from colleges.choices import TALENT_BAND_STUDENTS, StudentStatus
from colleges.models import College, Program, Student
from colleges.placed import placed_on
from colleges.selectors import applicants, placed, student_list
from enterprises.choices import PostingStatus
from enterprises.models import EducationInvestment, Enterprise, Posting
from enterprises.selectors import certified, talent_demand_list
from evaluation.choices import AggregateDimension, CertificationStatus, HealthBand, RunState
from evaluation.models import (
    RUBRIC_FIELDS,
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
from evaluation.scoring.health import health_inputs
from evaluation.scoring.talent import talent_inputs
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
    platform admin. A city's baseline (where the incremental path keeps its scores before its first run) is no
    recomputation and is not listed."""
    return scoped(
        ScoringRun.objects.exclude(state=RunState.BASELINE)
        .select_related("city", "requested_by", "health_model", "talent_model")
        .annotate(chunks_done=_count_per(ScoringRunChunk.objects.all(), "run")),
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
        PartnershipHealth.objects.select_related("agreement", "scoring_model", "run"),
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
        TalentScore.objects.select_related("student__program", "scoring_model", "run"),
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


def score_as_of(score: PartnershipHealth | TalentScore) -> datetime.date:
    """The day a current score counts its inputs as of: its run's date, or the day the incremental path computed it
    (on the platform's clock)."""
    return score.run.as_of if score.run_id else timezone.localdate(score.computed_at)


def partnership_health_inputs(*, health: PartnershipHealth) -> dict | None:
    """What a current health (read in scope by ``partnership_health_list``) is computed from, counted by the
    score's own SQL as of its date (one query): the register may have changed since, until the next recomputation."""
    return health_inputs(health.agreement_id, as_of=score_as_of(health), model=health.scoring_model)


def talent_score_inputs(*, talent: TalentScore) -> dict | None:
    """What a current talent score (read in scope by ``talent_score_list``) is computed from, as
    ``partnership_health_inputs``."""
    return talent_inputs(talent.student_id, as_of=score_as_of(talent), model=talent.scoring_model)


def at_risk_agreement_list(*, principal: Principal, city_id: int | None = None) -> QuerySet[PartnershipHealth]:
    """Agreements in scope whose current health is in the lowest band, lowest score first."""
    health = partnership_health_list(principal=principal).filter(band=HealthBand.AT_RISK)
    if city_id is not None:
        health = health.filter(agreement__college__city_id=city_id)
    return health.order_by("score", "agreement_id")


def at_risk_student_list(*, principal: Principal, city_id: int | None = None) -> QuerySet[Student]:
    """Enrolled students in the final year of their program (``in_final_year``) not placed today (``placed``: no
    placement under way or completed), read live (not from a run)."""
    students = scoped(
        Student.objects.filter(in_final_year(), status=StudentStatus.ENROLLED).exclude(placed()),
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


# ------------------------------------------------------------------------------
# Dashboards of one's own: a college's or an enterprise's figures beside its city's (``OwnDashboardView``)
# ------------------------------------------------------------------------------
# The city's figures a college's or an enterprise's dashboard compares with, from the city's last successful run.
OWN_DASHBOARD_DIMENSIONS = (
    AggregateDimension.HEALTH_BY_KIND,
    AggregateDimension.STATIONS_PER_STUDENT,
    AggregateDimension.SUPPLY_DEMAND,
    AggregateDimension.CITY,
)


def city_comparison(*, principal: Principal) -> dict:
    """The figures of the principal's city that a college or an enterprise compares its own with, from the city's
    last successful run, in one query. Only city-wide figures leave this function (and the principal's college's
    own row): the band counts of the city's scored agreements, its final-year placement rate, its training stations
    per enrolled student (over the colleges with students) and their Gini coefficient, and per sector (division
    code) its final-year students, their supply and the enterprises' demand."""
    rows = CityAggregate.objects.filter(
        run__in=scoring_run_latest_succeeded().filter(city_id=principal.city_id),
        dimension__in=OWN_DASHBOARD_DIMENSIONS,
    ).values_list("run__as_of", "dimension", "key", "count", "value", "details")
    comparison = {
        "as_of": None,
        "health_bands": dict.fromkeys(HealthBand.values, 0),
        "placement_rate": None,
        "final_year_students": 0,
        "stations_per_student": None,
        "stations_gini": None,
        "own_stations_per_student": None,
        "own_enrolled_students": 0,
        "supply_demand": {},
    }
    stations = students = 0.0
    for as_of, dimension, key, count, value, details in rows:
        comparison["as_of"] = as_of
        if dimension == AggregateDimension.HEALTH_BY_KIND:
            for band in HealthBand.values:
                comparison["health_bands"][band] += details.get(band, 0)
        elif dimension == AggregateDimension.STATIONS_PER_STUDENT:
            if value is not None:
                stations, students = stations + value * count, students + count
            if key == str(principal.college_id):
                comparison["own_stations_per_student"], comparison["own_enrolled_students"] = value, count
        elif dimension == AggregateDimension.SUPPLY_DEMAND:
            comparison["supply_demand"][key] = {"students": count, **details}
        elif key == "final_year_placement_rate":
            comparison["placement_rate"], comparison["final_year_students"] = value, count
        elif key == "stations_gini":
            comparison["stations_gini"] = value
    if students:
        comparison["stations_per_student"] = stations / students
    return comparison


def health_band_counts(*, principal: Principal) -> dict[str, int]:
    """How many of the agreements in scope (a party's own) are in each band of their current health."""
    counted = partnership_health_list(principal=principal).order_by().values("band").annotate(agreements=Count("pk"))
    return {**dict.fromkeys(HealthBand.values, 0), **{row["band"]: row["agreements"] for row in counted}}


def program_talent_list(*, principal: Principal) -> QuerySet:
    """Per program in scope (a college's own), its students with a current talent score, their mean score and how
    many are in each talent band (``band_<band>``), by program name: one query."""
    bands = {f"band_{band}": Count("pk", filter=students) for band, students in TALENT_BAND_STUDENTS.items()}
    return (
        student_list(principal=principal)
        .filter(talent__isnull=False)
        .order_by("program__name", "program_id")
        .values("program_id", "program__name")
        .annotate(scored=Count("pk"), mean_score=Avg("talent__score"), **bands)
    )


def final_year_placement(*, principal: Principal, day: datetime.date) -> dict[str, int]:
    """The college's students in the final year of their program on ``day`` (enrolled or graduated, as the city's
    figure counts them) and how many of them had a placement that had started by that day and was not cancelled by
    then: the rule of the city's placement rate (docs/scoring.md), so that the two compare."""
    placing = Placement.objects.filter(placed_on(day), student_id=OuterRef("pk"))
    students = scoped(
        Student.objects.filter(in_final_year(day=day), status__in=[StudentStatus.ENROLLED, StudentStatus.GRADUATED]),
        principal,
        college_staff=own("program__college_id"),
    )
    return students.aggregate(students=Count("pk"), placed=Count("pk", filter=Exists(placing)))


def intern_counts(*, principal: Principal) -> dict[str, int]:
    """The interns in scope (an enterprise's: students, each counted once) with a placement under way, completed,
    hired after it, or cancelled, and those its mentors evaluated: one query."""
    interns = {
        "active": Q(status=PlacementStatus.ACTIVE),
        "completed": Q(status=PlacementStatus.COMPLETED),
        "hired": Q(hired_after=True),
        "cancelled": Q(status=PlacementStatus.CANCELLED),
        "evaluated": Q(evaluations__isnull=False),
    }
    return placement_list(principal=principal).aggregate(
        **{name: Count("student", distinct=True, filter=rows) for name, rows in interns.items()}
    )


def mentor_evaluation_means(*, principal: Principal) -> dict:
    """The mean mark of each rubric criterion over the mentor evaluations in scope (an enterprise's of its interns),
    with how many evaluations and students they cover: one query."""
    return (
        mentor_evaluation_list(principal=principal)
        .order_by()
        .aggregate(
            evaluations=Count("pk"),
            students=Count("placement__student", distinct=True),
            **{field: Avg(field) for field in RUBRIC_FIELDS},
        )
    )


def own_enterprise(*, principal: Principal) -> Enterprise:
    """The principal's enterprise with its sector, the evidence of its integration with education
    (``certification_evidence``'s figures) and the status of its latest certification application: one query."""
    latest = IntegrationCertification.objects.filter(enterprise_id=OuterRef("pk")).order_by("-applied_at", "-pk")
    enterprises = Enterprise.objects.select_related("sector").annotate(
        **_evidence_annotations(), certification_status=Subquery(latest.values("status")[:1])
    )
    return scoped(enterprises, principal, enterprise_staff=own("pk")).get()


def enterprise_sector_demand(*, principal: Principal, enterprise: Enterprise, year: int) -> QuerySet[IndustrySector]:
    """The enterprise's sectors, its own and those it demands talent in for ``year``, each with ``headcount``, the
    enterprise's demand in it for that year (0 if none): one query."""
    demand = talent_demand_list(principal=principal).filter(enterprise_id=enterprise.pk, year=year)
    return (
        IndustrySector.objects.filter(Q(pk=enterprise.sector_id) | Q(pk__in=demand.values("sector_id")))
        .annotate(headcount=_sum_per(demand, "sector", "headcount"))
        .order_by("code")
    )
