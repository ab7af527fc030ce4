"""Fixtures shared by the whole suite; factories live beside the tests of each app (tests/<app>/factories.py)."""

import pytest

from tests.accounts.factories import UserFactory


@pytest.fixture
def admin_user(db):
    """A platform admin (superuser)."""
    return UserFactory(username="platform-admin", is_staff=True, is_superuser=True)
