"""Signing in and out on the pages (the session the browsable API and the pages share)."""

from django.urls import reverse

from tests.accounts.factories import TEST_PASSWORD, UserFactory

LOGIN = reverse("login")


def test_the_sign_in_page_shows_its_form(db, client):
    response = client.get(LOGIN, {"next": "/api/v1/me/"})

    assert response.status_code == 200
    assert 'name="username"' in response.text
    assert 'type="password"' in response.text
    assert 'name="csrfmiddlewaretoken"' in response.text
    assert 'name="next" value="/api/v1/me/"' in response.text


def test_a_wrong_password_shows_an_error_and_keeps_the_username(db, client):
    UserFactory(username="wang.li")

    response = client.post(LOGIN, {"username": "wang.li", "password": "not-the-password"})

    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert "Please enter a correct username and password" in response.text
    assert 'value="wang.li"' in response.text
    assert "_auth_user_id" not in client.session


def test_signing_in_goes_home_or_to_next_and_keeps_the_user_signed_in(db, client):
    user = UserFactory(username="wang.li")

    response = client.post(LOGIN, {"username": "wang.li", "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(LOGIN).url == reverse("home"), "a signed-in user is sent on, not shown the form again"

    client.logout()
    onward = client.post(LOGIN, {"username": "wang.li", "password": TEST_PASSWORD, "next": "/api/v1/me/"})
    assert onward.url == "/api/v1/me/"


def test_sign_in_never_redirects_to_another_site(db, client):
    UserFactory(username="wang.li")

    response = client.post(
        LOGIN, {"username": "wang.li", "password": TEST_PASSWORD, "next": "https://evil.example/steal"}
    )

    assert response.url == reverse("home")


def test_an_inactive_user_cannot_sign_in(db, client):
    UserFactory(username="wang.li", is_active=False)

    response = client.post(LOGIN, {"username": "wang.li", "password": TEST_PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signing_out_takes_a_post_and_ends_the_session(db, client):
    client.force_login(UserFactory())

    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session

    response = client.post(reverse("logout"))

    assert (response.status_code, response.url) == (302, reverse("home"))
    assert "_auth_user_id" not in client.session
    assert client.get("/api/v1/me/").status_code == 401
