"""Rows for API tests: a city with one member of each role (each with an API token), and for every resource a
builder of N rows those members can see, with every related field the resource's serializer renders filled in.

A builder that leaves a many-to-many empty or a nested summary unset lets an N+1 query hide, so fill them all.
"""

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Model
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.choices import Role
from accounts.models import Notification, User
from cities.choices import SectorLevel
from cities.models import City, CityOfficial, IndustrySector, Skill
from colleges.models import Certificate, College, CollegeStaff, Course, Program, Student, StudentCertificate
from enterprises.choices import PostingStatus
from enterprises.models import EducationInvestment, Enterprise, EnterpriseStaff, Posting, TalentDemand
from evaluation.choices import HealthBand
from evaluation.models import (
    CityAggregate,
    IntegrationCertification,
    MentorEvaluation,
    PartnershipHealth,
    PartyRating,
    ScoringModel,
    ScoringRun,
    TalentScore,
)
from partnerships.choices import ApplicationStatus, Party, TrainingBaseKind
from partnerships.models import (
    Application,
    Commitment,
    CooperationAgreement,
    CouncilSeat,
    Milestone,
    Placement,
    TrainingBase,
)
from tests.accounts.factories import NotificationFactory, UserFactory
from tests.cities.factories import CityFactory, CityOfficialFactory, DivisionFactory, SkillFactory
from tests.colleges.factories import (
    CertificateFactory,
    CollegeFactory,
    CollegeStaffFactory,
    CourseFactory,
    ProgramFactory,
    StudentCertificateFactory,
    StudentFactory,
)
from tests.enterprises.factories import (
    EducationInvestmentFactory,
    EnterpriseFactory,
    EnterpriseStaffFactory,
    PostingFactory,
    TalentDemandFactory,
)
from tests.evaluation.factories import (
    CityAggregateFactory,
    IntegrationCertificationFactory,
    MentorEvaluationFactory,
    PartnershipHealthFactory,
    PartyRatingFactory,
    ScoringModelFactory,
    ScoringRunFactory,
    TalentScoreFactory,
)
from tests.partnerships.factories import (
    ApplicationFactory,
    CommitmentFactory,
    CooperationAgreementFactory,
    CouncilSeatFactory,
    MilestoneFactory,
    PlacementFactory,
    TrainingBaseFactory,
)

MEMBER_ROLES = (Role.COLLEGE_STAFF, Role.ENTERPRISE_STAFF, Role.CITY_OFFICIAL, Role.PLATFORM_ADMIN)

# Periods of evaluations and ratings must differ per placement or agreement; months from 2000 on never run out.
_months = itertools.count()


def _next_month() -> datetime.date:
    month = next(_months)
    return datetime.date(2000 + month // 12, month % 12 + 1, 1)


@dataclass
class ApiCity:
    """A pilot city with a college (and a program), an enterprise, a member of each role and their API tokens."""

    city: City
    college: College
    program: Program
    enterprise: Enterprise
    college_staff: CollegeStaff
    enterprise_staff: EnterpriseStaff
    official: CityOfficial
    admin: User
    tokens: dict[Role, str]

    def user(self, role: Role) -> User | None:
        """The member who acts as ``role`` (None for an anonymous caller)."""
        return {
            Role.COLLEGE_STAFF: self.college_staff.user,
            Role.ENTERPRISE_STAFF: self.enterprise_staff.user,
            Role.CITY_OFFICIAL: self.official.user,
            Role.PLATFORM_ADMIN: self.admin,
        }.get(role)

    def headers(self, role: Role) -> dict[str, str]:
        """The header that signs ``role`` in (none for an anonymous caller)."""
        return {"Authorization": f"Token {self.tokens[role]}"} if role in self.tokens else {}

    @cached_property
    def sectors(self) -> list[IndustrySector]:
        section = IndustrySector.objects.get_or_create(
            code="C", defaults={"level": SectorLevel.SECTION, "name_zh": "制造业", "name_en": "Manufacturing"}
        )[0]
        return [DivisionFactory(code=code, parent=section) for code in ("38", "39")]

    @cached_property
    def skills(self) -> list[Skill]:
        return [SkillFactory(sector=self.sectors[0]) for _ in range(2)]

    @cached_property
    def certificates(self) -> list[Certificate]:
        return [CertificateFactory(sector=self.sectors[1]) for _ in range(2)]

    @cached_property
    def training_base(self) -> TrainingBase:
        return co_built_training_base(self)

    @cached_property
    def open_posting(self) -> Posting:
        return open_posting(self)

    @cached_property
    def scoring_run(self) -> ScoringRun:
        """The city's last successful run, which the score and aggregate rows come from."""
        return ScoringRunFactory(city=self.city, requested_by=self.official.user)

    @cached_property
    def agreement(self) -> CooperationAgreement:
        """A draft agreement between the city's college and enterprise, which either party may still edit."""
        return CooperationAgreementFactory(
            college=self.college, enterprise=self.enterprise, training_base=self.training_base, summary="Draft terms."
        )


def _member(role: Role, label: str) -> User:
    return UserFactory(username=f"{label}-{role.value.replace('_', '-')}")


def build_api_city(label: str, *, admin: User | None = None) -> ApiCity:
    """A city named after ``label`` with its members; ``admin`` (a superuser) is shared by every city, or made."""
    city = CityFactory(name=f"{label.title()} City")
    college = CollegeFactory(city=city, district="Old Town")
    enterprise = EnterpriseFactory(city=city)
    api_city = ApiCity(
        city=city,
        college=college,
        program=ProgramFactory(college=college),
        enterprise=enterprise,
        college_staff=CollegeStaffFactory(college=college, user=_member(Role.COLLEGE_STAFF, label)),
        enterprise_staff=EnterpriseStaffFactory(enterprise=enterprise, user=_member(Role.ENTERPRISE_STAFF, label)),
        official=CityOfficialFactory(city=city, user=_member(Role.CITY_OFFICIAL, label)),
        admin=admin or UserFactory(username="platform-admin", is_staff=True, is_superuser=True),
        tokens={},
    )
    city.priority_sectors.set(api_city.sectors)
    api_city.program.target_sectors.set(api_city.sectors)
    api_city.program.certificates.set(api_city.certificates)
    api_city.tokens = {role: Token.objects.get_or_create(user=api_city.user(role))[0].key for role in MEMBER_ROLES}
    return api_city


# ------------------------------------------------------------------------------
# Single rows with every related field filled
# ------------------------------------------------------------------------------
def co_built_training_base(api_city: ApiCity) -> TrainingBase:
    base = TrainingBaseFactory(
        city=api_city.city,
        kind=TrainingBaseKind.CO_BUILT,
        host_college=api_city.college,
        host_enterprise=api_city.enterprise,
        opened_on=datetime.date(2024, 9, 1),
    )
    base.sectors.set(api_city.sectors)
    return base


def open_posting(api_city: ApiCity) -> Posting:
    posting = PostingFactory(
        enterprise=api_city.enterprise,
        sector=api_city.sectors[1],
        status=PostingStatus.OPEN,
        slots=100,  # room for the 50 placements of the query-count test
        training_base=api_city.training_base,
        description="Install and maintain robot cells.",
    )
    posting.skills.set(api_city.skills)
    return posting


def student(api_city: ApiCity, *, applied: bool = True) -> Student:
    """A student of the city's program with skills; ``applied`` to the enterprise's open posting, so that its
    staff see them too (every other one with an accepted offer, which releases the phone)."""
    new_student = StudentFactory(program=api_city.program)
    new_student.skills.set(api_city.skills)
    if applied:
        accepted = new_student.pk % 2 == 0
        ApplicationFactory(
            student=new_student,
            posting=api_city.open_posting,
            status=ApplicationStatus.ACCEPTED if accepted else ApplicationStatus.SUBMITTED,
            submitted_by=api_city.college_staff.user,
        )
    return new_student


def placement(api_city: ApiCity) -> Placement:
    application = ApplicationFactory(
        student=student(api_city, applied=False),
        posting=api_city.open_posting,
        status=ApplicationStatus.ACCEPTED,
        submitted_by=api_city.college_staff.user,
    )
    return PlacementFactory(
        student=application.student,
        posting=application.posting,
        application=application,
        agreement=api_city.agreement,
        enterprise_mentor=api_city.enterprise_staff,
        college_mentor=api_city.college_staff,
    )


# ------------------------------------------------------------------------------
# N rows per resource
# ------------------------------------------------------------------------------
def _cities(api_city: ApiCity, n: int) -> None:
    for _ in range(n):
        CityFactory().priority_sectors.set(api_city.sectors)


def _sectors(api_city: ApiCity, n: int) -> None:
    """GB/T 4754-2017 comes with the migrations and fills every code the constraint allows: nothing to add."""


def _skills(api_city: ApiCity, n: int) -> None:
    SkillFactory.create_batch(n, sector=api_city.sectors[0])


def _certificates(api_city: ApiCity, n: int) -> None:
    CertificateFactory.create_batch(n, sector=api_city.sectors[1])


def _colleges(api_city: ApiCity, n: int) -> None:
    CollegeFactory.create_batch(n, city=api_city.city, district="New District")


def _programs(api_city: ApiCity, n: int) -> None:
    for program in ProgramFactory.create_batch(n, college=api_city.college):
        program.target_sectors.set(api_city.sectors)
        program.certificates.set(api_city.certificates)


def _courses(api_city: ApiCity, n: int) -> None:
    CourseFactory.create_batch(n, program=api_city.program, industry_standards="GB/T 39005")


def _students(api_city: ApiCity, n: int) -> None:
    for _ in range(n):
        student(api_city)


def _student_certificates(api_city: ApiCity, n: int) -> None:
    for _ in range(n):
        StudentCertificateFactory(student=student(api_city), certificate=api_city.certificates[0])


def _enterprises(api_city: ApiCity, n: int) -> None:
    EnterpriseFactory.create_batch(n, city=api_city.city, sector=api_city.sectors[0], description="Robot cells.")


def _postings(api_city: ApiCity, n: int) -> None:
    for _ in range(n):
        open_posting(api_city)


def _talent_demands(api_city: ApiCity, n: int) -> None:
    for _ in range(n):
        TalentDemandFactory(enterprise=api_city.enterprise, sector=api_city.sectors[0], skill=SkillFactory())


def _education_investments(api_city: ApiCity, n: int) -> None:
    EducationInvestmentFactory.create_batch(n, enterprise=api_city.enterprise, college=api_city.college)


def _integration_certifications(api_city: ApiCity, n: int) -> None:
    # Only one application may be pending or valid per enterprise; refused ones pile up.
    IntegrationCertificationFactory.create_batch(n, enterprise=api_city.enterprise, rejected=True)


def _training_bases(api_city: ApiCity, n: int) -> None:
    for _ in range(n):
        co_built_training_base(api_city)


def _agreements(api_city: ApiCity, n: int) -> None:
    CooperationAgreementFactory.create_batch(
        n,
        college=api_city.college,
        enterprise=api_city.enterprise,
        training_base=api_city.training_base,
        summary="An internship base for robotics students.",
    )


def _commitments(api_city: ApiCity, n: int) -> None:
    CommitmentFactory.create_batch(n, agreement=api_city.agreement, description="Internship slots.")


def _milestones(api_city: ApiCity, n: int) -> None:
    MilestoneFactory.create_batch(n, agreement=api_city.agreement)


def _council_seats(api_city: ApiCity, n: int) -> None:
    CouncilSeatFactory.create_batch(
        n, college=api_city.college, enterprise=api_city.enterprise, representative_title="Chief engineer"
    )


def _applications(api_city: ApiCity, n: int) -> None:
    for _ in range(n):
        student(api_city)


def _placements(api_city: ApiCity, n: int) -> None:
    for _ in range(n):
        placement(api_city)


def _mentor_evaluations(api_city: ApiCity, n: int) -> None:
    for _ in range(n):
        MentorEvaluationFactory(placement=placement(api_city), mentor=api_city.enterprise_staff, comment="Careful.")


def _party_ratings(api_city: ApiCity, n: int) -> None:
    for rater_party in itertools.islice(itertools.cycle(Party), n):
        PartyRatingFactory(
            agreement=api_city.agreement,
            rater_party=rater_party,
            period=_next_month(),
            rated_by=api_city.college_staff.user,
        )


def _incentives(api_city: ApiCity, n: int) -> None:
    """Certified enterprises, each with an investment its incentive counts."""
    for enterprise in EnterpriseFactory.create_batch(n, city=api_city.city, sector=api_city.sectors[0]):
        IntegrationCertificationFactory(enterprise=enterprise, certified=True)
        EducationInvestmentFactory(enterprise=enterprise, college=api_city.college, invested_on=timezone.localdate())


def _partnership_health(api_city: ApiCity, n: int) -> None:
    """Current health of active agreements between the city's college and enterprise, one at risk in three."""
    for index in range(n):
        agreement = CooperationAgreementFactory(
            college=api_city.college, enterprise=api_city.enterprise, active=True, training_base=api_city.training_base
        )
        at_risk = index % 3 == 0
        PartnershipHealthFactory(
            agreement=agreement,
            run=api_city.scoring_run,
            score=Decimal("41.5") if at_risk else Decimal("74.5"),
            band=HealthBand.AT_RISK if at_risk else HealthBand.HEALTHY,
        )


def _talent_scores(api_city: ApiCity, n: int) -> None:
    for _ in range(n):
        TalentScoreFactory(student=student(api_city), run=api_city.scoring_run)


def _city_aggregates(api_city: ApiCity, n: int) -> None:
    CityAggregateFactory.create_batch(n, run=api_city.scoring_run)


def _scoring_runs(api_city: ApiCity, n: int) -> None:
    """Runs of the days before (the city's last successful run stays the last): every other one failed."""
    for index in range(n):
        queued_at = timezone.now() - datetime.timedelta(days=index + 1)
        ScoringRunFactory(
            city=api_city.city, queued_at=queued_at, requested_by=api_city.official.user, failed=index % 2 == 1
        )


def _scoring_models(api_city: ApiCity, n: int) -> None:
    ScoringModelFactory.create_batch(n, created_by=api_city.admin)


def _notifications(api_city: ApiCity, n: int) -> None:
    NotificationFactory.create_batch(n, recipient=api_city.college_staff.user)


@dataclass(frozen=True)
class Rows:
    """How to build N rows of a resource, and which roles see every one of them."""

    build: Callable[[ApiCity, int], None]
    seen_by: tuple[Role, ...] = MEMBER_ROLES
    # Reference data loaded by a migration cannot grow: the list shows N rows by asking for pages of N.
    fixed: bool = False


# By the model a list shows; by its route prefix for a list of another resource's model (incentives: enterprises).
ROWS: dict[type[Model] | str, Rows] = {
    City: Rows(_cities, seen_by=(Role.PLATFORM_ADMIN,)),  # a member sees their one city
    IndustrySector: Rows(_sectors, fixed=True),
    Skill: Rows(_skills),
    Certificate: Rows(_certificates),
    College: Rows(_colleges, seen_by=(Role.ENTERPRISE_STAFF, Role.CITY_OFFICIAL, Role.PLATFORM_ADMIN)),
    Program: Rows(_programs),
    Course: Rows(_courses),
    Student: Rows(_students),
    StudentCertificate: Rows(_student_certificates),
    Enterprise: Rows(_enterprises, seen_by=(Role.COLLEGE_STAFF, Role.CITY_OFFICIAL, Role.PLATFORM_ADMIN)),
    Posting: Rows(_postings),
    TalentDemand: Rows(_talent_demands),
    EducationInvestment: Rows(
        _education_investments, seen_by=(Role.ENTERPRISE_STAFF, Role.CITY_OFFICIAL, Role.PLATFORM_ADMIN)
    ),
    IntegrationCertification: Rows(
        _integration_certifications, seen_by=(Role.ENTERPRISE_STAFF, Role.CITY_OFFICIAL, Role.PLATFORM_ADMIN)
    ),
    TrainingBase: Rows(_training_bases),
    CooperationAgreement: Rows(_agreements),
    Commitment: Rows(_commitments),
    Milestone: Rows(_milestones),
    CouncilSeat: Rows(_council_seats),
    Application: Rows(_applications),
    Placement: Rows(_placements),
    MentorEvaluation: Rows(_mentor_evaluations),
    PartyRating: Rows(_party_ratings),
    Notification: Rows(_notifications, seen_by=(Role.COLLEGE_STAFF,)),  # each user reads only their own
    "incentives": Rows(_incentives, seen_by=(Role.CITY_OFFICIAL, Role.PLATFORM_ADMIN)),  # an enterprise: its own
    PartnershipHealth: Rows(_partnership_health),
    TalentScore: Rows(_talent_scores),
    CityAggregate: Rows(_city_aggregates, seen_by=(Role.CITY_OFFICIAL, Role.PLATFORM_ADMIN)),
    ScoringRun: Rows(_scoring_runs, seen_by=(Role.CITY_OFFICIAL, Role.PLATFORM_ADMIN)),
    ScoringModel: Rows(_scoring_models),
}
