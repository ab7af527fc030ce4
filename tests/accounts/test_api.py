"""The account routes of the API: who am I, API tokens, and how an anonymous or a cross-site caller is refused."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.accounts.factories import TEST_PASSWORD, UserFactory, signed_in
from tests.colleges.factories import CollegeStaffFactory

ME = "/api/v1/me/"
TOKEN = "/api/v1/auth/token/"


def test_me_tells_a_member_their_role_and_organisation(db):
    membership = CollegeStaffFactory(user__username="wang.li")

    response = signed_in(membership.user).get(ME)

    assert response.status_code == 200
    assert response.json() == {
        "user_id": membership.user.pk,
        "username": "wang.li",
        "role": "college_staff",
        "college_id": membership.college_id,
        "enterprise_id": None,
        "city_id": membership.college.city_id,
    }


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", ME), ("delete", TOKEN), ("get", "/api/v1/programs/"), ("post", "/api/v1/skills/")],
)
def test_an_anonymous_caller_gets_401_with_the_scheme_to_use(db, method, url):
    response = getattr(APIClient(), method)(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == "Authentication credentials were not provided."


def test_a_username_and_password_give_the_same_token_each_time_and_it_signs_requests_in(db):
    membership = CollegeStaffFactory()
    credentials = {"username": membership.user.username, "password": TEST_PASSWORD}

    first = APIClient().post(TOKEN, credentials)
    second = APIClient().post(TOKEN, credentials)

    assert first.status_code == second.status_code == 200
    assert first.json()["token"] == second.json()["token"] == Token.objects.get(user=membership.user).key
    me = APIClient().get(ME, HTTP_AUTHORIZATION=f"Token {first.json()['token']}")
    assert (me.status_code, me.json()["role"]) == (200, "college_staff")


@pytest.mark.parametrize(
    ("credentials", "errors"),
    [
        pytest.param(
            {"username": "wang.li", "password": "not-the-password"},
            {"non_field_errors": ["Unable to log in with provided credentials."]},
            id="wrong-password",
        ),
        pytest.param(
            {"username": "nobody", "password": TEST_PASSWORD},
            {"non_field_errors": ["Unable to log in with provided credentials."]},
            id="unknown-user",
        ),
        pytest.param({"username": "wang.li"}, {"password": ["This field is required."]}, id="no-password"),
    ],
)
def test_wrong_credentials_give_no_token(db, credentials, errors):
    UserFactory(username="wang.li")

    response = APIClient().post(TOKEN, credentials)

    assert (response.status_code, response.json()) == (400, errors)
    assert not Token.objects.exists()


def test_an_inactive_user_gets_no_token(db):
    UserFactory(username="wang.li", is_active=False)

    response = APIClient().post(TOKEN, {"username": "wang.li", "password": TEST_PASSWORD})

    assert response.status_code == 400
    assert not Token.objects.exists()


def test_revoking_the_token_signs_every_client_out(db):
    user = CollegeStaffFactory().user
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert client.delete(TOKEN).status_code == 204

    assert not Token.objects.filter(user=user).exists()
    refused = client.get(ME)
    assert (refused.status_code, refused.json()["detail"]) == (401, "Invalid token.")


def test_a_session_request_that_changes_state_needs_the_csrf_token(db):
    user = CollegeStaffFactory().user
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(user)

    assert browser.get(ME).status_code == 200
    refused = browser.post("/api/v1/skills/", {"name": "Welding"})
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("CSRF Failed")
    assert browser.delete(TOKEN).status_code == 403

    browser.get("/")  # a page with a form (here: sign out) sets the CSRF cookie
    accepted = browser.post(
        "/api/v1/skills/", {"name": "Welding"}, HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value
    )
    assert accepted.status_code == 201


def test_a_token_request_needs_no_csrf_token(db):
    token = Token.objects.create(user=CollegeStaffFactory().user)
    client = APIClient(enforce_csrf_checks=True)

    response = client.post("/api/v1/skills/", {"name": "Welding"}, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 201
