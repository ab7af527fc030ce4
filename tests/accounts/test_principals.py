"""A principal is read from the user's one membership: role, organisation and city, at no extra query."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.backends import MembershipBackend, MembershipTokenAuthentication
from accounts.choices import Role
from accounts.principals import ANONYMOUS, principal_of
from tests.accounts.factories import UserFactory, signed_in
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory
from tests.enterprises.factories import EnterpriseStaffFactory


def college_staff():
    membership = CollegeStaffFactory()
    college = membership.college
    return membership.user, {"role": Role.COLLEGE_STAFF, "college_id": college.pk, "city_id": college.city_id}


def enterprise_staff():
    membership = EnterpriseStaffFactory()
    enterprise = membership.enterprise
    return membership.user, {
        "role": Role.ENTERPRISE_STAFF,
        "enterprise_id": enterprise.pk,
        "city_id": enterprise.city_id,
    }


def city_official():
    membership = CityOfficialFactory()
    return membership.user, {"role": Role.CITY_OFFICIAL, "city_id": membership.city_id}


def platform_admin():
    return UserFactory(is_superuser=True, is_staff=True), {"role": Role.PLATFORM_ADMIN}


def no_membership():
    return UserFactory(), {"role": Role.ANONYMOUS}


MEMBERS = [college_staff, enterprise_staff, city_official]


def expected_principal(user, fields: dict) -> dict:
    return {"college_id": None, "enterprise_id": None, "city_id": None, **fields, "user_id": user.pk}


@pytest.mark.parametrize("make_user", [*MEMBERS, platform_admin, no_membership])
def test_each_membership_gives_its_role_and_organisation(db, make_user):
    user, fields = make_user()

    principal = principal_of(user)

    assert principal.__dict__ == expected_principal(user, fields)
    assert principal.is_authenticated is (fields["role"] != Role.ANONYMOUS)


def test_a_superuser_is_the_platform_admin_whatever_membership_they_hold(db):
    membership = CollegeStaffFactory(user__is_superuser=True)

    assert principal_of(membership.user).role == Role.PLATFORM_ADMIN


@pytest.mark.parametrize("make_user", [*MEMBERS, platform_admin])
def test_an_inactive_user_is_anonymous_and_cannot_use_a_session_or_a_token(db, make_user):
    user, _ = make_user()
    token = Token.objects.create(user=user)
    session = signed_in(user)
    user.is_active = False
    user.save()

    assert principal_of(user) == ANONYMOUS
    assert session.get("/api/v1/me/").status_code == 401
    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert (response.status_code, response.json()["detail"]) == (401, "User inactive or deleted.")


def test_a_user_without_membership_is_signed_in_but_refused_every_resource(db):
    user = UserFactory()
    api = signed_in(user)

    me = api.get("/api/v1/me/")
    assert (me.status_code, me.json()["role"], me.json()["user_id"]) == (200, "anonymous", user.pk)
    for resource in ("cities", "skills", "programs", "postings", "agreements", "mentor-evaluations"):
        assert api.get(f"/api/v1/{resource}/").status_code == 403, resource
    assert api.post("/api/v1/skills/", {"name": "Welding"}).status_code == 403


@pytest.mark.parametrize("make_user", [*MEMBERS, platform_admin, no_membership])
def test_the_principal_costs_no_query_once_the_session_backend_loaded_the_user(
    db, django_assert_num_queries, make_user
):
    user, fields = make_user()
    loaded = MembershipBackend().get_user(user.pk)

    with django_assert_num_queries(0):
        principal = principal_of(loaded)

    assert principal.__dict__ == expected_principal(user, fields)


@pytest.mark.parametrize("make_user", [*MEMBERS, platform_admin, no_membership])
def test_the_principal_costs_no_query_once_the_token_authentication_loaded_the_user(
    db, django_assert_num_queries, make_user
):
    user, fields = make_user()
    token = Token.objects.create(user=user)
    loaded, _ = MembershipTokenAuthentication().authenticate_credentials(token.key)

    with django_assert_num_queries(0):
        principal = principal_of(loaded)

    assert principal.__dict__ == expected_principal(user, fields)


def test_the_principal_is_resolved_once_per_user(db, django_assert_num_queries):
    user = CollegeStaffFactory().user
    first = principal_of(user)

    with django_assert_num_queries(0):
        assert principal_of(user) is first


@pytest.mark.parametrize("make_user", MEMBERS)
def test_a_request_reads_user_membership_and_principal_in_one_query(db, django_assert_num_queries, make_user):
    """Token: the token with its user and membership. Session: the session row, then the user with membership."""
    user, fields = make_user()
    token = Token.objects.create(user=user)
    session = signed_in(user)

    with django_assert_num_queries(1):
        by_token = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    with django_assert_num_queries(2):
        by_session = session.get("/api/v1/me/")

    assert by_token.json() == by_session.json()
    assert by_token.json()["role"] == fields["role"]
