"""The admin: every model of the platform has one, its pages open for the platform admin, and its lists and
autocompletes take as many queries for twelve rows as for two."""

import pghistory.models
import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Notification, NotificationPreference, SavedView, User
from cities.models import AcademicTerm, City, CityOfficial, IndustrySector, InternshipRules, Skill
from colleges.models import Certificate, College, CollegeStaff, Course, Program, Student, StudentCertificate
from enterprises.models import EducationInvestment, Enterprise, EnterpriseStaff, Posting, TalentDemand
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
from partnerships.choices import TrainingBaseKind
from partnerships.models import (
    AgreementApproval,
    AgreementScan,
    AgreementVersion,
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
from tests.accounts.factories import NotificationFactory, NotificationPreferenceFactory, SavedViewFactory, UserFactory
from tests.cities.factories import (
    AcademicTermFactory,
    CityFactory,
    CityOfficialFactory,
    DivisionFactory,
    InternshipRulesFactory,
    SectionFactory,
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
    CityScoresFactory,
    IntegrationCertificationFactory,
    MentorEvaluationFactory,
    PartnershipHealthFactory,
    PartnershipHealthSnapshotFactory,
    PartyRatingFactory,
    ScoringModelFactory,
    ScoringRunChunkFactory,
    ScoringRunFactory,
    TalentScoreFactory,
    TalentScoreSnapshotFactory,
)
from tests.partnerships.factories import (
    AgreementApprovalFactory,
    AgreementScanFactory,
    AgreementVersionFactory,
    AllocationChoiceFactory,
    AllocationOutcomeFactory,
    AllocationRankingFactory,
    AllocationRoundCollegeFactory,
    AllocationRoundFactory,
    AllocationRoundPostingFactory,
    ApplicationFactory,
    CommitmentFactory,
    CooperationAgreementFactory,
    CouncilSeatFactory,
    MilestoneFactory,
    PlacementFactory,
    SkillProfileFactory,
    TrainingBaseFactory,
)

PLATFORM_APPS = ("accounts", "cities", "colleges", "enterprises", "partnerships", "evaluation")

REGISTERED_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in PLATFORM_APPS),
    key=lambda model: model._meta.label,
)

# One row of each registered model; a new admin needs its factory here or test_admin_pages_open fails.
FACTORIES = {
    User: UserFactory,
    SavedView: SavedViewFactory,
    NotificationPreference: NotificationPreferenceFactory,
    City: CityFactory,
    IndustrySector: SectionFactory,
    Skill: SkillFactory,
    College: CollegeFactory,
    CollegeStaff: CollegeStaffFactory,
    Certificate: CertificateFactory,
    Program: ProgramFactory,
    Course: CourseFactory,
    Student: StudentFactory,
    StudentCertificate: StudentCertificateFactory,
    Enterprise: EnterpriseFactory,
    EnterpriseStaff: EnterpriseStaffFactory,
    IntegrationCertification: IntegrationCertificationFactory,
    EducationInvestment: EducationInvestmentFactory,
    Posting: PostingFactory,
    TalentDemand: TalentDemandFactory,
    TrainingBase: TrainingBaseFactory,
    CooperationAgreement: CooperationAgreementFactory,
    Commitment: CommitmentFactory,
    Milestone: MilestoneFactory,
    CouncilSeat: CouncilSeatFactory,
    Application: ApplicationFactory,
    Placement: PlacementFactory,
    CityOfficial: CityOfficialFactory,
    MentorEvaluation: MentorEvaluationFactory,
    PartyRating: PartyRatingFactory,
    InternshipRules: InternshipRulesFactory,
    AcademicTerm: AcademicTermFactory,
    Notification: NotificationFactory,
    AgreementVersion: AgreementVersionFactory,
    AgreementApproval: AgreementApprovalFactory,
    AgreementScan: AgreementScanFactory,
    ScoringModel: ScoringModelFactory,
    ScoringRun: ScoringRunFactory,
    ScoringRunChunk: ScoringRunChunkFactory,
    PartnershipHealth: PartnershipHealthFactory,
    PartnershipHealthSnapshot: PartnershipHealthSnapshotFactory,
    TalentScore: TalentScoreFactory,
    TalentScoreSnapshot: TalentScoreSnapshotFactory,
    CityAggregate: CityAggregateFactory,
    CityScores: CityScoresFactory,
    SkillProfile: SkillProfileFactory,
    AllocationRound: AllocationRoundFactory,
    AllocationRoundPosting: AllocationRoundPostingFactory,
    AllocationRoundCollege: AllocationRoundCollegeFactory,
    AllocationChoice: AllocationChoiceFactory,
    AllocationRanking: AllocationRankingFactory,
    AllocationOutcome: AllocationOutcomeFactory,
}

# Rows whose optional relations, left empty by the plain factory, are shown in a list: filled, a query per row shows.
FULL_ROW_FACTORIES = {
    **FACTORIES,
    User: lambda: CollegeStaffFactory().user,
    Skill: lambda: SkillFactory(sector=DivisionFactory()),
    Certificate: lambda: CertificateFactory(sector=DivisionFactory()),
    IntegrationCertification: lambda: IntegrationCertificationFactory(certified=True),
    EducationInvestment: lambda: EducationInvestmentFactory(college=CollegeFactory()),
    TrainingBase: lambda: TrainingBaseFactory(
        kind=TrainingBaseKind.CO_BUILT, host_college=CollegeFactory(), host_enterprise=EnterpriseFactory()
    ),
    MentorEvaluation: lambda: MentorEvaluationFactory(mentor=EnterpriseStaffFactory()),
    PartyRating: lambda: PartyRatingFactory(rated_by=UserFactory()),
    ScoringModel: lambda: ScoringModelFactory(created_by=UserFactory()),
    AgreementScan: lambda: AgreementScanFactory(uploaded_by=UserFactory()),
    AllocationRound: lambda: AllocationRoundFactory(created_by=UserFactory()),
    AllocationOutcome: lambda: AllocationOutcomeFactory(application=ApplicationFactory()),
}


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def autocomplete_sources() -> list[tuple]:
    """For each model some admin form picks by autocomplete: (that model, the form's model, the field's name)."""
    sources = {}
    for model, model_admin in admin.site._registry.items():
        forms = [(model, model_admin.autocomplete_fields)]
        forms += [(inline.model, inline.autocomplete_fields) for inline in model_admin.inlines]
        for form_model, field_names in forms:
            for field_name in field_names:
                picked = form_model._meta.get_field(field_name).related_model
                sources.setdefault(picked, (picked, form_model, field_name))
    return sorted(sources.values(), key=lambda source: source[0]._meta.label)


AUTOCOMPLETE_SOURCES = autocomplete_sources()


def autocomplete_id(value) -> str:
    return value._meta.label if hasattr(value, "_meta") else value


def queries_of(client, url: str, params: dict | None = None) -> CaptureQueriesContext:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return queries


def test_every_model_of_the_platform_has_an_admin():
    # The audit trail's event tables (django-pghistory) are read through each object's history, not the admin.
    models = {
        model
        for label in PLATFORM_APPS
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, pghistory.models.Event)
    }

    assert {model._meta.label for model in models - set(REGISTERED_MODELS)} == set()


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=lambda model: model._meta.label)
def test_admin_pages_open(client, admin_user, rf, model):
    assert model in FACTORIES, f"Map {model._meta.label} to its factory in FACTORIES."
    row = FACTORIES[model]()
    client.force_login(admin_user)
    request = rf.get("/")
    request.user = admin_user
    # Rows that only services write (versions, approvals, notifications) have no add page.
    can_add = admin.site._registry[model].has_add_permission(request)

    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "change", row.pk)).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == (200 if can_add else 403)


@pytest.mark.parametrize(
    "model", [model for model in REGISTERED_MODELS if model is not IndustrySector], ids=lambda model: model._meta.label
)
def test_changelist_queries_do_not_grow_with_rows(client, admin_user, django_assert_num_queries, model):
    make_row = FULL_ROW_FACTORIES[model]
    for _ in range(2):
        make_row()
    client.force_login(admin_user)
    url = admin_url(model, "changelist")
    with_two_rows = queries_of(client, url)
    for _ in range(10):
        make_row()

    with django_assert_num_queries(len(with_two_rows)):
        client.get(url)


def test_sector_changelist_lists_a_page_of_divisions_in_the_queries_of_one(client, admin_user):
    # The classification ships with the migrations, so the list is compared with itself narrowed to one row.
    client.force_login(admin_user)
    url = admin_url(IndustrySector, "changelist")

    one_division = queries_of(client, url, {"code": "39"})
    page_of_divisions = queries_of(client, url, {"level": "division"})

    assert len(page_of_divisions) == len(one_division)


@pytest.mark.parametrize(("model", "form_model", "field_name"), AUTOCOMPLETE_SOURCES, ids=autocomplete_id)
def test_autocomplete_queries_do_not_grow_with_rows(
    client, admin_user, django_assert_num_queries, model, form_model, field_name
):
    make_row = FULL_ROW_FACTORIES[model]
    for _ in range(2):
        make_row()
    client.force_login(admin_user)
    url = reverse("admin:autocomplete")
    params = {
        "app_label": form_model._meta.app_label,
        "model_name": form_model._meta.model_name,
        "field_name": field_name,
    }
    with_two_rows = queries_of(client, url, params)
    for _ in range(10):
        make_row()

    with django_assert_num_queries(len(with_two_rows)):
        client.get(url, params)


def test_student_changelist_finds_by_student_number_and_never_shows_personal_numbers(client, admin_user):
    wanted = StudentFactory(student_number="2024990001")
    other = StudentFactory(student_number="2024990002")
    client.force_login(admin_user)
    url = admin_url(Student, "changelist")

    found = client.get(url, {"q": "2024990001"})
    everyone = client.get(url)

    assert list(found.context["cl"].result_list) == [wanted]
    assert list(everyone.context["cl"].result_list) == [wanted, other]
    for student in (wanted, other):
        assert student.national_id not in everyone.text
        assert student.phone not in everyone.text


def test_student_changelist_finds_by_name(client, admin_user):
    wanted = StudentFactory(name="Li Xiaoming")
    StudentFactory(name="Wang Fang")
    client.force_login(admin_user)

    response = client.get(admin_url(Student, "changelist"), {"q": "xiaoming"})

    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.parametrize("model", [PartnershipHealth, TalentScore, CityScores], ids=lambda model: model._meta.label)
def test_the_current_scores_are_listed_and_never_edited(rf, admin_user, model):
    # The current scores are database views over the runs' snapshots, and the pointer moves only by publishing.
    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site._registry[model]

    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_admin_sends_a_user_who_is_not_staff_to_the_admin_login(db, client):
    client.force_login(UserFactory())
    url = admin_url(Student, "changelist")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"
