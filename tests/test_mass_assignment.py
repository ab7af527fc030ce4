"""Fields the platform sets cannot be set through the API (docs/permissions.md): the owning organisation and the
city come from the caller's membership, statuses from workflow actions, delivery and completion from later steps.

Every writable resource is created and changed with a body that also carries those fields, set to other values
and to another organisation's ids; the row in the database keeps what the platform set.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from colleges.choices import StudentStatus
from enterprises.choices import PostingStatus
from evaluation.choices import CertificationStatus, RunState, RunTrigger
from partnerships.choices import AgreementStatus, AllocationRoundStatus, ApplicationStatus, Party
from tests.api_world import api_resources, change_for, create_body

RESOURCES = api_resources()
A_WHILE_AGO = timezone.now() - datetime.timedelta(days=3)
# A status each resource would love to start in, if a body could set it.
WISHED_STATUS = {
    "postings": PostingStatus.OPEN,
    "agreements": AgreementStatus.ACTIVE,
    "applications": ApplicationStatus.ACCEPTED,
    "students": StudentStatus.GRADUATED,
}


def hostile_fields(world, prefix: str, principal: str, *, everything: bool = False) -> dict:
    """Platform-set fields of every resource, set to what a caller must not be able to choose; less the fields
    that are the resource's own input (unless ``everything``)."""
    party = Party.ENTERPRISE if principal.startswith("college") else Party.COLLEGE
    fields = {
        "status": WISHED_STATUS.get(prefix, "active"),
        "city": world.other_city.pk,
        "college": world.b.college.pk,
        "enterprise": world.b.enterprise.pk,
        "host_college": world.b.college.pk,
        "rater_party": party,
        "rated_by": world.b.college_staff.pk,
        "mentor": world.b.mentor.pk,
        "delivered_amount": "999999.00",
        "done_at": A_WHILE_AGO.isoformat(),
        "evidence": "Made up.",
        "proposer_party": party,
        "proposed_at": A_WHILE_AGO.isoformat(),
        "proposed_by": world.b.college_staff.pk,
        "countersigned_at": A_WHILE_AGO.isoformat(),
        "countersigned_by": world.b.enterprise_staff.pk,
        "ended_at": A_WHILE_AGO.isoformat(),
        "termination_reason": "Made up.",
        "predecessor": world.b.agreement.pk,
        "submitted_by": world.b.college_staff.pk,
        "submitted_at": A_WHILE_AGO.isoformat(),
        "decided_at": A_WHILE_AGO.isoformat(),
        "evaluated_at": A_WHILE_AGO.isoformat(),
        "rated_at": A_WHILE_AGO.isoformat(),
        "created_at": A_WHILE_AGO.isoformat(),
        # The identity of a registered organisation is the platform admin's to set.
        "code": "9999999999",
        "credit_code": "91320505000000999X",
        "kind": "undergraduate",
    }
    return {name: value for name, value in fields.items() if everything or name not in WRITERS[prefix][1]}


# Per resource: who writes it, the hostile fields that are legitimately its own input (left out of the body), and
# the platform-set values its row must hold (a function of the world): after a create, or for a resource that is
# only ever changed, after a change.
WRITERS = {
    "skills": ("college_a", set(), lambda world: {}),
    "academic-terms": ("official", set(), lambda world: {"city_id": world.city.pk}),
    "internship-rules": ("official", set(), lambda world: {"city_id": world.city.pk}),
    "programs": ("college_a", set(), lambda world: {"college_id": world.a.college.pk}),
    "courses": ("college_a", {"code"}, lambda world: {}),
    "students": ("college_a", set(), lambda world: {"status": StudentStatus.ENROLLED}),
    "student-certificates": ("college_a", set(), lambda world: {}),
    "colleges": (
        "college_a",
        set(),
        lambda world: {
            "city_id": world.city.pk,
            "code": world.a.college.code,
            "kind": world.a.college.kind,
        },
    ),
    "enterprises": (
        "enterprise_a",
        set(),
        lambda world: {"city_id": world.city.pk, "credit_code": world.a.enterprise.credit_code},
    ),
    "postings": (
        "enterprise_a",
        {"kind"},
        lambda world: {"enterprise_id": world.a.enterprise.pk, "status": PostingStatus.DRAFT},
    ),
    "talent-demands": ("enterprise_a", set(), lambda world: {"enterprise_id": world.a.enterprise.pk}),
    # The college an investment went to is the enterprise's to say.
    "education-investments": ("enterprise_a", {"college"}, lambda world: {"enterprise_id": world.a.enterprise.pk}),
    "training-bases": (
        "college_a",
        {"kind"},
        lambda world: {"city_id": world.city.pk, "host_college_id": world.a.college.pk},
    ),
    "agreements": (
        "college_a",
        {"kind"},
        lambda world: {
            "college_id": world.a.college.pk,
            "enterprise_id": world.a.enterprise.pk,
            "status": AgreementStatus.DRAFT,
            "proposer_party": "",
            "proposed_by_id": None,
            "proposed_at": None,
            "countersigned_by_id": None,
            "countersigned_at": None,
            "ended_at": None,
            "termination_reason": "",
            "predecessor_id": None,
        },
    ),
    "commitments": ("enterprise_a", {"kind"}, lambda world: {"delivered_amount": Decimal("0")}),
    "milestones": ("enterprise_a", set(), lambda world: {"done_at": None, "evidence": ""}),
    # The representative's enterprise is the college's to say.
    "council-seats": ("college_a", {"enterprise"}, lambda world: {"college_id": world.a.college.pk}),
    "applications": (
        "college_a",
        set(),
        lambda world: {
            "status": ApplicationStatus.SUBMITTED,
            "submitted_by_id": world.a.college_staff.pk,
            "decided_at": None,
        },
    ),
    "integration-certifications": (
        "enterprise_a",
        set(),
        lambda world: {
            "enterprise_id": world.a.enterprise.pk,
            "status": CertificationStatus.APPLIED,
            "applied_by_id": world.a.enterprise_staff.pk,
            "decided_at": None,
            "decided_by_id": None,
        },
    ),
    "mentor-evaluations": ("enterprise_a", set(), lambda world: {"mentor_id": world.a.mentor.pk}),
    "party-ratings": (
        "enterprise_a",
        set(),
        lambda world: {"rater_party": Party.ENTERPRISE, "rated_by_id": world.a.enterprise_staff.pk},
    ),
    "scoring-runs": (
        "official",
        set(),
        lambda world: {
            "city_id": world.city.pk,
            "trigger": RunTrigger.MANUAL,
            "state": RunState.QUEUED,
            "requested_by_id": world.users["official"].pk,
            "started_at": None,
        },
    ),
    "allocation-rounds": (
        "official",
        set(),
        lambda world: {
            "city_id": world.city.pk,
            "status": AllocationRoundStatus.SETUP,
            "created_by_id": world.users["official"].pk,
            "published_at": None,
        },
    ),
}


def writable_resources(action: str) -> list[str]:
    return sorted(prefix for prefix, resource in RESOURCES.items() if action in resource.actions)


def test_every_writable_resource_is_checked():
    assert set(writable_resources("create")) | set(writable_resources("partial_update")) == set(WRITERS)


@pytest.mark.parametrize("prefix", sorted(WRITERS))
def test_the_only_platform_set_fields_a_serializer_accepts_are_the_resources_own_inputs(api_world, prefix):
    """A platform-set field that a serializer starts to accept fails here before it is silently written."""
    serializer = RESOURCES[prefix].viewset.serializer_class()
    writable = {name for name, field in serializer.fields.items() if not field.read_only}
    assert writable & set(hostile_fields(api_world, prefix, "college_a", everything=True)) == WRITERS[prefix][1]


def stored(model, pk: int, fields) -> dict:
    """The stored values of ``fields`` of the row ``pk`` of ``model``."""
    return {
        name: value
        for name, value in model._default_manager.values("pk", *fields).get(pk=pk).items()
        if name in fields
    }


@pytest.mark.parametrize("prefix", writable_resources("create"))
def test_a_create_keeps_the_values_the_platform_sets(api_world, prefix):
    principal, _, platform_set = WRITERS[prefix]
    body = hostile_fields(api_world, prefix, principal) | create_body(api_world, prefix, principal)

    response = api_world.client(principal).post(RESOURCES[prefix].url(), body)

    assert response.status_code == 201, response.content.decode()
    model = type(api_world.records[prefix].instance)
    expected = platform_set(api_world)
    assert stored(model, response.json()["id"], expected) == expected
    # And the time stamps the platform sets are of now, not of the caller's "a while ago".
    row = model._default_manager.get(pk=response.json()["id"])
    stamps = {"submitted_at", "evaluated_at", "rated_at", "created_at"} & {f.name for f in model._meta.fields}
    assert all(getattr(row, stamp) > A_WHILE_AGO + datetime.timedelta(days=1) for stamp in stamps)


@pytest.mark.parametrize("prefix", writable_resources("partial_update"))
def test_a_change_keeps_the_values_the_platform_sets(api_world, prefix):
    principal, _, platform_set = WRITERS[prefix]
    record = api_world.records[prefix]
    model = type(record.instance)
    hostile = hostile_fields(api_world, prefix, principal)
    if any(field.name == "status" for field in model._meta.fields):
        status = model._meta.get_field("status")
        hostile["status"] = next(value for value, _ in status.choices if value != record.instance.status)
    # Every platform-set field of the model, as it is before the change.
    platform_fields = ["id", *(field.attname for field in model._meta.concrete_fields if field.name in hostile)]
    before = model._default_manager.filter(pk=record.pk).values(*platform_fields).get()

    response = api_world.client(principal).patch(RESOURCES[prefix].url(record.pk), hostile | change_for(prefix))

    assert response.status_code == 200, response.content.decode()
    assert model._default_manager.filter(pk=record.pk).values(*platform_fields).get() == before
    if "create" not in RESOURCES[prefix].actions:
        expected = platform_set(api_world)
        assert stored(model, record.pk, expected) == expected
