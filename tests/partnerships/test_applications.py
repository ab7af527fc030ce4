"""Applications become placements: a college applies for its student; the enterprise shortlists, offers or rejects;
the college withdraws, accepts or declines; an accepted offer is a placement that completes or is cancelled. Every
illegal step is a 409 that changes nothing; the counterparty is told of each decision; the last slot fills the
posting and closes its other applications."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.choices import NotificationKind
from accounts.models import Notification
from accounts.principals import principal_of
from colleges.choices import StudentStatus
from common.audit import history_of
from common.exceptions import BusinessRuleViolation
from enterprises.choices import PostingStatus
from enterprises.models import Posting
from partnerships.choices import ApplicationStatus, PlacementStatus
from partnerships.models import Application, Placement
from partnerships.services import applications as services
from tests.accounts.factories import error_messages, signed_in
from tests.cities.factories import CityOfficialFactory
from tests.colleges.factories import CollegeStaffFactory, ProgramFactory, StudentFactory, national_id
from tests.enterprises.factories import EnterpriseFactory, EnterpriseStaffFactory, PostingFactory
from tests.partnerships.factories import ApplicationFactory

TODAY = timezone.localdate()
POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The audit trail is recorded by PostgreSQL triggers; the embedded SQLite default keeps none.",
)


@pytest.fixture
def college_staff(db):
    return CollegeStaffFactory().user


@pytest.fixture
def program(college_staff):
    return ProgramFactory(college=college_staff.college_membership.college)


@pytest.fixture
def enterprise_staff(program):
    return EnterpriseStaffFactory(enterprise=EnterpriseFactory(city=program.college.city)).user


@pytest.fixture
def college(college_staff):
    return principal_of(college_staff)


@pytest.fixture
def enterprise(enterprise_staff):
    return principal_of(enterprise_staff)


@pytest.fixture
def posting(enterprise):
    return PostingFactory(enterprise_id=enterprise.enterprise_id, status=PostingStatus.OPEN, slots=2, title="Welder")


@pytest.fixture
def student(program):
    return StudentFactory(program=program, name="王小明")


def application_in(posting, program, status=ApplicationStatus.SUBMITTED) -> Application:
    return ApplicationFactory(posting=posting, student=StudentFactory(program=program), status=status)


def accepted(posting, program, college) -> Placement:
    """A placement made the way users make one: an offer, accepted."""
    application = application_in(posting, program, ApplicationStatus.OFFERED)
    services.application_accept(application=application, principal=college)
    return application.placement


def notices(user) -> list[tuple[str, str, str]]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", "title", "body"))


def action_url(record, action: str) -> str:
    return reverse(f"api:{record._meta.model_name}-{action}", args=[record.pk])


# ------------------------------------------------------------------------------
# Applying
# ------------------------------------------------------------------------------
def test_a_college_applies_and_the_enterprise_is_told(college_staff, enterprise_staff, posting, student):
    response = signed_in(college_staff).post(
        reverse("api:application-list"), {"student": student.pk, "posting": posting.pk, "note": "Top welder."}
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["status"], response.json()["decision_reason"]) == ("submitted", "")
    assert Application.objects.get().submitted_by == college_staff
    assert notices(enterprise_staff) == [(NotificationKind.APPLICATION_RECEIVED, "A student applied to “Welder”", "")]


def born_years_before(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years) + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        pytest.param(
            lambda posting, student: setattr(student, "status", StudentStatus.GRADUATED),
            "This student is graduated: only enrolled students apply and take placements.",
            id="not-enrolled",
        ),
        pytest.param(
            lambda posting, student: setattr(posting, "status", PostingStatus.CLOSED),
            "This posting is closed: it cannot be applied to (only an open one is).",
            id="posting-closed",
        ),
        pytest.param(
            lambda posting, student: setattr(posting, "deadline", TODAY - datetime.timedelta(days=1)),
            f"Applications to this posting closed on {TODAY - datetime.timedelta(days=1)}.",
            id="deadline-passed",
        ),
        pytest.param(
            lambda posting, student: setattr(posting, "enterprise", EnterpriseFactory()),
            "Students apply to postings of their own city.",
            id="another-city",
        ),
        pytest.param(
            lambda posting, student: setattr(
                student, "national_id", national_id(7, born=born_years_before(posting.starts_on, 16))
            ),
            "This posting takes interns from 16 years old; the student is 15 when it starts.",
            id="under-age",
        ),
    ],
)
def test_an_application_is_refused_unless_enrolled_open_in_time_same_city_and_old_enough(
    college, posting, student, setup, message
):
    """The API shows a college only the open postings of its city (a 400 for the others); the service holds the
    rules whoever calls it."""
    setup(posting, student)
    posting.save()
    student.save()

    with pytest.raises(BusinessRuleViolation) as refusal:
        services.application_create(student=student, posting=posting, principal=college)

    assert str(refusal.value) == message
    assert not Application.objects.exists()


def test_a_student_who_is_16_on_the_day_the_posting_starts_may_apply(college, posting, student):
    student.national_id = national_id(7, born=posting.starts_on.replace(year=posting.starts_on.year - 16))
    student.save()

    assert services.application_create(student=student, posting=posting, principal=college).pk


# ------------------------------------------------------------------------------
# The state machine: every step from every status
# ------------------------------------------------------------------------------
STEPS = {
    # step: (the service, who takes it, its input, the statuses it starts from, the status it ends in)
    "shortlist": (services.application_shortlist, "enterprise", {}, {"submitted"}, "shortlisted"),
    "offer": (services.application_offer, "enterprise", {}, {"submitted", "shortlisted"}, "offered"),
    "reject": (services.application_reject, "enterprise", {"reason": "No"}, {"submitted", "shortlisted"}, "rejected"),
    "withdraw": (services.application_withdraw, "college", {}, {"submitted", "shortlisted"}, "withdrawn"),
    "accept": (services.application_accept, "college", {}, {"offered"}, "accepted"),
    "decline": (services.application_decline, "college", {"reason": "No"}, {"offered"}, "declined"),
}
# What the refusal says the step needs.
NEEDS = {
    "shortlist": "shortlisted (only a submitted one is)",
    "offer": "offered a place (only a submitted or shortlisted one is)",
    "reject": "rejected (only a submitted or shortlisted one is: an offer stands until it is answered)",
    "withdraw": "withdrawn (only a submitted or shortlisted one is: an offer is declined)",
    "accept": "accepted (only an offer is)",
    "decline": "declined (only an offer is)",
}


@pytest.mark.parametrize("status", ApplicationStatus)
@pytest.mark.parametrize("step", STEPS)
def test_each_step_moves_only_the_statuses_it_starts_from(request, posting, program, step, status):
    service, side, inputs, starts_from, ends_in = STEPS[step]
    application = application_in(posting, program, status)
    before = Application.objects.filter(pk=application.pk).values().get()

    if status in starts_from:
        service(application=application, principal=request.getfixturevalue(side), **inputs)
        application.refresh_from_db()
        assert application.status == ends_in
        return
    with pytest.raises(BusinessRuleViolation) as refusal:
        service(application=application, principal=request.getfixturevalue(side), **inputs)

    assert str(refusal.value) == f"This application is {status.label.lower()}: it cannot be {NEEDS[step]}."
    assert Application.objects.filter(pk=application.pk).values().get() == before
    assert not Placement.objects.exists()


# ------------------------------------------------------------------------------
# Through the API, with the counterparty told
# ------------------------------------------------------------------------------
def test_from_application_to_completed_placement_through_the_api(
    college_staff, enterprise_staff, posting, student, college
):
    application = services.application_create(student=student, posting=posting, principal=college)
    college_api, enterprise_api = signed_in(college_staff), signed_in(enterprise_staff)

    shortlisted = enterprise_api.post(action_url(application, "shortlist"))
    offered = enterprise_api.post(action_url(application, "offer"))
    accepted_offer = college_api.post(action_url(application, "accept"))

    assert [response.json()["status"] for response in (shortlisted, offered, accepted_offer)] == [
        "shortlisted",
        "offered",
        "accepted",
    ]
    placement = Placement.objects.get()
    assert (placement.student, placement.posting, placement.application) == (student, posting, application)
    assert (placement.status, placement.starts_on, placement.ends_on) == (
        PlacementStatus.ACTIVE,
        posting.starts_on,
        posting.ends_on,
    )
    assert Posting.objects.get(pk=posting.pk).filled_slots == 1
    # Offered: the enterprise may now reach the student.
    assert accepted_offer.json()["student_summary"]["phone"] == student.phone

    Placement.objects.filter(pk=placement.pk).update(starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=90))
    completed = enterprise_api.post(action_url(placement, "complete"), {"hired_after": True})

    assert (completed.status_code, completed.json()["status"], completed.json()["hired_after"]) == (
        200,
        "completed",
        True,
    )
    assert notices(college_staff) == [
        (NotificationKind.OFFER_MADE, "王小明 is offered a place: “Welder”", ""),
        (NotificationKind.PLACEMENT_ENDED, "The placement of 王小明 at “Welder” was completed", ""),
    ]
    assert notices(enterprise_staff)[1:] == [
        (NotificationKind.OFFER_ANSWERED, "王小明 accepted your offer: “Welder”", "")
    ]


@pytest.mark.parametrize(("step", "side"), [("reject", "enterprise"), ("decline", "college")])
def test_a_rejection_or_a_declined_offer_says_why_and_the_other_side_is_told(
    college_staff, enterprise_staff, posting, student, step, side
):
    status = ApplicationStatus.OFFERED if step == "decline" else ApplicationStatus.SUBMITTED
    application = ApplicationFactory(posting=posting, student=student, status=status)
    api = signed_in(college_staff if side == "college" else enterprise_staff)
    told = enterprise_staff if side == "college" else college_staff

    without_reason = api.post(action_url(application, step), {})
    blank_reason = api.post(action_url(application, step), {"reason": "  "})
    with_reason = api.post(action_url(application, step), {"reason": "Another offer suits better."})

    assert without_reason.json() == {"reason": ["This field is required."]}
    assert blank_reason.json() == {"reason": ["This field may not be blank."]}
    assert with_reason.status_code == 200
    assert (with_reason.json()["status"], with_reason.json()["decision_reason"]) == (
        STEPS[step][-1],
        "Another offer suits better.",
    )
    assert notices(told) == [
        {
            "decline": (NotificationKind.OFFER_ANSWERED, "王小明 declined your offer: “Welder”"),
            "reject": (NotificationKind.APPLICATION_DECIDED, "The application of 王小明 to “Welder” was rejected"),
        }[step]
        + ("Another offer suits better.",)
    ]


def test_a_withdrawal_is_told_to_the_enterprise(college_staff, enterprise_staff, posting, student):
    application = ApplicationFactory(posting=posting, student=student, status=ApplicationStatus.SHORTLISTED)

    response = signed_in(college_staff).post(action_url(application, "withdraw"))

    assert (response.status_code, response.json()["status"]) == (200, "withdrawn")
    assert notices(enterprise_staff) == [
        (NotificationKind.APPLICATION_WITHDRAWN, "The application of 王小明 to “Welder” was withdrawn", "")
    ]


def test_each_side_takes_only_its_own_steps(college_staff, enterprise_staff, posting, program):
    application = application_in(posting, program)
    other_college = signed_in(CollegeStaffFactory(college__city=program.college.city).user)

    assert signed_in(college_staff).post(action_url(application, "offer")).status_code == 403
    assert signed_in(enterprise_staff).post(action_url(application, "withdraw")).status_code == 403
    assert other_college.post(action_url(application, "withdraw")).status_code == 404
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


# ------------------------------------------------------------------------------
# Capacity
# ------------------------------------------------------------------------------
def test_the_last_slot_fills_the_posting_and_closes_the_other_open_applications(
    college_staff, posting, program, college
):
    first = application_in(posting, program, ApplicationStatus.OFFERED)
    last = application_in(posting, program, ApplicationStatus.OFFERED)
    waiting = {
        status: application_in(posting, program, status)
        for status in (ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.OFFERED)
    }
    rejected = application_in(posting, program, ApplicationStatus.REJECTED)

    services.application_accept(application=first, principal=college)
    assert Posting.objects.values_list("status", "filled_slots").get(pk=posting.pk) == (PostingStatus.OPEN, 1)
    services.application_accept(application=last, principal=college)

    assert Posting.objects.values_list("status", "filled_slots").get(pk=posting.pk) == (PostingStatus.FILLED, 2)
    for application in waiting.values():
        application.refresh_from_db()
        assert (application.status, application.decision_reason) == (
            ApplicationStatus.CLOSED,
            "All the slots of this posting are taken.",
        )
    rejected.refresh_from_db()
    assert rejected.status == ApplicationStatus.REJECTED
    assert notices(college_staff)[-1] == (
        NotificationKind.APPLICATION_DECIDED,
        "3 applications to “Welder” were closed",
        "All the slots of this posting are taken.",
    )


def test_an_acceptance_closes_the_students_applications_over_the_same_days_and_their_enterprises_are_told(
    college_staff, posting, student, college
):
    others = EnterpriseStaffFactory(enterprise=EnterpriseFactory(city=posting.enterprise.city)).user

    def elsewhere(title: str, starts_in: int, status: ApplicationStatus) -> Application:
        starts_on = posting.starts_on + datetime.timedelta(days=starts_in)
        other = PostingFactory(
            enterprise=others.enterprise_membership.enterprise,
            status=PostingStatus.OPEN,
            title=title,
            deadline=starts_on,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=60),
        )
        return ApplicationFactory(posting=other, student=student, status=status)

    overlapping = {
        status: elsewhere(f"Fitter {status}", starts_in, status)
        for starts_in, status in [
            (0, ApplicationStatus.SUBMITTED),
            (-59, ApplicationStatus.SHORTLISTED),
            ((posting.ends_on - posting.starts_on).days, ApplicationStatus.OFFERED),
        ]
    }
    later = elsewhere("Fitter next term", (posting.ends_on - posting.starts_on).days + 1, ApplicationStatus.OFFERED)
    earlier = elsewhere("Fitter last term", -61, ApplicationStatus.SUBMITTED)
    decided = elsewhere("Fitter, rejected", 0, ApplicationStatus.REJECTED)
    offer = ApplicationFactory(posting=posting, student=student, status=ApplicationStatus.OFFERED)

    response = signed_in(college_staff).post(action_url(offer, "accept"))

    assert response.status_code == 200, response.content.decode()
    notice = "The student accepted a placement over some of the same days."
    for application in overlapping.values():
        application.refresh_from_db()
        assert (application.status, application.decision_reason) == (ApplicationStatus.CLOSED, notice)
        assert application.decided_at is not None
    for untouched, status in [
        (later, ApplicationStatus.OFFERED),
        (earlier, ApplicationStatus.SUBMITTED),
        (decided, ApplicationStatus.REJECTED),
    ]:
        untouched.refresh_from_db()
        assert untouched.status == status
    assert notices(others) == [
        (
            NotificationKind.APPLICATION_DECIDED,
            f"The application of 王小明 to “{application.posting.title}” was closed",
            notice,
        )
        for application in overlapping.values()
    ]


def test_an_offer_on_a_full_posting_cannot_be_accepted(college_staff, posting, program, college):
    """A posting whose last slot is taken while an offer of it is still open (e.g. a slot count lowered): 409."""
    late = application_in(posting, program, ApplicationStatus.OFFERED)
    Posting.objects.filter(pk=posting.pk).update(filled_slots=2)

    response = signed_in(college_staff).post(action_url(late, "accept"))

    assert (response.status_code, error_messages(response)) == (
        409,
        ["This posting is full: all its 2 slots are taken."],
    )
    assert not Placement.objects.exists()


def test_a_student_with_an_active_placement_cannot_accept_another_offer(college_staff, posting, program, college):
    elsewhere = PostingFactory(enterprise=posting.enterprise, status=PostingStatus.OPEN)
    placement = accepted(elsewhere, program, college)
    second_offer = ApplicationFactory(posting=posting, student=placement.student, status=ApplicationStatus.OFFERED)

    response = signed_in(college_staff).post(action_url(second_offer, "accept"))

    assert (response.status_code, error_messages(response)) == (
        409,
        ["This student already has an active placement: it must end before they accept another offer."],
    )
    assert Posting.objects.get(pk=posting.pk).filled_slots == 0


# ------------------------------------------------------------------------------
# Placements
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("deadline", "reopens_as"),
    [(TODAY, PostingStatus.OPEN), (TODAY - datetime.timedelta(days=1), PostingStatus.CLOSED)],
)
def test_a_cancellation_frees_the_slot_and_a_filled_posting_reopens_until_its_deadline(
    college_staff, enterprise_staff, posting, program, college, deadline, reopens_as
):
    placements = [accepted(posting, program, college) for _ in range(2)]
    Posting.objects.filter(pk=posting.pk).update(deadline=deadline)

    response = signed_in(enterprise_staff).post(action_url(placements[0], "cancel"), {"reason": "Workshop closed."})

    assert (response.status_code, response.json()["status"], response.json()["cancellation_reason"]) == (
        200,
        "cancelled",
        "Workshop closed.",
    )
    assert Posting.objects.values_list("status", "filled_slots").get(pk=posting.pk) == (reopens_as, 1)
    assert notices(college_staff)[-1] == (
        NotificationKind.PLACEMENT_ENDED,
        f"The placement of {placements[0].student.name} at “Welder” was cancelled",
        "Workshop closed.",
    )


def test_either_side_cancels_and_the_other_is_told(college_staff, enterprise_staff, posting, program, college):
    placement = accepted(posting, program, college)
    Notification.objects.all().delete()

    response = signed_in(college_staff).post(action_url(placement, "cancel"), {"reason": "The student moved."})

    assert response.status_code == 200
    assert notices(college_staff) == []
    assert [kind for kind, _title, _body in notices(enterprise_staff)] == [NotificationKind.PLACEMENT_ENDED]
    assert Posting.objects.get(pk=posting.pk).filled_slots == 0


def test_only_an_active_placement_that_has_begun_is_completed_and_only_an_active_one_cancelled(
    enterprise, posting, program, college
):
    placement = accepted(posting, program, college)

    with pytest.raises(BusinessRuleViolation) as not_begun:
        services.placement_complete(placement=placement, principal=enterprise, hired_after=False)
    Placement.objects.filter(pk=placement.pk).update(starts_on=TODAY)
    services.placement_complete(placement=placement, principal=enterprise, hired_after=False)
    with pytest.raises(BusinessRuleViolation) as completed:
        services.placement_cancel(placement=placement, principal=enterprise, reason="Too late.")

    assert str(not_begun.value) == (
        f"This placement starts on {posting.starts_on}: one that has not begun is cancelled, not completed."
    )
    assert str(completed.value) == "This placement is completed: it cannot be cancelled (only an active one is)."
    placement.refresh_from_db()
    assert (placement.status, placement.cancellation_reason) == (PlacementStatus.COMPLETED, "")
    assert Posting.objects.get(pk=posting.pk).filled_slots == 1


def test_placement_steps_check_who_takes_them(college_staff, enterprise_staff, posting, program, college):
    placement = accepted(posting, program, college)
    official = signed_in(CityOfficialFactory(city=posting.enterprise.city).user)

    assert signed_in(college_staff).post(action_url(placement, "complete")).status_code == 403
    assert official.post(action_url(placement, "cancel"), {"reason": "Inspection."}).status_code == 403
    assert signed_in(enterprise_staff).post(action_url(placement, "cancel"), {}).json() == {
        "reason": ["This field is required."]
    }
    assert Placement.objects.get(pk=placement.pk).status == PlacementStatus.ACTIVE


# ------------------------------------------------------------------------------
# The audit trail
# ------------------------------------------------------------------------------
@POSTGRESQL_ONLY
def test_every_step_is_recorded_with_who_took_it(college_staff, enterprise_staff, posting, program, college):
    application = application_in(posting, program)
    enterprise_api, college_api = signed_in(enterprise_staff), signed_in(college_staff)

    enterprise_api.post(action_url(application, "shortlist"))
    enterprise_api.post(action_url(application, "offer"))
    college_api.post(action_url(application, "accept"))
    placement = Placement.objects.get()
    college_api.post(action_url(placement, "cancel"), {"reason": "The student moved."})

    steps = [(event.changes["status"]["after"], event.actor_id) for event in history_of(application)[1:]]
    assert steps == [
        ("shortlisted", enterprise_staff.pk),
        ("offered", enterprise_staff.pk),
        ("accepted", college_staff.pk),
    ]
    assert [(event.changes["status"]["after"], event.actor_id) for event in history_of(placement)] == [
        ("active", college_staff.pk),
        ("cancelled", college_staff.pk),
    ]
    counter = [(event.changes.get("filled_slots"), event.actor_id) for event in history_of(posting)[1:]]
    assert counter == [({"before": 0, "after": 1}, college_staff.pk), ({"before": 1, "after": 0}, college_staff.pk)]


@POSTGRESQL_ONLY
@pytest.mark.parametrize("step", STEPS)
def test_each_application_step_is_recorded_with_its_actor(request, posting, program, step):
    service, side, inputs, starts_from, ends_in = STEPS[step]
    application = application_in(posting, program, sorted(starts_from)[0])
    principal = request.getfixturevalue(side)

    service(application=application, principal=principal, **inputs)

    last = history_of(application)[-1]
    assert (last.changes["status"]["after"], last.actor_id) == (ends_in, principal.user_id)


@POSTGRESQL_ONLY
@pytest.mark.parametrize(
    ("step", "inputs", "ends_in"),
    [("complete", {"hired_after": True}, "completed"), ("cancel", {"reason": "The student moved."}, "cancelled")],
)
def test_each_placement_step_is_recorded_with_its_actor(enterprise, posting, program, college, step, inputs, ends_in):
    placement = accepted(posting, program, college)
    Placement.objects.filter(pk=placement.pk).update(starts_on=TODAY)

    getattr(services, f"placement_{step}")(placement=placement, principal=enterprise, **inputs)

    last = history_of(placement)[-1]
    assert (last.changes["status"]["after"], last.actor_id) == (ends_in, enterprise.user_id)


# ------------------------------------------------------------------------------
# The admin
# ------------------------------------------------------------------------------
def cancel_in_admin(client, placements, reason: str):
    return client.post(
        reverse("admin:partnerships_placement_changelist"),
        {"action": "cancel_placements", "_selected_action": [p.pk for p in placements], "reason": reason},
        follow=True,
    )


def test_the_admin_cancels_placements_with_a_reason_and_both_sides_are_told(
    client, admin_user, college_staff, enterprise_staff, posting, program, college
):
    placement = accepted(posting, program, college)
    Notification.objects.all().delete()
    client.force_login(admin_user)

    without_reason = cancel_in_admin(client, [placement], "")
    assert Placement.objects.get(pk=placement.pk).status == PlacementStatus.ACTIVE
    with_reason = cancel_in_admin(client, [placement], "Safety inspection failed.")

    assert [str(message) for message in without_reason.context["messages"]] == [
        f"{placement}: Say why: the reason is kept with the record and told to the other side."
    ]
    assert [str(message) for message in with_reason.context["messages"]] == ["Done for 1 row."]
    placement.refresh_from_db()
    assert (placement.status, placement.cancellation_reason) == (
        PlacementStatus.CANCELLED,
        "Safety inspection failed.",
    )
    assert Posting.objects.get(pk=posting.pk).filled_slots == 0
    assert len(notices(college_staff)) == len(notices(enterprise_staff)) == 1


def test_in_the_admin_applications_and_placements_are_never_added_and_their_lifecycle_is_read_only(
    client, admin_user, posting, program, college
):
    placement = accepted(posting, program, college)
    client.force_login(admin_user)

    application_form = client.get(reverse("admin:partnerships_application_change", args=[placement.application_id]))
    placement_form = client.get(reverse("admin:partnerships_placement_change", args=[placement.pk]))

    assert set(application_form.context["adminform"].form.fields) == {"note"}
    assert set(placement_form.context["adminform"].form.fields) == {"agreement", "enterprise_mentor", "college_mentor"}
    assert client.get(reverse("admin:partnerships_application_add")).status_code == 403
    assert client.get(reverse("admin:partnerships_placement_add")).status_code == 403
    assert client.get(reverse("admin:partnerships_placement_delete", args=[placement.pk])).status_code == 403
