"""Notifications: created with the change that causes them, emailed once it commits, read by their recipient only."""

import pytest
from django.core import mail
from django.db import transaction

from accounts.choices import EmailStatus, NotificationKind
from accounts.models import Notification
from accounts.services import notification_send
from accounts.tasks import notification_email_task
from tests.accounts.factories import NotificationFactory, UserFactory, signed_in
from tests.colleges.factories import CollegeFactory, CollegeStaffFactory, ProgramFactory


@pytest.fixture
def recipients(db):
    return [UserFactory(email="a@college.example"), UserFactory(email="")]


@pytest.fixture
def college(db):
    return CollegeFactory()


def send(recipients, subject=None):
    return notification_send(
        recipients=recipients,
        kind=NotificationKind.OFFER_MADE,
        title="An offer for Li Wei",
        body="Robot cell technician intern",
        subject=subject,
    )


def test_a_notification_is_emailed_only_after_the_change_commits(
    recipients, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://iei.example.cn"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notifications = send(recipients)
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert [notification.recipient for notification in notifications] == recipients
    [message] = mail.outbox  # the recipient without an email address is only told in the app
    assert (message.to, message.subject) == (["a@college.example"], "IEI Platform: An enterprise made an offer")
    assert "An offer for Li Wei\n\nRobot cell technician intern\n" in message.body
    # No page shows its subject: the link leads to the notifications.
    assert "See it on the platform: https://iei.example.cn/accounts/notifications/" in message.body
    assert "https://iei.example.cn/accounts/settings/" in message.body
    statuses = Notification.objects.order_by("pk").values_list("email_status", flat=True)
    assert list(statuses) == [EmailStatus.SENT, EmailStatus.NOT_SENT]
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 1


def test_a_rolled_back_change_sends_nothing(recipients, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                send(recipients)
                raise RuntimeError("the step failed")
        except RuntimeError:
            pass

    assert callbacks == []
    assert (Notification.objects.count(), mail.outbox) == (0, [])


def test_the_email_task_sends_each_notification_once(recipients):
    notifications = send(recipients)
    ids = [notification.pk for notification in notifications]

    assert notification_email_task(ids) == 1
    assert notification_email_task(ids) == 0  # re-delivered by the broker: nothing twice
    assert len(mail.outbox) == 1


def test_each_user_reads_and_marks_only_their_own_notifications(db):
    member = CollegeStaffFactory().user
    mine = NotificationFactory.create_batch(2, recipient=member)
    others = NotificationFactory(recipient=CollegeStaffFactory().user)
    api = signed_in(member)

    listed = api.get("/api/v1/notifications/").json()
    read = api.post(f"/api/v1/notifications/{mine[0].pk}/read/")
    someone_elses = api.post(f"/api/v1/notifications/{others.pk}/read/")
    unread = api.get("/api/v1/notifications/", {"unread": "true"}).json()
    everything = api.post("/api/v1/notifications/read-all/")

    assert sorted(row["id"] for row in listed["results"]) == sorted(n.pk for n in mine)
    assert (read.status_code, read.json()["read_at"] is not None) == (200, True)
    assert someone_elses.status_code == 404
    assert [row["id"] for row in unread["results"]] == [mine[1].pk]
    assert everything.status_code == 204
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_a_notification_links_to_its_subjects_page_in_the_email_and_to_its_api_resource_in_the_api(
    college, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://iei.example.cn/"
    member = CollegeStaffFactory(college=college, user__email="a@college.example").user
    program = ProgramFactory(college=college)
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = send([member], subject=program)

    [message] = mail.outbox
    [row] = signed_in(member).get("/api/v1/notifications/").json()["results"]
    assert f"See it on the platform: https://iei.example.cn/programs/{program.pk}/\n" in message.body
    assert (row["id"], row["link"]) == (notification.pk, f"/api/v1/programs/{program.pk}/")


def test_a_notification_about_nothing_in_particular_has_no_link(db):
    member = CollegeStaffFactory().user
    NotificationFactory(recipient=member)

    [row] = signed_in(member).get("/api/v1/notifications/").json()["results"]
    assert row["link"] == ""
