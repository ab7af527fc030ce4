"""Helpers of the page tests."""

from django.test import Client


def client_of(staff) -> Client:
    """A browser session signed in as ``staff``'s user (a college's, an enterprise's or the city's member)."""
    client = Client()
    client.force_login(staff.user)
    return client
