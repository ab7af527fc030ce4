import pytest
from celery.result import AsyncResult, EagerResult
from django.conf import settings

from config.celery_app import app as celery_app
from enterprises.choices import PostingStatus
from evaluation.tasks import city_overview_task
from partnerships.choices import PlacementStatus
from tests.cities.factories import CityFactory
from tests.colleges.factories import CollegeFactory, ProgramFactory, StudentFactory
from tests.enterprises.factories import EnterpriseFactory, PostingFactory
from tests.partnerships.factories import CooperationAgreementFactory, PlacementFactory

EMPTY_OVERVIEW = dict.fromkeys(
    [
        "college_count",
        "program_count",
        "student_count",
        "enterprise_count",
        "open_posting_count",
        "active_agreement_count",
        "active_placement_count",
    ],
    0,
)


def city_with_activity():
    """A city with 2 colleges, 2 students in one program, 3 enterprises, an open posting and live cooperation."""
    city = CityFactory()
    college = CollegeFactory(city=city)
    CollegeFactory(city=city)
    student, _ = StudentFactory.create_batch(2, program=ProgramFactory(college=college))
    enterprise = EnterpriseFactory(city=city)
    EnterpriseFactory.create_batch(2, city=city)
    posting = PostingFactory(enterprise=enterprise, status=PostingStatus.OPEN)
    CooperationAgreementFactory(college=college, enterprise=enterprise, active=True)
    PlacementFactory(student=student, posting=posting, status=PlacementStatus.ACTIVE)
    CollegeFactory()  # In another city: not counted.
    return city


EXPECTED_OVERVIEW = EMPTY_OVERVIEW | {
    "college_count": 2,
    "program_count": 1,
    "student_count": 2,
    "enterprise_count": 3,
    "open_posting_count": 1,
    "active_agreement_count": 1,
    "active_placement_count": 1,
}


def test_city_overview_task_counts_only_the_citys_rows(db):
    city = city_with_activity()

    assert city_overview_task.apply(args=[city.id]).get() == EXPECTED_OVERVIEW
    assert city_overview_task.apply(args=[CityFactory().id]).get() == EMPTY_OVERVIEW


@pytest.mark.skipif(bool(settings.CELERY_BROKER_URL), reason="a broker is configured: tasks go to a worker instead")
def test_without_a_broker_delay_runs_the_task_in_process(db):
    city = city_with_activity()

    result = city_overview_task.delay(city.id)

    assert isinstance(result, EagerResult)
    assert result.get() == EXPECTED_OVERVIEW


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_task_over_the_broker(live_celery_worker):
    city = city_with_activity()

    result = city_overview_task.delay(city.id)

    assert not isinstance(result, EagerResult)
    assert result.get(timeout=30) == EXPECTED_OVERVIEW
    # The worker stored the outcome in the result backend, where any other process can read it.
    stored = AsyncResult(result.id, app=celery_app)
    assert (stored.state, stored.result) == ("SUCCESS", EXPECTED_OVERVIEW)
