"""Recommendations: the score of each reason on hand-built data, the scope of each role, constant query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from accounts.choices import Role
from accounts.principals import Principal, principal_of
from colleges.choices import StudentStatus
from partnerships import recommendations
from partnerships.choices import HealthBand
from partnerships.models import SkillProfile
from partnerships.recommendations import (
    pair_scores,
    recommended_college_list,
    recommended_enterprise_list,
    recommended_posting_list,
    recommended_program_list,
    recommended_student_list,
)
from partnerships.services.postings import posting_open, posting_update
from partnerships.services.recommendations import skill_profile_rebuild
from partnerships.tasks import skill_profiles_nightly_task
from tests.accounts.factories import signed_in
from tests.cities.factories import (
    AcademicTermFactory,
    CityFactory,
    CityOfficialFactory,
    DivisionFactory,
    SectionFactory,
    SkillFactory,
)
from tests.colleges.factories import (
    CertificateFactory,
    CollegeFactory,
    CollegeStaffFactory,
    ProgramFactory,
    StudentCertificateFactory,
    StudentFactory,
)
from tests.enterprises.factories import EnterpriseFactory, EnterpriseStaffFactory, PostingFactory, TalentDemandFactory
from tests.evaluation.factories import PartnershipHealthFactory
from tests.pages import client_of
from tests.partnerships.factories import ApplicationFactory, CooperationAgreementFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A posting wanting three skills in division 38, a student who matches it on every count, one who shares only
    a skill with it."""
    city = CityFactory()
    section = SectionFactory()
    division = DivisionFactory(code="38", parent=section)  # GB/T 4754 ships with the migrations
    elsewhere = DivisionFactory(code="65", parent=SectionFactory(code="I"))
    welding, cad, plc, python = (SkillFactory(name=name) for name in ("welding", "CAD", "PLC", "Python"))
    college = CollegeFactory(city=city, district="Gaoxin")
    enterprise = EnterpriseFactory(city=city, sector=division, district="Gaoxin")
    posting = PostingFactory(
        enterprise=enterprise,
        sector=division,
        district="Gaoxin",
        slots=12,
        status="open",
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )
    posting.skills.set([welding, cad, plc])
    program = ProgramFactory(college=college, name="Electrical automation")
    program.target_sectors.set([division])
    match = StudentFactory(program=program)
    match.skills.set([welding, cad, plc, python])
    for _ in range(2):
        StudentCertificateFactory(student=match, certificate=CertificateFactory(sector=division))
    other_college = CollegeFactory(city=city, district="Old Town")
    other_program = ProgramFactory(college=other_college, name="Software technology")
    other_program.target_sectors.set([elsewhere])
    stranger = StudentFactory(program=other_program)
    stranger.skills.set([python, welding])
    health = PartnershipHealthFactory(
        agreement=CooperationAgreementFactory(college=college, enterprise=enterprise, active=True),
        score=Decimal("82.0"),
        band=HealthBand.HEALTHY,
    )
    skill_profile_rebuild(city_id=city.pk)
    return locals()


def test_pair_scores_sum_the_points_of_every_reason_and_leave_unknown_pairs_out(world):
    match, stranger, posting = world["match"], world["stranger"], world["posting"]
    scores = pair_scores(pairs=[(match.pk, posting.pk), (stranger.pk, posting.pk), (match.pk, 0)])
    deadline = recommendations.DEADLINE_POINTS * (recommendations.DEADLINE_DAYS - 5) / recommendations.DEADLINE_DAYS
    shared = recommendations.SLOTS_POINTS + deadline  # the posting's own: slots and deadline
    assert scores == {
        (match.pk, posting.pk): pytest.approx(40 + 20 + 10 + 10 + 8.2 + shared, abs=0.05),
        (stranger.pk, posting.pk): pytest.approx(40 / 3 + shared, abs=0.05),
    }


def test_pair_scores_cost_the_same_queries_for_one_pair_and_many(world, django_assert_num_queries):
    posting = world["posting"]
    students = [StudentFactory(program=world["program"]) for _ in range(20)]
    with django_assert_num_queries(7):
        pair_scores(pairs=[(world["match"].pk, posting.pk)])
    with django_assert_num_queries(7):
        assert len(pair_scores(pairs=[(student.pk, posting.pk) for student in students])) == 20


def codes(recommendation) -> list[str]:
    return [reason.code for reason in recommendation.reasons]


def texts(recommendation) -> list[str]:
    return [reason.text for reason in recommendation.reasons]


@pytest.fixture
def official(world):
    return Principal(role=Role.CITY_OFFICIAL, city_id=world["city"].pk)


def college_of(college) -> Principal:
    return Principal(role=Role.COLLEGE_STAFF, college_id=college.pk, city_id=college.city_id)


def enterprise_of(enterprise) -> Principal:
    return Principal(role=Role.ENTERPRISE_STAFF, enterprise_id=enterprise.pk, city_id=enterprise.city_id)


def test_students_for_a_posting_rank_by_their_reasons_each_said_with_its_figures(world, official):
    with override("en"):
        first, second = recommended_student_list(principal=official, posting=world["posting"])
    assert (first.record, second.record) == (world["match"], world["stranger"])
    assert codes(first) == ["skills", "sector", "certificates", "district", "health", "slots", "deadline"]
    assert texts(first)[:5] == [
        "3 skills in common: CAD, PLC, welding",
        f"sector fit: the program targets {world['division']}",
        "holds 2 certificates in the posting's sector",
        "same district: Gaoxin",
        "partnership health with the college: 82 (Healthy)",
    ]
    assert texts(first)[5:] == ["12 slots left", "deadline in 5 days"]
    # Nothing the stranger lacks is claimed for them.
    assert texts(second)[0] == "1 skill in common: welding"
    assert codes(second) == ["skills", "slots", "deadline"]


def test_the_reasons_are_said_in_chinese(world, official):
    with override("zh-hans"):
        first = recommended_student_list(principal=official, posting=world["posting"])[0]
        assert all(not reason.text.isascii() for reason in first.reasons)


def test_a_near_sector_earns_half_and_the_section_is_named(world, official):
    sibling = DivisionFactory(
        code="34", parent=world["section"], name_en="General machinery", name_zh="通用设备制造业"
    )
    world["program"].target_sectors.set([sibling])
    first = recommended_student_list(principal=official, posting=world["posting"])[0]
    sector = next(reason for reason in first.reasons if reason.code == "sector")
    assert sector.points == recommendations.SECTOR_POINTS / 2


def test_a_placed_or_graduated_student_is_not_recommended(world, official):
    PlacementFactory(student=world["match"], starts_on=timezone.localdate() - datetime.timedelta(days=3))
    world["stranger"].status = StudentStatus.GRADUATED
    world["stranger"].save()
    assert recommended_student_list(principal=official, posting=world["posting"]) == []


def test_a_student_who_is_not_enrolled_is_recommended_no_posting_and_the_page_says_why(world, official):
    match = world["match"]
    match.status = StudentStatus.GRADUATED
    match.save()
    assert recommended_posting_list(principal=official, student=match) == []
    staff = CollegeStaffFactory(college=world["college"])
    page = client_of(staff).get(reverse("colleges:student_detail", args=[match.pk])).content.decode()
    assert "Only enrolled students apply to postings: none is recommended to this student." in page
    assert reverse("partnerships:posting_nominate", args=[world["posting"].pk]) not in page


def test_a_college_sees_only_its_own_students_and_an_enterprise_only_its_applicants(world):
    posting = world["posting"]
    own = recommended_student_list(principal=college_of(world["other_college"]), posting=posting)
    assert [result.record for result in own] == [world["stranger"]]
    assert recommended_student_list(principal=enterprise_of(world["enterprise"]), posting=posting) == []
    ApplicationFactory(student=world["stranger"], posting=posting)
    applicants = recommended_student_list(principal=enterprise_of(world["enterprise"]), posting=posting)
    assert [result.record for result in applicants] == [world["stranger"]]


def test_postings_for_a_student_are_the_open_ones_still_taking_applications(world, official):
    match, posting = world["match"], world["posting"]
    PostingFactory(enterprise=world["enterprise"], sector=world["division"], status="draft").skills.set(
        [world["welding"]]
    )
    late = PostingFactory(
        enterprise=world["enterprise"],
        sector=world["division"],
        status="open",
        deadline=timezone.localdate() - datetime.timedelta(days=1),
        starts_on=timezone.localdate(),
    )
    late.skills.set([world["welding"]])
    unrelated = PostingFactory(enterprise=world["enterprise"], sector=world["elsewhere"], status="open")
    results = recommended_posting_list(principal=official, student=match)
    assert [result.record for result in results] == [posting]
    assert results[0].score == pair_scores(pairs=[(match.pk, posting.pk)])[match.pk, posting.pk]
    assert unrelated not in [result.record for result in results]


def test_postings_for_a_program_name_the_certificates_it_prepares_for(world, official):
    world["program"].certificates.set([CertificateFactory(sector=world["division"])])
    first = recommended_posting_list(principal=official, program=world["program"])[0]
    assert first.record == world["posting"]
    assert codes(first) == ["sector", "district", "health", "certificates", "slots", "deadline"]


def test_programs_for_a_posting_and_for_an_enterprise(world, official):
    TalentDemandFactory(
        enterprise=world["enterprise"],
        sector=world["division"],
        skill=world["plc"],
        headcount=25,
        year=timezone.localdate().year,
    )
    for_posting = recommended_program_list(principal=official, posting=world["posting"])
    assert [result.record for result in for_posting] == [world["program"]]
    with override("en"):
        first = recommended_program_list(principal=official, enterprise=world["enterprise"])[0]
    assert first.record == world["program"]
    assert texts(first)[:2] == [
        f"sector fit: 1 program targets {world['division']}",
        "talent demand: 25 hires expected in the programs' sectors",
    ]


def test_colleges_for_an_enterprise_and_enterprises_for_a_college(world, official):
    colleges = recommended_college_list(principal=official, enterprise=world["enterprise"])
    assert [result.record for result in colleges] == [world["college"]]
    assert codes(colleges[0]) == ["sector", "district", "health"]
    # An enterprise the college already has an agreement in force with is not proposed again; a new one is.
    assert recommended_enterprise_list(principal=official, college=world["college"]) == []
    newcomer = EnterpriseFactory(city=world["city"], sector=world["division"], district="Gaoxin")
    found = recommended_enterprise_list(principal=college_of(world["college"]), college=world["college"])
    assert [result.record for result in found] == [newcomer]
    assert codes(found[0]) == ["sector", "district"]


# ------------------------------------------------------------------------------
# The API
# ------------------------------------------------------------------------------
API = "/api/v1/"


@pytest.fixture
def official_api(world):
    return signed_in(CityOfficialFactory(city=world["city"]).user)


def test_the_api_answers_students_for_a_posting_with_reasons_and_masked_personal_fields(world, official_api):
    response = official_api.get(f"{API}recommended-students/", {"posting": world["posting"].pk, "top": 1})
    assert response.status_code == 200, response.content
    [first] = response.json()["results"]
    assert first["id"] == world["match"].pk
    assert first["name"] != world["match"].name
    assert first["name"].startswith(world["match"].name[0])
    assert [reason["code"] for reason in first["reasons"]][:2] == ["skills", "sector"]
    assert first["reasons"][0]["text"] == "3 skills in common: CAD, PLC, welding"


def test_an_enterprise_is_recommended_only_its_applicants_without_their_national_id(world):
    enterprise_api = signed_in(EnterpriseStaffFactory(enterprise=world["enterprise"]).user)
    url = f"{API}recommended-students/"
    assert enterprise_api.get(url, {"posting": world["posting"].pk}).json() == {"results": []}
    ApplicationFactory(student=world["match"], posting=world["posting"])
    [first] = enterprise_api.get(url, {"posting": world["posting"].pk}).json()["results"]
    assert (first["id"], first["name"]) == (world["match"].pk, world["match"].name)
    assert "national_id" not in first


@pytest.mark.parametrize(
    ("path", "subject"),
    [
        ("recommended-postings/", "student"),
        ("recommended-postings/", "program"),
        ("recommended-students/", "posting"),
        ("recommended-programs/", "posting"),
        ("recommended-programs/", "enterprise"),
        ("recommended-colleges/", "enterprise"),
        ("recommended-enterprises/", "college"),
    ],
)
def test_each_endpoint_answers_for_a_subject_in_scope_and_404_outside(world, official_api, path, subject):
    record = {"student": "match", "program": "program", "posting": "posting"}.get(subject, subject)
    assert official_api.get(f"{API}{path}", {subject: world[record].pk}).status_code == 200
    elsewhere = signed_in(CityOfficialFactory().user)  # an official of another city
    response = elsewhere.get(f"{API}{path}", {subject: world[record].pk})
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_college_gets_404_for_another_colleges_student(world):
    other_staff = signed_in(CollegeStaffFactory(college=world["other_college"]).user)
    assert other_staff.get(f"{API}recommended-postings/", {"student": world["match"].pk}).status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "student"),
        ({"student": 1, "program": 1}, "program"),
        ({"student": "x"}, "student"),
        ({"student": 1, "top": 0}, "top"),
    ],
)
def test_a_bad_query_is_a_400_naming_the_field(world, official_api, params, field):
    response = official_api.get(f"{API}recommended-postings/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_anonymous_callers_are_asked_to_sign_in(world, client):
    assert client.get(f"{API}recommended-students/", {"posting": world["posting"].pk}).status_code == 401


def test_the_queries_do_not_grow_with_the_candidates(world, official_api):
    """Pinned at one candidate each way and at many."""
    posting, student = world["posting"], world["match"]

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as students:
            assert official_api.get(f"{API}recommended-students/", {"posting": posting.pk}).status_code == 200
        with CaptureQueriesContext(connection) as postings:
            assert official_api.get(f"{API}recommended-postings/", {"student": student.pk}).status_code == 200
        return len(students), len(postings)

    few = counts()
    for _number in range(30):
        more = StudentFactory(program=world["program"])
        more.skills.set([world["welding"], world["cad"]])
        extra = PostingFactory(enterprise=world["enterprise"], sector=world["division"], status="open")
        extra.skills.set([world["plc"]])
    skill_profile_rebuild(city_id=world["city"].pk)
    assert counts() == few
    assert max(few) <= 17  # the session and the user, the subject, candidates, features, health, records


# ------------------------------------------------------------------------------
# The pages
# ------------------------------------------------------------------------------
def test_a_students_page_recommends_postings_with_a_way_to_nominate(world):
    staff = CollegeStaffFactory(college=world["college"])
    page = client_of(staff).get(reverse("colleges:student_detail", args=[world["match"].pk])).content.decode()
    assert "Recommended postings" in page
    assert "3 skills in common: CAD, PLC, welding" in page
    nominate = f"{reverse('partnerships:posting_nominate', args=[world['posting'].pk])}?student={world['match'].pk}"
    assert nominate in page
    form = client_of(staff).get(nominate).content.decode()
    assert f'name="students" value="{world["match"].pk}" id="id_students_0" checked' in form


def test_the_panels_speak_chinese(world):
    official = CityOfficialFactory(city=world["city"])
    page = client_of(official).get(
        reverse("partnerships:posting_detail", args=[world["posting"].pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    html = page.content.decode()
    assert "推荐学生" in html
    assert "3 项技能相符" in html
    assert "推荐专业" in html


def test_an_empty_panel_says_so(world):
    staff = CollegeStaffFactory(college=world["other_college"])
    world["stranger"].skills.set([])
    page = client_of(staff).get(reverse("partnerships:posting_detail", args=[world["posting"].pk])).content.decode()
    assert "No student you may see fits this posting yet." in page


def test_the_dashboards_recommend_partners(world):
    EnterpriseFactory(city=world["city"], sector=world["division"], district="Gaoxin", name="Newcomer Robotics")
    college_page = client_of(CollegeStaffFactory(college=world["college"])).get(reverse("evaluation:dashboard"))
    assert "Enterprises to partner with" in college_page.content.decode()
    assert "Newcomer Robotics" in college_page.content.decode()
    enterprise_page = client_of(EnterpriseStaffFactory(enterprise=world["enterprise"])).get(
        reverse("evaluation:dashboard")
    )
    html = enterprise_page.content.decode()
    assert "Recommended programs" in html
    assert str(world["program"]) in html
    enterprise_page = client_of(EnterpriseStaffFactory(enterprise=world["enterprise"])).get(
        reverse("enterprises:enterprise_detail", args=[world["enterprise"].pk])
    )
    assert "Recommended colleges" in enterprise_page.content.decode()


# ------------------------------------------------------------------------------
# Skill profiles: rebuilt every night, and a posting's own rows as it opens or its skills change
# ------------------------------------------------------------------------------
def profile_of(**owner) -> dict[str, float]:
    return dict(SkillProfile.objects.filter(**owner).values_list("skill__name", "weight"))


def test_a_rebuild_weighs_postings_by_their_skills_and_programs_by_their_students(world):
    assert profile_of(posting=world["posting"]) == {"CAD": 1 / 3, "PLC": 1 / 3, "welding": 1 / 3}
    half = StudentFactory(program=world["program"])
    half.skills.set([world["welding"]])
    assert profile_of(program=world["program"]) == {"CAD": 1.0, "PLC": 1.0, "Python": 1.0, "welding": 1.0}
    skill_profile_rebuild(city_id=world["city"].pk)
    assert profile_of(program=world["program"]) == {"CAD": 0.5, "PLC": 0.5, "Python": 0.5, "welding": 1.0}
    # Idempotent: a second rebuild writes the same rows again.
    before = SkillProfile.objects.count()
    skill_profile_rebuild(city_id=world["city"].pk)
    assert SkillProfile.objects.count() == before


def test_the_nightly_task_rebuilds_every_city(world):
    SkillProfile.objects.all().delete()
    assert skill_profiles_nightly_task.delay().get() == SkillProfile.objects.count() > 0


def test_a_posting_is_recommended_from_the_moment_it_opens_and_follows_its_skills(world):
    enterprise = world["enterprise"]
    AcademicTermFactory(
        city=world["city"],
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
        ends_on=timezone.localdate() + datetime.timedelta(days=200),
    )
    staff = EnterpriseStaffFactory(enterprise=enterprise)
    draft = PostingFactory(enterprise=enterprise, sector=world["elsewhere"], title="Python intern")
    draft.skills.set([world["python"]])
    assert profile_of(posting=draft) == {}
    posting_open(posting=draft, principal=principal_of(staff.user))
    assert profile_of(posting=draft) == {"Python": 1.0}
    stranger = recommended_posting_list(principal=college_of(world["other_college"]), student=world["stranger"])
    assert draft in [result.record for result in stranger]
    posting_update(posting=draft, skills=[world["python"], world["cad"]])
    assert profile_of(posting=draft) == {"CAD": 0.5, "Python": 0.5}
