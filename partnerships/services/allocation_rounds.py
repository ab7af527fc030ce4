"""City allocation rounds: an official sets a round up and opens it; colleges enter their students' ranked choices
(志愿) and enterprises rank their postings' applicants (排序) within its window; the official runs it (a Celery task
solving a stable matching on compact arrays), reviews the draft and publishes it as offers.

The lifecycle and the rules are in docs/matching.md ("Allocation rounds on the platform"). Who may take each step
is a rule of partnerships/permissions.py; whether the round's state allows it is decided here (409 otherwise). Bad
input is answered with a message per field (400) or, for a file of choices, a report per row, and nothing is
written.
"""

import csv
import io
import secrets
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from accounts.choices import NotificationKind, Role
from accounts.principals import Principal
from accounts.services import notification_tell
from colleges.choices import StudentStatus
from colleges.models import College, Student
from common.exceptions import BusinessRuleViolation
from common.services import locked, model_create, model_update, require_status, workflow_step
from enterprises.choices import PostingStatus
from enterprises.models import Posting
from partnerships.allocation_selectors import allocation_round_problems
from partnerships.choices import ALLOCATION_RUNNABLE, LIVE_ROUNDS, AllocationRoundStatus, RankingSource
from partnerships.models import (
    AllocationChoice,
    AllocationOutcome,
    AllocationRanking,
    AllocationRound,
    AllocationRoundCollege,
    AllocationRoundPosting,
)
from partnerships.services.applications import application_allocate

# What an official may change on a round being set up (the rest is its lifecycle's).
EDITABLE = ("name", "opens_at", "closes_at", "seed")
# The seed of a round's lottery, drawn at creation: shown and recorded, so any result can be reproduced.
SEED_BOUND = 2**31


# ------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------
def _lock_round(round: AllocationRound) -> AllocationRound:
    return locked(round, "city")


def _require_official_of(round: AllocationRound, principal: Principal) -> None:
    """The scope says the same (a round of another city is a 404); a service called from elsewhere checks too."""
    if principal.role != Role.PLATFORM_ADMIN and principal.city_id != round.city_id:
        raise BusinessRuleViolation(_("Only an official of the round's city manages it."))


def _require_window(round: AllocationRound) -> None:
    """Choices and rankings are taken while the round is open, between its opening and its closing."""
    require_status(round, AllocationRoundStatus.OPEN, doing=_("given choices or rankings (only an open one is)"))
    now = timezone.now()
    if now < round.opens_at:
        raise BusinessRuleViolation(
            _("This round opens at %(opens_at)s: choices and rankings are taken from then.")
            % {"opens_at": timezone.localtime(round.opens_at).strftime("%Y-%m-%d %H:%M")}
        )
    if now > round.closes_at:
        raise BusinessRuleViolation(
            _("This round closed at %(closes_at)s: choices and rankings are no longer taken.")
            % {"closes_at": timezone.localtime(round.closes_at).strftime("%Y-%m-%d %H:%M")}
        )


def _validate_window(opens_at, closes_at) -> None:
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": [_("A round closes after it opens.")]})


def _round_posting(round: AllocationRound, posting: Posting) -> AllocationRoundPosting:
    entry = AllocationRoundPosting.objects.select_for_update().filter(round=round, posting=posting).first()
    if entry is None:
        raise ValidationError({"posting": [_("This posting does not take part in this round.")]})
    return entry


def _tell_taking_part(round: AllocationRound, *, kind: NotificationKind, title: str, college_body, enterprise_body):
    """Tell each college and each enterprise of ``round`` once; the bodies are made from a count per organisation
    (students offered a place, offers made) or, at opening, from nothing."""
    colleges = AllocationRoundCollege.objects.filter(round=round).values_list("college_id", flat=True)
    enterprises = (
        AllocationRoundPosting.objects.filter(round=round)
        .values_list("posting__enterprise_id", flat=True)
        .distinct()
        .order_by("posting__enterprise_id")
    )
    for college_id in colleges.order_by("college_id"):
        notification_tell(college_id=college_id, kind=kind, title=title, body=college_body(college_id), subject=round)
    for enterprise_id in enterprises:
        notification_tell(
            enterprise_id=enterprise_id, kind=kind, title=title, body=enterprise_body(enterprise_id), subject=round
        )


# ------------------------------------------------------------------------------
# Setting a round up (an official of the city)
# ------------------------------------------------------------------------------
@workflow_step
def allocation_round_create(
    *, principal: Principal, name: str, opens_at, closes_at, seed: int | None = None
) -> AllocationRound:
    """An official creates a round of their city, being set up; the lottery's seed is drawn now unless given."""
    if principal.role != Role.CITY_OFFICIAL:
        raise BusinessRuleViolation(_("Only a city official creates an allocation round, for their city."))
    _validate_window(opens_at, closes_at)
    return model_create(
        AllocationRound,
        city_id=principal.city_id,
        name=name,
        opens_at=opens_at,
        closes_at=closes_at,
        seed=secrets.randbelow(SEED_BOUND) if seed is None else seed,
        created_by_id=principal.user_id,
    )


@workflow_step
def allocation_round_update(*, round: AllocationRound, principal: Principal, **changes) -> AllocationRound:
    """Change a round's name, window or seed while it is being set up."""
    round = _lock_round(round)
    _require_official_of(round, principal)
    require_status(round, AllocationRoundStatus.SETUP, doing=_("changed (only one being set up is)"))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: [_("This cannot be changed here.")] for name in sorted(unknown)})
    _validate_window(changes.get("opens_at", round.opens_at), changes.get("closes_at", round.closes_at))
    return model_update(round, **changes)


@workflow_step
def allocation_round_postings_set(*, round: AllocationRound, principal: Principal, slots: dict[int, int]) -> None:
    """The postings taking part and the slots each offers in the round (posting id → slots), replacing the list:
    open postings of the round's city, each with at least one slot and at most its free ones."""
    round = _lock_round(round)
    _require_official_of(round, principal)
    require_status(round, AllocationRoundStatus.SETUP, doing=_("changed (only one being set up is)"))
    postings = Posting.objects.select_related("enterprise").in_bulk(list(slots))
    errors = []
    for posting_id, count in slots.items():
        posting = postings.get(posting_id)
        if posting is None or posting.enterprise.city_id != round.city_id:
            errors.append(_("Posting %(id)s: no such posting in the round's city.") % {"id": posting_id})
        elif posting.status != PostingStatus.OPEN:
            errors.append(
                _("“%(posting)s” is %(status)s: only open postings take part.")
                % {"posting": posting.title, "status": posting.get_status_display().lower()}
            )
        elif not 1 <= count <= posting.slots - posting.filled_slots:
            errors.append(
                _("“%(posting)s”: give from 1 to %(free)d slots (its free slots).")
                % {"posting": posting.title, "free": posting.slots - posting.filled_slots}
            )
    if errors:
        raise ValidationError({"slots": errors})
    AllocationRoundPosting.objects.filter(round=round).exclude(posting_id__in=list(slots)).delete()
    kept = dict(AllocationRoundPosting.objects.filter(round=round).values_list("posting_id", "pk"))
    AllocationRoundPosting.objects.bulk_update(
        [
            AllocationRoundPosting(pk=kept[posting_id], slots=count)
            for posting_id, count in slots.items()
            if posting_id in kept
        ],
        ["slots"],
    )
    AllocationRoundPosting.objects.bulk_create(
        AllocationRoundPosting(round=round, posting_id=posting_id, slots=count)
        for posting_id, count in slots.items()
        if posting_id not in kept
    )


@workflow_step
def allocation_round_colleges_set(*, round: AllocationRound, principal: Principal, college_ids: list[int]) -> None:
    """The colleges whose enrolled students take part, replacing the list: colleges of the round's city."""
    round = _lock_round(round)
    _require_official_of(round, principal)
    require_status(round, AllocationRoundStatus.SETUP, doing=_("changed (only one being set up is)"))
    found = set(College.objects.filter(pk__in=college_ids, city_id=round.city_id).values_list("pk", flat=True))
    missing = [college_id for college_id in college_ids if college_id not in found]
    if missing:
        raise ValidationError(
            {
                "college_ids": [
                    _("College %(id)s: no such college in the round's city.") % {"id": college_id}
                    for college_id in missing
                ]
            }
        )
    AllocationRoundCollege.objects.filter(round=round).exclude(college_id__in=found).delete()
    present = set(AllocationRoundCollege.objects.filter(round=round).values_list("college_id", flat=True))
    AllocationRoundCollege.objects.bulk_create(
        AllocationRoundCollege(round=round, college_id=college_id) for college_id in sorted(found - present)
    )


@workflow_step
def allocation_round_open(*, round: AllocationRound, principal: Principal) -> AllocationRound:
    """Open a round set up with postings and colleges and a window still to come or under way: colleges and
    enterprises taking part are told once each."""
    round = _lock_round(round)
    _require_official_of(round, principal)
    require_status(round, AllocationRoundStatus.SETUP, doing=_("opened (only one being set up is)"))
    if not round.round_postings.exists():
        raise BusinessRuleViolation(_("Add the postings taking part, with their slots, before opening the round."))
    if not round.round_colleges.exists():
        raise BusinessRuleViolation(_("Add the colleges taking part before opening the round."))
    if round.closes_at <= timezone.now():
        raise BusinessRuleViolation(_("This round's window has passed: move its closing time before opening it."))
    round.status = AllocationRoundStatus.OPEN
    round.save(update_fields=["status"])
    window = {
        "opens_at": timezone.localtime(round.opens_at).strftime("%Y-%m-%d %H:%M"),
        "closes_at": timezone.localtime(round.closes_at).strftime("%Y-%m-%d %H:%M"),
    }
    _tell_taking_part(
        round,
        kind=NotificationKind.ALLOCATION_ROUND_OPENED,
        title=_("The allocation round “%(round)s” is open") % {"round": round.name},
        college_body=lambda _college: _("Enter your students' choices from %(opens_at)s to %(closes_at)s.") % window,
        enterprise_body=lambda _enterprise: (
            _(
                "Rank the applicants to your postings, or accept the default ranking by recommendation score, from "
                "%(opens_at)s to %(closes_at)s."
            )
            % window
        ),
    )
    return round


# ------------------------------------------------------------------------------
# Choices (a college, for its students) and rankings (an enterprise, for its postings), within the window
# ------------------------------------------------------------------------------
def _choice_errors(round: AllocationRound, student: Student, posting_ids: list[int], principal: Principal) -> list:
    """What is wrong with ``posting_ids`` as ``student``'s list in ``round`` (plain words, one per problem)."""
    errors = []
    if principal.role == Role.COLLEGE_STAFF and student.program.college_id != principal.college_id:
        errors.append(_("This is not a student of your college."))
    elif not AllocationRoundCollege.objects.filter(round=round, college_id=student.program.college_id).exists():
        errors.append(_("The student's college does not take part in this round."))
    if student.status != StudentStatus.ENROLLED:
        errors.append(
            _("The student is %(status)s: only enrolled students take part.")
            % {"status": student.get_status_display().lower()}
        )
    if AllocationChoice.objects.filter(student=student, round__status__in=LIVE_ROUNDS).exclude(round=round).exists():
        errors.append(
            _(
                "The student also has choices in another round that is not over: a student takes part in one round "
                "at a time."
            )
        )
    open_in_round = set(
        AllocationRoundPosting.objects.filter(
            round=round, posting_id__in=posting_ids, posting__status=PostingStatus.OPEN
        ).values_list("posting_id", flat=True)
    )
    seen = set()
    for rank, posting_id in enumerate(posting_ids, start=1):
        if posting_id in seen:
            errors.append(_("Choice %(rank)d repeats a posting already on the list.") % {"rank": rank})
        elif posting_id not in open_in_round:
            errors.append(
                _("Choice %(rank)d: posting %(id)s is not an open posting of this round.")
                % {"rank": rank, "id": posting_id}
            )
        seen.add(posting_id)
    return errors


def _choices_replace(round: AllocationRound, student: Student, posting_ids: list[int]) -> None:
    AllocationChoice.objects.filter(round=round, student=student).delete()
    AllocationChoice.objects.bulk_create(
        AllocationChoice(round=round, student=student, rank=rank, posting_id=posting_id)
        for rank, posting_id in enumerate(posting_ids, start=1)
    )


@workflow_step
def allocation_choices_set(
    *, round: AllocationRound, principal: Principal, student: Student, posting_ids: list[int]
) -> list[AllocationChoice]:
    """A college enters one of its enrolled students' ranked choices (the first is the most wanted), replacing the
    list; an empty list withdraws the student from the round. Only open postings of the round, each once, and only
    in one round that is not over."""
    round = locked(round)
    _require_window(round)
    # The student's row, so that two rounds taking the same student at once decide one after the other.
    student = Student.objects.select_for_update(of=("self",)).select_related("program").get(pk=student.pk)
    errors = _choice_errors(round, student, posting_ids, principal)
    if errors:
        raise ValidationError({"posting_ids": errors})
    _choices_replace(round, student, posting_ids)
    return list(AllocationChoice.objects.filter(round=round, student=student).order_by("rank"))


@workflow_step
def allocation_ranking_set(
    *, round: AllocationRound, principal: Principal, posting: Posting, ranks: list[tuple[int, int]]
) -> None:
    """An enterprise ranks the students who chose its posting: (student id, rank) pairs, 1 the first, ties allowed,
    each student once, only students who chose it; students left out are not acceptable to it. Replaces the
    posting's ranking and marks it the enterprise's own."""
    round = locked(round)
    _require_window(round)
    if principal.role == Role.ENTERPRISE_STAFF and posting.enterprise_id != principal.enterprise_id:
        raise BusinessRuleViolation(_("An enterprise ranks the applicants to its own postings."))
    entry = _round_posting(round, posting)
    applicants = set(
        AllocationChoice.objects.filter(round=round, posting=posting).values_list("student_id", flat=True)
    )
    errors, seen = [], set()
    for line, (student_id, rank) in enumerate(ranks, start=1):
        if student_id in seen:
            errors.append(_("Row %(line)d: student %(id)s is ranked twice.") % {"line": line, "id": student_id})
        elif student_id not in applicants:
            errors.append(
                _("Row %(line)d: student %(id)s did not choose this posting.") % {"line": line, "id": student_id}
            )
        if not isinstance(rank, int) or rank < 1:
            errors.append(_("Row %(line)d: a rank is a whole number from 1.") % {"line": line})
        seen.add(student_id)
    if errors:
        raise ValidationError({"ranks": errors})
    AllocationRanking.objects.filter(round=round, posting=posting).delete()
    AllocationRanking.objects.bulk_create(
        AllocationRanking(round=round, posting=posting, student_id=student_id, rank=rank) for student_id, rank in ranks
    )
    entry.ranking_source, entry.ranking_confirmed_at = RankingSource.ENTERPRISE, timezone.now()
    entry.save(update_fields=["ranking_source", "ranking_confirmed_at"])


@workflow_step
def allocation_ranking_use_default(*, round: AllocationRound, principal: Principal, posting: Posting) -> None:
    """The enterprise accepts the default ranking of its posting's applicants, by recommendation score (its own
    ranking, if any, is dropped). An official may accept it for a silent enterprise once the window has closed, so
    that the round can run."""
    round = locked(round)
    if principal.role == Role.CITY_OFFICIAL:
        _require_official_of(round, principal)
        require_status(round, AllocationRoundStatus.OPEN, doing=_("given rankings (only an open one is)"))
    else:
        _require_window(round)
        if posting.enterprise_id != principal.enterprise_id:
            raise BusinessRuleViolation(_("An enterprise ranks the applicants to its own postings."))
    entry = _round_posting(round, posting)
    AllocationRanking.objects.filter(round=round, posting=posting).delete()
    entry.ranking_source, entry.ranking_confirmed_at = RankingSource.RECOMMENDED, timezone.now()
    entry.save(update_fields=["ranking_source", "ranking_confirmed_at"])


# ------------------------------------------------------------------------------
# A file of choices
# ------------------------------------------------------------------------------
IMPORT_COLUMNS = ("student_number", "rank", "posting")


@dataclass
class ImportRowError:
    """One line of a file that cannot be taken, and why (line 1 is the header)."""

    line: int
    message: str


@dataclass
class ImportReport:
    """What an import of choices did, or why it did nothing: every line in error, each in plain words."""

    lines: int = 0
    students: int = 0
    choices: int = 0
    errors: list[ImportRowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_rows(file) -> list[tuple[int, list[str]]]:
    """The (line number, cells) of a CSV or xlsx file, header included; refused (400) when it is neither."""
    name = getattr(file, "name", "") or ""
    content = file.read()
    if name.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as exc:
            raise ValidationError({"file": [_("This is not an Excel workbook (.xlsx) that can be read.")]}) from exc
        rows = (
            ["" if cell is None else str(cell).strip() for cell in row] for row in sheet.iter_rows(values_only=True)
        )
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                {"file": [_("Save the file as CSV in UTF-8, or as an Excel workbook (.xlsx).")]}
            ) from exc
        rows = ([cell.strip() for cell in row] for row in csv.reader(io.StringIO(text)))
    return [(line, row) for line, row in enumerate(rows, start=1) if any(row)]


@workflow_step
def allocation_choices_import(*, round: AllocationRound, principal: Principal, file) -> ImportReport:
    """A college enters many students' choices from a file (CSV or xlsx) with the columns ``student_number``,
    ``rank`` and ``posting`` (the posting's number, as the round's pages show it), one choice per line. Each
    student named gets exactly the list of their lines, in rank order (ranks need not be contiguous). All or
    nothing: one line in error and nothing is written; the report says what is wrong on each such line."""
    round = locked(round)
    _require_window(round)
    report = ImportReport()
    rows = _read_rows(file)
    if not rows or [cell.lower() for cell in rows[0][1][:3]] != list(IMPORT_COLUMNS):
        report.errors.append(ImportRowError(1, _("The first line names the columns: student_number, rank, posting.")))
        return report
    report.lines = len(rows) - 1
    numbers = {row[0] for _line, row in rows[1:] if row}
    students = {
        student.student_number: student
        for student in Student.objects.select_related("program").filter(
            program__college_id=principal.college_id, student_number__in=numbers
        )
    }
    lists: dict[str, list[tuple[int, int, int]]] = {}
    for line, row in rows[1:]:
        number, rank, posting = [*row, "", "", ""][:3]
        if number not in students:
            report.errors.append(
                ImportRowError(line, _("No student of your college has the number “%(number)s”.") % {"number": number})
            )
            continue
        if not rank.isdigit() or int(rank) < 1:
            report.errors.append(
                ImportRowError(line, _("The rank “%(rank)s” is not a whole number from 1.") % {"rank": rank})
            )
            continue
        if not posting.isdigit():
            report.errors.append(
                ImportRowError(line, _("The posting “%(posting)s” is not a posting's number.") % {"posting": posting})
            )
            continue
        lists.setdefault(number, []).append((int(rank), int(posting), line))
    for number, entries in lists.items():
        ranks = Counter(rank for rank, _posting, _line in entries)
        for rank, _posting, line in entries:
            if ranks[rank] > 1:
                report.errors.append(
                    ImportRowError(
                        line,
                        _("Student %(number)s has two choices at rank %(rank)d.") % {"number": number, "rank": rank},
                    )
                )
        entries.sort()
        student = Student.objects.select_for_update(of=("self",)).select_related("program").get(pk=students[number].pk)
        line_of = {index: line for index, (_rank, _posting, line) in enumerate(entries, start=1)}
        for message in _choice_errors(round, student, [posting for _rank, posting, _line in entries], principal):
            report.errors.append(ImportRowError(min(line_of.values()), f"{number}: {message}"))
    if report.errors:
        report.errors.sort(key=lambda error: error.line)
        return report
    for number, entries in lists.items():
        _choices_replace(round, students[number], [posting for _rank, posting, _line in entries])
        report.choices += len(entries)
    report.students = len(lists)
    return report


# ------------------------------------------------------------------------------
# Running, solving, publishing
# ------------------------------------------------------------------------------
@workflow_step
def allocation_round_run(*, round: AllocationRound, principal: Principal) -> AllocationRound:
    """An official runs a round once its window has closed and nothing stops it (``allocation_round_problems``);
    a draft or a failed run is run again, with the same seed (the same draft). The work is a Celery task sent
    after commit: the round shows its progress while it runs."""
    from partnerships.tasks import allocation_round_run_task

    round = _lock_round(round)
    _require_official_of(round, principal)
    require_status(round, *ALLOCATION_RUNNABLE, doing=_("run (only an open round, a draft or a failed run is)"))
    if timezone.now() < round.closes_at:
        raise BusinessRuleViolation(
            _("This round closes at %(closes_at)s: it runs once its window has closed.")
            % {"closes_at": timezone.localtime(round.closes_at).strftime("%Y-%m-%d %H:%M")}
        )
    problems = allocation_round_problems(round=round)
    if problems:
        raise BusinessRuleViolation(
            ngettext(
                "%(count)d problem stops this round from running: see its list of problems.",
                "%(count)d problems stop this round from running: see its list of problems.",
                len(problems),
            )
            % {"count": len(problems)}
        )
    round.status, round.progress, round.progress_note, round.failure = AllocationRoundStatus.RUNNING, 0, "", ""
    round.save(update_fields=["status", "progress", "progress_note", "failure"])
    allocation_round_run_task.delay_on_commit(round.pk)
    return round


def _progress(round_id: int, share: float, note: str) -> None:
    """Record how far a run is (outside its transaction, so the pages see it while it runs)."""
    AllocationRound.objects.filter(pk=round_id).update(progress=min(100, int(share * 100)), progress_note=note[:200])


def allocation_round_solve(*, round_id: int) -> str:
    """The task's body: read the round's choices and rankings as arrays, fill the default rankings, solve, check
    stability, and write the draft in one transaction (replacing the previous one); the round's final status.
    A round not running (a task delivered twice) is left as it is. Any failure marks the round failed, with a
    readable reason, and writes nothing."""
    # Here, not at the top: the solver compiles with numba, which only the worker running a round needs to load.
    from partnerships import allocation_arrays

    round = AllocationRound.objects.filter(pk=round_id, status=AllocationRoundStatus.RUNNING).first()
    if round is None:
        return AllocationRound.objects.filter(pk=round_id).values_list("status", flat=True).first() or ""
    try:
        allocation_arrays.round_solve(round, progress=lambda share, note: _progress(round_id, share, note))
    except Exception as exc:  # whatever went wrong, the round says so and keeps no draft
        AllocationRound.objects.filter(pk=round_id).update(
            status=AllocationRoundStatus.FAILED, failure=allocation_arrays.failure_text(exc), progress=0
        )
        return AllocationRoundStatus.FAILED
    return AllocationRoundStatus.DRAFTED


@workflow_step
def allocation_round_publish(*, round: AllocationRound, principal: Principal) -> AllocationRound:
    """Publish a reviewed draft: each placed student gets an offer at their posting through the application
    workflow (their earlier application to it reused), which their college accepts or declines as any offer;
    colleges and enterprises are told once each. Final: a published round cannot be run again."""
    round = _lock_round(round)
    _require_official_of(round, principal)
    require_status(round, AllocationRoundStatus.DRAFTED, doing=_("published (only a draft is)"))
    # The round's postings locked in one statement, by primary key, before any application: an acceptance locks
    # its posting first too, so the two wait in turn.
    list(
        Posting.objects.filter(round_entries__round=round).order_by("pk").select_for_update(of=("self",)).values("pk")
    )
    outcomes = (
        AllocationOutcome.objects.filter(round=round, posting__isnull=False)
        .select_related("student__program__college", "posting__enterprise")
        .order_by("posting_id", "student_id")
    )
    refused, made = [], []
    for outcome in outcomes:
        try:
            with transaction.atomic():
                outcome.application = application_allocate(
                    student=outcome.student, posting=outcome.posting, principal=principal
                )
        except BusinessRuleViolation as refusal:
            refused.append(
                _("%(student)s at “%(posting)s”: %(reason)s")
                % {"student": outcome.student.name, "posting": outcome.posting.title, "reason": str(refusal)}
            )
            continue
        made.append(outcome)
    if refused:
        raise BusinessRuleViolation(
            _("The draft cannot be published as it is; run the round again. %(refusals)s")
            % {"refusals": " ".join(refused[:20])}
        )
    AllocationOutcome.objects.bulk_update(made, ["application"], batch_size=1000)
    round.status, round.published_at, round.published_by_id = (
        AllocationRoundStatus.PUBLISHED,
        timezone.now(),
        principal.user_id,
    )
    round.save(update_fields=["status", "published_at", "published_by"])
    by_college = Counter(outcome.student.program.college_id for outcome in made)
    by_enterprise = Counter(outcome.posting.enterprise_id for outcome in made)
    _tell_taking_part(
        round,
        kind=NotificationKind.ALLOCATION_ROUND_PUBLISHED,
        title=_("The allocation round “%(round)s” was published") % {"round": round.name},
        college_body=lambda college_id: (
            ngettext(
                "%(count)d of your students was offered a place: accept or decline each offer in Applications.",
                "%(count)d of your students were offered a place: accept or decline each offer in Applications.",
                by_college[college_id],
            )
            % {"count": by_college[college_id]}
        ),
        enterprise_body=lambda enterprise_id: (
            ngettext(
                "%(count)d offer was made on your postings; the students' colleges answer them.",
                "%(count)d offers were made on your postings; the students' colleges answer them.",
                by_enterprise[enterprise_id],
            )
            % {"count": by_enterprise[enterprise_id]}
        ),
    )
    return round
