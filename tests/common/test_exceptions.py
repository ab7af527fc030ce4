"""The API's exception handler: each error that services and the database raise gets a status and a readable body."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework.exceptions import NotFound

from colleges.models import Course, Student
from common.api.exceptions import exception_handler
from common.exceptions import BusinessRuleViolation
from partnerships.models import Placement


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
