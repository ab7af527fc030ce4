"""Fixtures shared by the whole suite; factories live beside the tests of each app (tests/<app>/factories.py)."""

import importlib
import uuid
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, models, transaction

from config.celery_app import app
from tests.accounts.factories import UserFactory
from tests.api_world import build_world

NO_BROKER_REASON = "CELERY_BROKER_URL is not set: no broker to run a real worker against"


def pytest_terminal_summary(terminalreporter, config):
    # Here, not in tests/browser/conftest.py: with pytest-xdist the process that reports collects nothing, so it
    # loads only the conftest.py of the test paths themselves.
    from tests.browser.conftest import skipped_summary

    line = skipped_summary(terminalreporter.stats.get("skipped", []))
    if line:
        terminalreporter.write_line(line, yellow=True)


@pytest.fixture
def admin_user(db):
    """A platform admin (superuser)."""
    return UserFactory(username="platform-admin", is_staff=True, is_superuser=True)


# ------------------------------------------------------------------------------
# Database constraints
# ------------------------------------------------------------------------------
def _constraint(name: str) -> tuple[type[models.Model], models.BaseConstraint]:
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.name == name:
                return model, constraint
    raise LookupError(f"No model declares a constraint named {name!r}.")


def _refusal_message(name: str, reported_as: str | None = None) -> str:
    """What the database says when it refuses a row because of constraint ``name``.

    PostgreSQL names the constraint (or the unique index; on a partitioned table, ``reported_as``: the index of the
    partition that is attached to the constraint's); SQLite names a check but reports a unique constraint by its
    columns, or by its index when the constraint is built on expressions.
    """
    model, constraint = _constraint(name)
    if connection.vendor != "sqlite":
        return f'"{reported_as or name}"'
    if isinstance(constraint, models.CheckConstraint):
        return f"CHECK constraint failed: {name}"
    if constraint.expressions:
        return f"UNIQUE constraint failed: index '{name}'"
    table = model._meta.db_table
    columns = (model._meta.get_field(field).column for field in constraint.fields)
    return "UNIQUE constraint failed: " + ", ".join(f"{table}.{column}" for column in columns)


@pytest.fixture
def refused_by_database(db):
    """``with refused_by_database("constraint_name"): <ORM write>`` asserts the database itself refuses the write.

    The write runs in a savepoint, so the test's transaction stays usable afterwards.
    """

    @contextmanager
    def refused(name: str, *, reported_as: str | None = None):
        with pytest.raises(IntegrityError) as refusal, transaction.atomic():
            yield
        assert _refusal_message(name, reported_as) in str(refusal.value)

    return refused


@pytest.fixture
def app_constraint_names():
    """``app_constraint_names("colleges")``: the names of every constraint the app's models declare."""

    def names(app_label: str) -> set[str]:
        return {
            constraint.name
            for model in apps.get_app_config(app_label).get_models()
            for constraint in model._meta.constraints
        }

    return names


@pytest.fixture
def industry_sectors(transactional_db):
    """The GB/T 4754 sectors that ``migrate`` loads, loaded again: a transactional test's flush removes them, and
    pytest-django runs those tests last, so a transactional test that needs them (the seed does) asks for them."""
    importlib.import_module("cities.migrations.0002_load_industry_sectors").load_sectors(apps, None)


# ------------------------------------------------------------------------------
# Celery
# ------------------------------------------------------------------------------
@pytest.fixture
def live_celery_worker(transactional_db):
    """A real Celery worker in a thread, consuming over the configured broker (skips when there is none).

    The worker reads the database through its own connections (which Celery's Django fixup closes after each
    task), so it sees only committed rows: tests using it run outside a transaction (``transactional_db``),
    which also means the tables are flushed afterwards.
    Tasks sent meanwhile go to a queue of this worker's own, so no other worker on the same broker takes them.
    """
    if not settings.CELERY_BROKER_URL:
        pytest.skip(NO_BROKER_REASON)
    queue, default_queue = f"tests.{uuid.uuid4().hex}", app.conf.task_default_queue
    app.conf.task_default_queue, app.conf.task_always_eager = queue, False
    try:
        with start_worker(app, queues=[queue], perform_ping_check=False, shutdown_timeout=30) as worker:
            yield worker
    finally:
        app.conf.task_default_queue, app.conf.task_always_eager = default_queue, True
        with app.connection_for_write() as broker:
            # Declaring first tells this connection the queue's bindings, which the delete then removes too.
            worker_queue = app.amqp.queues[queue].bind(broker.default_channel)
            worker_queue.declare()
            worker_queue.delete()


# ------------------------------------------------------------------------------
# The API's world (tests/api_world.py)
# ------------------------------------------------------------------------------
@pytest.fixture
def api_world(db):
    """Two cities with their colleges, enterprises, officials and a row of every API resource, built for one test."""
    return build_world()


@pytest.fixture(scope="module")
def api_world_per_module(django_db_setup, django_db_blocker):
    """The same world, built once per test module inside a transaction rolled back after the module.

    A test using it must also use ``db``: its own writes then roll back to the world after the test.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
