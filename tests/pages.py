"""Helpers of the page tests."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def client_of(staff) -> Client:
    """A browser session signed in as ``staff``'s user (a college's, an enterprise's or the city's member)."""
    client = Client()
    client.force_login(staff.user)
    return client


def page_and_queries(client: Client, url: str, params: dict | None = None) -> tuple[str, int]:
    """The HTML of the page at ``url`` (it must answer 200) and the number of SQL queries it took."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:500]
    return response.content.decode(), len(captured)
