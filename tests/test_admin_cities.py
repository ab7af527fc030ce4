"""The admin cannot join organisations of two cities, which the API's scopes never offer, nor give a placement a mentor
of another organisation: the rules are the models' validation (``common.validators.require_same_city``,
``Placement.clean``), which every write path runs."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from enterprises.models import EducationInvestment
from partnerships.models import CouncilSeat, TrainingBase
from partnerships.services.council_seats import council_seat_update
from tests.admin_forms import change_form_data
from tests.colleges.factories import CollegeFactory
from tests.enterprises.factories import EnterpriseFactory, EnterpriseStaffFactory
from tests.partnerships.factories import CouncilSeatFactory, PlacementFactory

MESSAGE = "This is in another city"


def add(admin_client, model, fields: dict):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    return admin_client.post(url, change_form_data(admin_client.get(url)) | fields)


def field_errors(response) -> dict:
    return response.context["adminform"].form.errors


@pytest.mark.django_db
def test_a_council_seat_joins_a_college_and_an_enterprise_of_one_city(admin_client):
    college, elsewhere = CollegeFactory(), EnterpriseFactory()
    fields = {"college": college.pk, "representative_name": "Wang Li", "started_on": "2026-09-01", "role": "member"}

    refused = add(admin_client, CouncilSeat, fields | {"enterprise": elsewhere.pk})
    added = add(admin_client, CouncilSeat, fields | {"enterprise": EnterpriseFactory(city=college.city).pk})

    assert MESSAGE in field_errors(refused)["enterprise"][0]
    assert added.status_code == 302
    assert CouncilSeat.objects.get().enterprise.city == college.city


@pytest.mark.django_db
def test_a_training_base_is_in_its_hosts_city(admin_client):
    college = CollegeFactory()
    fields = {"name": "Robotics lab", "kind": "in_school", "stations": 20, "equipment_value": "0"}

    refused = add(
        admin_client, TrainingBase, fields | {"city": EnterpriseFactory().city.pk, "host_college": college.pk}
    )

    assert MESSAGE in field_errors(refused)["host_college"][0]
    assert not TrainingBase.objects.exists()


@pytest.mark.django_db
def test_an_investment_goes_to_a_college_of_the_enterprises_city(admin_client):
    fields = {"enterprise": EnterpriseFactory().pk, "college": CollegeFactory().pk, "amount": "1000"}

    refused = add(admin_client, EducationInvestment, fields | {"invested_on": "2026-09-01", "purpose": "equipment"})

    assert MESSAGE in field_errors(refused)["college"][0]
    assert not EducationInvestment.objects.exists()


@pytest.mark.django_db
def test_a_council_seat_moved_to_another_city_through_the_service_is_refused():
    seat = CouncilSeatFactory()
    with pytest.raises(ValidationError, match=MESSAGE):
        council_seat_update(seat=seat, enterprise=EnterpriseFactory())


@pytest.mark.django_db
def test_a_placements_mentor_is_staff_of_its_own_enterprise_in_the_admin(admin_client):
    placement = PlacementFactory()
    url = reverse("admin:partnerships_placement_change", args=[placement.pk])
    own_mentor = EnterpriseStaffFactory(enterprise=placement.posting.enterprise)
    data = change_form_data(admin_client.get(url))

    refused = admin_client.post(url, data | {"enterprise_mentor": EnterpriseStaffFactory().pk})
    changed = admin_client.post(url, data | {"enterprise_mentor": own_mentor.pk})

    assert "staff of the host enterprise" in field_errors(refused)["enterprise_mentor"][0]
    assert changed.status_code == 302
    placement.refresh_from_db()
    assert placement.enterprise_mentor == own_mentor
