"""A posting's lifecycle: a draft opens only once it meets its city's internship rules (thresholds in data); it
closes when its enterprise stops recruiting (its open applications closed with a notice); an open posting's edits
keep it compliant; the platform admin closes postings, never opens them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.choices import NotificationKind
from accounts.models import Notification
from accounts.principals import principal_of
from common.audit import history_of
from enterprises.choices import PostingStatus
from enterprises.models import Posting
from partnerships.api.serializers import PostingSerializer
from partnerships.choices import ApplicationStatus
from partnerships.services import postings
from tests.accounts.factories import error_messages, signed_in
from tests.cities.factories import AcademicTermFactory, InternshipRulesFactory
from tests.colleges.factories import CollegeStaffFactory, ProgramFactory
from tests.enterprises.factories import EnterpriseFactory, EnterpriseStaffFactory, PostingFactory
from tests.partnerships.factories import ApplicationFactory

TODAY = timezone.localdate()
POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The audit trail is recorded by PostgreSQL triggers; the embedded SQLite default keeps none.",
)


@pytest.fixture
def enterprise(db):
    enterprise = EnterpriseFactory(name="Jinhe Robotics")
    # The factories' postings run from 30 to 120 days from today: inside this term.
    AcademicTermFactory(
        city=enterprise.city,
        name="This term",
        starts_on=TODAY + datetime.timedelta(days=10),
        ends_on=TODAY + datetime.timedelta(days=200),
    )
    return enterprise


@pytest.fixture
def staff(enterprise):
    return EnterpriseStaffFactory(enterprise=enterprise).user


@pytest.fixture
def enterprise_api(staff):
    return signed_in(staff)


@pytest.fixture
def draft(enterprise):
    return PostingFactory(enterprise=enterprise, title="Robot cell intern")


def action_url(posting, action: str) -> str:
    return reverse(f"api:posting-{action}", args=[posting.pk])


def status_of(posting) -> str:
    return Posting.objects.values_list("status", flat=True).get(pk=posting.pk)


# ------------------------------------------------------------------------------
# Opening: the compliance checks
# ------------------------------------------------------------------------------
def test_a_compliant_draft_opens_and_the_city_s_colleges_see_it(enterprise, enterprise_api, draft):
    college_api = signed_in(CollegeStaffFactory(college__city=enterprise.city).user)
    assert college_api.get(reverse("api:posting-detail", args=[draft.pk])).status_code == 404

    response = enterprise_api.post(action_url(draft, "open"))

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "open"
    assert status_of(draft) == PostingStatus.OPEN
    assert college_api.get(reverse("api:posting-detail", args=[draft.pk])).json()["status"] == "open"


# Each rule, broken alone: (the posting's values, the field, its message naming the limit and the value).
VIOLATIONS = [
    pytest.param(
        {"daily_hours": Decimal("9.0")},
        "daily_hours",
        "Interns work at most 8.0 hours a day; this posting asks for 9.0.",
        id="daily-hours",
    ),
    pytest.param(
        {"night_work": True},
        "night_work",
        "Interns may not work at night in this city; this posting includes night work.",
        id="night-work",
    ),
    pytest.param(
        {"insurance": False},
        "insurance",
        "Interns must be covered by liability insurance; this posting does not provide it.",
        id="insurance",
    ),
    pytest.param(
        {"stipend_monthly": Decimal("1999.99")},
        "stipend_monthly",
        "The monthly stipend is at least 2000.00 CNY in this city; this posting offers 1999.99 CNY.",
        id="stipend",
    ),
    pytest.param(
        {"minimum_age": 15},
        "minimum_age",
        "Interns are at least 16 years old; this posting accepts them from 15.",
        id="minimum-age",
    ),
    pytest.param(
        {"ends_on": TODAY + datetime.timedelta(days=201)},
        "non_field_errors",
        "An internship runs inside one academic term of the city; "
        f"{TODAY + datetime.timedelta(days=30)} to {TODAY + datetime.timedelta(days=201)} is not inside any.",
        id="outside-the-term",
    ),
    pytest.param(
        {"deadline": TODAY - datetime.timedelta(days=1)},
        "deadline",
        f"The deadline to apply, {TODAY - datetime.timedelta(days=1)}, has passed: set a later one.",
        id="deadline-passed",
    ),
]


@pytest.mark.parametrize(("values", "field", "message"), VIOLATIONS)
def test_each_broken_rule_is_refused_with_its_own_message_and_the_posting_stays_a_draft(
    enterprise, enterprise_api, values, field, message
):
    draft = PostingFactory(enterprise=enterprise, **values)

    response = enterprise_api.post(action_url(draft, "open"))

    assert (response.status_code, response.json()) == (400, {field: [message]})
    assert status_of(draft) == PostingStatus.DRAFT


def test_every_broken_rule_is_reported_at_once(enterprise, staff):
    draft = PostingFactory(
        enterprise=enterprise,
        daily_hours=Decimal("10.0"),
        night_work=True,
        insurance=False,
        stipend_monthly=Decimal("800.00"),
        minimum_age=14,
        ends_on=TODAY + datetime.timedelta(days=300),
    )

    with pytest.raises(ValidationError) as refusal:
        postings.posting_open(posting=draft, principal=principal_of(staff))

    assert {field: len(messages) for field, messages in refusal.value.message_dict.items()} == {
        "daily_hours": 1,
        "night_work": 1,
        "insurance": 1,
        "stipend_monthly": 1,
        "minimum_age": 1,
        "__all__": 1,
    }
    assert status_of(draft) == PostingStatus.DRAFT


def test_a_city_without_academic_terms_says_so(db):
    staff = EnterpriseStaffFactory().user
    draft = PostingFactory(enterprise=staff.enterprise_membership.enterprise)

    with pytest.raises(ValidationError) as refusal:
        postings.posting_open(posting=draft, principal=principal_of(staff))

    assert refusal.value.messages == [
        "The city has no academic terms recorded, so no internship can be placed in one yet: the city's officials "
        "keep its academic calendar on the platform; ask them to enter it."
    ]


def test_the_thresholds_are_each_city_s_data(enterprise, staff):
    """A stricter city: 6 hours, 3000 CNY, from 18; but night work allowed and insurance not required."""
    InternshipRulesFactory(
        city=enterprise.city,
        max_daily_hours=Decimal("6.0"),
        night_work_allowed=True,
        insurance_required=False,
        minimum_monthly_stipend=Decimal("3000.00"),
        minimum_age=18,
    )
    draft = PostingFactory(enterprise=enterprise, night_work=True, insurance=False)

    with pytest.raises(ValidationError) as refusal:
        postings.posting_open(posting=draft, principal=principal_of(staff))

    assert refusal.value.message_dict == {
        "daily_hours": ["Interns work at most 6.0 hours a day; this posting asks for 8.0."],
        "stipend_monthly": [
            "The monthly stipend is at least 3000.00 CNY in this city; this posting offers 2400.00 CNY."
        ],
        "minimum_age": ["Interns are at least 18 years old; this posting accepts them from 16."],
    }
    postings.posting_update(
        posting=draft, daily_hours=Decimal("6.0"), stipend_monthly=Decimal("3000.00"), minimum_age=18
    )
    assert postings.posting_open(posting=draft, principal=principal_of(staff)).status == PostingStatus.OPEN


@pytest.mark.parametrize("status", [PostingStatus.OPEN, PostingStatus.CLOSED, PostingStatus.FILLED])
def test_only_a_draft_opens(enterprise, enterprise_api, status):
    posting = PostingFactory(enterprise=enterprise, status=status)

    response = enterprise_api.post(action_url(posting, "open"))

    assert (response.status_code, error_messages(response)) == (
        409,
        [f"This posting is {status.label.lower()}: it cannot be opened (only a draft is)."],
    )
    assert status_of(posting) == status


def test_only_the_posting_s_enterprise_opens_or_closes_it(enterprise, draft):
    neighbour_api = signed_in(EnterpriseStaffFactory(enterprise__city=enterprise.city).user)
    open_posting = PostingFactory(enterprise=enterprise, status=PostingStatus.OPEN)
    college_api = signed_in(CollegeStaffFactory(college__city=enterprise.city).user)

    assert neighbour_api.post(action_url(draft, "open")).status_code == 404
    assert neighbour_api.post(action_url(open_posting, "close")).status_code == 404
    assert college_api.post(action_url(open_posting, "close")).status_code == 403
    assert (status_of(draft), status_of(open_posting)) == (PostingStatus.DRAFT, PostingStatus.OPEN)


# ------------------------------------------------------------------------------
# Closing
# ------------------------------------------------------------------------------
def test_closing_ends_the_open_applications_with_a_notice_to_their_colleges(enterprise, enterprise_api):
    posting = PostingFactory(enterprise=enterprise, status=PostingStatus.OPEN, title="Welding intern")
    college_staff = CollegeStaffFactory(college__city=enterprise.city)
    student_program = ProgramFactory(college=college_staff.college)
    applications = {
        status: ApplicationFactory(posting=posting, student__program=student_program, status=status)
        for status in ApplicationStatus
    }

    response = enterprise_api.post(action_url(posting, "close"))

    assert (response.status_code, response.json()["status"]) == (200, "closed")
    still_open = (ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.OFFERED)
    for status, application in applications.items():
        application.refresh_from_db()
        if status in still_open:
            assert (application.status, application.decision_reason) == (
                ApplicationStatus.CLOSED,
                "The enterprise closed this posting.",
            )
            assert application.decided_at is not None
        else:
            assert application.status == status
    [notice] = Notification.objects.filter(recipient=college_staff.user)
    assert (notice.kind, notice.title, notice.body) == (
        NotificationKind.APPLICATION_DECIDED,
        "3 applications to “Welding intern” were closed",
        "The enterprise closed this posting.",
    )


@pytest.mark.parametrize(
    ("status", "closes"),
    [
        (PostingStatus.OPEN, True),
        (PostingStatus.FILLED, True),
        (PostingStatus.DRAFT, False),
        (PostingStatus.CLOSED, False),
    ],
)
def test_an_open_or_filled_posting_closes_a_draft_or_closed_one_does_not(enterprise, enterprise_api, status, closes):
    posting = PostingFactory(enterprise=enterprise, status=status)

    response = enterprise_api.post(action_url(posting, "close"))

    if closes:
        assert response.status_code == 200
        assert status_of(posting) == PostingStatus.CLOSED
    else:
        assert (response.status_code, error_messages(response)) == (
            409,
            [
                f"This posting is {status.label.lower()}: it cannot be closed (only an open or filled one is; a "
                "draft is deleted instead)."
            ],
        )
        assert status_of(posting) == status


# ------------------------------------------------------------------------------
# Editing an open posting
# ------------------------------------------------------------------------------
@pytest.fixture
def open_posting(enterprise, staff, draft):
    return postings.posting_open(posting=draft, principal=principal_of(staff))


def test_an_open_posting_s_edit_that_breaks_a_rule_is_refused(enterprise_api, open_posting):
    url = reverse("api:posting-detail", args=[open_posting.pk])

    harmless = enterprise_api.patch(url, {"title": "Robot cell technician"})
    breaking = enterprise_api.patch(url, {"daily_hours": "9.5", "title": "Night shift"})

    assert (harmless.status_code, harmless.json()["title"]) == (200, "Robot cell technician")
    assert (breaking.status_code, breaking.json()) == (
        400,
        {"daily_hours": ["Interns work at most 8.0 hours a day; this posting asks for 9.5."]},
    )
    open_posting.refresh_from_db()
    assert (open_posting.title, open_posting.daily_hours) == ("Robot cell technician", Decimal("8.0"))


def test_an_open_posting_keeps_a_free_slot_and_a_deadline_to_come(enterprise_api, open_posting):
    Posting.objects.filter(pk=open_posting.pk).update(filled_slots=3)  # as three acceptances would
    url = reverse("api:posting-detail", args=[open_posting.pk])

    no_free_slot = enterprise_api.patch(url, {"slots": 3})
    past_deadline = enterprise_api.patch(url, {"deadline": str(TODAY - datetime.timedelta(days=1))})
    more_slots = enterprise_api.patch(url, {"slots": 8})

    assert (no_free_slot.status_code, no_free_slot.json()) == (
        400,
        {"slots": ["An open posting needs more slots than the 3 already taken; close it to stop recruiting."]},
    )
    assert past_deadline.json() == {
        "deadline": [f"The deadline to apply, {TODAY - datetime.timedelta(days=1)}, has passed: set a later one."]
    }
    assert (more_slots.status_code, more_slots.json()["slots"], more_slots.json()["filled_slots"]) == (200, 8, 3)


def test_a_stricter_rule_does_not_block_an_edit_that_leaves_the_ruled_values_alone(enterprise_api, open_posting):
    """The city raised its stipend floor after the posting opened: its title can still be fixed (the whole row sent
    back unchanged, as a PUT does), but its stipend changes only to one the new floor allows."""
    InternshipRulesFactory(city=open_posting.enterprise.city, minimum_monthly_stipend=Decimal("2500.00"))
    url = reverse("api:posting-detail", args=[open_posting.pk])
    row = enterprise_api.get(url).json()
    writable = [name for name, field in PostingSerializer().fields.items() if not field.read_only]

    retitled = enterprise_api.put(url, {**{name: row[name] for name in writable}, "title": "Robot cell intern II"})
    still_low = enterprise_api.patch(url, {"stipend_monthly": "2450.00"})

    assert retitled.status_code == 200, retitled.json()
    assert still_low.json() == {
        "stipend_monthly": [
            "The monthly stipend is at least 2500.00 CNY in this city; this posting offers 2450.00 CNY."
        ]
    }


@pytest.mark.parametrize("status", [PostingStatus.CLOSED, PostingStatus.FILLED])
def test_a_closed_or_filled_posting_is_no_longer_edited(enterprise, enterprise_api, status):
    posting = PostingFactory(enterprise=enterprise, status=status)

    response = enterprise_api.patch(reverse("api:posting-detail", args=[posting.pk]), {"title": "Renamed"})

    assert (response.status_code, error_messages(response)) == (
        409,
        [f"This posting is {status.label.lower()}: it cannot be edited (only a draft or an open one is)."],
    )


# ------------------------------------------------------------------------------
# The audit trail
# ------------------------------------------------------------------------------
@POSTGRESQL_ONLY
def test_opening_and_closing_are_recorded_with_who_did_them(enterprise_api, staff, draft):
    enterprise_api.post(action_url(draft, "open"))
    enterprise_api.post(action_url(draft, "close"))

    *_, opened, closed = history_of(draft)
    assert (opened.changes["status"], opened.actor_id) == ({"before": "draft", "after": "open"}, staff.pk)
    assert (closed.changes["status"], closed.actor_id) == ({"before": "open", "after": "closed"}, staff.pk)


# ------------------------------------------------------------------------------
# The admin
# ------------------------------------------------------------------------------
def changelist_action(client, action: str, postings, **fields):
    return client.post(
        reverse("admin:enterprises_posting_changelist"),
        {"action": action, "_selected_action": [posting.pk for posting in postings], **fields},
        follow=True,
    )


def test_the_admin_closes_postings_through_the_service_and_says_what_it_could_not(
    client, admin_user, enterprise, draft
):
    open_posting = PostingFactory(enterprise=enterprise, status=PostingStatus.OPEN, title="Assembly intern")
    application = ApplicationFactory(posting=open_posting)
    client.force_login(admin_user)

    response = changelist_action(client, "close_postings", [open_posting, draft])

    assert status_of(open_posting) == PostingStatus.CLOSED
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (
        ApplicationStatus.CLOSED,
        "The platform closed this posting.",
    )
    assert status_of(draft) == PostingStatus.DRAFT
    assert [str(message) for message in response.context["messages"]] == [
        f"{draft}: This posting is draft: it cannot be closed (only an open or filled one is; a draft is deleted "
        "instead).",
        "Done for 1 row.",
    ]


def test_the_admin_closes_postings_but_has_no_action_to_open_one(client, admin_user, draft):
    client.force_login(admin_user)

    response = client.get(reverse("admin:enterprises_posting_changelist"))

    actions = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert "close_postings" in actions
    assert not any("open" in action for action in actions)


def test_in_the_admin_the_status_and_counter_are_read_only_and_an_open_posting_s_rules_too(
    client, admin_user, enterprise, open_posting
):
    draft = PostingFactory(enterprise=enterprise)
    client.force_login(admin_user)

    draft_form = client.get(reverse("admin:enterprises_posting_change", args=[draft.pk])).context["adminform"].form
    open_form = client.get(reverse("admin:enterprises_posting_change", args=[open_posting.pk]))
    changed = client.post(
        reverse("admin:enterprises_posting_change", args=[open_posting.pk]),
        {
            "kind": open_posting.kind,
            "title": "Retitled by the platform",
            "sector": open_posting.sector_id,
            "created_at_0": timezone.localtime(open_posting.created_at).date(),
            "created_at_1": timezone.localtime(open_posting.created_at).time(),
        },
    )

    assert {"status", "filled_slots"}.isdisjoint(draft_form.fields)
    assert {"daily_hours", "stipend_monthly"} <= set(draft_form.fields)
    assert {"daily_hours", "stipend_monthly", "slots", "deadline", "enterprise"}.isdisjoint(
        open_form.context["adminform"].form.fields
    )
    assert changed.status_code == 302
    open_posting.refresh_from_db()
    assert (open_posting.title, open_posting.status) == ("Retitled by the platform", PostingStatus.OPEN)


def test_a_closed_posting_s_admin_page_is_read_only(client, admin_user, enterprise):
    closed = PostingFactory(enterprise=enterprise, status=PostingStatus.CLOSED)
    client.force_login(admin_user)

    response = client.get(reverse("admin:enterprises_posting_change", args=[closed.pk]))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
