"""The permission matrix of docs/permissions.md, checked route by route against the API.

The resources come from the URLconf (every DRF router route under /api/v1/ with the actions its viewset supports),
the rights from the table in docs/permissions.md, the rows from tests/api_world.py. A route without a row in the
table, a row without a route, or a resource without a world record fails, so a new endpoint cannot slip through.
For each resource × principal × action the answer must be exactly what the table says: 401 for anonymous callers,
403 for a role without the right, 404 for a record outside the principal's scope (like a missing id), and the
success status otherwise.
"""

import datetime
import re
from operator import attrgetter
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.parsers import MultiPartParser

from partnerships.choices import AgreementStatus, Party
from tests.accounts.factories import TEST_PASSWORD
from tests.api_world import (
    ANONYMOUS,
    PRINCIPALS,
    ROLE_COLUMNS,
    VARIANTS,
    Resource,
    api_resources,
    change_for,
    create_body,
    other_api_routes,
)
from tests.partnerships.factories import CooperationAgreementFactory

PERMISSIONS_DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"

# ------------------------------------------------------------------------------
# The table of docs/permissions.md
# ------------------------------------------------------------------------------
LETTERS = "LRCUD"
SCOPES = ("own", "applicants", "open", "city", "all")
NOTHING = "—"


def markdown_table(text: str, *first_headers: str) -> list[dict[str, str]]:
    """The rows of the Markdown table whose header cells start with ``first_headers``, as header → cell."""
    lines = iter(text.splitlines())
    for line in lines:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and tuple(cells[: len(first_headers)]) == first_headers:
            headers = cells
            break
    else:
        raise LookupError(f"{PERMISSIONS_DOC.name} has no table headed {first_headers!r}.")
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if set("".join(cells)) <= set("-: "):
            continue  # the |---|---| line
        rows.append(dict(zip(headers, cells, strict=True)))
    return rows


def parse_rights(cell: str) -> dict[str, str | None]:
    """``LR:city C UD:own`` → {"L": "city", "R": "city", "C": None, "U": "own", "D": "own"}; ``—`` → {}."""
    if cell == NOTHING:
        return {}
    rights: dict[str, str | None] = {}
    for token in cell.split():
        letters, colon, scope = token.partition(":")
        if not letters or set(letters) - set(LETTERS) or (colon and scope not in SCOPES):
            raise ValueError(f"{token!r} is not LETTERS[:scope] (letters of {LETTERS}, scope one of {SCOPES}).")
        if ("C" in letters) != (letters == "C" and not colon):
            raise ValueError(f"{token!r}: C stands alone without a scope, and every other letter has one.")
        for letter in letters:
            if letter in rights:
                raise ValueError(f"{cell!r} grants {letter} twice.")
            rights[letter] = scope or None
    return rights


DOC_TEXT = PERMISSIONS_DOC.read_text(encoding="utf-8")
MATRIX = {
    row["resource"]: {column: parse_rights(row[column]) for column in set(ROLE_COLUMNS.values())}
    for row in markdown_table(DOC_TEXT, "resource", "college staff")
}
OTHER_ROUTES = {
    route: row["who"]
    for row in markdown_table(DOC_TEXT, "route")
    for route in re.findall(r"`([A-Z]+ /[^`]*)`", row["route"])
}


# ------------------------------------------------------------------------------
# The routes of the URLconf, and which letter of the table each action needs
# ------------------------------------------------------------------------------
RESOURCES = api_resources()
ACTION_LETTERS = {
    "list": "L",
    "retrieve": "R",
    "create": "C",
    "update": "U",
    "partial_update": "U",
    "destroy": "D",
}


def test_every_api_resource_has_a_row_in_the_matrix_and_every_row_a_resource():
    assert set(RESOURCES) - set(MATRIX) == set(), "routes without a row in docs/permissions.md"
    assert set(MATRIX) - set(RESOURCES) == set(), "rows of docs/permissions.md without a route"


def test_the_matrix_grants_only_actions_the_routes_support():
    granted_but_missing = {
        (prefix, column, action)
        for prefix, columns in MATRIX.items()
        for column, rights in columns.items()
        for action, letter in ACTION_LETTERS.items()
        if letter in rights and prefix in RESOURCES and action not in RESOURCES[prefix].actions
    }
    assert granted_but_missing == set()


def test_every_other_api_route_is_in_the_table_of_other_routes():
    assert other_api_routes() == set(OTHER_ROUTES)


def test_every_resource_has_a_world_record(api_world_per_module, db):
    assert set(RESOURCES) - set(api_world_per_module.records) == set(), "add a record in tests/api_world.py"


# ------------------------------------------------------------------------------
# The matrix, one case per resource × principal × action
# ------------------------------------------------------------------------------
SUCCESS = {"list": 200, "retrieve": 200, "create": 201, "update": 200, "partial_update": 200, "destroy": 204}


def rights_of(resource: str, principal: str) -> dict[str, str | None]:
    if resource not in MATRIX:
        pytest.fail(f"{resource} has no row in docs/permissions.md.")
    return MATRIX[resource][ROLE_COLUMNS[principal]]


def expected_status(resource: str, principal: str, action: str, record) -> int:
    """What docs/permissions.md says ``principal`` gets for ``action`` on ``record`` of ``resource``."""
    if principal == ANONYMOUS:
        return 401
    rights = rights_of(resource, principal)

    def reaches(letter: str) -> bool:
        return letter in rights and record.reached_by(principal, rights[letter])

    letter = ACTION_LETTERS[action]
    if action in ("list", "create"):
        return SUCCESS[action] if letter in rights else 403
    if not reaches("R"):
        return 404
    return SUCCESS[action] if reaches(letter) else 403


def listed_ids(client, url: str) -> tuple[object, list[int]]:
    """The first response of a list and the ids of every page of it."""
    first = response = client.get(url, {"page_size": 100})
    ids = []
    while response.status_code == 200:
        ids += [row["id"] for row in response.json()["results"]]
        if not response.json().get("next"):
            break
        response = client.get(response.json()["next"])
    return first, ids


def put_body(world, resource: Resource, record) -> dict:
    """The whole editable row as its reader sees it, with the resource's harmless change."""
    row = world.client("platform_admin").get(resource.url(record.pk)).json()
    writable = {name for name, field in resource.viewset.serializer_class().fields.items() if not field.read_only}
    return {name: value for name, value in row.items() if name in writable} | change_for(resource.prefix)


def stored(record, fields) -> dict | None:
    """The stored values of ``fields`` of ``record``'s row (None once it is deleted)."""
    return type(record.instance)._default_manager.filter(pk=record.pk).values(*fields).first()


MATRIX_CASES = [
    pytest.param(name, principal, action, id=f"{name}-{principal}-{action}")
    for name, prefix in sorted({**{prefix: prefix for prefix in RESOURCES}, **VARIANTS}.items())
    for principal in PRINCIPALS
    for action in ACTION_LETTERS
    if action in RESOURCES[prefix].actions
]


@pytest.fixture
def world(api_world_per_module, db):
    """The world, built once for this module; every test's writes roll back after it."""
    return api_world_per_module


@pytest.mark.parametrize(("name", "principal", "action"), MATRIX_CASES)
def test_the_api_answers_as_the_matrix_says(world, name, principal, action):
    """``name`` is a resource (its world record is A's) or one of the world's VARIANTS (another row of one)."""
    prefix = VARIANTS.get(name, name)
    resource = RESOURCES[prefix]
    record = world.variants[name] if name in VARIANTS else world.records.get(prefix)
    if record is None:
        pytest.fail(f"The world has no record of {prefix}: add one in tests/api_world.py.")
    model = type(record.instance)
    expected = expected_status(prefix, principal, action, record)
    client = world.client(principal)

    if action == "list":
        response, ids = listed_ids(client, resource.url())
    elif action == "create":
        before = model._default_manager.count()
        response = client.post(resource.url(), create_body(world, prefix, principal))
    elif action == "destroy":
        response = client.delete(resource.url(record.pk))
    elif action in ("update", "partial_update"):
        change = change_for(prefix)
        before = stored(record, change)
        if action == "update":
            response = client.put(resource.url(record.pk), put_body(world, resource, record))
        else:
            response = client.patch(resource.url(record.pk), change)
    else:
        response = client.get(resource.url(record.pk))

    assert response.status_code == expected, (
        f"{response.request['REQUEST_METHOD']} {response.request['PATH_INFO']} as {principal}: "
        f"{response.content.decode()[:500]}"
    )
    succeeded = expected == SUCCESS[action]
    if action == "list" and succeeded:
        assert (record.pk in ids) == record.reached_by(principal, rights_of(prefix, principal)["L"])
    elif action == "retrieve" and succeeded:
        assert response.json()["id"] == record.pk
    elif action == "create":
        assert model._default_manager.count() == before + succeeded
    elif action == "destroy":
        assert model._default_manager.filter(pk=record.pk).exists() is not succeeded
    elif action in ("update", "partial_update"):
        after = stored(record, change)
        if succeeded:
            assert {field: response.json()[field] for field in change} == change
            assert after != before
        else:
            assert after == before


# ------------------------------------------------------------------------------
# Around the matrix
# ------------------------------------------------------------------------------
UNSUPPORTED_CASES = [
    pytest.param(prefix, action, id=f"{prefix}-{action}")
    for prefix, resource in sorted(RESOURCES.items())
    for action in ACTION_LETTERS
    if action not in resource.actions
]
ACTION_METHODS = {
    "list": "get",
    "retrieve": "get",
    "create": "post",
    "update": "put",
    "partial_update": "patch",
    "destroy": "delete",
}


@pytest.mark.parametrize(("prefix", "action"), UNSUPPORTED_CASES)
def test_an_action_the_resource_does_not_support_is_refused(world, prefix, action):
    """405, or 403 where the router routes the method and the permission check refuses it before the view does."""
    resource, record = RESOURCES[prefix], world.records[prefix]
    url = resource.url() if action == "create" else resource.url(record.pk)
    model = type(record.instance)
    before = list(model._default_manager.values())

    response = getattr(world.client("platform_admin"), ACTION_METHODS[action])(url, {})

    assert response.status_code in (403, 405)
    assert list(model._default_manager.values()) == before


# A create (or a change) that names a record of another organisation, or of another city, by id: the record does
# not exist for the caller, so the request is refused as invalid input and nothing is written.
FOREIGN_REFERENCES = [
    # resource, principal, field, the record it names (a path in the world), what makes it foreign
    ("courses", "college_b", "program", "a.program", "of_college_a"),
    ("students", "college_b", "program", "a.student_program", "of_college_a"),
    ("student-certificates", "college_b", "student", "a.student", "of_college_a"),
    ("applications", "college_b", "student", "a.student", "of_college_a"),
    ("applications", "college_a", "posting", "b.filled_posting", "not_open"),
    ("commitments", "college_b", "agreement", "a.agreement", "of_side_a"),
    ("commitments", "enterprise_b", "agreement", "a.agreement", "of_side_a"),
    ("milestones", "college_b", "agreement", "a.agreement", "of_side_a"),
    ("milestones", "enterprise_b", "agreement", "a.agreement", "of_side_a"),
    ("party-ratings", "college_b", "agreement", "a.agreement", "of_side_a"),
    ("party-ratings", "enterprise_b", "agreement", "a.agreement", "of_side_a"),
    ("mentor-evaluations", "enterprise_b", "placement", "a.placement", "of_enterprise_a"),
    ("council-seats", "college_a", "enterprise", "other_enterprise", "of_city_2"),
    ("training-bases", "college_a", "host_enterprise", "other_enterprise", "of_city_2"),
    ("education-investments", "enterprise_a", "college", "other_college", "of_city_2"),
    ("postings", "enterprise_a", "training_base", "other_training_base", "of_city_2"),
    ("agreements", "college_a", "counterparty", "other_enterprise", "of_city_2"),
    ("agreements", "enterprise_a", "counterparty", "other_college", "of_city_2"),
    ("agreements", "college_a", "training_base", "other_training_base", "of_city_2"),
]
DOES_NOT_EXIST = re.compile(r"does not exist|No such")


@pytest.mark.parametrize(
    ("prefix", "principal", "field", "foreign"),
    [pytest.param(*case[:4], id="-".join((*case[:3], case[4]))) for case in FOREIGN_REFERENCES],
)
def test_a_create_naming_a_record_out_of_scope_is_refused_as_does_not_exist(world, prefix, principal, field, foreign):
    model = type(world.records[prefix].instance)
    before = model._default_manager.count()
    body = create_body(world, prefix, principal) | {field: attrgetter(foreign)(world).pk}

    response = world.client(principal).post(RESOURCES[prefix].url(), body)

    assert response.status_code == 400, response.content.decode()
    assert DOES_NOT_EXIST.search(" ".join(response.json()[field])), response.json()
    assert model._default_manager.count() == before


CHANGES_NAMING_FOREIGN_RECORDS = [
    ("courses", "college_a", "program", "b.program", "of_college_b"),
    ("students", "college_a", "program", "b.student_program", "of_college_b"),
    ("student-certificates", "college_a", "student", "b.student", "of_college_b"),
    ("commitments", "enterprise_a", "agreement", "b.agreement", "of_side_b"),
    ("milestones", "college_a", "agreement", "b.agreement", "of_side_b"),
    ("council-seats", "college_a", "enterprise", "other_enterprise", "of_city_2"),
    ("education-investments", "enterprise_a", "college", "other_college", "of_city_2"),
]


@pytest.mark.parametrize(
    ("prefix", "principal", "field", "foreign"),
    [pytest.param(*case[:4], id="-".join((*case[:3], case[4]))) for case in CHANGES_NAMING_FOREIGN_RECORDS],
)
def test_a_change_naming_a_record_out_of_scope_is_refused_as_does_not_exist(world, prefix, principal, field, foreign):
    record = world.records[prefix]
    before = stored(record, [f"{field}_id"])

    response = world.client(principal).patch(RESOURCES[prefix].url(record.pk), {field: attrgetter(foreign)(world).pk})

    assert response.status_code == 400, response.content.decode()
    assert DOES_NOT_EXIST.search(" ".join(response.json()[field])), response.json()
    assert stored(record, [f"{field}_id"]) == before


# ------------------------------------------------------------------------------
# The notes on the rows
# ------------------------------------------------------------------------------
def activate(agreement) -> None:
    """Move a draft agreement past its draft, as the propose and countersign workflow will."""
    type(agreement)._default_manager.filter(pk=agreement.pk).update(
        status=AgreementStatus.ACTIVE,
        proposer_party=Party.COLLEGE,
        proposed_at=timezone.now() - datetime.timedelta(days=1),
        countersigned_at=timezone.now(),
    )


@pytest.mark.parametrize("party", ["college_a", "enterprise_a"])
@pytest.mark.parametrize(
    ("prefix", "action"),
    [
        (prefix, action)
        for prefix in ("agreements", "commitments", "milestones")
        for action in ("update", "partial_update", "destroy")
    ]
    + [("commitments", "create"), ("milestones", "create")],
)
def test_past_its_draft_an_agreement_its_commitments_and_milestones_are_changed_only_by_workflow(
    world, party, prefix, action
):
    activate(world.a.agreement)
    resource, record = RESOURCES[prefix], world.records[prefix]
    rows = type(record.instance)._default_manager.filter(
        **({"pk": record.pk} if prefix == "agreements" else {"agreement": world.a.agreement})
    )
    before = list(rows.values())
    client = world.client(party)

    if action == "create":
        response = client.post(resource.url(), create_body(world, prefix, party) | {"agreement": world.a.agreement.pk})
    elif action == "destroy":
        response = client.delete(resource.url(record.pk))
    elif action == "update":
        response = client.put(resource.url(record.pk), put_body(world, resource, record))
    else:
        response = client.patch(resource.url(record.pk), change_for(prefix))

    assert response.status_code == 409, response.content.decode()
    assert list(rows.values()) == before


@pytest.mark.parametrize("prefix", ["commitments", "milestones"])
def test_a_drafts_commitment_or_milestone_cannot_be_moved_into_an_agreement_past_its_draft(world, prefix):
    """Moving a term into an agreement in force would change that agreement's terms without an amendment."""
    in_force = CooperationAgreementFactory(college=world.a.college, enterprise=world.a.enterprise, active=True)
    record = world.records[prefix]

    response = world.client("college_a").patch(RESOURCES[prefix].url(record.pk), {"agreement": in_force.pk})

    assert response.status_code == 409, response.content.decode()
    assert stored(record, ["agreement_id"]) == {"agreement_id": world.a.agreement.pk}


@pytest.mark.parametrize(
    ("kind", "host_enterprise", "status"),
    [
        ("in_school", None, 201),
        ("co_built", "a.enterprise", 201),
        ("off_campus", "a.enterprise", 400),
        ("public", None, 400),
    ],
)
def test_college_staff_register_the_bases_their_college_hosts_in_school_or_co_built(
    world, kind, host_enterprise, status
):
    body = create_body(world, "training-bases", "college_a") | {"kind": kind}
    if host_enterprise:
        body["host_enterprise"] = attrgetter(host_enterprise)(world).pk

    response = world.client("college_a").post(RESOURCES["training-bases"].url(), body)

    assert response.status_code == status, response.content.decode()
    if status == 201:
        assert response.json()["host_college"] == world.a.college.pk


# ------------------------------------------------------------------------------
# The other routes
# ------------------------------------------------------------------------------
ME = "/api/v1/me/"
MY_SETTINGS = ["/api/v1/me/language/", "/api/v1/me/notification-preferences/"]
TOKEN = "/api/v1/auth/token/"


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_me_tells_every_signed_in_principal_their_role_and_organisation(world, principal):
    response = world.client(principal).get(ME)

    if principal == ANONYMOUS:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    user = world.users[principal]
    side = world.side(principal)
    expected = {
        "college_a": ("college_staff", side.college.pk, None, world.city.pk),
        "college_b": ("college_staff", side.college.pk, None, world.city.pk),
        "enterprise_a": ("enterprise_staff", None, side.enterprise.pk, world.city.pk),
        "enterprise_b": ("enterprise_staff", None, side.enterprise.pk, world.city.pk),
        "official": ("city_official", None, None, world.city.pk),
        "official_other": ("city_official", None, None, world.other_city.pk),
        "platform_admin": ("platform_admin", None, None, None),
    }[principal]
    assert response.json() == {
        "user_id": user.pk,
        "username": user.username,
        **dict(zip(("role", "college_id", "enterprise_id", "city_id"), expected, strict=True)),
    }


@pytest.mark.parametrize("path", MY_SETTINGS)
@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_signed_in_principal_reads_their_own_settings(world, principal, path):
    response = world.client(principal).get(path)

    assert response.status_code == (401 if principal == ANONYMOUS else 200)


@pytest.mark.parametrize("path", MY_SETTINGS)
def test_nobody_signed_out_changes_settings(world, path):
    assert world.client(ANONYMOUS).put(path, {}, format="json").status_code == 401


def test_anyone_gets_their_token_for_a_username_and_password_and_revokes_it_signed_in(world):
    user = world.users["college_a"]
    anonymous = world.client(ANONYMOUS)

    assert anonymous.delete(TOKEN).status_code == 401
    granted = anonymous.post(TOKEN, {"username": user.username, "password": TEST_PASSWORD})
    assert granted.status_code == 200
    assert granted.json() == {"token": Token.objects.get(user=user).key}
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {granted.json()['token']}")
    assert anonymous.get(RESOURCES["programs"].url(world.a.program.pk)).status_code == 200

    assert anonymous.delete(TOKEN).status_code == 204
    assert not Token.objects.filter(user=user).exists()
    assert anonymous.get(ME).status_code == 401


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_anyone_reads_the_schema_and_its_docs(world, path):
    assert world.client(ANONYMOUS).get(path).status_code == 200


# Recommendations (docs/matching.md): the route, the query naming its subject, and the world's record of that subject.
# Who sees which results is tests/partnerships/test_recommendations.py's; here, who may ask about which subject.
RECOMMENDATIONS = {
    "/api/v1/recommended-postings/": ("student", "students"),
    "/api/v1/recommended-students/": ("posting", "postings"),
    "/api/v1/recommended-programs/": ("posting", "postings"),
    "/api/v1/recommended-colleges/": ("enterprise", "enterprises"),
    "/api/v1/recommended-enterprises/": ("college", "colleges"),
}


@pytest.mark.parametrize("path", RECOMMENDATIONS)
@pytest.mark.parametrize("principal", PRINCIPALS)
def test_a_recommendation_answers_about_a_subject_the_principal_may_see(world, principal, path):
    """As the record's own retrieve answers: 200 where it is readable, the same 404 otherwise, 401 signed out."""
    subject, resource = RECOMMENDATIONS[path]
    record = world.records[resource]
    retrieve = world.client(principal).get(RESOURCES[resource].url(record.instance.pk)).status_code
    response = world.client(principal).get(path, {subject: record.instance.pk})

    assert response.status_code == (401 if principal == ANONYMOUS else retrieve)


def test_the_other_routes_are_the_ones_these_tests_check():
    assert set(OTHER_ROUTES) == {
        f"GET {ME}",
        *(f"{method} {path}" for path in MY_SETTINGS for method in ("GET", "PUT")),
        f"POST {TOKEN}",
        f"DELETE {TOKEN}",
        "GET /api/schema/",
        "GET /api/docs/",
        *(f"GET {path}" for path in RECOMMENDATIONS),
    }


# ------------------------------------------------------------------------------
# Workflow actions: the second table of docs/permissions.md
# ------------------------------------------------------------------------------
COLLECTION_ALLOWED = "yes"
ACTIONS_TABLE = {
    (row["resource"], row["action"]): {column: row[column] for column in set(ROLE_COLUMNS.values())}
    for row in markdown_table(DOC_TEXT, "resource", "action")
}
ROUTE_PARAMETER = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def action_name(extra, method: str) -> str:
    """How docs/permissions.md names an action: its route (a parameter as ``{name}``), behind its method when the
    route answers more than one (``GET scans``, ``POST scans``)."""
    route = ROUTE_PARAMETER.sub(r"{\1}", extra.url_path)
    return f"{method.upper()} {route}" if len(extra.mapping) > 1 else route


# (resource, action name) → (the action, the method it answers)
WORKFLOW_ACTIONS = {
    (prefix, action_name(extra, method)): (extra, method)
    for prefix, resource in RESOURCES.items()
    for extra in resource.viewset.get_extra_actions()
    for method in extra.mapping
}
# Allowed: the rule let the request through; the service then answers for the record's state (200, 400, 409...).
ALLOWED = frozenset({200, 201, 204, 400, 409})


def test_every_workflow_action_has_a_row_and_every_row_an_action():
    assert set(WORKFLOW_ACTIONS) - set(ACTIONS_TABLE) == set(), "actions without a row in docs/permissions.md"
    assert set(ACTIONS_TABLE) - set(WORKFLOW_ACTIONS) == set(), "rows of docs/permissions.md without an action"


def test_the_actions_table_is_well_formed():
    for (prefix, name), cells in ACTIONS_TABLE.items():
        allowed = set(SCOPES) if WORKFLOW_ACTIONS[prefix, name][0].detail else {COLLECTION_ALLOWED}
        assert set(cells.values()) <= allowed | {NOTHING}, (prefix, name, cells)


def expected_action_statuses(prefix: str, name: str, principal: str, record) -> frozenset[int]:
    """What docs/permissions.md says ``principal`` gets for the action: a refusal, or any answer but one."""
    if principal == ANONYMOUS:
        return frozenset({401})
    cell = ACTIONS_TABLE[prefix, name][ROLE_COLUMNS[principal]]
    if not WORKFLOW_ACTIONS[prefix, name][0].detail:
        return frozenset({403}) if cell == NOTHING else ALLOWED
    read = rights_of(prefix, principal).get("R")
    if read is None or not record.reached_by(principal, read):
        return frozenset({404})
    return ALLOWED if cell != NOTHING and record.reached_by(principal, cell) else frozenset({403})


@pytest.mark.parametrize(
    ("prefix", "name", "principal"),
    [
        pytest.param(prefix, name, principal, id=f"{prefix}-{name}-{principal}")
        for prefix, name in sorted(WORKFLOW_ACTIONS)
        for principal in PRINCIPALS
    ],
)
def test_workflow_actions_answer_as_the_table_says(world, prefix, name, principal):
    extra, method = WORKFLOW_ACTIONS[prefix, name]
    record, parameters = world.action_records.get((prefix, name), (world.records[prefix], {}))
    route = ROUTE_PARAMETER.sub(lambda parameter: str(parameters[parameter[1]]), extra.url_path)
    url = (RESOURCES[prefix].url(record.pk) if extra.detail else RESOURCES[prefix].url()) + f"{route}/"
    # An empty body in the media type the action reads (an upload's is multipart).
    body_format = {"format": "multipart"} if MultiPartParser in extra.kwargs.get("parser_classes", ()) else {}

    response = getattr(world.client(principal), method)(url, {}, **(body_format if method != "get" else {}))

    assert response.status_code in expected_action_statuses(prefix, name, principal, record), (
        f"{method.upper()} {url} as {principal}: {response.status_code} {response.content.decode()[:300]}"
    )
