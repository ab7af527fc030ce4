"""The training bases' pages: the city's bases, shared by every member of the city, each with its page."""

import pytest

from tests.colleges.factories import CollegeStaffFactory
from tests.pages import client_of
from tests.partnerships.factories import TrainingBaseFactory


@pytest.fixture
def client_of_college(db):
    staff = CollegeStaffFactory()
    return client_of(staff), staff


def test_a_base_of_the_city_has_its_page_and_another_city_s_is_a_404(client_of_college):
    client, staff = client_of_college
    base = TrainingBaseFactory(city=staff.college.city, district="Jinhe New District", stations=1200)
    elsewhere = TrainingBaseFactory()

    page = client.get(f"/training-bases/{base.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 200
    assert base.name in page.content.decode()
    assert "Jinhe New District" in page.content.decode()
    assert "1,200" in page.content.decode()
    assert "¥1,500,000.00" in page.content.decode()
    assert client.get(f"/training-bases/{elsewhere.pk}/").status_code == 404
