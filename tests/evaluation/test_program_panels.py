"""The panels evaluation adds to a program's page (evaluation/panels/programs.py): the students by cohort and talent
band, and the enterprises of the program's target sectors that demand talent and post; a few aggregate queries
within the reader's scope."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enterprises.choices import PostingStatus
from tests.cities.factories import CityOfficialFactory, DivisionFactory
from tests.colleges.factories import CollegeStaffFactory, ProgramFactory, StudentFactory
from tests.enterprises.factories import EnterpriseFactory, EnterpriseStaffFactory, PostingFactory, TalentDemandFactory
from tests.evaluation.factories import TalentScoreFactory

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def staff(db):
    return CollegeStaffFactory()


@pytest.fixture
def program(staff):
    program = ProgramFactory(college=staff.college)
    program.target_sectors.set([DivisionFactory(code="34"), DivisionFactory(code="38")])
    return program


def table_rows(page: str, heading: str) -> list[list[str]]:
    """The text of each cell, row by row, of the table in the section headed ``heading``."""
    section = page.split(f"<h2>{heading}</h2>", 1)[1].split("</section>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)
    ]


def page_of(client, user, program) -> str:
    client.force_login(user)
    response = client.get(f"/programs/{program.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def enrol(program, cohort_year: int, *scores: Decimal | None) -> None:
    """Students of the cohort, scored in the city's current run (the factory's default) where a score is given."""
    for score in scores:
        student = StudentFactory(program=program, cohort_year=cohort_year)
        if score is not None:
            TalentScoreFactory(student=student, score=score)


def test_the_students_by_cohort_with_the_count_in_each_talent_band(client, staff, program):
    enrol(program, 2024, Decimal("85.0"), Decimal("80.0"), Decimal("70.0"), Decimal("59.9"), None)
    enrol(program, 2025, Decimal("60.0"), None)
    enrol(ProgramFactory(college=staff.college), 2024, Decimal("90.0"))

    rows = table_rows(page_of(client, staff.user, program), "Students by cohort and talent score")

    assert rows == [
        ["Cohort", "Students", "80 and above", "60 to 80", "Below 60", "Not scored yet"],
        ["2025", "2", "0", "1", "0", "1"],
        ["2024", "5", "2", "1", "1", "1"],
    ]


def test_a_program_without_students_or_target_sectors_says_so(client, staff):
    page = page_of(client, staff.user, ProgramFactory(college=staff.college))

    assert "No students in this program yet." in page
    assert "Record the program's target sectors to see how many enterprises in them demand talent and post." in page


def test_the_enterprises_of_the_target_sectors_that_demand_and_post(client, staff, program):
    city = staff.college.city
    machinery, electrical = DivisionFactory(code="34"), DivisionFactory(code="38")
    demanding = EnterpriseFactory(city=city, sector=machinery)
    TalentDemandFactory(enterprise=demanding, sector=machinery, headcount=10, year=THIS_YEAR)
    TalentDemandFactory(enterprise=demanding, sector=machinery, headcount=4, year=THIS_YEAR + 1)
    TalentDemandFactory(enterprise=demanding, sector=machinery, headcount=50, year=THIS_YEAR - 1)
    PostingFactory(enterprise=demanding, sector=machinery, slots=5, status=PostingStatus.OPEN)
    EnterpriseFactory(city=city, sector=machinery)
    posting = EnterpriseFactory(city=city, sector=electrical)
    PostingFactory(enterprise=posting, sector=electrical, slots=3, status=PostingStatus.OPEN)
    PostingFactory(enterprise=posting, sector=electrical, slots=2, status=PostingStatus.OPEN)
    PostingFactory(enterprise=posting, sector=electrical, slots=9, status=PostingStatus.DRAFT)
    elsewhere = EnterpriseFactory(sector=machinery)
    TalentDemandFactory(enterprise=elsewhere, sector=machinery, headcount=99, year=THIS_YEAR)
    other_sector = EnterpriseFactory(city=city, sector=DivisionFactory(code="39"))
    PostingFactory(enterprise=other_sector, sector=other_sector.sector, status=PostingStatus.OPEN)

    rows = table_rows(page_of(client, staff.user, program), "Enterprises of the target sectors")

    assert rows[1:] == [
        [str(machinery), "2", "1", "14", "1", "1", "5"],
        [str(electrical), "1", "0", "0", "1", "2", "5"],
        ["All target sectors", "3", "1", "14", "2", "3", "10"],
    ]
    assert rows[0][2] == f"Demanding talent from {THIS_YEAR}"


def test_an_official_sees_the_panels_and_an_enterprise_does_not(client, program):
    official = CityOfficialFactory(city=program.college.city).user
    enterprise_staff = EnterpriseStaffFactory(enterprise__city=program.college.city).user

    assert "Enterprises of the target sectors" in page_of(client, official, program)
    enterprise_page = page_of(client, enterprise_staff, program)
    assert "Students by cohort" not in enterprise_page
    assert "Enterprises of the target sectors" not in enterprise_page


def test_the_panels_take_the_same_queries_however_many_students_and_enterprises(client, staff, program):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page_of(client, staff.user, program)
        return len(captured)

    enrol(program, 2024, Decimal("70.0"))
    first = EnterpriseFactory(city=staff.college.city, sector=DivisionFactory(code="34"))
    # One posting to recommend: with none, the recommendations' reads of postings have nothing to ask for.
    PostingFactory(enterprise=first, sector=program.target_sectors.first(), status=PostingStatus.OPEN)
    page_of(client, staff.user, program)  # the first request of a session reads more (its user, its language…)
    few = queries()
    for cohort_year in (2022, 2023, 2025):
        enrol(program, cohort_year, Decimal("85.0"), Decimal("40.0"), None)
    for sector in program.target_sectors.all():
        enterprise = EnterpriseFactory(city=staff.college.city, sector=sector)
        TalentDemandFactory(enterprise=enterprise, sector=sector, year=THIS_YEAR)
        PostingFactory(enterprise=enterprise, sector=sector, status=PostingStatus.OPEN)

    assert queries() == few
