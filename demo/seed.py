"""Build, find or rebuild the demo city in one transaction, and keep its demo accounts."""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Model, Q
from pghistory.models import Context

from accounts.models import User
from accounts.services import membership_create
from cities.models import AcademicTerm, City, CityOfficial, IndustrySector
from colleges.models import College, CollegeStaff, Course, Program, Student, StudentCertificate
from demo.allocation import build_allocation_round
from demo.bulk import BulkWriter
from demo.calendar import build_calendar
from demo.context import SeedContext, Tables
from demo.cooperation import build_agreements, build_council_seats
from demo.history import HISTORY_MONTHS, score_history
from demo.identities import Identities
from demo.incentives import build_certifications, build_investments
from demo.organisations import (
    build_colleges,
    build_enterprises,
    build_officials,
    build_training_bases,
    load_catalogue,
)
from demo.postings import build_postings, build_talent_demand
from demo.students import build_students
from demo.vocabulary import DEFAULT_CITY, OFFICIAL_TITLES, CityProfile
from enterprises.models import EducationInvestment, Enterprise, EnterpriseStaff, Posting, TalentDemand
from evaluation.models import (
    CityAggregate,
    CityScores,
    IntegrationCertification,
    MentorEvaluation,
    PartyRating,
    ScoringRun,
    ScoringRunChunk,
)
from evaluation.scoring.storage import run_storage_drop
from partnerships.models import (
    AllocationChoice,
    AllocationOutcome,
    AllocationRanking,
    AllocationRound,
    AllocationRoundCollege,
    AllocationRoundPosting,
    Application,
    Commitment,
    CooperationAgreement,
    CouncilSeat,
    Milestone,
    Placement,
    SkillProfile,
    TrainingBase,
)
from partnerships.services.recommendations import skill_profile_rebuild

DEMO_PASSWORD = "iei-demo-2026"
PLATFORM_ADMIN = "demo-admin"  # one for the platform, whichever demo cities it holds
DEMO_ROLES = ("college", "enterprise", "official")


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    can: str


@dataclass(frozen=True)
class SeedResult:
    city: City
    built: bool
    rows: dict[type[Model], int]
    accounts: list[DemoAccount]
    runs: list[ScoringRun]


def seed_demo_city(
    *,
    scale: float,
    seed: int,
    as_of: datetime.date,
    reset: bool = False,
    profile: CityProfile = DEFAULT_CITY,
    history_months: int | None = HISTORY_MONTHS,
) -> SeedResult:
    """Build a demo city unless it exists (then only make sure its demo accounts do), and score it as of the end of
    each of the ``history_months`` months before ``as_of`` and as of ``as_of`` (not at all if None); ``reset``
    rebuilds it."""
    with transaction.atomic():
        city = City.objects.filter(province=profile.province, name=profile.name).first()
        if city and reset:
            delete_demo_city(city)
            city = None
        if city:
            return SeedResult(city, built=False, rows={}, accounts=ensure_demo_accounts(city, profile), runs=[])
        city = City.objects.create(
            name=profile.name, province=profile.province, pilot_batch_year=profile.pilot_batch_year
        )
        city.priority_sectors.set(IndustrySector.objects.filter(code__in=profile.priority_sectors))
        password = _DemoPassword()
        _demo_user(PLATFORM_ADMIN, password, DEFAULT_CITY, is_staff=True, is_superuser=True)
        demo_user_ids = {role: _demo_user(_username(profile, role), password, profile).id for role in DEMO_ROLES}
        with BulkWriter() as writer:
            ctx = SeedContext(_random(profile, seed), scale, as_of, city.id, profile, Tables(writer), demo_user_ids)
            people = Identities(ctx.rng, profile)
            load_catalogue(ctx)
            build_colleges(ctx, people)
            build_enterprises(ctx, people)
            build_officials(ctx, people)
            build_calendar(ctx)
            build_training_bases(ctx)
            build_agreements(ctx)
            build_council_seats(ctx, people)
            build_students(ctx, people)
            build_postings(ctx)
            build_talent_demand(ctx)
            build_investments(ctx, build_certifications(ctx))
            rows = writer.finish()
        rows[SkillProfile] = skill_profile_rebuild(city_id=city.id)
        build_allocation_round(city_id=city.id, demo_user_ids=demo_user_ids, rng=ctx.rng)
        runs = [] if history_months is None else score_history(city_id=city.id, as_of=as_of, months=history_months)
        return SeedResult(city, built=True, rows=rows, accounts=_accounts(city, profile), runs=runs)


def _random(profile: CityProfile, seed: int) -> random.Random:
    """The random source of a city: the default city's is seeded with ``seed`` alone (its content stays what it
    was before there were other demo cities); another's with its slug too, so it differs beyond its names."""
    return random.Random(seed if profile == DEFAULT_CITY else f"{profile.slug}:{seed}")


def _username(profile: CityProfile, role: str) -> str:
    return f"{profile.demo_prefix}-{role}"


class _DemoPassword:
    """The demo password's hash, computed once (the hasher is slow on purpose) and shared by the demo accounts."""

    def __init__(self):
        self.hashed = None

    def __str__(self) -> str:
        if self.hashed is None:
            self.hashed = make_password(DEMO_PASSWORD)
        return self.hashed


def _demo_user(username: str, password: _DemoPassword, profile: CityProfile, **flags) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@{profile.email_domain}", "first_name": "Demo", **flags}
    )
    if created:
        user.password = str(password)
        user.save(update_fields=["password"])
    return user


def ensure_demo_accounts(city: City, profile: CityProfile) -> list[DemoAccount]:
    """Create any demo account that went missing, in the city's first college, enterprise and administration."""
    password = _DemoPassword()
    _demo_user(PLATFORM_ADMIN, password, DEFAULT_CITY, is_staff=True, is_superuser=True)
    college_user = _demo_user(_username(profile, "college"), password, profile)
    if not CollegeStaff.objects.filter(user=college_user).exists():
        membership_create(membership=CollegeStaff(user=college_user, college=city.colleges.order_by("pk").first()))
    enterprise_user = _demo_user(_username(profile, "enterprise"), password, profile)
    if not EnterpriseStaff.objects.filter(user=enterprise_user).exists():
        enterprise = city.enterprises.order_by("pk").first()
        membership_create(membership=EnterpriseStaff(user=enterprise_user, enterprise=enterprise, is_mentor=True))
    official_user = _demo_user(_username(profile, "official"), password, profile)
    if not CityOfficial.objects.filter(user=official_user).exists():
        membership_create(membership=CityOfficial(user=official_user, city=city, title=OFFICIAL_TITLES[0]))
    return _accounts(city, profile)


def _accounts(city: City, profile: CityProfile) -> list[DemoAccount]:
    college_user, enterprise_user, official_user = (_username(profile, role) for role in DEMO_ROLES)
    college = CollegeStaff.objects.select_related("college").get(user__username=college_user).college
    enterprise = EnterpriseStaff.objects.select_related("enterprise").get(user__username=enterprise_user).enterprise
    return [
        DemoAccount("platform admin", PLATFORM_ADMIN, "everything, in the Django admin at /admin/"),
        DemoAccount("college staff", college_user, f"{college}: programs, students, agreements, applications"),
        DemoAccount("enterprise staff", enterprise_user, f"{enterprise}: postings, applicants, mentor evaluations"),
        DemoAccount("city official", official_user, f"{city}: reads the whole city, students' data masked"),
    ]


def delete_demo_city(city: City) -> None:
    """Delete the city and everything in it, leaves first.

    Rows go with plain DELETE statements: Django's cascading delete would load every row (a million students)
    into memory. Users go through the ORM so that their sessions, permissions and admin log go with them.
    """
    # The demo's round is made through the services, so PostgreSQL's audit trail holds its events and their contexts.
    round_events = AllocationRound.pgh_event_model.objects.filter(city_id=city.id)
    for queryset in (
        Context.objects.filter(pk__in=round_events.values("pgh_context_id")),
        round_events,
        AllocationOutcome.objects.filter(round__city=city),
        AllocationRanking.objects.filter(round__city=city),
        AllocationChoice.objects.filter(round__city=city),
        AllocationRoundCollege.objects.filter(round__city=city),
        AllocationRoundPosting.objects.filter(round__city=city),
        AllocationRound.objects.filter(city=city),
        CityAggregate.objects.filter(run__city=city),
        SkillProfile.objects.filter(city=city),
    ):
        queryset._raw_delete(queryset.db)
    # The score rows go with their runs' storage (on PostgreSQL a table per run, dropped whole); the current scores
    # are views of them. Then the city's pointer, which protects its run, then the runs.
    for run_id in ScoringRun.objects.filter(city=city).order_by("pk").values_list("pk", flat=True):
        run_storage_drop(run_id)
    for queryset in (
        CityScores.objects.filter(city=city),
        ScoringRunChunk.objects.filter(run__city=city),
        ScoringRun.objects.filter(city=city),
        MentorEvaluation.objects.filter(placement__posting__enterprise__city=city),
        PartyRating.objects.filter(agreement__college__city=city),
        Placement.objects.filter(posting__enterprise__city=city),
        Application.objects.filter(posting__enterprise__city=city),
        Milestone.objects.filter(agreement__college__city=city),
        Commitment.objects.filter(agreement__college__city=city),
        CouncilSeat.objects.filter(college__city=city),
        CooperationAgreement.objects.filter(college__city=city),
        Posting.skills.through.objects.filter(posting__enterprise__city=city),
        Posting.objects.filter(enterprise__city=city),
        TalentDemand.objects.filter(enterprise__city=city),
        EducationInvestment.objects.filter(enterprise__city=city),
        IntegrationCertification.objects.filter(enterprise__city=city),
        TrainingBase.sectors.through.objects.filter(trainingbase__city=city),
        TrainingBase.objects.filter(city=city),
        StudentCertificate.objects.filter(student__program__college__city=city),
        Student.skills.through.objects.filter(student__program__college__city=city),
        Student.objects.filter(program__college__city=city),
        Course.objects.filter(program__college__city=city),
        Program.target_sectors.through.objects.filter(program__college__city=city),
        Program.certificates.through.objects.filter(program__college__city=city),
        Program.objects.filter(college__city=city),
        AcademicTerm.objects.filter(city=city),
    ):
        queryset._raw_delete(queryset.db)
    User.objects.filter(
        Q(college_membership__college__city=city)
        | Q(enterprise_membership__enterprise__city=city)
        | Q(city_membership__city=city)
    ).delete()
    for queryset in (Enterprise.objects.filter(city=city), College.objects.filter(city=city)):
        queryset._raw_delete(queryset.db)
    city.delete()
