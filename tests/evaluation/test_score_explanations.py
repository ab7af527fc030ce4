"""A page that shows a score shows its components, their weights, what each was computed from as of the run's date
(counted by the score's own SQL), the run's date and the model version, in both languages, in a fixed number of
queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from colleges.choices import CertificateLevel
from evaluation.choices import ScoreKind
from evaluation.scoring.definitions import current_model
from evaluation.scoring.health import score_health_chunk
from evaluation.scoring.talent import score_talent_chunk
from partnerships.choices import Party, PlacementStatus
from tests.colleges.factories import CollegeStaffFactory, ProgramFactory, StudentCertificateFactory, StudentFactory
from tests.evaluation.factories import ScoringModelFactory, ScoringRunFactory, publish
from tests.evaluation.test_health_scores import milestone, moment, placement_under, rate, signed
from tests.evaluation.test_talent_scores import evaluate, placement_of
from tests.pages import client_of
from tests.partnerships.factories import CommitmentFactory

T = datetime.date(2026, 11, 20)
DAY = datetime.timedelta(days=1)


def published(city, score: str) -> None:
    """A succeeded run of the city as of T that scored ``score`` (health or talent) and published it."""
    run = ScoringRunFactory(city=city, as_of=T, running=True)
    chunk = score_health_chunk if score == ScoreKind.HEALTH else score_talent_chunk
    chunk(run, 0, 1)
    publish(run)


def scored_page(score: str, college, url: str, language: str) -> str:
    """The page at ``url`` in ``language``, as the college's staff see it once a run as of T published ``score``."""
    published(college.city, score)
    return client_of(CollegeStaffFactory(college=college)).get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.fixture
def agreement(db):
    """Half of its term elapsed at T; its figures as of T are in the test below."""
    agreement = signed(starts_on=datetime.date(2025, 11, 20), ends_on=datetime.date(2027, 11, 20))
    CommitmentFactory(agreement=agreement, party=Party.COLLEGE, amount=100, delivered_amount=50)
    CommitmentFactory(agreement=agreement, party=Party.ENTERPRISE, amount=10, delivered_amount=1)
    milestone(agreement, due_on=T - 10 * DAY, done_at=moment(T - 12 * DAY))
    milestone(agreement, due_on=T - 5 * DAY)
    milestone(agreement, due_on=T - 20 * DAY, done_at=moment(T + DAY))  # done after T: not done on T
    rate(agreement, Party.COLLEGE, 5, T - 40 * DAY)
    rate(agreement, Party.ENTERPRISE, 1, T + DAY)  # after T: not counted
    placement_under(
        agreement,
        starts_on=datetime.date(2026, 3, 1),
        status=PlacementStatus.COMPLETED,
        completed_at=moment(datetime.date(2026, 6, 1)),
        hired_after=True,
    )
    placement_under(agreement, starts_on=T + DAY)  # accepted, starts after T: places nobody on T
    return agreement


def test_the_agreement_page_shows_each_component_with_its_weight_and_inputs_as_of_the_run(agreement):
    version = ScoringModelFactory(kind=ScoreKind.HEALTH).version  # the newest, which the run uses
    html = scored_page(ScoreKind.HEALTH, agreement.college, f"/agreements/{agreement.pk}/", "en")

    explained = [
        f"Everything counted as it stood on Nov. 20, 2026, with version {version} of the weights.",
        '<td class="number">25%</td>',  # the weight of commitments kept
        # College 50 of 100 with half the term elapsed: in full; the enterprise 1 of 10: not.
        "Commitments delivered in full by Nov. 20, 2026: 1 of 2, with 50% of the term elapsed.",
        "Milestones due by Nov. 20, 2026: 3; done on time 1, done late 0, not done 2.",
        "Ratings given by Nov. 20, 2026: 1; mean mark out of 5 from the college 5.0, from the enterprise —.",
        # The latest activity by T: the milestone done 12 days before it (the other was done after T).
        "Last activity on Nov. 8, 2026; days since, by Nov. 20, 2026: 12.",
        "placed under it by Nov. 20, 2026: 1; placements of theirs completed: 1.",
        "Placements ended by Nov. 20, 2026: completed 1 (hired afterwards 1), cancelled 0.",
    ]
    assert [sentence for sentence in explained if sentence not in html] == []


def test_the_agreement_page_explains_the_score_in_chinese(agreement):
    html = scored_page(ScoreKind.HEALTH, agreement.college, f"/agreements/{agreement.pk}/", "zh-hans")

    assert "2026年11月20日" in html
    assert "截至2026年11月20日应完成的里程碑：3 项" in html


@pytest.fixture
def student(db):
    student = StudentFactory(program=ProgramFactory(required_practice_hours=600), practice_hours=450)
    StudentCertificateFactory(student=student, level=CertificateLevel.PRIMARY, awarded_on=T - DAY)
    StudentCertificateFactory(student=student, level=CertificateLevel.ADVANCED, awarded_on=T + DAY)
    placement = placement_of(student, starts_on=datetime.date(2026, 9, 1))
    evaluate(placement, period=datetime.date(2026, 9, 1), evaluated_at=moment(datetime.date(2026, 10, 5)), mark=4)
    evaluate(placement, period=datetime.date(2026, 10, 1), evaluated_at=moment(T - DAY), mark=5)
    evaluate(placement, period=datetime.date(2026, 11, 1), evaluated_at=moment(T + DAY), mark=1)  # after T
    return student


def test_the_student_page_shows_each_component_with_its_inputs_as_of_the_run(student):
    html = scored_page(ScoreKind.TALENT, student.program.college, f"/students/{student.pk}/", "en")

    explained = [
        f"with version {current_model(ScoreKind.TALENT).version} of the weights.",
        "Everything counted as it stood on Nov. 20, 2026.",
        "Practice hours: 450 of the 600 the program requires.",
        "1+X certificates awarded by Nov. 20, 2026: 1.",  # the advanced one comes after T
        "Mentor evaluations written by Nov. 20, 2026: 2, the latest for October 2026.",
        "Best outcome by Nov. 20, 2026: a placement under way.",
    ]
    assert [sentence for sentence in explained if sentence not in html] == []


def test_the_student_page_explains_the_score_in_chinese(student):
    html = scored_page(ScoreKind.TALENT, student.program.college, f"/students/{student.pk}/", "zh-hans")

    assert "实践学时：450，专业要求 600。" in html
    assert "截至2026年11月20日获得的1+X证书：1 本。" in html


def test_the_explanations_cost_the_same_queries_however_many_inputs(agreement):
    published(agreement.college.city, ScoreKind.HEALTH)
    college = client_of(CollegeStaffFactory(college=agreement.college))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert college.get(f"/agreements/{agreement.pk}/").status_code == 200
        return len(captured)

    few = queries()
    for months in range(1, 6):
        milestone(agreement, due_on=T - 31 * months * DAY, done_at=moment(T - 31 * months * DAY))
        rate(agreement, Party.ENTERPRISE, 4, T - 31 * months * DAY)  # a rating per month
    assert queries() == few
