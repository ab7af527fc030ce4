"""The evaluation panels on a student's page (colleges) and an applicant's (partnerships): applications and
placements, mentor evaluations, and the talent score with its components and trend, in a fixed number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from evaluation.models import TalentScore
from partnerships.choices import ApplicationStatus
from tests.colleges.factories import CollegeStaffFactory, ProgramFactory, StudentFactory
from tests.enterprises.factories import EnterpriseStaffFactory
from tests.evaluation.factories import (
    MentorEvaluationFactory,
    TalentScoreFactory,
    TalentScoreSnapshotFactory,
    current_snapshots,
)
from tests.partnerships.factories import ApplicationFactory, PlacementFactory


@pytest.fixture
def staff(db):
    return CollegeStaffFactory()


@pytest.fixture
def student(staff):
    return StudentFactory(program=ProgramFactory(college=staff.college), name="Ada Applicant")


@pytest.fixture
def college(client, staff):
    client.force_login(staff.user)
    return client


def score(student, value: str) -> None:
    # The platform scores a new student itself (a rescore after commit): set the score the test reads.
    if not current_snapshots(TalentScore, student=student).update(score=Decimal(value), practice=0.7):
        TalentScoreFactory(student=student, score=Decimal(value), practice=0.7)


def record_history(student, count: int) -> None:
    """``count`` applications, placements (each with an evaluation) and snapshots of ``student``."""
    for n in range(count):
        placement = PlacementFactory(student=student, completed=True, posting__title=f"Posting {n}")
        ApplicationFactory(student=student, posting=placement.posting, status=ApplicationStatus.ACCEPTED)
        MentorEvaluationFactory(placement=placement, period=placement.starts_on.replace(day=1), comment=f"Note {n}")
        TalentScoreSnapshotFactory(student=student, score=Decimal(60 + n))


def test_the_student_page_shows_applications_placements_evaluations_and_the_talent_score(college, student):
    score(student, "81.5")
    record_history(student, 1)

    html = college.get(f"/students/{student.pk}/").content.decode()

    assert "Applications and placements" in html
    assert "Posting 0" in html
    assert "Mentor evaluations" in html
    assert "Note 0" in html
    assert "4.2" in html
    assert "Talent score" in html
    assert "81.5" in html
    assert "Practice hours against the hours the program requires." in html
    assert "70 %" in html
    assert "Trend" in html
    assert "60.0" in html


def test_a_student_with_nothing_yet_says_so(college, student):
    current_snapshots(TalentScore, student=student).delete()

    html = college.get(f"/students/{student.pk}/").content.decode()

    assert "No placement yet" in html
    assert "No application yet" in html
    assert "No mentor evaluation yet" in html
    assert "Not scored yet" in html


def test_the_student_page_runs_as_many_queries_for_one_record_of_each_kind_as_for_four(college, student):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert college.get(f"/students/{student.pk}/").status_code == 200
        return len(captured)

    record_history(student, 1)
    one = queries()
    record_history(student, 3)
    assert queries() == one


def test_the_enterprise_sees_its_applicant_s_talent_score_on_the_application(student):
    score(student, "72.0")
    application = ApplicationFactory(student=student)
    enterprise_staff = EnterpriseStaffFactory(enterprise=application.posting.enterprise)
    client = Client()
    client.force_login(enterprise_staff.user)
    html = client.get(f"/applications/{application.pk}/").content.decode()

    assert "Talent score" in html
    assert "72.0" in html
