"""The world the API's authorization tests run in, built from the factories.

Two cities. City 1 has colleges A and B, enterprises A and B and an official; city 2 has its own official, a college,
an enterprise and a public training base (records no principal of city 1 may use). Each principal is a user with one
membership, plus a platform admin. Sides A and B are built alike: every resource of the API has a row of each side's
own (a program, an open posting, a draft agreement with its commitment, milestone and rating, a student who applied,
a placement with a mentor evaluation…), so B's principals can make valid requests of their own while A's rows are
the ones the tests look at.

``world.records[<route prefix>]`` is A's row of each resource with, for each scope of docs/permissions.md (own,
applicants, open, city, all), the principals that reach it through that scope. Tests get the world from the
fixtures ``api_world`` (built for the test) or ``api_world_per_module`` (built once, see tests/conftest.py)::

    response = api_world.client("college_b").post(api_resources()["courses"].url(),
                                                  create_body(api_world, "courses", "college_b"))

A new resource of the API needs a record here, a create body (if it can be created) and a harmless change (if it
can be changed); the tests that need them say so.
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from cities.models import City, IndustrySector, Skill
from colleges.models import Certificate, College, Course, Program, Student, StudentCertificate
from enterprises.choices import PostingStatus
from enterprises.models import EducationInvestment, Enterprise, EnterpriseStaff, Posting, TalentDemand
from evaluation.models import IntegrationCertification, MentorEvaluation, PartyRating
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
    PartnershipHealthSnapshotFactory,
    PartyRatingFactory,
    ScoringRunFactory,
    TalentScoreFactory,
    TalentScoreSnapshotFactory,
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

ANONYMOUS = "anonymous"
# The factories' national ID numbers are of people born on another day, so the world's never collide with them.
WORLD_BIRTH_DATE = datetime.date(2005, 5, 17)
# Every principal of the tests and the column of docs/permissions.md that holds its rights (anonymous has none).
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
    """Everything a test of the API needs: the organisations, the principals' users and the records."""

    city: City
    other_city: City
    a: Side
    b: Side
    other_college: College  # of city 2
    other_enterprise: Enterprise  # of city 2
    other_training_base: TrainingBase  # public, of city 2
    sector: IndustrySector
    skill: Skill
    certificate: Certificate
    users: dict[str, User | None]
    records: dict[str, Record] = field(default_factory=dict)
    variants: dict[str, Record] = field(default_factory=dict)  # keyed as VARIANTS

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


def _build_side(label: str, *, city, skill, certificate, serial: int) -> Side:
    college = CollegeFactory(city=city, name=f"College {label}")
    enterprise = EnterpriseFactory(city=city, name=f"Enterprise {label}")
    college_staff = CollegeStaffFactory(user=UserFactory(username=f"college-{label}"), college=college).user
    mentor = EnterpriseStaffFactory(user=UserFactory(username=f"enterprise-{label}"), enterprise=enterprise)

    program = ProgramFactory(college=college)
    course = CourseFactory(program=program)
    student_program = ProgramFactory(college=college)
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
        city=city, name=f"Training centre {label}", kind=TrainingBaseKind.IN_SCHOOL, host_college=college
    )
    agreement = CooperationAgreementFactory(college=college, enterprise=enterprise)
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
        active_agreement=CooperationAgreementFactory(
            college=college,
            enterprise=enterprise,
            active=True,
            starts_on=today - datetime.timedelta(days=60),
            ends_on=today + datetime.timedelta(days=700),
        ),
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


def build_world() -> World:
    """Create the world's rows (about 80, a few dozen milliseconds on SQLite) and return them."""
    city = CityFactory(name="Jinhe")
    other_city = CityFactory(name="Yunshan")
    sector = DivisionFactory()
    skill = SkillFactory(name="PLC programming")
    certificate = CertificateFactory()
    a = _build_side("A", city=city, skill=skill, certificate=certificate, serial=1)
    b = _build_side("B", city=city, skill=skill, certificate=certificate, serial=2)
    official = CityOfficialFactory(user=UserFactory(username="official"), city=city).user
    official_other = CityOfficialFactory(user=UserFactory(username="official-other"), city=other_city).user
    world = World(
        city=city,
        other_city=other_city,
        a=a,
        b=b,
        other_college=CollegeFactory(city=other_city, name="College of city 2"),
        other_enterprise=EnterpriseFactory(city=other_city, name="Enterprise of city 2"),
        other_training_base=TrainingBaseFactory(city=other_city, name="Public training centre of city 2"),
        sector=sector,
        skill=skill,
        certificate=certificate,
        users={
            ANONYMOUS: None,
            "college_a": a.college_staff,
            "college_b": b.college_staff,
            "enterprise_a": a.enterprise_staff,
            "enterprise_b": b.enterprise_staff,
            "official": official,
            "official_other": official_other,
            "platform_admin": UserFactory(username="world-admin", is_staff=True, is_superuser=True),
        },
    )
    college, enterprise, both = ("college_a",), ("enterprise_a",), ("college_a", "enterprise_a")
    # City 1's last run (it succeeded, so an official may start another) and what it computed of side A's rows.
    run = ScoringRunFactory(city=city)
    health = PartnershipHealthFactory(agreement=a.active_agreement, run=run)
    PartnershipHealthSnapshotFactory(agreement=a.active_agreement, run=run)
    talent = TalentScoreFactory(student=a.student, run=run)
    TalentScoreSnapshotFactory(student=a.student, run=run)
    world.records = {
        "cities": in_city(city, own=CITY_1_MEMBERS),
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
        # A user's own: college A's staff member is told something; nobody else reads it, not even an admin.
        "notifications": in_city(NotificationFactory(recipient=a.college_staff), own=college),
    }
    world.variants = {
        # A draft posting: its enterprise and the city's officials see it, colleges (open ones only) do not.
        "postings-not_open": Record(a.draft_posting, {**world.records["postings"].reach, "open": frozenset()}),
    }
    return world


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
        "integration-certifications": lambda: {},
        "scoring-runs": lambda: {},
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

    def url(self, pk=None) -> str:
        if pk is None:
            return reverse(f"api:{self.basename}-list")
        return reverse(f"api:{self.basename}-detail", kwargs={"pk": pk})


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
