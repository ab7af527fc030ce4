"""The pages of applications and placements: the college nominates its students and answers offers for them; the
posting's enterprise reviews its applicants' public profile, shortlists, offers or rejects, completes placements
and evaluates its interns; either side cancels a placement. Each page writes through the API's service."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from accounts.principals import principal_of
from common.panels import render_panels
from enterprises.choices import PostingStatus
from evaluation.models import MentorEvaluation, TalentScore
from partnerships.choices import ApplicationStatus, PlacementStatus
from partnerships.filters import ApplicationFilterSet
from partnerships.models import Application, Placement
from tests.colleges.factories import (
    CollegeStaffFactory,
    ProgramFactory,
    StudentCertificateFactory,
    StudentFactory,
    national_id,
)
from tests.enterprises.factories import EnterpriseFactory, EnterpriseStaffFactory, PostingFactory
from tests.evaluation.factories import TalentScoreFactory, current_snapshots
from tests.pages import client_of
from tests.partnerships.factories import ApplicationFactory, PlacementFactory

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A page asked for in Chinese leaves Chinese active in the test's thread (LocaleMiddleware): the tests that
    run next expect English, so it is put back."""
    with translation.override("en"):
        yield


@pytest.fixture
def college_staff(db):
    return CollegeStaffFactory()


@pytest.fixture
def program(college_staff):
    return ProgramFactory(college=college_staff.college)


@pytest.fixture
def enterprise_staff(program):
    return EnterpriseStaffFactory(enterprise=EnterpriseFactory(city=program.college.city, name="Jinhe Robotics"))


@pytest.fixture
def posting(enterprise_staff):
    return PostingFactory(enterprise=enterprise_staff.enterprise, status=PostingStatus.OPEN, title="Robot cell intern")


@pytest.fixture
def college(college_staff):
    return client_of(college_staff)


@pytest.fixture
def enterprise(enterprise_staff):
    return client_of(enterprise_staff)


def status_of(application) -> str:
    return Application.objects.values_list("status", flat=True).get(pk=application.pk)


# ------------------------------------------------------------------------------
# Nominating students
# ------------------------------------------------------------------------------
def test_the_nominate_page_offers_the_colleges_enrolled_students_who_have_not_applied(college, program, posting):
    ada = StudentFactory(program=program, name="Ada Applicant")
    StudentFactory(program=program, name="Wu Withdrawn", status="withdrawn")
    ApplicationFactory(student=StudentFactory(program=program, name="Al Ready"), posting=posting)
    StudentFactory(name="Stranger Sam")

    html = college.get(f"/postings/{posting.pk}/nominate/").content.decode()

    assert f'value="{ada.pk}"' in html
    assert "Ada Applicant" in html
    assert not [name for name in ("Wu Withdrawn", "Al Ready", "Stranger Sam") if name in html]


def test_nominating_several_students_applies_for_each_and_lists_the_posting_s_applications(college, program, posting):
    students = StudentFactory.create_batch(2, program=program)

    response = college.post(
        f"/postings/{posting.pk}/nominate/", {"students": [s.pk for s in students], "note": "Both did robot cells."}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/applications/?posting={posting.pk}"
    applications = Application.objects.filter(posting=posting)
    assert {a.student_id for a in applications} == {s.pk for s in students}
    assert {a.note for a in applications} == {"Both did robot cells."}
    listing = college.get(response["Location"]).content.decode()
    assert "2 students nominated" in listing
    assert all(student.name in listing for student in students)


def test_a_student_the_posting_refuses_is_named_with_the_reason_and_the_others_are_nominated(
    college, program, posting
):
    able = StudentFactory(program=program, name="Able Adult")
    young = StudentFactory(
        program=program, name="Young Yu", national_id=national_id(1, TODAY.replace(year=TODAY.year - 14))
    )

    response = college.post(f"/postings/{posting.pk}/nominate/", {"students": [able.pk, young.pk]})

    html = response.content.decode()
    assert response.status_code == 200
    assert "1 student nominated: " in html
    assert 'id="id_students_error"' in html
    assert "Young Yu: This posting takes interns from 16 years old" in html
    assert list(Application.objects.values_list("student_id", flat=True)) == [able.pk]


def test_nominating_nobody_is_a_field_error(college, posting):
    html = college.post(f"/postings/{posting.pk}/nominate/", {}).content.decode()

    assert "Choose at least one student." in html
    assert not Application.objects.exists()


def test_an_enterprise_may_not_nominate_and_a_closed_posting_is_a_404_page(enterprise, college, program, posting):
    assert enterprise.get(f"/postings/{posting.pk}/nominate/").status_code == 403
    closed = PostingFactory(enterprise=posting.enterprise, status=PostingStatus.CLOSED)
    assert college.get(f"/postings/{closed.pk}/nominate/").status_code == 404


# ------------------------------------------------------------------------------
# The enterprise's applicants
# ------------------------------------------------------------------------------
def test_the_enterprise_sees_each_applicant_s_public_profile_and_no_more(enterprise, program, posting):
    student = StudentFactory(program=program, name="Ada Applicant", practice_hours=420)
    StudentCertificateFactory(student=student, certificate__name="Industrial robot operation")
    if not current_snapshots(TalentScore, student=student).update(score=Decimal("77.5")):
        TalentScoreFactory(student=student, score=Decimal("77.5"))
    application = ApplicationFactory(student=student, posting=posting)
    ApplicationFactory(
        posting=PostingFactory(enterprise=posting.enterprise),
        student=StudentFactory(program=program, name="Other Posting"),
    )

    listing = enterprise.get("/applications/", {"posting": posting.pk}).content.decode()
    page = enterprise.get(f"/applications/{application.pk}/").content.decode()

    assert "Ada Applicant" in listing
    assert "77.5" in listing
    assert "420" in listing
    assert "Other Posting" not in listing
    assert "Ada Applicant" in page
    assert "Industrial robot operation" in page
    assert "77.5" in page
    assert student.national_id not in page
    assert student.phone not in page


def test_the_enterprise_shortlists_offers_and_rejects_with_a_reason(enterprise, program, posting):
    kept, turned_down = ApplicationFactory.create_batch(2, posting=posting, student__program=program)

    page = enterprise.get(f"/applications/{kept.pk}/").content.decode()
    assert f"/applications/{kept.pk}/shortlist/" in page
    assert f"/applications/{kept.pk}/withdraw/" not in page
    enterprise.post(f"/applications/{kept.pk}/shortlist/")
    assert status_of(kept) == ApplicationStatus.SHORTLISTED
    response = enterprise.post(f"/applications/{kept.pk}/offer/", follow=True)
    assert status_of(kept) == ApplicationStatus.OFFERED
    assert "The offer is made" in response.content.decode()

    confirm = enterprise.get(f"/applications/{turned_down.pk}/reject/").content.decode()
    assert "This cannot be undone." in confirm
    missing = enterprise.post(f"/applications/{turned_down.pk}/reject/", {"reason": " "}).content.decode()
    assert 'id="id_reason_error"' in missing
    assert status_of(turned_down) == ApplicationStatus.SUBMITTED
    enterprise.post(f"/applications/{turned_down.pk}/reject/", {"reason": "We need welders."})
    assert Application.objects.get(pk=turned_down.pk).decision_reason == "We need welders."


def test_a_step_the_state_refuses_is_a_message_on_the_page_and_changes_nothing(enterprise, program, posting):
    application = ApplicationFactory(posting=posting, student__program=program, status=ApplicationStatus.WITHDRAWN)

    response = enterprise.post(f"/applications/{application.pk}/offer/")

    assert response.status_code == 200
    assert "it cannot be offered a place" in response.content.decode()
    assert status_of(application) == ApplicationStatus.WITHDRAWN


# ------------------------------------------------------------------------------
# The college answers for its student
# ------------------------------------------------------------------------------
def test_the_college_accepts_an_offer_and_the_placement_begins(college, program, posting):
    application = ApplicationFactory(posting=posting, student__program=program, status=ApplicationStatus.OFFERED)

    page = college.get(f"/applications/{application.pk}/").content.decode()
    assert f"/applications/{application.pk}/accept/" in page
    assert f"/applications/{application.pk}/offer/" not in page
    response = college.post(f"/applications/{application.pk}/accept/", follow=True)

    placement = Placement.objects.get(application=application)
    assert status_of(application) == ApplicationStatus.ACCEPTED
    assert f"/placements/{placement.pk}/" in response.content.decode()
    assert "The offer is accepted" in response.content.decode()


def test_the_college_declines_with_a_reason_and_withdraws_after_confirming(college, program, posting):
    offered = ApplicationFactory(posting=posting, student__program=program, status=ApplicationStatus.OFFERED)
    submitted = ApplicationFactory(posting=posting, student__program=program)

    college.post(f"/applications/{offered.pk}/decline/", {"reason": "The student chose another city."})
    confirm = college.get(f"/applications/{submitted.pk}/withdraw/").content.decode()
    college.post(f"/applications/{submitted.pk}/withdraw/")

    assert status_of(offered) == ApplicationStatus.DECLINED
    assert "This cannot be undone." in confirm
    assert status_of(submitted) == ApplicationStatus.WITHDRAWN


def test_a_college_may_not_take_the_enterprise_s_steps_nor_open_another_college_s_application(
    college, program, posting
):
    own = ApplicationFactory(posting=posting, student__program=program)
    stranger = ApplicationFactory(posting=posting, student__program=ProgramFactory(college__city=program.college.city))

    assert college.post(f"/applications/{own.pk}/offer/").status_code == 403
    assert college.get(f"/applications/{stranger.pk}/").status_code == 404
    assert status_of(own) == ApplicationStatus.SUBMITTED


# ------------------------------------------------------------------------------
# Placements
# ------------------------------------------------------------------------------
@pytest.fixture
def placement(program, posting):
    started = posting.starts_on - datetime.timedelta(days=60)
    return PlacementFactory(
        student__program=program,
        posting=posting,
        starts_on=started,
        ends_on=started + datetime.timedelta(days=120),
    )


def test_the_enterprise_sees_the_intern_s_phone_and_completes_the_placement(enterprise, placement):
    page = enterprise.get(f"/placements/{placement.pk}/").content.decode()
    assert placement.student.phone in page
    assert placement.student.national_id not in page

    enterprise.post(f"/placements/{placement.pk}/complete/", {"hired_after": "on"})

    placement.refresh_from_db()
    assert placement.status == PlacementStatus.COMPLETED
    assert placement.hired_after


def test_the_college_cancels_a_placement_with_a_reason(college, placement):
    confirm = college.get(f"/placements/{placement.pk}/cancel/").content.decode()
    college.post(f"/placements/{placement.pk}/cancel/", {"reason": "The student fell ill."})

    placement.refresh_from_db()
    assert "This cannot be undone." in confirm
    assert 'name="reason"' in confirm
    assert placement.status == PlacementStatus.CANCELLED
    assert placement.cancellation_reason == "The student fell ill."


def test_the_mentor_evaluation_form_has_each_rubric_item_as_a_group_of_five_marks(enterprise, placement):
    page = enterprise.get(f"/placements/{placement.pk}/").content.decode()
    assert f"/placements/{placement.pk}/evaluate/" in page

    form = enterprise.get(f"/placements/{placement.pk}/evaluate/").content.decode()

    assert form.count("<fieldset") == 5
    assert "<legend>Safety and standards" in form
    assert "Follows the safety rules" in form
    assert form.count('type="radio"') == 25


def test_a_mentor_evaluates_the_intern_and_the_placement_lists_it(enterprise, placement):
    marks = {"professional_skill": 4, "attitude": 5, "teamwork": 4, "innovation": 3, "safety_and_standards": 5}

    response = enterprise.post(
        f"/placements/{placement.pk}/evaluate/",
        {"period": TODAY.isoformat(), **marks, "comment": "Careful."},
        follow=True,
    )

    evaluation = MentorEvaluation.objects.get(placement=placement)
    assert evaluation.period == TODAY.replace(day=1)
    assert evaluation.attitude == 5
    assert response.redirect_chain[-1][0] == f"/placements/{placement.pk}/"
    assert "Careful." in response.content.decode()
    assert "4.2" in response.content.decode()


def test_a_mark_out_of_the_rubric_is_a_field_error_and_a_non_mentor_is_refused(
    enterprise, enterprise_staff, placement
):
    html = enterprise.post(f"/placements/{placement.pk}/evaluate/", {"period": TODAY.isoformat()}).content.decode()
    clerk = EnterpriseStaffFactory(enterprise=enterprise_staff.enterprise, is_mentor=False)

    assert 'id="id_teamwork_error"' in html
    assert client_of(clerk).get(f"/placements/{placement.pk}/evaluate/").status_code == 403
    assert not MentorEvaluation.objects.exists()


def test_the_evaluation_form_offers_this_month_as_an_iso_date_in_chinese_too(enterprise, placement):
    html = enterprise.get(f"/placements/{placement.pk}/evaluate/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert f'value="{TODAY.replace(day=1).isoformat()}"' in html
    assert "安全与规范" in html


def test_the_posting_page_panel_leads_the_college_to_nominate_and_the_enterprise_to_its_applicants(
    college_staff, enterprise_staff, program, posting
):
    ApplicationFactory(posting=posting, student__program=program)

    for_college = "".join(render_panels(posting, principal=principal_of(college_staff.user), request=None))
    for_enterprise = "".join(render_panels(posting, principal=principal_of(enterprise_staff.user), request=None))

    assert f"/postings/{posting.pk}/nominate/" in for_college
    assert f"/applications/?posting={posting.pk}" in for_enterprise
    assert "1 application." in for_enterprise
    assert "nominate" not in for_enterprise


def test_the_application_s_times_are_shown_in_the_platform_s_time_zone(enterprise, program, posting):
    submitted = datetime.datetime(2026, 3, 1, 17, 30, tzinfo=datetime.UTC)  # 01:30 on 2 March in Shanghai
    application = ApplicationFactory(posting=posting, student__program=program, submitted_at=submitted)

    html = enterprise.get(f"/applications/{application.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "2026年3月2日 01:30" in html


def test_a_list_s_filters_are_labelled_in_the_reader_s_language_whoever_read_them_first(enterprise, posting):
    with translation.override("en"):
        assert str(ApplicationFilterSet.base_filters["status"].label) == "Status"

    html = enterprise.get("/applications/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert '<label for="id_status">状态</label>' in html
