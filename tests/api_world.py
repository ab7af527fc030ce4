"""The world the API's cross-cutting tests run in (permission matrix, mass assignment, query counts, OpenAPI), built
from the factories, and the API's routes, found in the URLconf.

Its unit is a city with a member of each role (``build_api_city``): a college with a program, an enterprise, a
staff member of each, the city's official and a platform admin, each with an API token. The query-count test builds
one for each case and adds N rows of a resource to it with that resource's builder in ``ROWS``.

The world (``build_world``) has two such cities. City 1 has two sides, A and B, built alike: a college and an
enterprise with their staff, and a row of every resource of the API of the side's own (a program, an open posting,
a draft agreement with its commitment, milestone and rating, a student who applied, a placement with a mentor
evaluation…), so B's principals can make valid requests of their own while A's rows are the ones the tests look at.
City 2 has its own official, a college, an enterprise and a public training base (records no principal of city 1
may use). The OpenAPI test adds the rows of ``ROWS`` to both cities.

``world.records[<route prefix>]`` is A's row of each resource with, for each scope of docs/permissions.md (own,
applicants, open, city, all), the principals that reach it through that scope. Tests get the world from the
fixtures ``api_world`` (built for the test) or ``api_world_per_module`` (built once, see tests/conftest.py)::

    response = api_world.client("college_b").post(api_resources()["courses"].url(),
                                                  create_body(api_world, "courses", "college_b"))

A new resource of the API needs a record here, a row builder in ``ROWS``, a create body (if it can be created) and
a harmless change (if it can be changed); the tests that need them say so. A builder fills every related field the
resource's serializer renders: one left empty lets an N+1 query hide.
"""

import datetime
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property

from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.choices import Role
from accounts.models import Notification, User
from accounts.principals import ANONYMOUS as ANONYMOUS_PRINCIPAL
from accounts.principals import principal_of
from cities.choices import SectorLevel
from cities.models import AcademicTerm, City, CityOfficial, IndustrySector, InternshipRules, Skill
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
from partnerships.choices import ApplicationStatus, Party, TrainingBaseKind, VersionStatus
from partnerships.models import (
    AgreementScan,
    AllocationRound,
    Application,
    Commitment,
    CooperationAgreement,
    CouncilSeat,
    Milestone,
    Placement,
    TrainingBase,
)
from partnerships.services.agreement_scans import agreement_scan_attach
from tests.accounts.factories import NotificationFactory, UserFactory
from tests.cities.factories import (
    AcademicTermFactory,
    CityFactory,
    CityOfficialFactory,
    DivisionFactory,
    InternshipRulesFactory,
    SkillFactory,
)
from tests.colleges.factories import (
    CertificateFactory,
    CollegeFactory,
    CollegeStaffFactory,
    CourseFactory,
    ProgramFactory,
    StudentCertificateFactory,
    StudentFactory,
    national_id,
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
    AgreementApprovalFactory,
    AgreementVersionFactory,
    AllocationRoundCollegeFactory,
    AllocationRoundFactory,
    AllocationRoundPostingFactory,
    ApplicationFactory,
    CommitmentFactory,
    CooperationAgreementFactory,
    CouncilSeatFactory,
    MilestoneFactory,
    PlacementFactory,
    TrainingBaseFactory,
    pdf_upload,
)

ANONYMOUS = "anonymous"
MEMBER_ROLES = (Role.COLLEGE_STAFF, Role.ENTERPRISE_STAFF, Role.CITY_OFFICIAL, Role.PLATFORM_ADMIN)
# The factories' national ID numbers are of people born on another day, so the world's never collide with them.
WORLD_BIRTH_DATE = datetime.date(2005, 5, 17)
# Every principal of the world and the column of docs/permissions.md that holds its rights (anonymous has none).
ROLE_COLUMNS = {
    "college_a": "college staff",
    "college_b": "college staff",
    "enterprise_a": "enterprise staff",
    "enterprise_b": "enterprise staff",
    "official": "city official",
    "official_other": "city official",
    "platform_admin": "platform admin",
}
PRINCIPALS = (ANONYMOUS, *ROLE_COLUMNS)
SIGNED_IN = frozenset(ROLE_COLUMNS)
CITY_1_MEMBERS = frozenset({"college_a", "college_b", "enterprise_a", "enterprise_b", "official"})
# More rows of some resources, where a scope draws a line that A's main record does not show: name → resource.
VARIANTS = {"postings-not_open": "postings"}

# Periods of evaluations and ratings must differ per placement or agreement; months from 2000 on never run out.
_months = itertools.count()


def _next_month() -> datetime.date:
    month = next(_months)
    return datetime.date(2000 + month // 12, month % 12 + 1, 1)


# ------------------------------------------------------------------------------
# A city with a member of each role
# ------------------------------------------------------------------------------
@dataclass
class ApiCity:
    """A pilot city with a college (and a program), an enterprise, a member of each role and their API tokens.

    The properties below are the rows the row builders hang theirs on, each with every related field filled.
    """

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


def build_api_city(label: str, *, admin: User | None = None, beside: ApiCity | None = None) -> ApiCity:
    """A city named after ``label`` with its members; ``admin`` (a superuser) is shared by every city, or made.

    ``beside``: a second college and enterprise (with their staff) of that city, under its official.
    """
    city = beside.city if beside else CityFactory(name=f"{label.title()} City")
    college = CollegeFactory(city=city, district="Old Town")
    enterprise = EnterpriseFactory(city=city)
    api_city = ApiCity(
        city=city,
        college=college,
        program=ProgramFactory(college=college),
        enterprise=enterprise,
        college_staff=CollegeStaffFactory(college=college, user=_member(Role.COLLEGE_STAFF, label)),
        enterprise_staff=EnterpriseStaffFactory(enterprise=enterprise, user=_member(Role.ENTERPRISE_STAFF, label)),
        official=beside.official
        if beside
        else CityOfficialFactory(city=city, user=_member(Role.CITY_OFFICIAL, label)),
        admin=admin or UserFactory(username="platform-admin", is_staff=True, is_superuser=True),
        tokens={},
    )
    city.priority_sectors.set(api_city.sectors)
    api_city.program.target_sectors.set(api_city.sectors)
    api_city.program.certificates.set(api_city.certificates)
    api_city.tokens = {role: Token.objects.get_or_create(user=api_city.user(role))[0].key for role in MEMBER_ROLES}
    return api_city


# ------------------------------------------------------------------------------
# The world: two cities, city 1 with sides A and B, and A's record of every resource
# ------------------------------------------------------------------------------
@dataclass
class Side:
    """What one side (A or B) of city 1 owns: a college and an enterprise and a row of each of their resources."""

    college: College
    enterprise: Enterprise
    college_staff: User
    enterprise_staff: User
    mentor: EnterpriseStaff
    program: Program  # with a course and no students, so that it can be deleted
    course: Course
    student_program: Program
    student: Student  # applied to the open posting (submitted)
    award: StudentCertificate
    open_posting: Posting  # with one application, no placement
    filled_posting: Posting  # with the placement, which started two months ago and runs for two more
    draft_posting: Posting
    talent_demand: TalentDemand
    investment: EducationInvestment
    certification: IntegrationCertification  # rejected, so that the enterprise may apply again
    training_base: TrainingBase  # in-school, hosted by the college, used by nothing (so that it can be deleted)
    agreement: CooperationAgreement  # a draft between the side's college and enterprise
    active_agreement: CooperationAgreement  # in force between them, so that they may rate each other
    scan: AgreementScan  # the signed scan of the active agreement's version 1, attached by the college
    commitment: Commitment
    milestone: Milestone
    rating: PartyRating
    council_seat: CouncilSeat  # on the college's council, held by the enterprise's representative
    application: Application
    placed_student: Student  # accepted an offer of the filled posting
    placement: Placement
    evaluation: MentorEvaluation


@dataclass(frozen=True)
class Record:
    """A row of a resource and, per scope of docs/permissions.md, the principals that reach it through that scope.

    A scope a record does not name is a mistake of the test (e.g. ``open`` for anything but a posting).
    """

    instance: Model
    reach: dict[str, frozenset[str]]

    @property
    def pk(self) -> int:
        return self.instance.pk

    def reached_by(self, principal: str, scope: str) -> bool:
        if scope not in self.reach:
            raise LookupError(
                f"The world's {type(self.instance).__name__} does not say who reaches it through the scope {scope!r}: "
                "add it to its Record in tests/api_world.py."
            )
        return principal in self.reach[scope]


def in_city(instance: Model, *, own=(), applicants=(), open_posting: bool = False) -> Record:
    """A record of city 1: its ``own`` principals, the enterprises it is an applicant of, and everyone of the city."""
    reach = {"own": frozenset(own), "city": CITY_1_MEMBERS, "all": SIGNED_IN}
    if applicants:
        reach["applicants"] = frozenset(applicants)
    if open_posting:
        reach["open"] = CITY_1_MEMBERS
    return Record(instance, reach)


def shared(instance: Model) -> Record:
    """A record of the shared vocabularies (sectors, skills, certificates): no city, no owner."""
    return Record(instance, {"all": SIGNED_IN})


@dataclass
class World:
    """Everything a test of the API needs: the cities with their members, the principals' users and the records."""

    home: ApiCity  # city 1, with side A's college and enterprise
    away: ApiCity  # city 2
    a: Side
    b: Side
    other_training_base: TrainingBase  # public, of city 2
    sector: IndustrySector
    skill: Skill
    certificate: Certificate
    records: dict[str, Record] = field(default_factory=dict)
    variants: dict[str, Record] = field(default_factory=dict)  # keyed as VARIANTS
    # Workflow actions whose route names a second row of the record (a scan of an agreement), by (route prefix,
    # action as docs/permissions.md names it): the record they act on instead of the resource's, and the values of
    # the route's parameters.
    action_records: dict[tuple[str, str], tuple[Record, dict[str, int]]] = field(default_factory=dict)

    @property
    def city(self) -> City:
        return self.home.city

    @property
    def other_city(self) -> City:
        return self.away.city

    @property
    def other_college(self) -> College:
        return self.away.college

    @property
    def other_enterprise(self) -> Enterprise:
        return self.away.enterprise

    @cached_property
    def users(self) -> dict[str, User | None]:
        """The user of each principal (None for anonymous)."""
        return {
            ANONYMOUS: None,
            "college_a": self.a.college_staff,
            "college_b": self.b.college_staff,
            "enterprise_a": self.a.enterprise_staff,
            "enterprise_b": self.b.enterprise_staff,
            "official": self.home.official.user,
            "official_other": self.away.official.user,
            "platform_admin": self.home.admin,
        }

    def side(self, principal: str) -> Side:
        """The side whose rows ``principal`` uses in its requests (A for anyone not of side B)."""
        return self.b if principal.endswith("_b") else self.a

    def other_side(self, principal: str) -> Side:
        """The side ``principal`` is not of."""
        return self.a if principal.endswith("_b") else self.b

    def client(self, principal: str) -> APIClient:
        """An API client acting for ``principal`` (not signed in for anonymous)."""
        client = APIClient()
        if self.users[principal] is not None:
            client.force_authenticate(self.users[principal])
        return client


def _build_side(members: ApiCity, label: str, *, skill, certificate, serial: int) -> Side:
    """Side ``label`` of city 1: the rows of ``members``' college and enterprise."""
    college, enterprise, mentor = members.college, members.enterprise, members.enterprise_staff
    college_staff, student_program = members.college_staff.user, members.program

    program = ProgramFactory(college=college)
    course = CourseFactory(program=program)
    student = StudentFactory(
        program=student_program,
        name="王小明" if label == "A" else "李小红",
        student_number=f"JH2024{serial}0117",
        national_id=national_id(serial, born=WORLD_BIRTH_DATE),
        phone=f"1391234{serial}678",
    )
    award = StudentCertificateFactory(student=student, certificate=certificate)
    open_posting = PostingFactory(enterprise=enterprise, status=PostingStatus.OPEN)
    today = timezone.localdate()
    filled_posting = PostingFactory(
        enterprise=enterprise,
        status=PostingStatus.FILLED,
        deadline=today - datetime.timedelta(days=70),
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=60),
    )
    training_base = TrainingBaseFactory(
        city=college.city, name=f"Training centre {label}", kind=TrainingBaseKind.IN_SCHOOL, host_college=college
    )
    agreement = CooperationAgreementFactory(college=college, enterprise=enterprise)
    active_agreement = CooperationAgreementFactory(
        college=college,
        enterprise=enterprise,
        active=True,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=700),
    )
    application = ApplicationFactory(student=student, posting=open_posting, submitted_by=college_staff)
    placed_student = StudentFactory(program=student_program)
    placement = PlacementFactory(
        student=placed_student,
        posting=filled_posting,
        application=ApplicationFactory(
            student=placed_student, posting=filled_posting, status=ApplicationStatus.ACCEPTED
        ),
        agreement=agreement,
        enterprise_mentor=mentor,
    )
    return Side(
        college=college,
        enterprise=enterprise,
        college_staff=college_staff,
        enterprise_staff=mentor.user,
        mentor=mentor,
        program=program,
        course=course,
        student_program=student_program,
        student=student,
        award=award,
        open_posting=open_posting,
        filled_posting=filled_posting,
        draft_posting=PostingFactory(enterprise=enterprise, status=PostingStatus.DRAFT),
        talent_demand=TalentDemandFactory(enterprise=enterprise, skill=skill),
        investment=EducationInvestmentFactory(enterprise=enterprise, college=college),
        certification=IntegrationCertificationFactory(enterprise=enterprise, rejected=True),
        training_base=training_base,
        agreement=agreement,
        active_agreement=active_agreement,
        scan=_signed_scan(active_agreement, college_staff),
        commitment=CommitmentFactory(agreement=agreement, party=Party.ENTERPRISE),
        milestone=MilestoneFactory(agreement=agreement),
        rating=PartyRatingFactory(agreement=agreement, rater_party=Party.COLLEGE, rated_by=college_staff),
        council_seat=CouncilSeatFactory(college=college, enterprise=enterprise),
        application=application,
        placed_student=placed_student,
        placement=placement,
        evaluation=MentorEvaluationFactory(
            placement=placement, mentor=mentor, period=placement.starts_on.replace(day=1)
        ),
    )


def _signed_scan(agreement: CooperationAgreement, college_staff: User) -> AgreementScan:
    """Make version 1 of ``agreement``'s terms the one both parties approved, in force, and attach its signed scan
    as the college's staff member would."""
    version = AgreementVersionFactory(agreement=agreement, number=1, status=VersionStatus.APPROVED)
    for party in Party:
        AgreementApprovalFactory(version=version, party=party)
    CooperationAgreement.objects.filter(pk=agreement.pk).update(current_version=version)
    return agreement_scan_attach(
        agreement=agreement, version=1, file=pdf_upload(), principal=principal_of(college_staff)
    )


def build_world() -> World:
    """Create the world's rows (about 150, well under a second on SQLite) and return them."""
    admin = UserFactory(username="world-admin", is_staff=True, is_superuser=True)
    home = build_api_city("jinhe", admin=admin)
    sector = DivisionFactory()
    skill = SkillFactory(name="PLC programming")
    certificate = CertificateFactory()
    a = _build_side(home, "A", skill=skill, certificate=certificate, serial=1)
    b = _build_side(
        build_api_city("jinhe-b", admin=admin, beside=home), "B", skill=skill, certificate=certificate, serial=2
    )
    away = build_api_city("yunshan", admin=admin)
    world = World(
        home=home,
        away=away,
        a=a,
        b=b,
        other_training_base=TrainingBaseFactory(city=away.city, name="Public training centre of city 2"),
        sector=sector,
        skill=skill,
        certificate=certificate,
    )
    college, enterprise, both = ("college_a",), ("enterprise_a",), ("college_a", "enterprise_a")
    # City 1's last run (it succeeded, so an official may start another) and what it computed of side A's rows.
    run = ScoringRunFactory(city=home.city)
    # A current score is its row in the city's current run: each factory writes the snapshot and points at the run.
    health = PartnershipHealthFactory(agreement=a.active_agreement, run=run)
    talent = TalentScoreFactory(student=a.student, run=run)
    world.records = {
        "cities": in_city(home.city, own=CITY_1_MEMBERS),
        # A term of the calendar far from every posting's dates, and the thresholds city 1 has set.
        "academic-terms": in_city(
            AcademicTermFactory(city=home.city, starts_on=datetime.date(2040, 2, 1), ends_on=datetime.date(2040, 7, 1))
        ),
        "internship-rules": in_city(InternshipRulesFactory(city=home.city)),
        "industry-sectors": shared(sector),
        "skills": shared(skill),
        "certificates": shared(certificate),
        "colleges": in_city(a.college, own=college),
        "programs": in_city(a.program, own=college),
        "courses": in_city(a.course, own=college),
        "students": in_city(a.student, own=college, applicants=enterprise),
        "student-certificates": in_city(a.award, own=college, applicants=enterprise),
        "enterprises": in_city(a.enterprise, own=enterprise),
        "postings": in_city(a.open_posting, own=enterprise, open_posting=True),
        "talent-demands": in_city(a.talent_demand, own=enterprise),
        "education-investments": in_city(a.investment, own=enterprise),
        "integration-certifications": in_city(a.certification, own=enterprise),
        "incentives": in_city(a.enterprise, own=enterprise),
        "training-bases": in_city(a.training_base, own=college),
        "agreements": in_city(a.agreement, own=both),
        "commitments": in_city(a.commitment, own=both),
        "milestones": in_city(a.milestone, own=both),
        "council-seats": in_city(a.council_seat, own=both),
        "applications": in_city(a.application, own=both),
        "placements": in_city(a.placement, own=both),
        "mentor-evaluations": in_city(a.evaluation, own=both),
        "party-ratings": in_city(a.rating, own=both),
        "partnership-health": in_city(health, own=both),
        "talent-scores": in_city(talent, own=college, applicants=enterprise),
        "city-aggregates": in_city(CityAggregateFactory(run=run)),
        "scoring-runs": in_city(run),
        "scoring-models": shared(run.health_model),
        # A round being set up that college A and enterprise A (with an open posting of its own, not the one the
        # postings' rows delete) take part in.
        "allocation-rounds": in_city(
            allocation_round(
                home,
                college=a.college,
                posting=PostingFactory(enterprise=a.open_posting.enterprise, status=PostingStatus.OPEN),
            ),
            own=both,
        ),
        # A user's own: college A's staff member is told something; nobody else reads it, not even an admin.
        "notifications": in_city(NotificationFactory(recipient=a.college_staff), own=college),
    }
    world.action_records = {
        ("agreements", "scans/{scan_id}/download"): (
            in_city(a.active_agreement, own=both),
            {"scan_id": a.scan.pk},
        ),
    }
    world.variants = {
        # A draft posting: its enterprise and the city's officials see it, colleges (open ones only) do not.
        "postings-not_open": Record(a.draft_posting, {**world.records["postings"].reach, "open": frozenset()}),
    }
    return world


# ------------------------------------------------------------------------------
# Rows with every related field filled: one, and N per resource
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


def allocation_round(api_city: ApiCity, *, college: College, posting: Posting) -> AllocationRound:
    """A round of the city being set up, with ``college`` and ``posting`` taking part."""
    round = AllocationRoundFactory(city=api_city.city, status="setup", created_by=api_city.official.user)
    AllocationRoundCollegeFactory(round=round, college=college)
    AllocationRoundPostingFactory(round=round, posting=posting, slots=1)
    return round


def _allocation_rounds(api_city: ApiCity, n: int) -> None:
    for _ in range(n):
        allocation_round(api_city, college=api_city.college, posting=api_city.open_posting)


def _cities(api_city: ApiCity, n: int) -> None:
    for _ in range(n):
        CityFactory().priority_sectors.set(api_city.sectors)


def _sectors(api_city: ApiCity, n: int) -> None:
    """GB/T 4754-2017 comes with the migrations and fills every code the constraint allows: nothing to add."""


def _skills(api_city: ApiCity, n: int) -> None:
    SkillFactory.create_batch(n, sector=api_city.sectors[0])


def _certificates(api_city: ApiCity, n: int) -> None:
    CertificateFactory.create_batch(n, sector=api_city.sectors[1])


def _academic_terms(api_city: ApiCity, n: int) -> None:
    """Terms of a month each, of months no other row builder uses, so that none overlaps another."""
    for _ in range(n):
        starts_on = _next_month()
        AcademicTermFactory(city=api_city.city, starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=27))


def _internship_rules(api_city: ApiCity, n: int) -> None:
    InternshipRulesFactory.create_batch(n)


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
    AcademicTerm: Rows(_academic_terms),
    InternshipRules: Rows(_internship_rules, seen_by=(Role.PLATFORM_ADMIN,)),  # a member sees their one city's
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
    AllocationRound: Rows(_allocation_rounds),
}


# ------------------------------------------------------------------------------
# Request bodies
# ------------------------------------------------------------------------------
def create_body(world: World, resource: str, principal: str) -> dict:
    """A valid body to create a ``resource`` row as ``principal`` (A's rows for principals of no side), using
    only records the principal may use."""
    side = world.side(principal)
    is_enterprise = principal.startswith("enterprise")
    bodies = {
        "skills": lambda: {"name": f"Skill added by {principal}"},
        "programs": lambda: {
            "catalogue_code": "460199",
            "name": "Smart manufacturing",
            "level": "higher_vocational",
            "duration_years": 3,
            "annual_intake": 40,
            "training_objective": "Technicians for smart factories.",
            "practical_credit_share": "0.500",
            "required_practice_hours": 500,
            "target_sectors": [world.sector.code],
        },
        "courses": lambda: {"program": side.program.pk, "code": "NEW-1", "name": "Machine vision", "credits": "3.0"},
        "students": lambda: {
            "program": side.student_program.pk,
            "cohort_year": 2025,
            "name": "张三",
            "student_number": "2025000999",
            "national_id": national_id(999, born=WORLD_BIRTH_DATE),
            "phone": "13700000999",
        },
        "student-certificates": lambda: {
            "student": side.student.pk,
            "certificate": world.certificate.code,
            "level": "intermediate",
            "awarded_on": "2025-07-01",
        },
        "postings": lambda: {
            "kind": "internship",
            "title": "Maintenance intern",
            "sector": world.sector.code,
            "slots": 3,
            "deadline": "2027-02-01",
            "starts_on": "2027-03-01",
            "ends_on": "2027-06-30",
            "daily_hours": "8.0",
            "stipend_monthly": "2200.00",
        },
        "talent-demands": lambda: {
            "sector": world.sector.code,
            "skill": world.skill.name,
            "headcount": 4,
            "year": 2028,
        },
        "education-investments": lambda: {
            "college": side.college.pk,
            "amount": "50000.00",
            "invested_on": "2025-10-01",
            "purpose": "scholarship",
        },
        "training-bases": lambda: {"name": "New workshop", "kind": "in_school", "stations": 12},
        "agreements": lambda: {
            "counterparty": side.college.pk if is_enterprise else side.enterprise.pk,
            "kind": "order_class",
            "title": "Order class 2027",
            "starts_on": "2027-09-01",
            "ends_on": "2030-08-31",
        },
        "commitments": lambda: {
            "agreement": side.agreement.pk,
            "party": "college",
            "kind": "teaching_hours",
            "amount": "120",
        },
        "milestones": lambda: {"agreement": side.agreement.pk, "title": "First cohort starts", "due_on": "2027-09-01"},
        "council-seats": lambda: {
            "enterprise": side.enterprise.pk,
            "representative_name": "Zhou Min",
            "started_on": "2026-01-01",
        },
        # Side A's student applies to B's open posting and B's student to A's: both are open postings of the city.
        "applications": lambda: {"student": side.student.pk, "posting": world.other_side(principal).open_posting.pk},
        "academic-terms": lambda: {
            "name": f"Term added by {principal}",
            "starts_on": "2041-02-01",
            "ends_on": "2041-07-01",
        },
        "integration-certifications": lambda: {},
        "scoring-runs": lambda: {},
        "allocation-rounds": lambda: {
            "name": f"Round added by {principal}",
            "opens_at": "2040-03-01T09:00:00+08:00",
            "closes_at": "2040-03-15T17:00:00+08:00",
        },
        "mentor-evaluations": lambda: {
            "placement": side.placement.pk,
            "period": timezone.localdate().isoformat(),
            "professional_skill": 4,
            "attitude": 4,
            "teamwork": 5,
            "innovation": 3,
            "safety_and_standards": 5,
        },
        "party-ratings": lambda: {
            "agreement": side.active_agreement.pk,
            "period": timezone.localdate().isoformat(),
            "score": 5,
        },
    }
    if resource not in bodies:
        raise LookupError(f"No create body for {resource!r}: add one to create_body() in tests/api_world.py.")
    return bodies[resource]()


# A harmless change per resource that its owner may make with a PATCH (and a PUT of the whole row).
CHANGES = {
    "academic-terms": {"name": "Spring 2040"},
    "internship-rules": {"minimum_monthly_stipend": "2400.00"},
    "colleges": {"district": "Gusu"},
    "programs": {"annual_intake": 60},
    "courses": {"name": "PLC Programming II"},
    "students": {"practice_hours": 120},
    "student-certificates": {"awarded_on": "2025-07-15"},
    "enterprises": {"description": "Robot cells for the automotive industry."},
    "postings": {"slots": 6},
    "talent-demands": {"headcount": 12},
    "education-investments": {"description": "Two welding robots."},
    "training-bases": {"stations": 45},
    "agreements": {"summary": "Thirty interns a year."},
    "commitments": {"description": "Slots on the assembly line."},
    "milestones": {"title": "Agreement signed"},
    "council-seats": {"representative_title": "Chief engineer"},
    "allocation-rounds": {"name": "Spring round"},
}


def change_for(resource: str) -> dict:
    if resource not in CHANGES:
        raise LookupError(f"No harmless change for {resource!r}: add one to CHANGES in tests/api_world.py.")
    return CHANGES[resource]


# ------------------------------------------------------------------------------
# The API's routes, from the URLconf
# ------------------------------------------------------------------------------
API_PREFIX = "api/v1/"


@dataclass(frozen=True)
class Resource:
    """A router-registered resource of the API: its URL prefix, URL name base, viewset and supported actions."""

    prefix: str
    basename: str
    viewset: type
    actions: frozenset[str]

    def __str__(self):
        return self.prefix

    def url(self, pk=None) -> str:
        if pk is None:
            return reverse(f"api:{self.basename}-list")
        return reverse(f"api:{self.basename}-detail", kwargs={"pk": pk})

    @property
    def model(self) -> type[Model]:
        """The model the resource's rows are (for a list of another resource's model, that model)."""
        if hasattr(self.viewset, "selector"):
            return self.viewset.selector(principal=ANONYMOUS_PRINCIPAL).model
        return self.viewset.queryset.model


def url_patterns(patterns=None, prefix: str = ""):
    """Every (route, pattern) of the URLconf, with the routes of includes joined to their prefixes."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


@cache
def api_resources() -> dict[str, Resource]:
    """Every resource a DRF router registers under /api/v1/, by URL prefix."""
    found: dict[str, dict] = {}
    for route, pattern in url_patterns():
        view_actions = getattr(pattern.callback, "actions", None)
        if not route.startswith(API_PREFIX) or view_actions is None:
            continue
        prefix = re.match(r"\^?([^/]+)/", route.removeprefix(API_PREFIX)).group(1)
        viewset = pattern.callback.cls
        entry = found.setdefault(
            prefix, {"basename": pattern.name.rsplit("-", 1)[0], "viewset": viewset, "actions": set()}
        )
        entry["actions"] |= {action for method, action in view_actions.items() if method in viewset.http_method_names}
    return {
        prefix: Resource(prefix, actions=frozenset(entry.pop("actions")), **entry) for prefix, entry in found.items()
    }


def other_api_routes() -> set[str]:
    """``METHOD /path/`` of every API route that is not a router's (sign-in token, me, schema, docs)."""
    routes = set()
    for route, pattern in url_patterns():
        if route.startswith("api/") and getattr(pattern.callback, "actions", None) is None:
            view = pattern.callback.cls
            methods = [method for method in view.http_method_names if method not in ("head", "options")]
            routes |= {f"{method.upper()} /{route}" for method in methods if hasattr(view, method)}
    return routes
