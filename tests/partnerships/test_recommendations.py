"""Recommendations: the score of each reason on hand-built data, the scope of each role, constant query counts."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from partnerships import recommendations
from partnerships.choices import HealthBand
from partnerships.recommendations import pair_scores
from tests.cities.factories import CityFactory, DivisionFactory, SectionFactory, SkillFactory
from tests.colleges.factories import (
    CertificateFactory,
    CollegeFactory,
    ProgramFactory,
    StudentCertificateFactory,
    StudentFactory,
)
from tests.enterprises.factories import EnterpriseFactory, PostingFactory
from tests.evaluation.factories import PartnershipHealthFactory
from tests.partnerships.factories import CooperationAgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A posting wanting three skills in division 38, a student who matches it on every count, one who does not."""
    city = CityFactory()
    section = SectionFactory()
    division = DivisionFactory(
        code="38", parent=section, name_en="Electrical machinery", name_zh="电气机械和器材制造业"
    )
    other_section = SectionFactory(
        code="I", name_en="Information technology", name_zh="信息传输、软件和信息技术服务业"
    )
    elsewhere = DivisionFactory(code="65", parent=other_section, name_en="Software", name_zh="软件和信息技术服务业")
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
    stranger.skills.set([python])
    health = PartnershipHealthFactory(
        agreement=CooperationAgreementFactory(college=college, enterprise=enterprise, active=True),
        score=Decimal("82.0"),
        band=HealthBand.HEALTHY,
    )
    return locals()


def test_pair_scores_sum_the_points_of_every_reason_and_leave_unknown_pairs_out(world):
    match, stranger, posting = world["match"], world["stranger"], world["posting"]
    scores = pair_scores(pairs=[(match.pk, posting.pk), (stranger.pk, posting.pk), (match.pk, 0)])
    deadline = recommendations.DEADLINE_POINTS * (recommendations.DEADLINE_DAYS - 5) / recommendations.DEADLINE_DAYS
    shared = recommendations.SLOTS_POINTS + deadline  # the posting's own: slots and deadline
    assert scores == {
        (match.pk, posting.pk): pytest.approx(40 + 20 + 10 + 10 + 8.2 + shared, abs=0.05),
        (stranger.pk, posting.pk): pytest.approx(shared, abs=0.05),
    }


def test_pair_scores_cost_the_same_queries_for_one_pair_and_many(world, django_assert_num_queries):
    posting = world["posting"]
    students = [StudentFactory(program=world["program"]) for _ in range(20)]
    with django_assert_num_queries(7):
        pair_scores(pairs=[(world["match"].pk, posting.pk)])
    with django_assert_num_queries(7):
        assert len(pair_scores(pairs=[(student.pk, posting.pk) for student in students])) == 20
