import datetime
from decimal import Decimal

import factory
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from factory.django import DjangoModelFactory

from evaluation.choices import AggregateDimension, CertificationStatus, HealthBand, RunState, RunTrigger, ScoreKind
from evaluation.models import (
    CityAggregate,
    CityScores,
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
from evaluation.scoring.definitions import DEFINITIONS, current_model
from evaluation.scoring.publish import publication_prepare, publish_run
from evaluation.scoring.storage import run_storage_attach_empty
from partnerships.choices import Party
from tests.accounts.factories import UserFactory
from tests.cities.factories import CityFactory
from tests.colleges.factories import StudentFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.partnerships.factories import CooperationAgreementFactory, PlacementFactory


class IntegrationCertificationFactory(DjangoModelFactory):
    class Meta:
        model = IntegrationCertification

    enterprise = factory.SubFactory(EnterpriseFactory)
    applied_at = factory.LazyFunction(timezone.now)

    class Params:
        decided = factory.Trait(
            applied_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30)),
            decided_at=factory.LazyAttribute(
                lambda certification: certification.applied_at + datetime.timedelta(days=7)
            ),
            decided_by=factory.SubFactory(UserFactory),
        )
        certified = factory.Trait(decided=True, status=CertificationStatus.CERTIFIED)
        rejected = factory.Trait(decided=True, status=CertificationStatus.REJECTED, reason="Investment not evidenced.")
        revoked = factory.Trait(
            certified=True,
            status=CertificationStatus.REVOKED,
            revoked_at=factory.LazyAttribute(
                lambda certification: certification.decided_at + datetime.timedelta(days=7)
            ),
            revoked_by=factory.SubFactory(UserFactory),
            reason="Stopped hosting interns.",
        )


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


# ------------------------------------------------------------------------------
# Scores (rows the scoring runs write; the API and the admin only read them)
# ------------------------------------------------------------------------------
def _next_version(kind: str) -> int:
    return (ScoringModel.objects.filter(kind=kind).aggregate(newest=Max("version"))["newest"] or 0) + 1


class ScoringModelFactory(DjangoModelFactory):
    """The next version of a score's weights and parameters, with the defaults of docs/scoring.md."""

    class Meta:
        model = ScoringModel

    kind = ScoreKind.HEALTH
    version = factory.LazyAttribute(lambda model: _next_version(model.kind))
    weights = factory.LazyAttribute(lambda model: dict(DEFINITIONS[model.kind].weights))
    parameters = factory.LazyAttribute(lambda model: dict(DEFINITIONS[model.kind].parameters))
    note = "Made by a test."


class ScoringRunFactory(DjangoModelFactory):
    """A run that succeeded a minute ago, with the newest model versions; ``queued``, ``running`` and ``failed``
    give the other states."""

    class Meta:
        model = ScoringRun
        skip_postgeneration_save = True

    city = factory.SubFactory(CityFactory)
    as_of = factory.LazyFunction(timezone.localdate)
    trigger = RunTrigger.SCHEDULE
    health_model = factory.LazyFunction(lambda: current_model(ScoreKind.HEALTH))
    talent_model = factory.LazyFunction(lambda: current_model(ScoreKind.TALENT))
    state = RunState.SUCCEEDED
    queued_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=3))
    started_at = factory.LazyAttribute(lambda run: run.queued_at + datetime.timedelta(seconds=30))
    finished_at = factory.LazyAttribute(lambda run: run.started_at + datetime.timedelta(seconds=90))
    chunks_total = 16
    agreements_scored = 12
    students_scored = 340

    class Params:
        queued = factory.Trait(
            state=RunState.QUEUED, started_at=None, finished_at=None, agreements_scored=0, students_scored=0
        )
        running = factory.Trait(state=RunState.RUNNING, finished_at=None, agreements_scored=0, students_scored=0)
        failed = factory.Trait(
            state=RunState.FAILED, agreements_scored=0, students_scored=0, error="The database went away."
        )

    @factory.post_generation
    def storage(run, create, extracted, **kwargs):
        """Its snapshot rows' place, attached at once: rows can be made through the parent table, and its chunks,
        if a test computes them, write straight into it (a run started by the services loads apart and attaches
        when it publishes, ``evaluation.scoring.storage``)."""
        if create:
            run_storage_attach_empty(run)


class ScoringRunChunkFactory(DjangoModelFactory):
    class Meta:
        model = ScoringRunChunk

    run = factory.SubFactory(ScoringRunFactory, running=True)
    kind = ScoreKind.HEALTH
    number = factory.Sequence(lambda n: n)
    rows = 120


class HealthFiguresFactory(DjangoModelFactory):
    """A healthy score with every component known."""

    class Meta:
        abstract = True

    scoring_model = factory.SelfAttribute("run.health_model")
    score = Decimal("74.5")
    band = HealthBand.HEALTHY
    commitments_kept = 0.9
    milestones_on_time = 0.75
    satisfaction = 0.8
    recency = 1.0
    reciprocity = 0.5
    outcomes = 0.4


def publish(run: ScoringRun) -> None:
    """Publish a run whose chunks a test computed: its aggregates, then its scores current (``evaluation.scoring.
    runs.scoring_run_publish`` does the same for a run in the publishing state)."""
    publication_prepare(run)
    with transaction.atomic():
        publish_run(run)


def current_run(city) -> ScoringRun:
    """The run the city's current scores come from: the one it points at, or a new succeeded run it then does."""
    pointer = CityScores.objects.filter(city=city).select_related("run").first()
    return pointer.run if pointer else ScoringRunFactory(city=city)


def current_snapshots(current: type[PartnershipHealth | TalentScore], **lookups) -> QuerySet:
    """The snapshot rows behind the current scores (``PartnershipHealth`` or ``TalentScore``) that ``lookups``
    choose: the rows of their cities' current runs. The current scores are a read-only view of these rows, so a
    test changes or removes a current score here."""
    snapshot = {PartnershipHealth: PartnershipHealthSnapshot, TalentScore: TalentScoreSnapshot}[current]
    return snapshot.objects.filter(run_id__in=CityScores.objects.values("run_id"), **lookups)


class CurrentScoreFactory(DjangoModelFactory):
    """A current score is a row of the city's current run (the current scores are a view of them): this writes
    the snapshot row and points the city at its run."""

    class Meta:
        abstract = True

    incremental = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        snapshot = {PartnershipHealth: PartnershipHealthSnapshot, TalentScore: TalentScoreSnapshot}[model_class]
        run = kwargs.pop("run")
        CityScores.objects.update_or_create(city_id=run.city_id, defaults={"run": run})
        row = snapshot.objects.create(run=run, **kwargs)
        return model_class.objects.get(
            pk=row.agreement_id if snapshot is PartnershipHealthSnapshot else row.student_id
        )


class PartnershipHealthFactory(HealthFiguresFactory, CurrentScoreFactory):
    """The current health of an active agreement, from the current run of its city."""

    class Meta:
        model = PartnershipHealth

    agreement = factory.SubFactory(CooperationAgreementFactory, active=True)
    run = factory.LazyAttribute(lambda health: current_run(health.agreement.college.city))
    computed_at = factory.LazyAttribute(lambda health: health.run.finished_at)


class PartnershipHealthSnapshotFactory(HealthFiguresFactory):
    class Meta:
        model = PartnershipHealthSnapshot

    agreement = factory.SubFactory(CooperationAgreementFactory, active=True)
    run = factory.SubFactory(ScoringRunFactory, city=factory.SelfAttribute("..agreement.college.city"))
    computed_at = factory.LazyAttribute(lambda health: health.run.started_at)


class TalentFiguresFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    scoring_model = factory.SelfAttribute("run.talent_model")
    score = Decimal("63.0")
    percentile = Decimal("50.0")
    practice = 0.7
    certificates = 0.4
    mentor = 0.75
    placement = 0.5


class TalentScoreFactory(TalentFiguresFactory, CurrentScoreFactory):
    """The current talent evaluation of a student, from the current run of the student's city."""

    class Meta:
        model = TalentScore

    student = factory.SubFactory(StudentFactory)
    run = factory.LazyAttribute(lambda talent: current_run(talent.student.program.college.city))
    computed_at = factory.LazyAttribute(lambda talent: talent.run.finished_at)


class TalentScoreSnapshotFactory(TalentFiguresFactory):
    class Meta:
        model = TalentScoreSnapshot

    student = factory.SubFactory(StudentFactory)
    run = factory.SubFactory(ScoringRunFactory, city=factory.SelfAttribute("..student.program.college.city"))
    computed_at = factory.LazyAttribute(lambda talent: talent.run.started_at)


class CityAggregateFactory(DjangoModelFactory):
    class Meta:
        model = CityAggregate

    run = factory.SubFactory(ScoringRunFactory)
    dimension = AggregateDimension.HEALTH_BY_KIND
    key = factory.Sequence(lambda n: f"kind-{n}")
    label = factory.LazyAttribute(lambda aggregate: f"Agreements of {aggregate.key}")
    count = 4
    value = 71.3
    details = factory.LazyFunction(lambda: {"at_risk": 1})


class CityScoresFactory(DjangoModelFactory):
    """A city pointing at one of its succeeded runs as its current scores (publishing moves it: ``publish``)."""

    class Meta:
        model = CityScores

    city = factory.SubFactory(CityFactory)
    run = factory.SubFactory(ScoringRunFactory, city=factory.SelfAttribute("..city"))
