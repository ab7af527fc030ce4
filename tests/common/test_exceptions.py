"""The API's exception handler: each error that services and the database raise gets a status and a readable body."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, OperationalError, connection, connections, transaction
from django.db.models import ProtectedError, RestrictedError
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from accounts.models import User
from colleges.models import Course, Student
from common.api.exceptions import exception_handler
from common.exceptions import BusinessRuleViolation
from partnerships.models import Placement
from tests.accounts.factories import UserFactory

TRY_AGAIN = "Another change to the same records was being made at the same time; try again."
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="deadlocks and serialization failures between transactions need PostgreSQL",
)


def handled(error: Exception):
    return exception_handler(error, {"view": None, "request": None})


def test_a_django_validation_error_is_a_400_with_messages_per_field():
    response = handled(ValidationError({"national_id": ["The check character should be 3, not 4."]}))

    assert (response.status_code, response.data) == (400, {"national_id": ["The check character should be 3, not 4."]})


def test_a_django_validation_error_without_a_field_is_a_400_under_non_field_errors():
    """The schema (common/api/schema.py) promises ``non_field_errors``, the key DRF's own validation uses."""
    response = handled(ValidationError("A posting ends after it starts."))

    assert (response.status_code, response.data) == (400, {"non_field_errors": ["A posting ends after it starts."]})


def test_a_constraint_violation_is_a_400_under_non_field_errors_too():
    error = ValidationError({"__all__": ["A posting ends after it starts."]})

    assert handled(error).data == {"non_field_errors": ["A posting ends after it starts."]}


def test_a_business_rule_violation_is_a_409_that_says_why():
    response = handled(
        BusinessRuleViolation("This cooperation agreement is active: only a draft's terms are edited directly.")
    )

    assert response.status_code == 409
    assert response.data["detail"] == "This cooperation agreement is active: only a draft's terms are edited directly."
    assert response.data["detail"].code == "conflict"


@pytest.mark.parametrize("error_class", [ProtectedError, RestrictedError])
def test_a_delete_refused_by_a_foreign_key_is_a_409_naming_what_uses_the_row(error_class):
    used_by = [Student(), Student(), Placement(), Course()]

    response = handled(error_class("refused", used_by))

    assert response.status_code == 409
    assert response.data["detail"] == "It cannot be deleted while other records use it: courses, placements, students."


def test_an_integrity_error_is_a_409_that_does_not_leak_the_database_message():
    response = handled(IntegrityError('duplicate key value violates unique constraint "placement_once_per_posting"'))

    assert response.status_code == 409
    assert response.data["detail"] == "Another change to the same records was made at the same time; reload and retry."
    assert "placement_once_per_posting" not in str(response.data)


def test_drf_errors_pass_through_and_anything_else_is_left_to_django():
    assert handled(NotFound()).status_code == 404
    assert handled(ValueError("a bug")) is None


class SQLStateError(Exception):
    """Stands for the driver's exception that Django wraps, which carries the SQLSTATE."""

    def __init__(self, pgcode: str):
        super().__init__(pgcode)
        self.pgcode = pgcode


def wrapped(error_class: type[DatabaseError], pgcode: str) -> DatabaseError:
    error = error_class("the database's message")
    error.__cause__ = SQLStateError(pgcode)
    return error


@pytest.mark.parametrize("pgcode", ["40P01", "40001"])
def test_a_deadlock_or_serialization_failure_is_a_409_asking_to_try_again(pgcode):
    response = handled(wrapped(OperationalError, pgcode))

    assert (response.status_code, response.data["detail"]) == (409, TRY_AGAIN)
    assert "the database's message" not in str(response.data)


def test_any_other_database_error_is_left_to_django():
    assert handled(wrapped(OperationalError, "57014")) is None  # query_canceled: not a race
    assert handled(OperationalError("database is locked")) is None


# ------------------------------------------------------------------------------
# Real races on PostgreSQL: an API request's transaction against another connection's
# ------------------------------------------------------------------------------
class OneTransaction(APIView):
    """A step that runs in one transaction, as a service does (``step`` is given to ``as_view``)."""

    authentication_classes = ()
    permission_classes = ()
    step = None

    def post(self, request):
        with transaction.atomic():
            self.step()
        return Response(status=204)


def post(step) -> Response:
    return OneTransaction.as_view(step=step)(APIRequestFactory().post("/"))


def in_another_connection(work) -> threading.Thread:
    """Start ``work`` in a thread, so on a database connection of its own (closed when it is done)."""

    def run():
        try:
            work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def execute(statement: str, parameters: tuple = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)
        return cursor.fetchall() if cursor.description else []


def assert_connection_usable():
    """The request's connection is out of any transaction and answers queries."""
    assert not connection.in_atomic_block
    assert User.objects.count() == 2


def wait_until_blocked(pid: int):
    """Wait until the backend ``pid`` waits for a lock another transaction holds."""
    deadline = time.monotonic() + 10
    while not execute("SELECT cardinality(pg_blocking_pids(%s)) > 0", (pid,))[0][0]:
        assert time.monotonic() < deadline, "the other transaction never waited for the lock"
        time.sleep(0.01)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_request_that_deadlocks_with_another_transaction_is_a_409_and_the_other_one_goes_through():
    first, second = UserFactory(), UserFactory()
    request_holds_first, other_holds_second, other_pid = threading.Event(), threading.Event(), []

    def other_transaction():
        # Locks the rows in the opposite order; its long deadlock_timeout makes the request the one rolled back.
        with transaction.atomic():
            execute("SET LOCAL deadlock_timeout = '30s'")
            other_pid.extend(execute("SELECT pg_backend_pid()")[0])
            User.objects.select_for_update().get(pk=second.pk)
            other_holds_second.set()
            assert request_holds_first.wait(10)
            User.objects.filter(pk=first.pk).update(first_name="Other")

    def step():
        execute("SET LOCAL deadlock_timeout = '50ms'")
        User.objects.select_for_update().get(pk=first.pk)
        request_holds_first.set()
        assert other_holds_second.wait(10)
        wait_until_blocked(other_pid[0])  # on the first row: taking the second now closes the cycle
        User.objects.select_for_update().get(pk=second.pk)

    other = in_another_connection(other_transaction)
    response = post(step)
    other.join(10)

    assert (response.status_code, response.data["detail"]) == (409, TRY_AGAIN)
    assert_connection_usable()
    assert User.objects.get(pk=first.pk).first_name == "Other"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_request_that_loses_a_serialization_race_is_a_409():
    first, _ = UserFactory(first_name="Before"), UserFactory()

    def other_transaction():
        User.objects.filter(pk=first.pk).update(first_name="Other")

    def step():
        execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        User.objects.get(pk=first.pk)  # the transaction's snapshot is taken here
        in_another_connection(other_transaction).join(10)
        User.objects.filter(pk=first.pk).update(first_name="Request")

    response = post(step)

    assert (response.status_code, response.data["detail"]) == (409, TRY_AGAIN)
    assert_connection_usable()
    assert User.objects.get(pk=first.pk).first_name == "Other"
