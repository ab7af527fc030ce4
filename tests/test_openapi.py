"""The API keeps the promises of its OpenAPI schema, whoever calls it and whatever they send.

schemathesis generates requests for every operation of /api/schema/ (valid and invalid ones), sends them through the
WSGI application as each role, and checks the answers: never a 5xx, a status the operation documents, a body the
schema describes, and error bodies a person can act on. The requests act on the API's world (tests/api_world.py),
built once for the module; each request is rolled back, so every one of them sees the same world.

The generation is bounded for CI; for a deeper run, API_FUZZ_EXAMPLES=200 API_FUZZ_COVERAGE=1 .venv/bin/pytest
tests/test_openapi.py (the coverage phase adds boundary values, missing fields and unexpected methods: about 5,000
requests per role), and API_FUZZ_SEED=<n> generates other requests than CI's.
"""

import os
import re
import zlib
from dataclasses import dataclass

import pytest
import schemathesis
import yaml
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.db.models import QuerySet
from django.urls import resolve, reverse
from hypothesis import HealthCheck, settings
from rest_framework import serializers
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.choices import Role
from accounts.principals import ANONYMOUS, principal_of
from colleges.models import College
from config.wsgi import application
from enterprises.models import Enterprise
from tests.accounts.factories import TEST_PASSWORD
from tests.api_world import MEMBER_ROLES, ROWS, ApiCity
from tests.partnerships.factories import CooperationAgreementFactory

SEED = int(os.environ.get("API_FUZZ_SEED", 20260101))
# About 105 operations x 4 member roles (generating a request costs more than answering it): 8 requests each keeps
# the file near a minute on SQLite. Anonymous callers get a 401 whatever they send: 3 requests show it.
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", 8))
ANONYMOUS_EXAMPLES = 3
COVERAGE_PHASE = os.environ.get("API_FUZZ_COVERAGE", "") == "1"
HTTP_METHODS = ("get", "put", "post", "patch", "delete")


@schemathesis.check
def errors_say_what_is_wrong(ctx, response, case) -> None:
    """A 400 names each offending field with its messages; a 401, 403, 404 or 409 says why in ``detail``."""
    if "json" not in response.headers.get("content-type", [""])[0]:
        return  # content_type_conformance reports a body that is not the JSON the schema promises
    if response.status_code == 400:
        body = response.json()
        assert isinstance(body, dict), "A 400 answers with an object of fields and their messages"
        assert body, "A 400 names at least one field (or non_field_errors)"
        assert all(_is_message_tree(messages) for messages in body.values()), f"Unreadable messages: {body}"
    elif response.status_code in (401, 403, 404, 409):
        detail = response.json().get("detail")
        assert isinstance(detail, str), f"A {response.status_code} says why in `detail`"
        assert detail.strip(), f"A {response.status_code} says why in `detail`"


def _is_message_tree(messages) -> bool:
    """Messages for a field: a sentence, or a list or mapping of them (nested and many fields)."""
    if isinstance(messages, str):
        return bool(messages.strip())
    if isinstance(messages, list):
        return bool(messages) and all(_is_message_tree(item) for item in messages)
    if isinstance(messages, dict):
        return bool(messages) and all(_is_message_tree(item) for item in messages.values())
    return False


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    errors_say_what_is_wrong,
]


# ------------------------------------------------------------------------------
# The world the generated requests act on
# ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world(api_world_per_module, django_db_blocker) -> ApiCity:
    """The API's world (tests/api_world.py), built once for the module, with more rows of every resource in both of
    its cities; the callers are the members of the first, the second is out of their scope."""
    home, away = api_world_per_module.home, api_world_per_module.away
    with django_db_blocker.unblock():
        for rows in ROWS.values():
            rows.build(home, 2)
            rows.build(away, 1)
        # Agreements past the draft stage, whose terms may no longer be edited (409).
        CooperationAgreementFactory(college=home.college, enterprise=home.enterprise, proposed=True)
        CooperationAgreementFactory(college=home.college, enterprise=home.enterprise, active=True)
    return home


@pytest.fixture
def wsgi_requests_share_the_test_transaction():
    """The WSGI handler closes, after each request, a connection it finds in a transaction, as a server must; the
    test's transaction holds the world, so keep it open while the tests call the handler (the test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=MEMBER_ROLES, ids=[role.value for role in MEMBER_ROLES])
def role(request) -> Role:
    return request.param


# ------------------------------------------------------------------------------
# Real ids and codes, so that generated requests reach rows instead of only 404s and "does not exist"
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RealValues:
    """For an operation and a caller: the ids of the rows behind its path (all, and those the caller may see), and
    the values each body field that names rows may take."""

    ids: list[int]
    ids_in_scope: list[int]
    fields: dict[str, list]


def _ids(rows: QuerySet) -> list[int]:
    # In creation order, which (unlike names made by factory sequences) does not depend on the tests run before.
    return list(rows.order_by("pk").values_list("pk", flat=True))


def _referenced_values(name: str, field: serializers.Field) -> list:
    """The ids or slugs of the rows a writable ``field`` may name; empty for a plain field."""
    if isinstance(field, serializers.ManyRelatedField):
        return _referenced_values(name, field.child_relation)
    if isinstance(field, serializers.SlugRelatedField):
        return list(field.queryset.order_by("pk").values_list(field.slug_field, flat=True))
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        return _ids(field.queryset.model.objects.all())
    if name == "counterparty":
        return [*_ids(College.objects.all()), *_ids(Enterprise.objects.all())]
    return []


def _real_values(path: str, principal, usernames: list[str]) -> RealValues:
    if path == reverse("api:auth-token"):
        return RealValues([], [], {"username": usernames, "password": [TEST_PASSWORD]})
    viewset = getattr(resolve(path.replace("{id}", "1")).func, "cls", None)
    if not hasattr(viewset, "selector"):
        return RealValues([], [], {})
    model = viewset.selector(principal=ANONYMOUS).model
    fields = {
        name: values
        for name, field in viewset.serializer_class().fields.items()
        if not field.read_only and (values := _referenced_values(name, field))
    }
    return RealValues(_ids(model.objects.all()), _ids(viewset.selector(principal=principal)), fields)


@pytest.fixture(scope="module")
def real_values(world):
    """``real_values(path, role)``, computed once each: the world is the same for every request."""
    usernames = [world.user(role).username for role in MEMBER_ROLES]
    computed = {}

    def lookup(path: str, role: Role) -> RealValues:
        if (path, role) not in computed:
            computed[path, role] = _real_values(path, principal_of(world.user(role)), usernames)
        return computed[path, role]

    return lookup


def _pick(generated, key: int, in_scope: list, everywhere: list):
    """For most keys a row the caller may see, for some any row (in scope or not), for a few the generated value."""
    if key % 8 == 0 or not everywhere:
        return generated
    candidates = everywhere if key % 8 < 3 or not in_scope else in_scope
    return candidates[key // 8 % len(candidates)]


def aim_at_real_rows(case, real: RealValues) -> None:
    """Replace most valid generated ids and codes by those of real rows, chosen from what was generated (so the
    choice replays with the case); invalid (negative) input stays as it was generated."""
    meta = case.meta
    key = zlib.crc32(repr((case.path_parameters, case.query, case.body)).encode())
    path_parameters = case.path_parameters or {}
    generated_id = path_parameters.get("id")
    valid_id = isinstance(generated_id, int) or (isinstance(generated_id, str) and generated_id.isdigit())
    if valid_id and not (meta and meta.is_negative_at(ParameterLocation.PATH)):
        path_parameters["id"] = _pick(generated_id, key, real.ids_in_scope, real.ids)
    if not isinstance(case.body, dict) or (meta and meta.is_negative_at(ParameterLocation.BODY)):
        return
    for name, values in real.fields.items():
        generated = case.body.get(name)
        field_key = zlib.crc32(f"{key}{name}".encode())
        if isinstance(generated, list):
            case.body[name] = list(
                dict.fromkeys(_pick(item, field_key + index, values, values) for index, item in enumerate(generated))
            )
        elif generated is not None:
            case.body[name] = _pick(generated, field_key, values, values)


# ------------------------------------------------------------------------------
# Generated requests, as every role
# ------------------------------------------------------------------------------
# Loaded at import, through the WSGI application: schemathesis' lazy loader (schemathesis.pytest.from_fixture, 4.32)
# fails on pytest 9.2, which removed the Node._nodeid it sets.
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/",
    application,
    config=schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "phases": {"coverage": {"enabled": COVERAGE_PHASE}},
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                # The caller's token goes with every request; generated credentials would only test the 401.
                "with-security-parameters": False,
                # Report the first failing request as found: shrinking it costs minutes of CI per failure.
                "no-shrink": True,
                "database": "none",
            },
        }
    ),
)


def _call(case, world: ApiCity, role: Role):
    """Send ``case`` as ``role`` and undo whatever it changed, so that the next request sees the same world."""
    with transaction.atomic():
        response = case.call(headers=world.headers(role))
        transaction.set_rollback(True)
    return response


# The fixtures hold the world and the caller, which no request changes for the next one (each is rolled back).
FIXTURES_ARE_RESET_BY_ROLLBACK = [HealthCheck.function_scoped_fixture]


@schema.parametrize()
@settings(suppress_health_check=FIXTURES_ARE_RESET_BY_ROLLBACK)
def test_api_keeps_its_schema(case, role, world, real_values, db, wsgi_requests_share_the_test_transaction):
    aim_at_real_rows(case, real_values(case.path, role))
    response = _call(case, world, role)
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=ANONYMOUS_EXAMPLES, suppress_health_check=FIXTURES_ARE_RESET_BY_ROLLBACK)
def test_anonymous_callers_are_asked_to_sign_in(
    case, world, real_values, db, wsgi_requests_share_the_test_transaction
):
    aim_at_real_rows(case, real_values(case.path, Role.ANONYMOUS))
    response = _call(case, world, Role.ANONYMOUS)
    case.validate_response(response, checks=CHECKS)
    # A path that routes nowhere (an id like "1.5") is not found before anyone is asked who they are.
    unroutable = case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH)
    if {} not in case.operation.definition.raw.get("security", []):
        assert response.status_code in ((401, 404) if unroutable else (401,)), response.text[:300]


# ------------------------------------------------------------------------------
# Inputs the generated requests reach only by chance
# ------------------------------------------------------------------------------
def _operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


OPENAPI_DOCUMENT = schema.raw_schema
NUMBER_FILTERS = [
    pytest.param(path, parameter["name"], id=f"{path}?{parameter['name']}")
    for path, method, operation in _operations(OPENAPI_DOCUMENT)
    if method == "get" and "{" not in path
    for parameter in operation.get("parameters", [])
    if parameter["in"] == "query" and parameter.get("schema", {}).get("type") in ("integer", "number")
]


LIST_PATHS = sorted(path for path, method, _ in _operations(OPENAPI_DOCUMENT) if method == "get" and "{" not in path)


@pytest.mark.parametrize("path", LIST_PATHS)
def test_every_row_of_every_list_renders_as_the_schema_says(
    path, role, world, db, wsgi_requests_share_the_test_transaction
):
    """Each list (one page of up to 100) and each of its rows, read as each role, match their response schemas:
    rows the generator finds only by luck (a section with no parent, a draft with no proposer) are all read here."""
    list_case = schema[path]["GET"].Case(query={"page_size": 100})
    listed = _call(list_case, world, role)
    list_case.validate_response(listed, checks=CHECKS)
    detail = f"{path}{{id}}/"
    if listed.status_code != 200 or detail not in OPENAPI_DOCUMENT["paths"]:
        return
    for row in listed.json()["results"]:
        case = schema[detail]["GET"].Case(path_parameters={"id": row["id"]})
        case.validate_response(_call(case, world, role), checks=CHECKS)


@pytest.mark.parametrize("path", sorted({path for path, _, _ in _operations(OPENAPI_DOCUMENT)}))
def test_options_describes_every_route(path, world, db, client):
    """OPTIONS (what browsers send before a cross-origin request) describes the route to any signed-in member."""
    response = client.options(path.replace("{id}", "1"), headers=world.headers(Role.CITY_OFFICIAL))
    assert response.status_code in (200, 404), response.content[:500]


@pytest.mark.parametrize(("path", "name"), NUMBER_FILTERS)
@pytest.mark.parametrize("value", ["99999999999999999999", "-1e140", "1.5"])
def test_number_filters_refuse_values_the_database_cannot_hold(path, name, value, world, db, client):
    """A filter or page number out of range is a bad request (or no such page, or no match), never a 500."""
    response = client.get(path, {name: value}, headers=world.headers(Role.PLATFORM_ADMIN))
    assert str(response.status_code) in OPENAPI_DOCUMENT["paths"][path]["get"]["responses"], response.content[:500]
    if response.status_code == 400:
        assert name in response.json()


DETAIL_GET_PATHS = sorted(
    path for path, method, _ in _operations(OPENAPI_DOCUMENT) if method == "get" and "{id}" in path
)


@pytest.mark.parametrize("path", DETAIL_GET_PATHS)
@pytest.mark.parametrize("record_id", [str(2**63), "0"])
def test_an_id_no_row_can_have_is_not_found(path, record_id, world, db, client):
    """An id past the largest key a column can hold is as missing as any other, never a 500 (score rows are keyed
    by a one-to-one, which Django's own range check on integer keys does not cover)."""
    response = client.get(path.replace("{id}", record_id), headers=world.headers(Role.PLATFORM_ADMIN))
    assert response.status_code == 404, response.content[:500]


# ------------------------------------------------------------------------------
# The schema itself, and its documentation page
# ------------------------------------------------------------------------------
def test_schema_is_public_and_valid_openapi_3(db, client, tmp_path):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")
    # drf-spectacular validates the schema against the OpenAPI 3 specification, and fails on any warning.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def _expected_error_codes(path: str, method: str, operation: dict) -> set[str]:
    codes = set()
    if {} not in operation.get("security", [{}]):  # {} marks an operation anyone may call
        codes |= {"401", "403"}
        if method != "get":
            codes.add("409")
    if "{" in path or (method == "get" and operation.get("parameters")):
        codes.add("404")  # no such record in scope; for a list, no such page
    if "requestBody" in operation or any(parameter["in"] == "query" for parameter in operation.get("parameters", [])):
        codes.add("400")
    return codes


def test_every_operation_is_described_and_documents_its_errors():
    problems = []
    for path, method, operation in _operations(OPENAPI_DOCUMENT):
        label = f"{method.upper()} {path}"
        if len(operation.get("description", "").strip()) < 20:
            problems.append(f"{label}: no useful description")
        missing = _expected_error_codes(path, method, operation) - set(operation["responses"])
        if missing:
            problems.append(f"{label}: does not document {', '.join(sorted(missing))}")
        for code, response in operation["responses"].items():
            if code.startswith("4") and "application/json" not in response.get("content", {}):
                problems.append(f"{label}: the {code} has no JSON body described")
    assert not problems, "\n".join(problems)


def test_docs_page_renders_without_a_cdn(db, client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    # The start-up script has a URL of its own: the Content-Security-Policy allows no inline script.
    startup_script = next(asset for asset in assets if asset.startswith("/api/docs/?script"))
    assert '"/api/schema/"' in client.get(startup_script).content.decode(), "the page reads this server's schema"
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html), "the page loads something from another host"
    for asset in assets:
        asset_response = client.get(asset)
        assert asset_response.status_code == 200, asset
        asset_response.close()
