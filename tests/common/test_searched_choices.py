"""A choice among a city's thousands of rows (PlatformModelForm.searched_fields): the list offers the chosen row and
the first rows matching the search; the field still takes any row the principal may choose. Shown on the page of a
new agreement, where a college picks an enterprise of its city."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from common import forms
from partnerships.models import CooperationAgreement
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseFactory

TERMS = {
    "kind": "internship_base",
    "title": "Robotics order class",
    "starts_on": "2026-09-01",
    "ends_on": "2028-08-31",
}


@pytest.fixture
def staff(db, monkeypatch):
    monkeypatch.setattr(forms, "SEARCH_LIMIT", 3)
    return CollegeStaffFactory()


@pytest.fixture
def client(staff):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff.user)
    return client


def enterprises(staff, *names):
    return [EnterpriseFactory(city=staff.college.city, name=name) for name in names]


def test_the_list_offers_the_first_rows_and_says_how_to_find_the_others(client, staff):
    enterprises(staff, "Alpha Robotics", "Beta Motors", "Gamma Robotics", "Delta Robotics", "Epsilon Foods")
    EnterpriseFactory(name="Another City Robotics")

    html = client.get("/agreements/new/").content.decode()

    assert "Alpha Robotics" in html
    assert "Beta Motors" in html
    assert "Delta Robotics" in html
    assert "Gamma Robotics" not in html
    assert "Epsilon Foods" not in html
    assert "The first 3 of 5 are listed" in html
    assert 'name="counterparty_q"' in html


def test_a_search_lists_the_matching_rows_of_the_city_only(client, staff):
    enterprises(staff, "Alpha Robotics", "Beta Motors", "Gamma Robotics")
    EnterpriseFactory(name="Another City Robotics")

    html = client.get("/agreements/new/?counterparty_q=robot", HTTP_HX_REQUEST="true").content.decode()

    assert "Alpha Robotics" in html
    assert "Gamma Robotics" in html
    assert "Beta Motors" not in html
    assert "Another City Robotics" not in html
    assert "2 to choose from." in html
    assert "Nothing matches the search." in client.get("/agreements/new/?counterparty_q=zzz").content.decode()


def test_a_row_beyond_the_list_is_still_accepted_and_a_search_sent_with_the_form_lists_its_matches(client, staff):
    *_, last = enterprises(staff, "Alpha", "Beta", "Delta", "Zeta Robotics")

    refused = client.post("/agreements/new/", {**TERMS, "counterparty_q": "zeta"}).content.decode()
    assert "This field is required." in refused
    assert f'<option value="{last.pk}">Zeta Robotics</option>' in refused
    assert "Alpha" not in refused

    client.post("/agreements/new/", {**TERMS, "counterparty": last.pk})
    assert CooperationAgreement.objects.get(title="Robotics order class").enterprise == last


def test_the_form_runs_the_same_queries_whatever_the_number_of_rows(client, staff):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/agreements/new/").status_code == 200
        return len(captured)

    enterprises(staff, "One", "Two", "Three", "Four", "Five")
    few = queries()
    enterprises(staff, *(f"Enterprise {n}" for n in range(20)))
    assert queries() == few
