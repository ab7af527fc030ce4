"""A user belongs to one organisation: membership_create, and the admin's membership pages and staff inlines that
save through it, refuse a second membership with a message that says so."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.services import membership_create
from cities.models import CityOfficial
from colleges.models import CollegeStaff
from enterprises.models import EnterpriseStaff
from tests.accounts.factories import UserFactory
from tests.admin_forms import change_form_data
from tests.cities.factories import CityFactory
from tests.colleges.factories import CollegeFactory, CollegeStaffFactory
from tests.enterprises.factories import EnterpriseFactory

SECOND = "already belongs to {organisation}; a user belongs to one organisation."


def test_membership_create_saves_a_users_first_membership(db):
    user, college = UserFactory(), CollegeFactory()

    membership = membership_create(membership=CollegeStaff(user=user, college=college, title="Dean"))

    assert CollegeStaff.objects.get(pk=membership.pk).user == user


@pytest.mark.parametrize(
    "second",
    [
        lambda user: EnterpriseStaff(user=user, enterprise=EnterpriseFactory()),
        lambda user: CityOfficial(user=user, city=CityFactory()),
    ],
    ids=["enterprise", "city"],
)
def test_membership_create_refuses_a_second_membership(db, second):
    staff = CollegeStaffFactory()

    with pytest.raises(ValidationError) as refusal:
        membership_create(membership=second(staff.user))

    assert refusal.value.message_dict["user"] == [f"{staff.user} " + SECOND.format(organisation=staff.college)]
    assert not EnterpriseStaff.objects.exists()
    assert not CityOfficial.objects.exists()


def test_the_admin_refuses_a_second_membership_on_the_membership_page(admin_client):
    staff = CollegeStaffFactory()
    url = reverse("admin:enterprises_enterprisestaff_add")

    posted = admin_client.post(url, {"user": staff.user.pk, "enterprise": EnterpriseFactory().pk, "title": "HR"})

    assert posted.status_code == 200
    assert posted.context["adminform"].form.errors["user"] == [
        f"{staff.user} " + SECOND.format(organisation=staff.college)
    ]
    assert not EnterpriseStaff.objects.exists()


def test_the_admin_refuses_a_second_membership_in_a_staff_inline(admin_client):
    staff = CollegeStaffFactory()
    enterprise = EnterpriseFactory()
    url = reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])
    data = change_form_data(admin_client.get(url))

    posted = admin_client.post(url, data | {"staff-TOTAL_FORMS": "1", "staff-0-user": str(staff.user.pk)})

    assert posted.status_code == 200
    (inline,) = posted.context["inline_admin_formsets"]
    assert inline.formset.errors[0]["user"] == [f"{staff.user} " + SECOND.format(organisation=staff.college)]
    assert not EnterpriseStaff.objects.exists()


def test_the_admin_adds_a_first_membership_through_the_service(admin_client):
    user, city = UserFactory(), CityFactory()

    posted = admin_client.post(
        reverse("admin:cities_cityofficial_add"), {"user": user.pk, "city": city.pk, "title": "Bureau"}
    )

    assert posted.status_code == 302
    assert CityOfficial.objects.get(user=user).city == city
