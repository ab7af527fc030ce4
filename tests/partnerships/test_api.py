"""Training bases, agreements with their commitments and milestones, council seats, applications and placements."""

import pytest

from partnerships.models import Application, CooperationAgreement, TrainingBase
from tests.accounts.factories import error_messages, signed_in
from tests.cities.factories import CityOfficialFactory, DivisionFactory
from tests.colleges.factories import CollegeFactory, CollegeStaffFactory, StudentFactory
from tests.enterprises.factories import EnterpriseFactory, EnterpriseStaffFactory, PostingFactory
from tests.partnerships.factories import (
    ApplicationFactory,
    CommitmentFactory,
    CooperationAgreementFactory,
    CouncilSeatFactory,
    MilestoneFactory,
    PlacementFactory,
    TrainingBaseFactory,
)

HOSTS_MATCH_KIND = (
    "In-school bases have a host college only, off-campus ones a host enterprise only, co-built ones both, "
    "public ones neither."
)


@pytest.fixture
def college(db):
    return CollegeFactory(name="Suzhou Vocational College")


@pytest.fixture
def enterprise(college):
    """An enterprise of the college's city."""
    return EnterpriseFactory(city=college.city, name="Suzhou Precision Robotics")


@pytest.fixture
def college_staff(college):
    return CollegeStaffFactory(college=college)


@pytest.fixture
def college_api(college_staff):
    return signed_in(college_staff.user)


@pytest.fixture
def enterprise_api(enterprise):
    return signed_in(EnterpriseStaffFactory(enterprise=enterprise).user)


@pytest.fixture
def agreement(college, enterprise):
    """A draft agreement between the college and the enterprise."""
    return CooperationAgreementFactory(college=college, enterprise=enterprise)


@pytest.fixture
def active_agreement(college, enterprise):
    return CooperationAgreementFactory(college=college, enterprise=enterprise, active=True)


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def does_not_exist(pk) -> list[str]:
    return [f'Invalid pk "{pk}" - object does not exist.']


# ------------------------------------------------------------------------------
# Training bases
# ------------------------------------------------------------------------------
def base_body(**overrides) -> dict:
    return {"name": "Robotics Training Centre", "kind": "in_school", "stations": 40, **overrides}


def test_college_staff_register_read_change_and_delete_an_in_school_base(college, college_api):
    DivisionFactory(code="39")

    created = college_api.post("/api/v1/training-bases/", base_body(sectors=["39"]))

    assert created.status_code == 201, created.json()
    base = created.json()
    assert (base["host_college"], base["city"], base["host_enterprise"]) == (college.pk, college.city_id, None)
    assert (base["sectors"], base["equipment_value"]) == (["39"], "0.00")
    url = f"/api/v1/training-bases/{base['id']}/"
    assert college_api.get(url).json() == base
    assert college_api.patch(url, {"stations": 60}).json()["stations"] == 60
    assert error_messages(college_api.patch(url, {"kind": "public"})) == [HOSTS_MATCH_KIND]
    assert college_api.delete(url).status_code == 204
    assert not TrainingBase.objects.exists()


def test_a_co_built_base_needs_a_host_enterprise_of_the_city(college, enterprise, college_api):
    elsewhere = EnterpriseFactory()

    created = college_api.post("/api/v1/training-bases/", base_body(kind="co_built", host_enterprise=enterprise.pk))
    missing = college_api.post("/api/v1/training-bases/", base_body(name="Second", kind="co_built"))
    foreign = college_api.post("/api/v1/training-bases/", base_body(kind="co_built", host_enterprise=elsewhere.pk))

    assert created.status_code == 201
    assert (created.json()["host_college"], created.json()["host_enterprise"]) == (college.pk, enterprise.pk)
    assert (missing.status_code, error_messages(missing)) == (400, [HOSTS_MATCH_KIND])
    assert (foreign.status_code, foreign.json()) == (400, {"host_enterprise": does_not_exist(elsewhere.pk)})


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"kind": "public"}, id="public"),
        pytest.param({"kind": "off_campus"}, id="off-campus"),
        pytest.param({"kind": "in_school", "host_enterprise": "enterprise"}, id="in-school-with-an-enterprise"),
        pytest.param(
            {"kind": "off_campus", "host_enterprise": "enterprise"},
            id="off-campus-with-an-enterprise",
        ),
    ],
)
def test_a_college_registers_only_the_bases_it_hosts(enterprise, college_api, overrides):
    if overrides.get("host_enterprise"):
        overrides["host_enterprise"] = enterprise.pk

    response = college_api.post("/api/v1/training-bases/", base_body(**overrides))

    assert response.status_code == 400
    assert error_messages(response) == [HOSTS_MATCH_KIND]
    assert not TrainingBase.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"stations": 0}, "A training base has at least one station.", id="stations"),
        pytest.param({"equipment_value": "-1"}, "The equipment value cannot be negative.", id="equipment-value"),
        pytest.param({"sectors": ["ZZ"]}, "Object with code=ZZ does not exist.", id="unknown-sector"),
        pytest.param({"name": "Shared"}, "Training base with this City and Name already exists.", id="same-name"),
    ],
)
def test_an_invalid_base_is_refused(college, college_api, overrides, message):
    TrainingBaseFactory(city=college.city, name="Shared")

    response = college_api.post("/api/v1/training-bases/", base_body(**overrides))

    assert (response.status_code, error_messages(response)) == (400, [message])


@pytest.mark.parametrize("used_by", ["agreement", "posting"])
def test_a_base_that_agreements_or_postings_refer_to_cannot_be_deleted(college, enterprise, college_api, used_by):
    base = TrainingBaseFactory(city=college.city, kind="in_school", host_college=college)
    if used_by == "agreement":
        CooperationAgreementFactory(college=college, enterprise=enterprise, training_base=base)
    else:
        PostingFactory(enterprise=enterprise, training_base=base)

    response = college_api.delete(f"/api/v1/training-bases/{base.pk}/")

    assert response.status_code == 409
    assert TrainingBase.objects.filter(pk=base.pk).exists()


def test_only_the_hosting_college_changes_a_base_and_enterprises_register_none(college, enterprise, enterprise_api):
    neighbours_base = TrainingBaseFactory(city=college.city, kind="in_school", host_college=college)
    other_staff = signed_in(CollegeStaffFactory(college__city=college.city).user)

    assert other_staff.patch(f"/api/v1/training-bases/{neighbours_base.pk}/", {"stations": 1}).status_code == 403
    assert enterprise_api.post("/api/v1/training-bases/", base_body()).status_code == 403


def test_training_bases_filter_by_kind_host_sector_stations_and_text(college, enterprise, college_api):
    in_school = TrainingBaseFactory(city=college.city, kind="in_school", host_college=college, name="Gusu Robotics")
    in_school.sectors.set([DivisionFactory(code="39")])
    public = TrainingBaseFactory(city=college.city, stations=200)
    off_campus = TrainingBaseFactory(city=college.city, kind="off_campus", host_enterprise=enterprise, stations=10)

    def found(**params):
        return sorted(ids(college_api.get("/api/v1/training-bases/", params)))

    assert found(kind="public") == [public.pk]
    assert found(host_college=college.pk) == [in_school.pk]
    assert found(host_enterprise=enterprise.pk) == [off_campus.pk]
    assert found(sector="39") == [in_school.pk]
    assert found(min_stations=100) == [public.pk]
    assert found(q="gusu robotics") == [in_school.pk]
    assert college_api.get("/api/v1/training-bases/", {"kind": "mobile"}).status_code == 400
    assert college_api.get("/api/v1/training-bases/", {"min_stations": "many"}).status_code == 400


# ------------------------------------------------------------------------------
# Agreements
# ------------------------------------------------------------------------------
def agreement_body(**overrides) -> dict:
    return {
        "kind": "order_class",
        "title": "Robotics order class 2026",
        "starts_on": "2026-09-01",
        "ends_on": "2029-06-30",
        **overrides,
    }


def test_college_staff_start_read_change_and_delete_a_draft_agreement(college, enterprise, college_api):
    created = college_api.post("/api/v1/agreements/", agreement_body(counterparty=enterprise.pk))

    assert created.status_code == 201, created.json()
    agreement = created.json()
    assert (agreement["college"], agreement["enterprise"]) == (college.pk, enterprise.pk)
    assert (agreement["status"], agreement["proposer_party"], agreement["proposed_at"]) == ("draft", "", None)
    assert "counterparty" not in agreement
    url = f"/api/v1/agreements/{agreement['id']}/"
    assert college_api.get(url).json() == agreement
    assert college_api.patch(url, {"summary": "30 students a year."}).json()["summary"] == "30 students a year."
    CommitmentFactory(agreement=CooperationAgreement.objects.get(pk=agreement["id"]))
    assert college_api.delete(url).status_code == 204
    assert not CooperationAgreement.objects.exists()


def test_enterprise_staff_start_an_agreement_with_a_college_of_their_city(college, enterprise, enterprise_api):
    created = enterprise_api.post("/api/v1/agreements/", agreement_body(counterparty=college.pk))

    assert created.status_code == 201
    assert (created.json()["college"], created.json()["enterprise"]) == (college.pk, enterprise.pk)


@pytest.mark.parametrize(
    ("counterparty", "message"),
    [
        pytest.param("elsewhere", "No such organisation in your city to cooperate with.", id="another-city"),
        pytest.param(987654, "No such organisation in your city to cooperate with.", id="nonexistent"),
        pytest.param("a college", "A valid integer is required.", id="not-an-id"),
        pytest.param(None, "This field may not be null.", id="null"),
        pytest.param("missing", "Name the other party of the agreement.", id="missing"),
    ],
)
def test_an_agreement_needs_a_counterparty_of_the_callers_city(college_api, counterparty, message):
    body = agreement_body()
    if counterparty == "elsewhere":
        body["counterparty"] = EnterpriseFactory().pk
    elif counterparty != "missing":
        body["counterparty"] = counterparty

    response = college_api.post("/api/v1/agreements/", body)

    assert (response.status_code, response.json()) == (400, {"counterparty": [message]})
    assert not CooperationAgreement.objects.exists()


def test_the_parties_of_an_agreement_cannot_change(enterprise, college_api, agreement):
    other = EnterpriseFactory(city=enterprise.city)

    response = college_api.patch(f"/api/v1/agreements/{agreement.pk}/", {"counterparty": other.pk})

    assert response.status_code == 400
    assert response.json() == {"counterparty": ["The parties of an agreement cannot change; start a new one."]}
    agreement.refresh_from_db()
    assert agreement.enterprise_id == enterprise.pk


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param({"ends_on": "2026-08-31"}, None, "An agreement ends after it starts.", id="end-before-start"),
        pytest.param({"kind": "merger"}, "kind", '"merger" is not a valid choice.', id="kind"),
        pytest.param({"title": ""}, "title", "This field may not be blank.", id="title"),
    ],
)
def test_an_agreement_with_invalid_terms_is_refused(enterprise, college_api, overrides, field, message):
    response = college_api.post("/api/v1/agreements/", agreement_body(counterparty=enterprise.pk, **overrides))

    assert (response.status_code, error_messages(response)) == (400, [message])
    if field:
        assert list(response.json()) == [field]


def test_an_agreement_cannot_use_a_training_base_of_another_city(enterprise, college_api):
    base = TrainingBaseFactory()

    response = college_api.post(
        "/api/v1/agreements/", agreement_body(counterparty=enterprise.pk, training_base=base.pk)
    )

    assert response.json() == {"training_base": does_not_exist(base.pk)}


EDITED_DIRECTLY = (
    "This cooperation agreement is active: it cannot be edited directly (an active agreement changes by amendment)."
)


@pytest.mark.parametrize("party", ["college", "enterprise"])
def test_an_active_agreement_is_neither_edited_nor_deleted_directly(college, enterprise, request, party):
    agreement = CooperationAgreementFactory(college=college, enterprise=enterprise, active=True)
    api = request.getfixturevalue(f"{party}_api")
    url = f"/api/v1/agreements/{agreement.pk}/"

    changed = api.patch(url, {"title": "Renamed"})
    deleted = api.delete(url)

    assert (changed.status_code, changed.json()) == (
        409,
        {"detail": EDITED_DIRECTLY},
    )
    assert (deleted.status_code, deleted.json()) == (
        409,
        {"detail": "This cooperation agreement is active: it cannot be deleted (only a draft is)."},
    )
    agreement.refresh_from_db()
    assert agreement.title != "Renamed"


def test_editing_a_proposed_agreement_takes_it_back_to_a_draft(college, enterprise, college_api):
    agreement = CooperationAgreementFactory(college=college, enterprise=enterprise, proposed=True)

    changed = college_api.patch(f"/api/v1/agreements/{agreement.pk}/", {"title": "Renamed"})

    assert (changed.status_code, changed.json()["status"], changed.json()["title"]) == (200, "draft", "Renamed")
    assert (changed.json()["proposer_party"], changed.json()["proposed_at"]) == ("", None)


def test_agreements_filter_by_status_kind_sector_date_and_text(college, enterprise, agreement, active_agreement):
    motor_maker = EnterpriseFactory(city=college.city, sector=DivisionFactory(code="38"))
    apprenticeship = CooperationAgreementFactory(
        college=college,
        enterprise=motor_maker,
        kind="modern_apprenticeship",
        title="Apprenticeship in motor assembly",
        starts_on="2030-01-01",
        ends_on="2031-01-01",
    )
    api = signed_in(CityOfficialFactory(city=college.city).user)

    def found(**params):
        return sorted(ids(api.get("/api/v1/agreements/", params)))

    assert found(status="active") == [active_agreement.pk]
    assert found(kind="modern_apprenticeship") == [apprenticeship.pk]
    assert found(sector="38") == [apprenticeship.pk]
    assert found(active_on="2030-06-01") == [apprenticeship.pk]
    assert found(q="motor assembly") == [apprenticeship.pk]
    assert found(enterprise=enterprise.pk) == sorted([agreement.pk, active_agreement.pk])
    assert api.get("/api/v1/agreements/", {"status": "signed"}).status_code == 400
    assert api.get("/api/v1/agreements/", {"active_on": "today"}).json() == {"active_on": ["Enter a valid date."]}


# ------------------------------------------------------------------------------
# Commitments and milestones: the terms of a draft agreement
# ------------------------------------------------------------------------------
TERMS = {
    "commitments": ({"party": "enterprise", "kind": "slots", "amount": "30.00"}, {"amount": "40.00"}),
    "milestones": ({"title": "First intake", "due_on": "2026-10-15"}, {"due_on": "2026-11-01"}),
}
TERM_FACTORIES = {"commitments": CommitmentFactory, "milestones": MilestoneFactory}


@pytest.mark.parametrize("resource", TERMS)
@pytest.mark.parametrize("party", ["college", "enterprise"])
def test_either_party_sets_the_terms_of_a_draft(request, agreement, resource, party):
    api = request.getfixturevalue(f"{party}_api")
    body, changes = TERMS[resource]

    created = api.post(f"/api/v1/{resource}/", {"agreement": agreement.pk, **body})

    assert created.status_code == 201, created.json()
    assert created.json() == {**created.json(), "agreement": agreement.pk, **body}
    url = f"/api/v1/{resource}/{created.json()['id']}/"
    assert api.get(url).json() == created.json()
    assert api.patch(url, changes).json() == {**created.json(), **changes}
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


@pytest.mark.parametrize("resource", TERMS)
def test_the_terms_of_an_agreement_past_draft_cannot_change(college_api, active_agreement, resource):
    body, changes = TERMS[resource]
    existing = TERM_FACTORIES[resource](agreement=active_agreement)
    url = f"/api/v1/{resource}/{existing.pk}/"

    created = college_api.post(f"/api/v1/{resource}/", {"agreement": active_agreement.pk, **body})
    changed = college_api.patch(url, changes)
    deleted = college_api.delete(url)

    for response in (created, changed, deleted):
        assert response.status_code == 409
        assert response.json()["detail"].startswith(
            "This cooperation agreement is active: it cannot be edited directly"
        )
    assert type(existing).objects.filter(agreement=active_agreement).count() == 1


@pytest.mark.parametrize("resource", TERMS)
def test_a_term_cannot_be_moved_onto_an_agreement_past_draft(college_api, agreement, active_agreement, resource):
    term = TERM_FACTORIES[resource](agreement=agreement)

    response = college_api.patch(f"/api/v1/{resource}/{term.pk}/", {"agreement": active_agreement.pk})

    assert response.status_code == 409
    term.refresh_from_db()
    assert term.agreement_id == agreement.pk


@pytest.mark.parametrize("resource", TERMS)
def test_terms_refer_only_to_the_callers_agreements(college, college_api, resource):
    body, _ = TERMS[resource]
    neighbours = CooperationAgreementFactory(college=CollegeFactory(city=college.city))

    response = college_api.post(f"/api/v1/{resource}/", {"agreement": neighbours.pk, **body})

    assert (response.status_code, response.json()) == (400, {"agreement": does_not_exist(neighbours.pk)})


@pytest.mark.parametrize(
    ("resource", "changes", "message"),
    [
        pytest.param("commitments", {"amount": "0"}, "A commitment promises more than 0.", id="no-amount"),
        pytest.param("commitments", {"party": "city"}, '"city" is not a valid choice.', id="party"),
        pytest.param("milestones", {"due_on": "next week"}, None, id="due-on"),
        pytest.param("milestones", {"title": ""}, "This field may not be blank.", id="no-title"),
    ],
)
def test_invalid_terms_are_refused(college_api, agreement, resource, changes, message):
    body, _ = TERMS[resource]

    response = college_api.post(f"/api/v1/{resource}/", {"agreement": agreement.pk, **body, **changes})

    assert response.status_code == 400
    if message:
        assert error_messages(response) == [message]


def test_terms_filter_by_agreement_party_kind_and_due_date(college_api, agreement, active_agreement):
    money = CommitmentFactory(agreement=agreement, party="college", kind="money")
    CommitmentFactory(agreement=active_agreement)
    due_soon = MilestoneFactory(agreement=agreement, due_on="2026-10-01")
    MilestoneFactory(agreement=agreement, due_on="2027-10-01")

    assert ids(college_api.get("/api/v1/commitments/", {"agreement": agreement.pk})) == [money.pk]
    assert ids(college_api.get("/api/v1/commitments/", {"party": "college", "kind": "money"})) == [money.pk]
    assert ids(college_api.get("/api/v1/milestones/", {"due_before": "2027-01-01", "done": False})) == [due_soon.pk]
    assert college_api.get("/api/v1/commitments/", {"kind": "gold"}).status_code == 400
    assert college_api.get("/api/v1/milestones/", {"agreement": "first"}).status_code == 400


# ------------------------------------------------------------------------------
# Council seats
# ------------------------------------------------------------------------------
def seat_body(enterprise) -> dict:
    return {
        "enterprise": enterprise.pk,
        "representative_name": "张伟",
        "role": "vice_chair",
        "started_on": "2026-01-01",
    }


def test_college_staff_record_change_and_end_a_council_seat(college, enterprise, college_api):
    created = college_api.post("/api/v1/council-seats/", seat_body(enterprise))

    assert created.status_code == 201
    assert (created.json()["college"], created.json()["enterprise"]) == (college.pk, enterprise.pk)
    url = f"/api/v1/council-seats/{created.json()['id']}/"
    assert college_api.patch(url, {"ended_on": "2027-12-31"}).json()["ended_on"] == "2027-12-31"
    ended_early = college_api.patch(url, {"ended_on": "2025-12-31"})
    assert (ended_early.status_code, error_messages(ended_early)) == (
        400,
        ["A council seat ends on or after it starts."],
    )
    assert college_api.delete(url).status_code == 204


def test_a_council_seat_is_refused_for_an_enterprise_of_another_city_or_twice(college, enterprise, college_api):
    elsewhere = EnterpriseFactory()
    CouncilSeatFactory(college=college, enterprise=enterprise, representative_name="张伟", started_on="2026-01-01")

    foreign = college_api.post("/api/v1/council-seats/", seat_body(elsewhere))
    twice = college_api.post("/api/v1/council-seats/", seat_body(enterprise))

    assert (foreign.status_code, foreign.json()) == (400, {"enterprise": does_not_exist(elsewhere.pk)})
    assert twice.status_code == 400
    assert error_messages(twice) == [
        "Council seat with this College, Enterprise, Representative name and Started on already exists."
    ]


def test_council_seats_filter_by_current_role_and_text(college, enterprise, college_api):
    chair = CouncilSeatFactory(college=college, enterprise=enterprise, role="chair", representative_name="王芳")
    CouncilSeatFactory(college=college, enterprise=enterprise, ended_on="2026-01-01")

    assert ids(college_api.get("/api/v1/council-seats/", {"current": True})) == [chair.pk]
    assert ids(college_api.get("/api/v1/council-seats/", {"role": "chair", "q": "王"})) == [chair.pk]
    assert college_api.get("/api/v1/council-seats/", {"role": "king"}).status_code == 400


# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
@pytest.fixture
def student(college):
    return StudentFactory(program__college=college)


@pytest.fixture
def open_posting(enterprise):
    return PostingFactory(enterprise=enterprise, status="open")


def test_a_college_applies_for_its_student_to_an_open_posting_of_its_city(
    college_staff, college_api, student, open_posting
):
    created = college_api.post(
        "/api/v1/applications/", {"student": student.pk, "posting": open_posting.pk, "note": "Top of the class."}
    )

    assert created.status_code == 201, created.json()
    application = created.json()
    assert (application["status"], application["decided_at"], application["note"]) == (
        "submitted",
        None,
        "Top of the class.",
    )
    assert application["student_summary"]["id"] == student.pk
    assert Application.objects.get().submitted_by == college_staff.user
    assert college_api.get(f"/api/v1/applications/{application['id']}/").json() == application


def test_applying_twice_to_the_same_posting_is_a_400(college_api, student, open_posting):
    """A 400, not a 409: the serializer's validator (from the unique constraint) refuses the input itself."""
    ApplicationFactory(student=student, posting=open_posting)

    response = college_api.post("/api/v1/applications/", {"student": student.pk, "posting": open_posting.pk})

    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["This student has already applied to this posting."]},
    )


@pytest.mark.parametrize("status", ["draft", "closed", "filled"])
def test_a_posting_that_is_not_open_does_not_exist_for_a_college(college_api, enterprise, student, status):
    """A 400 on ``posting``, not a 409: colleges see only the open postings of their city (docs/permissions.md)."""
    posting = PostingFactory(enterprise=enterprise, status=status)

    response = college_api.post("/api/v1/applications/", {"student": student.pk, "posting": posting.pk})

    assert (response.status_code, response.json()) == (400, {"posting": does_not_exist(posting.pk)})


def test_a_college_cannot_apply_for_another_colleges_student_or_to_another_citys_posting(
    college, college_api, student, open_posting
):
    neighbours_student = StudentFactory(program__college__city=college.city)
    far_posting = PostingFactory(status="open")

    for body, field, pk in [
        ({"student": neighbours_student.pk, "posting": open_posting.pk}, "student", neighbours_student.pk),
        ({"student": student.pk, "posting": far_posting.pk}, "posting", far_posting.pk),
    ]:
        response = college_api.post("/api/v1/applications/", body)
        assert (response.status_code, response.json()) == (400, {field: does_not_exist(pk)})
    assert not Application.objects.exists()


def test_an_application_is_never_edited_or_deleted_directly(college_api, student, open_posting):
    application = ApplicationFactory(student=student, posting=open_posting)
    url = f"/api/v1/applications/{application.pk}/"

    assert college_api.patch(url, {"status": "accepted"}).status_code == 405
    assert college_api.delete(url).status_code == 405


def test_applications_are_paginated_by_cursor_and_filtered(college_api, student, open_posting):
    older = ApplicationFactory(student=student, posting=open_posting, status="rejected")
    newer = ApplicationFactory.create_batch(2, student__program=student.program, posting=open_posting)

    first = college_api.get("/api/v1/applications/", {"page_size": 2})
    rest = college_api.get(first.json()["next"])

    assert ids(first) == [newer[1].pk, newer[0].pk]
    assert (ids(rest), rest.json()["next"]) == ([older.pk], None)
    assert ids(college_api.get(rest.json()["previous"])) == ids(first)
    assert ids(college_api.get("/api/v1/applications/", {"status": "rejected"})) == [older.pk]
    assert ids(college_api.get("/api/v1/applications/", {"student": student.pk})) == [older.pk]
    assert college_api.get("/api/v1/applications/", {"cursor": "garbage"}).status_code == 404
    assert college_api.get("/api/v1/applications/", {"status": "bogus"}).status_code == 400
    assert college_api.get("/api/v1/applications/", {"submitted_after": "monday"}).status_code == 400


# ------------------------------------------------------------------------------
# Placements (created and moved on by workflow actions only)
# ------------------------------------------------------------------------------
def test_placements_are_read_only_paginated_by_cursor_and_filtered(college, college_api, student, open_posting):
    active = PlacementFactory(student=student, posting=open_posting)
    completed = PlacementFactory(student__program=student.program, posting=open_posting, completed=True)
    PlacementFactory()  # another city's

    listed = college_api.get("/api/v1/placements/", {"page_size": 1})

    assert "count" not in listed.json()
    assert ids(listed) == [completed.pk]
    assert ids(college_api.get(listed.json()["next"])) == [active.pk]
    assert ids(college_api.get("/api/v1/placements/", {"status": "active"})) == [active.pk]
    assert ids(college_api.get("/api/v1/placements/", {"posting": open_posting.pk, "status": "completed"})) == [
        completed.pk
    ]
    assert college_api.get("/api/v1/placements/", {"status": "bogus"}).status_code == 400
    assert college_api.post("/api/v1/placements/", {"student": student.pk}).status_code == 405
    assert college_api.patch(f"/api/v1/placements/{active.pk}/", {"status": "completed"}).status_code == 405
