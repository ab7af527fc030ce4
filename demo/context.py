"""What every generation step shares: the random source, the reference date, the scale, the tables being written
and the records later steps need (colleges, programs, enterprises, agreements…)."""

import datetime
import itertools
import random
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings

from accounts.models import User
from cities.models import AcademicTerm, CityOfficial
from colleges.models import College as CollegeModel
from colleges.models import CollegeStaff, Course, Program, Student, StudentCertificate
from demo.bulk import BulkWriter
from demo.vocabulary import CityProfile, District, ProgramSpec
from enterprises.models import EducationInvestment, EnterpriseStaff, Posting, TalentDemand
from enterprises.models import Enterprise as EnterpriseModel
from evaluation.models import IntegrationCertification, MentorEvaluation, PartyRating
from partnerships.models import (
    Application,
    Commitment,
    CooperationAgreement,
    CouncilSeat,
    Milestone,
    Placement,
    TrainingBase,
)

T = TypeVar("T")
_MISSING = object()
# Groups of candidates: students who can take up a placement now (their last two years), and those who could
# have done one that is over (final year or recently graduated).
NOW, EARLIER = "now", "earlier"


@dataclass(slots=True, eq=False)
class Member:
    """A generated staff membership: the membership row's id and its user's id."""

    id: int
    user_id: int


@dataclass(slots=True, eq=False)
class ProgramRecord:
    id: int
    spec: ProgramSpec
    duration: int
    required_hours: int
    skill_ids: list[int]
    certificate_ids: list[int]


@dataclass(slots=True, eq=False)
class CollegeRecord:
    id: int
    index: int
    name: str
    kind: str
    district: District
    fields: tuple[str, ...]
    staff: list[Member] = field(default_factory=list)
    programs: list[ProgramRecord] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class EnterpriseRecord:
    id: int
    index: int
    name: str
    brand: str
    sector: str
    size: str
    district: District
    staff: list[Member] = field(default_factory=list)
    mentors: list[Member] = field(default_factory=list)
    bases: list[int] = field(default_factory=list)
    partners: dict[int, int] = field(default_factory=dict)  # college index → the agreement placements fulfil


@dataclass(slots=True, eq=False)
class AgreementRecord:
    id: int
    college: CollegeRecord
    enterprise: EnterpriseRecord
    kind: str
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    training_base_id: int | None


def add_months(first_of_month: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after the month of ``first_of_month``."""
    years, month = divmod(first_of_month.month - 1 + months, 12)
    return datetime.date(first_of_month.year + years, month + 1, 1)


def unique_name(name: str, used: set[str]) -> str:
    """``name``, or ``name（2）``, ``name（3）``… whichever is not in ``used`` yet; the result is added to ``used``."""
    candidate = name
    for number in itertools.count(2):
        if candidate not in used:
            break
        candidate = f"{name}（{number}）"
    used.add(candidate)
    return candidate


class Tables:
    """The buffer of every table the seed writes, declared in an order where parents come before children."""

    def __init__(self, writer: BulkWriter):
        table = writer.table
        self.users = table(
            User,
            "password",
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "language",
        )
        self.colleges = table(CollegeModel, "city_id", "name", "code", "kind", "district")
        self.college_staff = table(CollegeStaff, "user_id", "college_id", "title")
        self.programs = table(
            Program,
            "college_id",
            "catalogue_code",
            "name",
            "level",
            "duration_years",
            "annual_intake",
            "training_objective",
            "practical_credit_share",
            "required_practice_hours",
        )
        self.program_sectors = table(Program.target_sectors.through, "program_id", "industrysector_id")
        self.program_certificates = table(Program.certificates.through, "program_id", "certificate_id")
        self.courses = table(
            Course, "program_id", "code", "name", "credits", "practical_credits", "industry_standards"
        )
        self.enterprises = table(
            EnterpriseModel, "city_id", "name", "credit_code", "sector_id", "size", "district", "description"
        )
        self.enterprise_staff = table(EnterpriseStaff, "user_id", "enterprise_id", "title", "is_mentor")
        self.officials = table(CityOfficial, "user_id", "city_id", "title")
        self.terms = table(AcademicTerm, "city_id", "name", "starts_on", "ends_on")
        self.bases = table(
            TrainingBase,
            "city_id",
            "name",
            "kind",
            "host_college_id",
            "host_enterprise_id",
            "stations",
            "equipment_value",
            "district",
            "opened_on",
        )
        self.base_sectors = table(TrainingBase.sectors.through, "trainingbase_id", "industrysector_id")
        self.agreements = table(
            CooperationAgreement,
            "college_id",
            "enterprise_id",
            "kind",
            "title",
            "summary",
            "training_base_id",
            "starts_on",
            "ends_on",
            "status",
            "proposer_party",
            "proposed_by_id",
            "proposed_at",
            "countersigned_by_id",
            "countersigned_at",
            "ended_at",
            "termination_reason",
            "predecessor_id",
            "current_version_id",
            "created_at",
        )
        self.commitments = table(
            Commitment, "agreement_id", "party", "kind", "description", "amount", "delivered_amount"
        )
        self.milestones = table(Milestone, "agreement_id", "title", "due_on", "done_at", "evidence")
        self.ratings = table(
            PartyRating, "agreement_id", "rater_party", "rated_by_id", "period", "score", "comment", "rated_at"
        )
        self.council_seats = table(
            CouncilSeat,
            "college_id",
            "enterprise_id",
            "representative_name",
            "representative_title",
            "role",
            "started_on",
            "ended_on",
        )
        self.students = table(
            Student,
            "program_id",
            "cohort_year",
            "status",
            "practice_hours",
            "name",
            "student_number",
            "national_id",
            "phone",
        )
        self.student_skills = table(Student.skills.through, "student_id", "skill_id")
        self.student_certificates = table(StudentCertificate, "student_id", "certificate_id", "level", "awarded_on")
        self.postings = table(
            Posting,
            "enterprise_id",
            "kind",
            "title",
            "description",
            "sector_id",
            "slots",
            "filled_slots",
            "starts_on",
            "ends_on",
            "deadline",
            "daily_hours",
            "night_work",
            "stipend_monthly",
            "insurance",
            "minimum_age",
            "training_base_id",
            "district",
            "status",
            "created_at",
        )
        self.posting_skills = table(Posting.skills.through, "posting_id", "skill_id")
        self.applications = table(
            Application,
            "posting_id",
            "student_id",
            "status",
            "submitted_by_id",
            "submitted_at",
            "decided_at",
            "note",
            "decision_reason",
        )
        self.placements = table(
            Placement,
            "posting_id",
            "student_id",
            "application_id",
            "agreement_id",
            "status",
            "starts_on",
            "ends_on",
            "enterprise_mentor_id",
            "college_mentor_id",
            "completed_at",
            "cancelled_at",
            "cancellation_reason",
            "hired_after",
        )
        self.evaluations = table(
            MentorEvaluation,
            "placement_id",
            "mentor_id",
            "period",
            "professional_skill",
            "attitude",
            "teamwork",
            "innovation",
            "safety_and_standards",
            "comment",
            "evaluated_at",
        )
        self.demand = table(TalentDemand, "enterprise_id", "sector_id", "skill_id", "headcount", "year")
        self.certifications = table(
            IntegrationCertification,
            "enterprise_id",
            "status",
            "applied_at",
            "applied_by_id",
            "decided_at",
            "decided_by_id",
            "revoked_at",
            "revoked_by_id",
            "reason",
            "evidence",
        )
        self.investments = table(
            EducationInvestment, "enterprise_id", "college_id", "amount", "invested_on", "purpose", "description"
        )


@dataclass(eq=False)
class SeedContext:
    """The state of one seed run; every random choice goes through ``rng`` so the run is a function of its options."""

    rng: random.Random
    scale: float
    as_of: datetime.date
    city_id: int
    profile: CityProfile
    tables: Tables
    demo_user_ids: dict[str, int]
    sector_ids: dict[str, int] = field(default_factory=dict)
    sector_names: dict[str, str] = field(default_factory=dict)
    skill_ids: dict[str, int] = field(default_factory=dict)
    certificate_ids: dict[str, int] = field(default_factory=dict)
    colleges: list[CollegeRecord] = field(default_factory=list)
    enterprises: list[EnterpriseRecord] = field(default_factory=list)
    enterprises_by_sector: dict[str, list[EnterpriseRecord]] = field(default_factory=dict)
    officials: list[int] = field(default_factory=list)  # user ids
    base_names: set[str] = field(default_factory=set)
    public_bases: list[int] = field(default_factory=list)
    # Applicants to draw from: ids of students near the end of their program, keyed by (group,), (group, sector)
    # and (group, sector, college index); student_college gives the college of each, student_born their birth date
    # as the number YYYYMMDD (adding 10000 per year of a posting's minimum age is then exact).
    candidates: dict[tuple, list[int]] = field(default_factory=dict)
    student_college: dict[int, CollegeRecord] = field(default_factory=dict)
    student_born: dict[int, int] = field(default_factory=dict)
    # The days of each student's active placement, and of their applications still open: a student with an active
    # placement has no open application to a posting over some of the same days (accepting closes them).
    active_periods: dict[int, tuple[datetime.date, datetime.date]] = field(default_factory=dict)
    open_periods: dict[int, list[tuple[datetime.date, datetime.date]]] = field(default_factory=dict)
    agreements: list[AgreementRecord] = field(default_factory=list)
    terms: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)  # (first day, last day), in order

    def __post_init__(self):
        self.tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        # The school year that started most recently (in September) on the reference date.
        self.school_year = self.as_of.year if self.as_of.month >= 9 else self.as_of.year - 1

    def count(self, base: float, minimum: int) -> int:
        """``base`` rows at scale 1, scaled linearly, never fewer than ``minimum``."""
        return max(minimum, round(base * self.scale))

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def moment(self, day: datetime.date) -> datetime.datetime:
        """A time in office hours on ``day``, city time."""
        minute = self.rng.randint(8 * 60 + 30, 17 * 60 + 30)
        return datetime.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=self.tz)

    def picker(self, weights: dict[T, float]) -> Callable[[], T]:
        """A draw from ``weights`` that first returns every value once, so even a tiny city has each kind and state."""
        first = iter(weights)
        values = list(weights)
        cumulative = list(itertools.accumulate(weights.values()))
        choices = self.rng.choices

        def pick() -> T:
            value = next(first, _MISSING)
            return choices(values, cum_weights=cumulative)[0] if value is _MISSING else value

        return pick
