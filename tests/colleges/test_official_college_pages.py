"""The city's register of colleges, as its officials read it: the list with each college's figures (counted by the
database, in a fixed number of queries) and a college's page with its programs, agreements, training bases and the
scores of both; another city's college is a 404."""

from decimal import Decimal

import pytest

from colleges.choices import StudentStatus
from common import forms
from partnerships.choices import HealthBand, TrainingBaseKind
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeFactory, CollegeStaffFactory, ProgramFactory, StudentFactory
from tests.enterprises.factories import EnterpriseStaffFactory
from tests.evaluation.factories import PartnershipHealthFactory, TalentScoreFactory
from tests.pages import client_of, page_and_queries
from tests.partnerships.factories import CooperationAgreementFactory, TrainingBaseFactory


@pytest.fixture
def official(db):
    return CityOfficialFactory()


@pytest.fixture
def college(official):
    return CollegeFactory(city=official.city, name="Suzhou Vocational Institute", district="Gusu")


def _figures(college, *, programs=2, students=3, stations=(30, 12)):
    program_rows = [ProgramFactory(college=college) for _ in range(programs)]
    for _ in range(students):
        StudentFactory(program=program_rows[0])
    StudentFactory(program=program_rows[0], status=StudentStatus.GRADUATED)
    for count in stations:
        TrainingBaseFactory(city=college.city, host_college=college, kind=TrainingBaseKind.IN_SCHOOL, stations=count)
    CooperationAgreementFactory(college=college, active=True)
    CooperationAgreementFactory(college=college)  # a draft is not in force
    return program_rows


def test_the_list_counts_each_colleges_programs_students_stations_and_agreements(official, college):
    _figures(college)
    CollegeFactory(city=official.city, name="Wuzhong Technician College")

    html = client_of(official).get("/colleges/").content.decode()

    row = html[html.index("Suzhou Vocational Institute") :]
    row = row[: row.index("</tr>")]
    cells = [cell.split(">")[-1] for cell in row.split("</td>")[:-1]]
    assert cells[-4:] == ["2", "3", "42", "1"]
    assert "Wuzhong Technician College" in html


def test_the_list_filters_by_name_and_district_and_sorts_by_a_figure(official, college):
    _figures(college, students=5)
    CollegeFactory(city=official.city, name="Wuzhong Technician College", district="Wuzhong")
    official_client = client_of(official)

    by_name = official_client.get("/colleges/", {"q": "wuzhong"}).content.decode()
    by_district = official_client.get("/colleges/", {"district": "Gusu"}).content.decode()
    by_students = official_client.get("/colleges/", {"sort": "-student_count"}).content.decode()

    assert "Wuzhong Technician College" in by_name
    assert "Suzhou Vocational Institute" not in by_name
    assert "Suzhou Vocational Institute" in by_district
    assert "Wuzhong Technician College" not in by_district
    assert by_students.index("Suzhou Vocational Institute") < by_students.index("Wuzhong Technician College")


def test_the_list_shows_only_the_officials_city(official, college):
    CollegeFactory(name="Elsewhere Polytechnic")

    html = client_of(official).get("/colleges/").content.decode()

    assert "Suzhou Vocational Institute" in html
    assert "Elsewhere Polytechnic" not in html


def test_the_list_takes_the_same_queries_for_two_colleges_and_for_twelve(official, college):
    official_client = client_of(official)
    _figures(college)

    few = page_and_queries(official_client, "/colleges/")[1]
    for n in range(10):
        _figures(CollegeFactory(city=official.city, name=f"College {n}"), programs=1, students=1, stations=(5,))

    assert page_and_queries(official_client, "/colleges/")[1] == few


def test_a_colleges_page_shows_its_facts_programs_agreements_bases_and_scores(official, college):
    programs = _figures(college)
    PartnershipHealthFactory(agreement__college=college, band=HealthBand.AT_RISK, score=Decimal("31.0"))
    TalentScoreFactory(student__program=programs[1], score=Decimal("85.0"))

    html = client_of(official).get(f"/colleges/{college.pk}/").content.decode()

    assert "Gusu" in html
    assert f'href="/programs/{programs[0].pk}/"' in html
    assert "Internship base agreement" in html
    assert "Public Training Centre" in html
    assert f"/agreements/?college={college.pk}&amp;health_band=at_risk" in html
    assert "Mean health score: 31.0 out of 100." in html
    assert "Mean talent score: 85.0 out of 100." in html
    assert f"/students/?college={college.pk}&amp;status=enrolled&amp;talent_band=high" in html


def test_a_college_of_another_city_is_not_found(official):
    elsewhere = CollegeFactory()

    assert client_of(official).get(f"/colleges/{elsewhere.pk}/").status_code == 404


def test_college_staff_see_only_their_own_college(official, college):
    staff = CollegeStaffFactory(college=college)
    neighbour = CollegeFactory(city=official.city)
    staff_client = client_of(staff)

    assert staff_client.get(f"/colleges/{college.pk}/").status_code == 200
    assert staff_client.get(f"/colleges/{neighbour.pk}/").status_code == 404
    listing = staff_client.get("/colleges/").content.decode()
    assert college.name in listing
    assert neighbour.name not in listing


def test_an_enterprise_sees_a_college_of_its_city_without_its_students_talent(official, college):
    _figures(college)
    staff = EnterpriseStaffFactory(enterprise__city=official.city)

    html = client_of(staff).get(f"/colleges/{college.pk}/").content.decode()

    assert "Partnership health of its agreements" in html
    assert "Talent of its enrolled students" not in html


def test_an_officials_student_list_finds_a_program_by_search_rather_than_listing_them_all(
    official, college, monkeypatch
):
    monkeypatch.setattr(forms, "SEARCH_LIMIT", 3)
    for name in ("Accounting", "Big data", "Cloud computing", "Drone piloting", "Robotics"):
        ProgramFactory(college=college, name=name)
    robotics = college.programs.get(name="Robotics")
    official_client = client_of(official)

    first = official_client.get("/students/").content.decode()
    searched = official_client.get("/students/", {"program_q": "robot"}).content.decode()
    chosen = official_client.get("/students/", {"program": robotics.pk}).content.decode()

    assert "The first 3 of 5 are listed" in first
    assert "Cloud computing" in first
    assert "Drone piloting" not in first
    assert f'<option value="{robotics.pk}">Robotics' in searched
    assert "Accounting" not in searched
    assert f'<option value="{robotics.pk}" selected>Robotics' in chosen
