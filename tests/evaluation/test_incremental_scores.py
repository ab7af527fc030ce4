"""Scores kept current between runs (evaluation/signals.py, evaluation/scoring/incremental.py): a change of an input,
made through its service, recomputes the agreement or student it concerns once the change commits; changes made
while a recomputation is pending are left to it; a change rolled back recomputes nothing."""

import datetime

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from accounts.principals import principal_of
from colleges.choices import CertificateLevel, StudentStatus
from colleges.services import student_certificate_create, student_delete, student_update
from evaluation.choices import ScoreKind
from evaluation.models import PartnershipHealth, TalentScore
from evaluation.scoring.definitions import current_model, scoring_model_revise
from evaluation.scoring.incremental import pending_key, rescore_now
from evaluation.services import mentor_evaluation_create, party_rating_create
from evaluation.tasks import rescore_task
from partnerships.choices import AgreementStatus, Party
from partnerships.models import CooperationAgreement
from partnerships.services.agreements import agreement_terminate, milestone_complete
from partnerships.services.applications import placement_complete
from tests.colleges.factories import CertificateFactory, CollegeStaffFactory, StudentFactory
from tests.enterprises.factories import EnterpriseStaffFactory
from tests.evaluation.factories import month_start
from tests.partnerships.factories import CooperationAgreementFactory, MilestoneFactory, PlacementFactory

MARKS = {"professional_skill": 5, "attitude": 5, "teamwork": 5, "innovation": 5, "safety_and_standards": 5}


class World:
    """An active agreement with a milestone overdue, and a student placed under it with a classmate."""

    def __init__(self):
        today = timezone.localdate()
        self.agreement = CooperationAgreementFactory(
            active=True, starts_on=today - datetime.timedelta(days=200), ends_on=today + datetime.timedelta(days=800)
        )
        self.milestone = MilestoneFactory(agreement=self.agreement, due_on=today - datetime.timedelta(days=10))
        self.student = StudentFactory(program__college=self.agreement.college)
        self.classmate = StudentFactory(program=self.student.program, cohort_year=self.student.cohort_year)
        self.placement = PlacementFactory(
            agreement=self.agreement,
            student=self.student,
            posting__enterprise=self.agreement.enterprise,
            starts_on=today - datetime.timedelta(days=60),
            ends_on=today + datetime.timedelta(days=30),
        )
        self.college = principal_of(CollegeStaffFactory(college=self.agreement.college).user)
        self.enterprise = principal_of(EnterpriseStaffFactory(enterprise=self.agreement.enterprise).user)

    def health(self) -> PartnershipHealth:
        return PartnershipHealth.objects.get(agreement=self.agreement)

    def talent(self, student=None) -> TalentScore:
        return TalentScore.objects.get(student=student or self.student)

    def rate(self, principal, score: int = 5):
        return party_rating_create(principal=principal, agreement=self.agreement, period=month_start(-1), score=score)


@pytest.fixture
def world(db):
    """The world, with its scores computed once (the factories' own saves are never committed, so queue nothing)."""
    cache.clear()  # the local-memory cache outlives a test
    world = World()
    rescore_now(kind=ScoreKind.HEALTH, ids=[world.agreement.pk])
    rescore_now(kind=ScoreKind.TALENT, ids=[world.student.pk])
    return world


def test_the_scores_start_computed_by_the_rescore_task(world):
    health, talent = world.health(), world.talent()

    assert health.run is None
    assert health.scoring_model == current_model(ScoreKind.HEALTH)
    assert (health.satisfaction, health.milestones_on_time) == (None, 0)
    assert (talent.run, talent.mentor, talent.certificates, talent.placement) == (None, None, 0, 0.5)
    assert world.talent(world.classmate).placement == 0, "percentiles are within program and cohort: both scored"


def test_a_rating_recomputes_the_agreement_after_commit(world, django_capture_on_commit_callbacks):
    before, talent_before = world.health(), world.talent()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        world.rate(world.college, score=5)
        assert world.health().computed_at == before.computed_at, "nothing happens before the commit"

    health = world.health()
    assert len(callbacks) == 1
    assert health.satisfaction == 1.0
    assert health.computed_at > before.computed_at
    assert world.talent().computed_at == talent_before.computed_at, "a rating is no input of a student's score"


def test_a_milestone_done_recomputes_the_agreement(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        milestone_complete(milestone=world.milestone, principal=world.enterprise, evidence="Signed report.")

    # Done after its due date: the late credit.
    assert world.health().milestones_on_time == current_model(ScoreKind.HEALTH).parameters["late_credit"]


def test_a_mentor_evaluation_recomputes_the_student_their_classmates_and_the_agreement(
    world, django_capture_on_commit_callbacks
):
    health_before, classmate_before = world.health(), world.talent(world.classmate)

    with django_capture_on_commit_callbacks(execute=True):
        mentor_evaluation_create(
            principal=world.enterprise, placement=world.placement, period=month_start(-1), **MARKS
        )

    assert world.talent().mentor == 1.0
    assert world.talent(world.classmate).computed_at > classmate_before.computed_at
    health = world.health()
    assert health.computed_at > health_before.computed_at
    assert health.recency == 1.0, "the evaluation is the agreement's latest activity"


def test_a_certificate_recomputes_the_student(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        student_certificate_create(
            student=world.student,
            certificate=CertificateFactory(),
            level=CertificateLevel.ADVANCED,
            awarded_on=timezone.localdate() - datetime.timedelta(days=1),
        )

    assert world.talent().certificates == 1.0
    assert world.talent().percentile > world.talent(world.classmate).percentile


def test_a_completed_placement_recomputes_the_student_and_the_agreement(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        placement_complete(placement=world.placement, principal=world.enterprise, hired_after=True)

    assert world.talent().placement == 1.0
    assert world.health().outcomes == 1.0


def test_an_agreement_that_ends_early_loses_its_current_score(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        agreement_terminate(agreement=world.agreement, principal=world.college, reason="The workshop closed.")

    assert CooperationAgreement.objects.get(pk=world.agreement.pk).status == AgreementStatus.TERMINATED
    assert not PartnershipHealth.objects.filter(agreement=world.agreement).exists()


def test_a_student_who_withdraws_loses_their_score_and_their_classmates_are_ranked_again(
    world, django_capture_on_commit_callbacks
):
    classmate_before = world.talent(world.classmate)

    with django_capture_on_commit_callbacks(execute=True):
        student_update(student=world.student, status=StudentStatus.WITHDRAWN)

    assert not TalentScore.objects.filter(student=world.student).exists()
    classmate = world.talent(world.classmate)
    assert classmate.computed_at > classmate_before.computed_at
    assert classmate.percentile == 0, "alone in their program and cohort"


def test_a_placement_deleted_recomputes_the_student_and_the_agreement(world, django_capture_on_commit_callbacks):
    health_before = world.health()

    with django_capture_on_commit_callbacks(execute=True):
        world.placement.delete()  # the admin may delete one; no service does

    assert world.talent().placement == 0
    assert world.health().computed_at > health_before.computed_at


def test_a_placement_moved_to_another_agreement_recomputes_both(world, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    other = CooperationAgreementFactory(
        active=True,
        college=world.agreement.college,
        enterprise=world.agreement.enterprise,
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today + datetime.timedelta(days=800),
    )
    rescore_now(kind=ScoreKind.HEALTH, ids=[other.pk])
    left_before, joined_before = world.health(), PartnershipHealth.objects.get(agreement=other)

    with django_capture_on_commit_callbacks(execute=True):
        world.placement.agreement = other
        world.placement.save()  # the admin may move a placement to another agreement of the same parties

    assert world.health().computed_at > left_before.computed_at
    assert PartnershipHealth.objects.get(agreement=other).computed_at > joined_before.computed_at


def test_a_student_moved_to_another_cohort_is_ranked_there_and_the_old_cohort_again(
    world, django_capture_on_commit_callbacks
):
    next_cohort = world.student.cohort_year + 1
    new_classmate = StudentFactory(program=world.student.program, cohort_year=next_cohort)
    rescore_now(kind=ScoreKind.TALENT, ids=[new_classmate.pk])
    old_classmate_before, new_classmate_before = world.talent(world.classmate), world.talent(new_classmate)

    with django_capture_on_commit_callbacks(execute=True):
        student_update(student=world.student, cohort_year=next_cohort)

    assert world.talent(world.classmate).computed_at > old_classmate_before.computed_at
    assert world.talent(new_classmate).computed_at > new_classmate_before.computed_at
    assert world.talent().percentile > world.talent(new_classmate).percentile, "placed, so ranked above"


def test_students_the_newest_model_cannot_score_lose_their_current_rows(world):
    """A version weighing only mentor evaluations has nothing to score the classmate (never evaluated) with."""
    scoring_model_revise(
        kind=ScoreKind.TALENT,
        weights={"practice": 0.0, "certificates": 0.0, "mentor": 1.0, "placement": 0.0},
        parameters=dict(current_model(ScoreKind.TALENT).parameters),
    )
    mentor_evaluation_create(principal=world.enterprise, placement=world.placement, period=month_start(-1), **MARKS)

    rescore_now(kind=ScoreKind.TALENT, ids=[world.student.pk])

    assert list(TalentScore.objects.values_list("student", "score")) == [(world.student.pk, 100)]


def test_a_student_deleted_has_their_classmates_ranked_again(world, django_capture_on_commit_callbacks):
    leaving = StudentFactory(program=world.student.program, cohort_year=world.student.cohort_year)
    rescore_now(kind=ScoreKind.TALENT, ids=[leaving.pk])
    classmate_before = world.talent(world.classmate)

    with django_capture_on_commit_callbacks(execute=True):
        student_delete(student=leaving)

    assert world.talent(world.classmate).computed_at > classmate_before.computed_at
    assert TalentScore.objects.filter(student__in=[world.student, world.classmate]).count() == 2


# ------------------------------------------------------------------------------
# Debounce and rollback
# ------------------------------------------------------------------------------
def test_changes_while_a_recomputation_is_pending_are_left_to_it(world, django_capture_on_commit_callbacks):
    before = world.health()
    # Queued by an earlier change, a window ago at most: the worker has not taken it yet.
    assert cache.add(pending_key(ScoreKind.HEALTH, world.agreement.pk), 1)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        world.rate(world.college, score=5)
    with django_capture_on_commit_callbacks(execute=True) as more_callbacks:
        world.rate(world.enterprise, score=3)

    assert len(callbacks) == len(more_callbacks) == 1
    assert world.health().computed_at == before.computed_at, "no second recomputation was queued"

    rescore_task.delay(ScoreKind.HEALTH, [world.agreement.pk])  # the pending one, when the worker takes it

    health = world.health()
    assert health.satisfaction == pytest.approx((1.0 + 0.5) / 2), "both changes, in one recomputation"
    assert cache.get(pending_key(ScoreKind.HEALTH, world.agreement.pk)) is None
    with django_capture_on_commit_callbacks(execute=True):
        milestone_complete(milestone=world.milestone, principal=world.college, evidence="Minutes.")
    assert world.health().computed_at > health.computed_at, "once it started, a new change is queued again"


def test_a_change_rolled_back_recomputes_nothing(world, django_capture_on_commit_callbacks):
    before = world.health()

    def rate_then_fail():
        with transaction.atomic():
            world.rate(world.college, score=1)
            raise RuntimeError("The request failed after the rating was written.")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        rate_then_fail()

    assert callbacks == []
    assert not world.agreement.ratings.exists()
    assert world.health().computed_at == before.computed_at
    assert cache.get(pending_key(ScoreKind.HEALTH, world.agreement.pk)) is None


def test_a_rating_by_either_party_names_its_side(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rating = world.rate(world.enterprise, score=1)

    assert rating.rater_party == Party.ENTERPRISE
    assert world.health().satisfaction == 0.0


def test_a_broker_that_is_away_fails_no_change_and_leaves_nothing_debounced(
    world, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broker_away(*args, **kwargs):
        raise OSError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(rescore_task, "apply_async", broker_away)  # the broker is outside the platform
    with django_capture_on_commit_callbacks(execute=True):
        rating = world.rate(world.college, score=1)

    assert rating.pk is not None
    assert cache.get(pending_key(ScoreKind.HEALTH, world.agreement.pk)) is None
    assert "Connection refused" in caplog.text
