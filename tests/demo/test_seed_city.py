"""The demo city generator (``manage.py seed_city``): complete, valid, idempotent and deterministic."""

import datetime
import hashlib
import io
import re
from decimal import Decimal

import pghistory.models
import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.models import User
from accounts.principals import principal_of
from cities.models import AcademicTerm, City, IndustrySector
from colleges.choices import CertificateLevel, CollegeKind, ProgramLevel
from colleges.models import College, CollegeStaff, Course, Program, Student, StudentCertificate
from colleges.validators import national_id_birth_date
from demo.bulk import BulkWriter
from demo.context import Tables
from demo.postings import PLACED_ELSEWHERE
from demo.seed import DEMO_PASSWORD
from demo.vocabulary import CERTIFICATES, DEFAULT_CITY, LEVEL_ENROLMENT_AGE, PROGRAMS, SECTOR_PROFILES, SKILLS
from enterprises.choices import PostingKind, PostingStatus
from enterprises.compliance import posting_violations
from enterprises.models import EducationInvestment, Enterprise, Posting, TalentDemand
from evaluation.choices import CertificationStatus
from evaluation.models import IntegrationCertification, MentorEvaluation, PartyRating
from partnerships.choices import (
    AgreementKind,
    AgreementStatus,
    AllocationRoundStatus,
    ApplicationStatus,
    CouncilRole,
    PlacementStatus,
    TrainingBaseKind,
)
from partnerships.models import (
    AllocationRound,
    Application,
    Commitment,
    CooperationAgreement,
    CouncilSeat,
    Milestone,
    Placement,
    TrainingBase,
)
from partnerships.services.applications import OPEN_APPLICATIONS
from partnerships.services.postings import posting_create, posting_open

AS_OF = "2026-03-01"
DEMO_USERNAMES = ("demo-admin", "demo-college", "demo-enterprise", "demo-official")
PROJECT_APPS = ("accounts", "cities", "colleges", "enterprises", "partnerships", "evaluation")

# What identifies the content of each table without database ids: natural keys and every generated value.
CONTENT = {
    AcademicTerm: ("name", "starts_on", "ends_on"),
    User: ("username", "first_name", "last_name", "email", "is_staff", "is_superuser"),
    College: ("code", "name", "kind", "district", "staff__user__username", "staff__title"),
    Program: (
        "college__code",
        "catalogue_code",
        "name",
        "level",
        "duration_years",
        "annual_intake",
        "training_objective",
        "practical_credit_share",
        "required_practice_hours",
        "target_sectors__code",
        "certificates__code",
    ),
    Course: ("program__college__code", "code", "name", "credits", "practical_credits", "industry_standards"),
    Student: (
        "program__college__code",
        "student_number",
        "name",
        "national_id",
        "phone",
        "cohort_year",
        "status",
        "practice_hours",
        "skills__name",
    ),
    StudentCertificate: ("student__national_id", "certificate__code", "level", "awarded_on"),
    Enterprise: (
        "credit_code",
        "name",
        "sector__code",
        "size",
        "district",
        "description",
        "staff__user__username",
        "staff__is_mentor",
    ),
    TrainingBase: (
        "name",
        "kind",
        "host_college__code",
        "host_enterprise__credit_code",
        "stations",
        "equipment_value",
        "opened_on",
        "sectors__code",
    ),
    CooperationAgreement: (
        "title",
        "college__code",
        "enterprise__credit_code",
        "kind",
        "status",
        "starts_on",
        "ends_on",
        "proposer_party",
        "proposed_by__username",
        "proposed_at",
        "countersigned_by__username",
        "countersigned_at",
        "ended_at",
        "termination_reason",
        "predecessor__title",
        "training_base__name",
        "created_at",
    ),
    Commitment: ("agreement__title", "party", "kind", "amount", "delivered_amount"),
    Milestone: ("agreement__title", "title", "due_on", "done_at", "evidence"),
    PartyRating: ("agreement__title", "rater_party", "rated_by__username", "period", "score", "rated_at"),
    CouncilSeat: ("college__code", "enterprise__credit_code", "representative_name", "role", "started_on", "ended_on"),
    Posting: (
        "enterprise__credit_code",
        "title",
        "kind",
        "status",
        "slots",
        "starts_on",
        "ends_on",
        "deadline",
        "daily_hours",
        "night_work",
        "stipend_monthly",
        "insurance",
        "minimum_age",
        "training_base__name",
        "created_at",
        "skills__name",
    ),
    Application: (
        "posting__title",
        "posting__created_at",
        "student__national_id",
        "status",
        "submitted_by__username",
        "submitted_at",
        "decided_at",
    ),
    Placement: (
        "posting__title",
        "student__national_id",
        "agreement__title",
        "status",
        "enterprise_mentor__user__username",
        "college_mentor__user__username",
        "completed_at",
        "cancelled_at",
        "hired_after",
    ),
    MentorEvaluation: (
        "placement__student__national_id",
        "placement__posting__title",
        "period",
        "professional_skill",
        "attitude",
        "teamwork",
        "innovation",
        "safety_and_standards",
        "evaluated_at",
    ),
    TalentDemand: ("enterprise__credit_code", "sector__code", "skill__name", "headcount", "year"),
    IntegrationCertification: (
        "enterprise__credit_code",
        "status",
        "applied_at",
        "decided_at",
        "decided_by__username",
        "revoked_at",
        "reason",
    ),
    EducationInvestment: ("enterprise__credit_code", "college__code", "amount", "invested_on", "purpose"),
}
# The national internship rules with their default thresholds (the demo city keeps the defaults).
BREAKS_A_RULE = (
    Q(daily_hours__gt=8)
    | Q(night_work=True)
    | Q(insurance=False)
    | Q(minimum_age__lt=16)
    | Q(stipend_monthly__lt=2000)
)

# The models of the project's apps that the seed does not write through its Tables (demo/context.py), and why. A new
# model goes in one or the other (docs/adding-a-model.md); the audit trail's event models are left out, because
# generated rows went through no workflow step.
NOT_IN_THE_TABLES = {
    "accounts.user_groups": "the demo accounts need no groups",
    "accounts.user_user_permissions": "the demo accounts need no permissions of their own",
    "accounts.notification": "the workflow services write them as steps happen; the seed runs none",
    "accounts.savedview": "a user saves a view of a list while working; the demo users start with none",
    "accounts.notificationpreference": "chosen on the settings page; the demo users take every email at once",
    "cities.city": "one row, created through the ORM",
    "cities.city_priority_sectors": "set through the ORM with the city",
    "cities.industrysector": "loaded by a data migration",
    "cities.skill": "shared by the cities: found or created through the ORM",
    "colleges.certificate": "shared by the cities: found or created through the ORM",
    "cities.internshiprules": "the demo city keeps the national defaults",
    "partnerships.agreementversion": "written by the agreement services; generated agreements have no versions",
    "partnerships.agreementapproval": "written by the agreement services; generated agreements have no versions",
    "partnerships.agreementscan": "uploaded by a party (a file in storage); generated agreements have no versions",
    "evaluation.scoringmodel": "the first scoring run writes the default weights",
    "evaluation.scoringrun": "a scoring run computes them",
    "evaluation.scoringrunchunk": "a scoring run computes them",
    "evaluation.partnershiphealth": "a scoring run computes them",
    "evaluation.partnershiphealthsnapshot": "a scoring run computes them",
    "evaluation.talentscore": "a scoring run computes them",
    "evaluation.talentscoresnapshot": "a scoring run computes them",
    "evaluation.cityaggregate": "a scoring run computes them",
    "evaluation.cityscores": "publishing a scoring run points the city at it",
    **dict.fromkeys(
        (
            "partnerships.allocationround",
            "partnerships.allocationroundposting",
            "partnerships.allocationroundcollege",
            "partnerships.allocationchoice",
        ),
        "the demo's open round is made through the round services at the end of the seed (demo/allocation.py)",
    ),
    **dict.fromkeys(
        ("partnerships.allocationranking", "partnerships.allocationoutcome"),
        "entered by an enterprise and written by a run; the demo's round is still open",
    ),
    "partnerships.skillprofile": "derived from the rows written: rebuilt by its service at the end of the seed",
}


def seed_city(**options) -> str:
    """Run the command on a small city with a fixed reference date; return what it printed."""
    out = io.StringIO()
    call_command("seed_city", stdout=out, **{"scale": 0.05, "as_of": AS_OF, **options})
    return out.getvalue()


def content_digest() -> str:
    """A hash of every table's content, by natural keys, in an order that does not depend on ids."""
    digest = hashlib.sha256()
    for model, fields in CONTENT.items():
        rows = sorted(repr(row) for row in model.objects.values_list(*fields))
        digest.update(f"{model.__name__}:{len(rows)}:{rows}".encode())
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    """The number of rows of every table, the many-to-many ones included."""
    return {
        model._meta.label_lower: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


@pytest.fixture
def seeded(db) -> str:
    return seed_city()


def values(model, field: str) -> set:
    return set(model.objects.values_list(field, flat=True))


def test_a_small_city_still_has_every_kind_and_state(seeded):
    assert values(College, "kind") == set(CollegeKind.values)
    assert values(Program, "level") == set(ProgramLevel.values)
    assert values(StudentCertificate, "level") == set(CertificateLevel.values)
    assert values(CooperationAgreement, "kind") == set(AgreementKind.values)
    assert values(CooperationAgreement, "status") == set(AgreementStatus.values)
    assert values(Posting, "status") == set(PostingStatus.values)
    assert values(Application, "status") == set(ApplicationStatus.values)
    assert values(Placement, "status") == set(PlacementStatus.values)
    assert values(IntegrationCertification, "status") == set(CertificationStatus.values)
    assert values(TrainingBase, "kind") == set(TrainingBaseKind.values)
    assert values(CouncilSeat, "role") == set(CouncilRole.values)
    assert CooperationAgreement.objects.filter(predecessor__isnull=False).exists()
    assert Placement.objects.filter(hired_after=True).exists()
    assert Milestone.objects.filter(done_at__isnull=False).exclude(evidence="").exists()
    assert Milestone.objects.filter(done_at__isnull=True, due_on__lt=AS_OF, agreement__status="active").exists()
    assert Posting.objects.filter(BREAKS_A_RULE).exists()
    assert Posting.objects.exclude(BREAKS_A_RULE).exists()
    assert MentorEvaluation.objects.exists()
    assert PartyRating.objects.values("rater_party").distinct().count() == 2
    assert TalentDemand.objects.exists()
    assert EducationInvestment.objects.exists()


def test_placements_respect_slots_and_one_active_placement_per_student(seeded):
    for posting in Posting.objects.all():
        placed = posting.placements.count()
        assert placed <= posting.slots
        if posting.status == PostingStatus.FILLED:
            assert placed == posting.slots
    active = Placement.objects.filter(status=PlacementStatus.ACTIVE).values_list("student", flat=True)
    assert len(active) == len(set(active))


def test_postings_are_in_a_state_their_workflow_reaches(seeded):
    """docs/workflows.md, "Postings": the fill counter counts active and completed placements; a filled posting has
    every slot taken; an open one has a free slot and a deadline to come; only an open one has open applications;
    a cancellation after the deadline closes a filled posting; a draft has no applicants, and only a draft breaks
    an internship rule; applications come by the deadline for students old enough."""
    taking_a_slot = Q(placements__status__in=(PlacementStatus.ACTIVE, PlacementStatus.COMPLETED))
    postings = Posting.objects.annotate(taken=Count("placements", filter=taking_a_slot))
    for posting in postings:
        assert posting.filled_slots == posting.taken, posting
        if posting.status == PostingStatus.FILLED:
            assert posting.filled_slots == posting.slots, posting
            assert not posting.placements.filter(
                status=PlacementStatus.CANCELLED, cancelled_at__date__gt=posting.deadline
            ).exists(), posting
        if posting.status == PostingStatus.OPEN:
            assert posting.filled_slots < posting.slots, posting
            assert posting.deadline.isoformat() >= AS_OF, posting
        else:
            assert not posting.applications.filter(status__in=OPEN_APPLICATIONS).exists(), posting
        if posting.status == PostingStatus.DRAFT:
            assert not posting.applications.exists(), posting
    assert not Posting.objects.exclude(status=PostingStatus.DRAFT).filter(BREAKS_A_RULE).exists()
    for application in Application.objects.select_related("posting", "student"):
        assert timezone.localdate(application.submitted_at) <= application.posting.deadline, application
        born, starts_on = national_id_birth_date(application.student.national_id), application.posting.starts_on
        age = starts_on.year - born.year - ((starts_on.month, starts_on.day) < (born.month, born.day))
        assert age >= application.posting.minimum_age, application
    for placement in Placement.objects.select_related("posting", "application"):
        assert (placement.starts_on, placement.ends_on) == (placement.posting.starts_on, placement.posting.ends_on)
        assert placement.application.status == ApplicationStatus.ACCEPTED, placement


def test_postings_run_inside_the_academic_calendar(seeded):
    """Three school years back and three ahead, two terms each; every posting (so every placement) inside one term,
    and every posting past its draft meets every internship rule, the term rule included."""
    terms = list(AcademicTerm.objects.order_by("starts_on"))

    assert [term.name for term in terms[:3]] == ["2022–2023 autumn", "2022–2023 spring", "2023–2024 autumn"]
    assert [(term.starts_on.isoformat(), term.ends_on.isoformat()) for term in terms[:2]] == [
        ("2022-09-01", "2023-01-31"),
        ("2023-02-15", "2023-07-15"),
    ]
    assert terms[-1].name == "2028–2029 spring"
    assert len(terms) == 14
    for posting in Posting.objects.select_related("enterprise"):
        assert any(term.starts_on <= posting.starts_on and posting.ends_on <= term.ends_on for term in terms), posting
        if posting.status != PostingStatus.DRAFT:
            assert posting_violations(posting) == {}, posting


def test_on_a_fresh_run_the_demo_enterprise_opens_a_posting_for_the_coming_term(db):
    today = timezone.localdate()
    seed_city(as_of=today.isoformat())
    staff = User.objects.get(username="demo-enterprise")
    enterprise = staff.enterprise_membership.enterprise
    coming = AcademicTerm.objects.filter(starts_on__gt=today + datetime.timedelta(days=7)).earliest("starts_on")

    draft = posting_create(
        enterprise_id=enterprise.id,
        kind=PostingKind.INTERNSHIP,
        title="数控加工岗位实习",
        description="在企业导师指导下从事数控加工。",
        sector=enterprise.sector,
        slots=2,
        starts_on=coming.starts_on,
        ends_on=coming.ends_on,
        deadline=coming.starts_on - datetime.timedelta(days=7),
        daily_hours=Decimal("8.0"),
        stipend_monthly=Decimal("2500.00"),
        district=enterprise.district,
    )

    assert posting_open(posting=draft, principal=principal_of(staff)).status == PostingStatus.OPEN


def test_a_placed_student_has_no_open_application_over_the_same_days(seeded):
    """Accepting an offer closes the student's open applications to postings over some of the placement's days
    (docs/workflows.md): the demo's active placements and open applications never overlap."""
    active = Placement.objects.filter(status=PlacementStatus.ACTIVE)
    overlapping = Application.objects.filter(
        status__in=OPEN_APPLICATIONS,
        student__placements__in=active,
        posting__starts_on__lte=F("student__placements__ends_on"),
        posting__ends_on__gte=F("student__placements__starts_on"),
    )
    assert active.exists()
    assert Application.objects.filter(status=ApplicationStatus.CLOSED, decision_reason=PLACED_ELSEWHERE).exists()
    assert not overlapping.exists()


def test_every_model_is_written_by_the_seed_or_listed_as_not(db):
    writer = BulkWriter()
    Tables(writer)
    written = {model._meta.label_lower for model in writer.tables}
    models = {
        model._meta.label_lower
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
        if not issubclass(model, pghistory.models.Event)
    }

    assert models - written == NOT_IN_THE_TABLES.keys()


def test_the_tables_name_every_column_of_their_models(db):
    with pytest.raises(ImproperlyConfigured, match=r"enterprises\.Posting without .*enterprise_id"):
        BulkWriter().table(Posting, "title")


def test_every_generated_row_passes_field_validation(seeded):
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            for row in model.objects.all():
                row.clean_fields(exclude=["password"])


def test_birth_dates_fit_the_cohort_and_level(seeded):
    for student in Student.objects.select_related("program"):
        age = student.cohort_year - national_id_birth_date(student.national_id).year
        assert abs(age - LEVEL_ENROLMENT_AGE[student.program.level]) <= 1


def test_the_demo_accounts_sign_in_with_their_memberships(seeded):
    city = City.objects.get(name=DEFAULT_CITY.name)
    users = {username: authenticate(username=username, password=DEMO_PASSWORD) for username in DEMO_USERNAMES}

    assert users["demo-admin"].is_superuser
    assert users["demo-admin"].is_staff
    assert users["demo-college"].college_membership.college == city.colleges.order_by("pk").first()
    assert users["demo-enterprise"].enterprise_membership.enterprise == city.enterprises.order_by("pk").first()
    assert users["demo-enterprise"].enterprise_membership.is_mentor
    assert users["demo-official"].city_membership.city == city
    assert Placement.objects.filter(enterprise_mentor__user=users["demo-enterprise"]).exists()
    assert not User.objects.exclude(username__in=DEMO_USERNAMES).filter(password__regex=r"^[^!]").exists()
    assert DEMO_PASSWORD in seeded
    assert all(username in seeded for username in DEMO_USERNAMES)


def test_a_second_run_changes_nothing(seeded):
    before = row_counts()

    output = seed_city(scale=2, seed=1)

    assert row_counts() == before
    assert "nothing changed" in output
    assert "demo-official" in output


def test_a_second_run_brings_back_missing_demo_accounts(seeded):
    User.objects.filter(username="demo-admin").delete()
    CollegeStaff.objects.filter(user__username="demo-college").delete()

    seed_city()

    assert authenticate(username="demo-admin", password=DEMO_PASSWORD).is_superuser
    user = authenticate(username="demo-college", password=DEMO_PASSWORD)
    assert user.college_membership.college.name == "金河职业技术学院"


def test_the_content_is_a_function_of_the_options(seeded):
    first = content_digest()

    seed_city(reset=True)
    again = content_digest()
    seed_city(reset=True, seed=7)
    other_seed = content_digest()

    assert again == first
    assert other_seed != first


def test_reset_leaves_no_row_of_the_old_city_behind(seeded):
    counts = row_counts()

    seed_city(reset=True)

    assert row_counts() == counts
    assert City.objects.filter(name=DEFAULT_CITY.name).count() == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"scale": 0}, "--scale must be more than 0"),
        ({"scale": -1}, "--scale must be more than 0"),
        ({"scale": float("nan")}, "--scale must be more than 0"),
        ({"scale": 501}, "at most 500"),
        ({"as_of": "2026-02-30"}, "--as-of must be a date written YYYY-MM-DD"),
        ({"as_of": "next monday"}, "--as-of must be a date written YYYY-MM-DD"),
        ({"as_of": "2018-06-01"}, "--as-of must be between"),
    ],
)
def test_bad_options_are_refused_in_one_line(db, options, message):
    with pytest.raises(CommandError, match=re.escape(message)) as refused:
        seed_city(**options)

    assert "\n" not in str(refused.value)
    assert not City.objects.exists()


def test_the_vocabulary_holds_together(db):
    divisions = set(IndustrySector.objects.filter(level="division").values_list("code", flat=True))
    certificate_codes = {spec.code for spec in CERTIFICATES}
    assert set(SKILLS.values()) <= divisions
    assert set(SECTOR_PROFILES) <= divisions
    assert {spec.sector for spec in CERTIFICATES} <= divisions
    for spec in PROGRAMS:
        assert re.fullmatch(r"[0-9]{6}[TK]?", spec.code), spec
        assert set(spec.sectors) <= set(SECTOR_PROFILES), spec
        assert set(spec.skills) <= set(SKILLS), spec
        assert set(spec.certificates) <= certificate_codes, spec
        assert len(spec.skills) >= 2, spec


def test_the_demo_city_has_an_open_allocation_round_each_demo_login_works_in(seeded):
    """The demo college has entered some students' choices; the demo enterprise's postings take part, unranked (the
    default ranking applies until it ranks); the round's window is open now, whatever --as-of says."""
    round = AllocationRound.objects.get()
    college_user = User.objects.get(username=f"{DEFAULT_CITY.demo_prefix}-college")
    enterprise_user = User.objects.get(username=f"{DEFAULT_CITY.demo_prefix}-enterprise")
    college_id = principal_of(college_user).college_id

    assert round.status == AllocationRoundStatus.OPEN
    assert round.opens_at < timezone.now() < round.closes_at
    assert round.round_colleges.filter(college_id=college_id).exists()
    assert round.round_postings.filter(posting__enterprise_id=principal_of(enterprise_user).enterprise_id).exists()
    assert round.choices.exists()
    assert not round.choices.exclude(student__program__college_id=college_id).exists()
    assert not round.rankings.exists()
