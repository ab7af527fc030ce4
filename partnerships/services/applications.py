"""Applications to postings, the placements they become, and the end of a posting's recruitment (filled by its
last acceptance, or closed by ``partnerships.services.postings.posting_close``).

The lifecycles are in docs/workflows.md ("Postings", "Applications and placements"). Who may take each step is a
rule of partnerships/permissions.py; whether the record's state allows it is decided here (409 otherwise).

Concurrency (OWASP ASVS 2.3.4). The database holds the invariants whatever writes the rows: a posting never counts
more placements than slots (``posting_never_overbooked``), a student has one active placement
(``placement_one_active_per_student``), one application per student and posting (``application_once_per_posting``).
The steps keep them without a lost race through row locks taken in one order: the posting, then the student, then
the application or placement acted on, then (when a posting fills or closes) its open applications by primary key.
Steps that touch a single application or placement lock only that row.
"""

import datetime
from collections import Counter

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.choices import NotificationKind
from accounts.principals import Principal
from accounts.services import notification_tell
from colleges.choices import StudentStatus
from colleges.models import Student
from colleges.validators import national_id_birth_date
from common.exceptions import BusinessRuleViolation
from common.services import locked, model_create, require_reason, require_status, workflow_step
from enterprises.choices import PostingStatus
from enterprises.models import Posting
from partnerships.choices import ApplicationStatus, PlacementStatus
from partnerships.models import Application, Placement

UNDECIDED = (ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED)
# Applications still waiting for something to happen: closed with a notice when their posting fills or closes.
OPEN_APPLICATIONS = (*UNDECIDED, ApplicationStatus.OFFERED)


# ------------------------------------------------------------------------------
# Helpers: locks, checks, notifications
# ------------------------------------------------------------------------------
def _age_on(student: Student, day: datetime.date) -> int:
    born = national_id_birth_date(student.national_id)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _ensure_enrolled(student: Student) -> None:
    if student.status != StudentStatus.ENROLLED:
        raise BusinessRuleViolation(
            _("This student is %(status)s: only enrolled students apply and take placements.")
            % {"status": student.get_status_display().lower()}
        )


def _named(application: Application) -> dict:
    """What a notification's title says of ``application``: its ``%(student)s`` and its ``%(posting)s``."""
    return {"student": application.student.name, "posting": application.posting.title}


def _decide(application: Application, status: ApplicationStatus, *, reason: str = "") -> Application:
    """Move ``application`` to ``status``; every move but shortlisting is a decision, dated."""
    application.status = status
    application.decision_reason = reason
    if status != ApplicationStatus.SHORTLISTED:
        application.decided_at = timezone.now()
    application.save(update_fields=["status", "decision_reason", "decided_at"])
    return application


def _lock(applications: QuerySet[Application]) -> list[int]:
    """Lock the open ones of ``applications`` in one statement, by primary key, and only them (not the students
    or postings a filter joins: a student's row is the lock of their own acceptance); their ids."""
    open_ones = applications.filter(status__in=OPEN_APPLICATIONS).order_by("pk")
    return list(open_ones.select_for_update(of=("self",)).values_list("pk", flat=True))


def end_recruitment(posting: Posting, status: PostingStatus, *, notice: str) -> None:
    """Mark ``posting`` (locked already) filled or closed and close its open applications with ``notice``; each
    college with applicants among them is told once. Filling is here, closing in ``postings.posting_close``."""
    posting.status = status
    posting.save(update_fields=["status"])
    closing = Application.objects.filter(pk__in=_lock(Application.objects.filter(posting=posting)))
    colleges = Counter(closing.values_list("student__program__college_id", flat=True))
    closing.update(status=ApplicationStatus.CLOSED, decision_reason=notice, decided_at=timezone.now())
    for college_id, count in colleges.items():
        notification_tell(
            college_id=college_id,
            kind=NotificationKind.APPLICATION_DECIDED,
            title=ngettext(
                "%(count)d application to “%(posting)s” was closed",
                "%(count)d applications to “%(posting)s” were closed",
                count,
            )
            % {"count": count, "posting": posting.title},
            body=notice,
            subject=posting,
        )


def _overlapping(placement: Placement) -> Q:
    """The placed student's applications to postings over some of the placement's days."""
    return Q(
        student_id=placement.student_id,
        posting__starts_on__lte=placement.ends_on,
        posting__ends_on__gte=placement.starts_on,
    )


def _close_overlapping_applications(placement: Placement) -> None:
    """Close the placed student's open applications (locked already) to postings whose dates overlap the
    placement's; the enterprise of each is told."""
    overlapping = (
        Application.objects.filter(_overlapping(placement), status__in=OPEN_APPLICATIONS)
        .select_related("posting", "student")
        .order_by("pk")
    )
    notice = _("The student accepted a placement over some of the same days.")
    for application in overlapping:
        _decide(application, ApplicationStatus.CLOSED, reason=notice)
        notification_tell(
            enterprise_id=application.posting.enterprise_id,
            kind=NotificationKind.APPLICATION_DECIDED,
            title=_("The application of %(student)s to “%(posting)s” was closed") % _named(application),
            body=notice,
            subject=application,
        )


def ensure_may_apply(student: Student, posting: Posting) -> None:
    """Refuse (409) ``student`` a place at ``posting`` (locked already) unless the posting is open, the student
    enrolled, of the posting's city and old enough on the day it starts: the checks of every way to a posting, a
    college's application (by the posting's deadline) and an allocation round's offer (in the round's window)."""
    require_status(posting, PostingStatus.OPEN, doing=_("applied to (only an open one is)"))
    _ensure_enrolled(student)
    if posting.enterprise.city_id != student.program.college.city_id:
        raise BusinessRuleViolation(_("Students apply to postings of their own city."))
    age = _age_on(student, posting.starts_on)
    if age < posting.minimum_age:
        raise BusinessRuleViolation(
            _("This posting takes interns from %(minimum)s years old; the student is %(age)s when it starts.")
            % {"minimum": posting.minimum_age, "age": age}
        )


# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
@workflow_step
def application_create(*, student: Student, posting: Posting, principal: Principal, note: str = "") -> Application:
    """A college applies for one of its enrolled students to an open posting of its city, by the deadline, if the
    student is old enough on the day the posting starts. The posting's enterprise is told."""
    # Under the posting's lock: a posting closing or filling at this moment takes no new application.
    posting = locked(posting, "enterprise")
    if timezone.localdate() > posting.deadline:
        raise BusinessRuleViolation(
            _("Applications to this posting closed on %(deadline)s.") % {"deadline": posting.deadline}
        )
    ensure_may_apply(student, posting)
    application = model_create(
        Application, student=student, posting=posting, submitted_by_id=principal.user_id, note=note
    )
    notification_tell(
        enterprise_id=posting.enterprise_id,
        kind=NotificationKind.APPLICATION_RECEIVED,
        title=_("A student applied to “%(posting)s”") % {"posting": posting.title},
        subject=application,
    )
    return application


@workflow_step
def application_allocate(*, student: Student, posting: Posting, principal: Principal) -> Application:
    """An allocation round's offer (``allocation_round_publish``): the student's application to ``posting`` (locked
    already), the one they made before or a new one, becomes an offer, on the checks of ``ensure_may_apply``; the
    round's window stands for the posting's deadline. An accepted one stays as it is. The round tells the colleges
    and enterprises once each, not once per offer."""
    ensure_may_apply(student, posting)
    application = Application.objects.select_for_update().filter(student=student, posting=posting).first()
    if application is None:
        application = model_create(Application, student=student, posting=posting, submitted_by_id=principal.user_id)
    if application.status != ApplicationStatus.ACCEPTED:
        _decide(application, ApplicationStatus.OFFERED)
    return application


@workflow_step
def application_shortlist(*, application: Application, principal: Principal) -> Application:
    """The enterprise keeps a submitted application for a closer look."""
    application = locked(application, "posting", "student__program")
    require_status(application, ApplicationStatus.SUBMITTED, doing=_("shortlisted (only a submitted one is)"))
    return _decide(application, ApplicationStatus.SHORTLISTED)


@workflow_step
def application_offer(*, application: Application, principal: Principal) -> Application:
    """The enterprise offers the student a place; the student's college is told. The slot is taken on acceptance."""
    application = locked(application, "posting", "student__program")
    require_status(application, *UNDECIDED, doing=_("offered a place (only a submitted or shortlisted one is)"))
    _decide(application, ApplicationStatus.OFFERED)
    notification_tell(
        college_id=application.student.program.college_id,
        kind=NotificationKind.OFFER_MADE,
        title=_("%(student)s is offered a place: “%(posting)s”") % _named(application),
        subject=application,
    )
    return application


@workflow_step
def application_reject(*, application: Application, principal: Principal, reason: str) -> Application:
    """The enterprise turns down an application it has not made an offer on, saying why; the college is told."""
    reason = require_reason(reason)
    application = locked(application, "posting", "student__program")
    require_status(
        application,
        *UNDECIDED,
        doing=_("rejected (only a submitted or shortlisted one is: an offer stands until it is answered)"),
    )
    _decide(application, ApplicationStatus.REJECTED, reason=reason)
    notification_tell(
        college_id=application.student.program.college_id,
        kind=NotificationKind.APPLICATION_DECIDED,
        title=_("The application of %(student)s to “%(posting)s” was rejected") % _named(application),
        body=reason,
        subject=application,
    )
    return application


@workflow_step
def application_withdraw(*, application: Application, principal: Principal) -> Application:
    """The college takes back an application before the enterprise has decided on it (an offer is declined); the
    enterprise is told."""
    application = locked(application, "posting", "student__program")
    require_status(
        application,
        *UNDECIDED,
        doing=_("withdrawn (only a submitted or shortlisted one is: an offer is declined)"),
    )
    _decide(application, ApplicationStatus.WITHDRAWN)
    notification_tell(
        enterprise_id=application.posting.enterprise_id,
        kind=NotificationKind.APPLICATION_WITHDRAWN,
        title=_("The application of %(student)s to “%(posting)s” was withdrawn") % _named(application),
        subject=application,
    )
    return application


@workflow_step
def application_accept(*, application: Application, principal: Principal) -> Application:
    """The college accepts an offer for its student: a placement over the posting's dates takes one of its slots.

    The last slot fills the posting, and its other open applications are closed with a notice. The student's open
    applications to other postings over some of the same days are closed too, and their enterprises told: the
    student cannot be in two places. Refused (409) when the posting is full or the student already has an active
    placement.
    """
    posting = locked(application.posting, "enterprise")
    # The student's row too, so that two acceptances for one student (on two postings) are decided one by one.
    student = Student.objects.select_for_update().get(pk=application.student_id)
    application = locked(application, "posting", "student__program")
    if posting.filled_slots >= posting.slots:
        raise BusinessRuleViolation(
            ngettext(
                "This posting is full: its %(slots)d slot is taken.",
                "This posting is full: all its %(slots)d slots are taken.",
                posting.slots,
            )
            % {"slots": posting.slots}
        )
    require_status(application, ApplicationStatus.OFFERED, doing=_("accepted (only an offer is)"))
    _ensure_enrolled(student)
    if student.placements.filter(status=PlacementStatus.ACTIVE).exists():
        raise BusinessRuleViolation(
            _("This student already has an active placement: it must end before they accept another offer.")
        )
    placement = model_create(
        Placement,
        posting=posting,
        student=student,
        application=application,
        starts_on=posting.starts_on,
        ends_on=posting.ends_on,
    )
    _decide(application, ApplicationStatus.ACCEPTED)
    # Every application the acceptance closes is locked in one statement, by primary key: two acceptances closing
    # each other's applications (each student had applied to the other's posting) then wait in turn, never
    # deadlock.
    closing = _overlapping(placement)
    if posting.filled_slots + 1 == posting.slots:
        closing |= Q(posting_id=posting.pk)
    _lock(Application.objects.filter(closing))
    _close_overlapping_applications(placement)
    Posting.objects.filter(pk=posting.pk).update(filled_slots=F("filled_slots") + 1)
    posting.refresh_from_db(fields=["filled_slots"])
    if posting.filled_slots == posting.slots:
        end_recruitment(posting, PostingStatus.FILLED, notice=_("All the slots of this posting are taken."))
    notification_tell(
        enterprise_id=posting.enterprise_id,
        kind=NotificationKind.OFFER_ANSWERED,
        title=_("%(student)s accepted your offer: “%(posting)s”")
        % {"student": student.name, "posting": posting.title},
        subject=placement,
    )
    return application


@workflow_step
def application_decline(*, application: Application, principal: Principal, reason: str) -> Application:
    """The college declines an offer for its student, saying why; the enterprise is told."""
    reason = require_reason(reason)
    application = locked(application, "posting", "student__program")
    require_status(application, ApplicationStatus.OFFERED, doing=_("declined (only an offer is)"))
    _decide(application, ApplicationStatus.DECLINED, reason=reason)
    notification_tell(
        enterprise_id=application.posting.enterprise_id,
        kind=NotificationKind.OFFER_ANSWERED,
        title=_("%(student)s declined your offer: “%(posting)s”") % _named(application),
        body=reason,
        subject=application,
    )
    return application


# ------------------------------------------------------------------------------
# Placements
# ------------------------------------------------------------------------------
@workflow_step
def placement_complete(*, placement: Placement, principal: Principal, hired_after: bool) -> Placement:
    """The host enterprise records that a placement that has begun ran its course, and whether it hired the
    student afterwards; the college is told. The slot stays taken: it was used."""
    placement = locked(placement, "posting", "student__program")
    require_status(placement, PlacementStatus.ACTIVE, doing=_("completed (only an active one is)"))
    if timezone.localdate() < placement.starts_on:
        raise BusinessRuleViolation(
            _("This placement starts on %(starts_on)s: one that has not begun is cancelled, not completed.")
            % {"starts_on": placement.starts_on}
        )
    placement.status, placement.completed_at, placement.hired_after = (
        PlacementStatus.COMPLETED,
        timezone.now(),
        hired_after,
    )
    placement.save(update_fields=["status", "completed_at", "hired_after"])
    notification_tell(
        college_id=placement.student.program.college_id,
        enterprise_id=placement.posting.enterprise_id,
        acted_by=principal,
        kind=NotificationKind.PLACEMENT_ENDED,
        title=_("The placement of %(student)s at “%(posting)s” was completed")
        % {"student": placement.student.name, "posting": placement.posting.title},
        subject=placement,
    )
    return placement


@workflow_step
def placement_cancel(*, placement: Placement, principal: Principal, reason: str) -> Placement:
    """Either side (or the platform) cancels an active placement, saying why; the other side is told. Its slot is
    free again: a filled posting reopens if its deadline has not passed, and closes otherwise."""
    reason = require_reason(reason)
    posting = locked(placement.posting, "enterprise")
    placement = locked(placement, "posting", "student__program")
    require_status(placement, PlacementStatus.ACTIVE, doing=_("cancelled (only an active one is)"))
    placement.status, placement.cancelled_at, placement.cancellation_reason = (
        PlacementStatus.CANCELLED,
        timezone.now(),
        reason,
    )
    placement.save(update_fields=["status", "cancelled_at", "cancellation_reason"])
    Posting.objects.filter(pk=posting.pk).update(filled_slots=F("filled_slots") - 1)
    if posting.status == PostingStatus.FILLED:
        reopens = timezone.localdate() <= posting.deadline
        posting.status = PostingStatus.OPEN if reopens else PostingStatus.CLOSED
        posting.save(update_fields=["status"])
    notification_tell(
        college_id=placement.student.program.college_id,
        enterprise_id=placement.posting.enterprise_id,
        acted_by=principal,
        kind=NotificationKind.PLACEMENT_ENDED,
        title=_("The placement of %(student)s at “%(posting)s” was cancelled")
        % {"student": placement.student.name, "posting": placement.posting.title},
        body=reason,
        subject=placement,
    )
    return placement
