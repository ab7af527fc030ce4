"""``manage.py allocation_solve``: run an allocation round from CSV files, without the database, so that a round can
be audited and what-if studies run offline (docs/matching.md, "Running a round from files")."""

import csv
import itertools
import os
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerships import solver

CHOICES_HEADER = ("student", "rank", "posting")
RANKINGS_HEADER = ("posting", "rank", "student")
CAPACITIES_HEADER = ("posting", "slots")
RESULT_HEADER = ("student", "posting")
CHUNK_ROWS = 1_000_000  # rows parsed at a time: the lists of strings of a whole 10M-row file would not fit
MAX_REPORTED = 200  # problems printed; the summary counts them all


@dataclass
class _Report:
    """Every problem found in the files, as (file, line, message), in the order found."""

    problems: list[tuple[str, int, str]] = field(default_factory=list)

    def add(self, path: Path, line: int, message: str) -> None:
        self.problems.append((path.name, line, message))


@dataclass
class _Table:
    """One file's rows that parsed, as arrays: the ids' indexes, the numbers, and each row's line in the file."""

    first: np.ndarray
    number: np.ndarray
    second: np.ndarray
    lines: np.ndarray


class Command(BaseCommand):
    help = (
        "Run an allocation round from files: student-proposing deferred acceptance with capacities, ties in the "
        "rankings broken by a lottery seeded with --seed, the result checked for stability. CHOICES has the columns "
        "student,rank,posting; RANKINGS posting,rank,student; CAPACITIES posting,slots; RESULT gets student,posting "
        "for each student placed. Rank 1 is the most preferred; a student a posting did not rank is not acceptable "
        "to it. Bad rows are reported with their file and line, and then nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--choices", required=True, type=Path, metavar="CHOICES.csv")
        parser.add_argument("--rankings", required=True, type=Path, metavar="RANKINGS.csv")
        parser.add_argument("--capacities", required=True, type=Path, metavar="CAPACITIES.csv")
        parser.add_argument("--out", required=True, type=Path, metavar="RESULT.csv")
        parser.add_argument(
            "--seed", type=int, help="The lottery's seed, 0 or more (default: drawn at random and printed)."
        )

    def handle(self, *args, choices: Path, rankings: Path, capacities: Path, out: Path, seed: int | None, **options):
        if seed is not None and seed < 0:
            raise CommandError(_("--seed must be 0 or more, not %(seed)s.") % {"seed": seed})
        if seed is None:
            seed = secrets.randbelow(2**32)
        # call_command() passes its keyword options through as they are, without the parser's type=Path.
        choices, rankings, capacities, out = map(Path, (choices, rankings, capacities, out))
        started = time.perf_counter()
        report = _Report()
        postings, slots = _read_capacities(capacities, report)
        students: dict[str, int] = {}
        chosen = _read_lists(choices, CHOICES_HEADER, students, postings, capacities, report, student_first=True)
        ranked = _read_lists(rankings, RANKINGS_HEADER, students, postings, capacities, report, student_first=False)
        market = solver.Market(
            n_students=len(students),
            n_postings=len(postings),
            choice_student=chosen.first,
            choice_rank=chosen.number,
            choice_posting=chosen.second,
            ranking_posting=ranked.first,
            ranking_rank=ranked.number,
            ranking_student=ranked.second,
            capacity=slots,
        )
        names = _Names(students, postings)
        for problem in solver.validate(market):
            _report_problem(problem, chosen, ranked, choices, rankings, capacities, names, report)
        if report.problems:
            raise CommandError(_summary_of_problems(report))
        read = time.perf_counter()

        allocation = solver.solve(market, seed=seed)
        solved = time.perf_counter()
        _write_result(out, allocation, names)
        written = time.perf_counter()

        with_choices = np.bincount(chosen.first, minlength=len(students)) > 0
        matched = int((allocation.posting_of >= 0).sum())
        reasons = np.bincount(allocation.unplaced_reason[with_choices], minlength=4)
        self.stdout.write(
            _(
                "Students with choices: %(students)s; placed: %(matched)s; unplaced: %(unplaced)s (not ranked by "
                "any posting they chose: %(not_acceptable)s; outranked: %(outranked)s)."
            )
            % {
                "students": f"{int(with_choices.sum()):,}",
                "matched": f"{matched:,}",
                "unplaced": f"{int(with_choices.sum()) - matched:,}",
                "not_acceptable": f"{reasons[solver.REASON_NOT_ACCEPTABLE]:,}",
                "outranked": f"{reasons[solver.REASON_OUTRANKED]:,}",
            }
        )
        self.stdout.write(_("Seed: %(seed)s (pass --seed %(seed)s to reproduce this result).") % {"seed": seed})
        self.stdout.write(
            _("Read the files in %(read).1f s, solved and checked in %(solved).1f s, wrote %(out)s in %(wrote).1f s.")
            % {"read": read - started, "solved": solved - read, "out": out, "wrote": written - solved}
        )


@dataclass
class _Names:
    """Index -> id of the students and the postings, for the messages and the result."""

    students: dict[str, int]
    postings: dict[str, int]

    def __post_init__(self):
        self.student = list(self.students)
        self.posting = list(self.postings)


def _rows(path: Path, header: tuple[str, ...], report: _Report):
    """The file's data rows in chunks of (first line number, rows); nothing when the file or its header is wrong."""
    try:
        handle = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115 - closed below, after the generator
    except OSError as error:
        report.add(path, 0, _("The file cannot be read: %(error)s") % {"error": error.strerror or error})
        return
    with handle:
        reader = csv.reader(handle)
        try:
            first = next(reader, [])
        except (csv.Error, UnicodeDecodeError) as error:
            report.add(path, 1, _("The file is not UTF-8 CSV text: %(error)s") % {"error": error})
            return
        if tuple(column.strip().lower() for column in first) != header:
            report.add(
                path,
                1,
                _("The first line must be the header %(header)s, not %(found)s.")
                % {"header": ",".join(header), "found": ",".join(first) or _("an empty line")},
            )
            return
        line = 2
        try:
            while chunk := list(itertools.islice(reader, CHUNK_ROWS)):
                yield line, chunk
                line += len(chunk)
        except (csv.Error, UnicodeDecodeError) as error:
            report.add(path, line, _("The file is not UTF-8 CSV text from here on: %(error)s") % {"error": error})


def _whole_numbers(values: list[str]) -> tuple[np.ndarray, list[int]]:
    """The values as int64, and the positions of those that are not whole numbers (their value is then 0)."""
    try:
        return np.array(values).astype(np.int64), []
    except (ValueError, OverflowError):
        numbers, bad = np.zeros(len(values), np.int64), []
        for position, value in enumerate(values):
            text = value.strip()
            if text.lstrip("-").isdigit() and abs(int(text)) <= solver.MAX_RANK:
                numbers[position] = int(text)
            else:
                bad.append(position)
        return numbers, bad


def _read_capacities(path: Path, report: _Report) -> tuple[dict[str, int], np.ndarray]:
    postings: dict[str, int] = {}
    first_line: dict[str, int] = {}
    slots: list[int] = []
    for start, chunk in _rows(path, CAPACITIES_HEADER, report):
        numbers, bad = _whole_numbers([row[1] if len(row) == 2 else "0" for row in chunk])
        bad = set(bad)
        for offset, row in enumerate(chunk):
            line = start + offset
            if len(row) != 2:
                report.add(path, line, _columns_message(len(row), 2))
            elif not row[0].strip():
                report.add(path, line, _("The posting is empty."))
            elif offset in bad:
                report.add(path, line, _("The slots %(value)r are not a whole number.") % {"value": row[1]})
            elif numbers[offset] < 0:
                report.add(path, line, _("The slots must be 0 or more, not %(value)s.") % {"value": numbers[offset]})
            elif (posting := row[0].strip()) in postings:
                report.add(
                    path,
                    line,
                    _("Posting %(posting)s is listed twice (first on line %(first)s).")
                    % {"posting": posting, "first": first_line[posting]},
                )
            else:
                postings[posting] = len(postings)
                first_line[posting] = line
                slots.append(int(numbers[offset]))
    return postings, np.array(slots, np.int64)


def _read_lists(path, header, students, postings, capacities_path, report, *, student_first: bool) -> _Table:
    """A choices or rankings file: each row's first id, rank, second id (as in the file's header) and line."""
    firsts, numbers, seconds, lines = [], [], [], []
    student_column = 0 if student_first else 2
    for start, chunk in _rows(path, header, report):
        good = [len(row) == 3 and row[0].strip() != "" and row[2].strip() != "" for row in chunk]
        ranks, not_numbers = _whole_numbers([row[1] if ok else "1" for row, ok in zip(chunk, good, strict=True)])
        for offset in not_numbers:
            good[offset] = False
        posting_index = [
            postings.get(row[2 - student_column].strip(), -1) if ok else -1
            for row, ok in zip(chunk, good, strict=True)
        ]
        for offset, row in enumerate(chunk):
            if not good[offset] or posting_index[offset] < 0:
                _report_row(path, start + offset, row, offset in not_numbers, student_column, capacities_path, report)
        keep = np.flatnonzero(np.array(good) & (np.array(posting_index) >= 0))
        student_index = [
            students.setdefault(chunk[offset][student_column].strip(), len(students)) for offset in keep.tolist()
        ]
        posting_kept = np.array(posting_index, np.int64)[keep]
        firsts.append(np.array(student_index, np.int64) if student_first else posting_kept)
        seconds.append(posting_kept if student_first else np.array(student_index, np.int64))
        numbers.append(ranks[keep])
        lines.append(keep + start)
    empty = np.zeros(0, np.int64)
    return _Table(*(np.concatenate(parts) if parts else empty for parts in (firsts, numbers, seconds, lines)))


def _report_row(path, line, row, rank_is_bad, student_column, capacities_path, report) -> None:
    if len(row) != 3:
        report.add(path, line, _columns_message(len(row), 3))
    elif not row[student_column].strip():
        report.add(path, line, _("The student is empty."))
    elif not row[2 - student_column].strip():
        report.add(path, line, _("The posting is empty."))
    elif rank_is_bad:
        report.add(path, line, _("The rank %(value)r is not a whole number.") % {"value": row[1]})
    else:
        report.add(
            path,
            line,
            _("Posting %(posting)s is not in %(capacities)s.")
            % {"posting": row[2 - student_column].strip(), "capacities": capacities_path.name},
        )


def _columns_message(found: int, expected: int) -> str:
    return ngettext(
        "The row has %(found)s column; it needs %(expected)s.",
        "The row has %(found)s columns; it needs %(expected)s.",
        found,
    ) % {"found": found, "expected": expected}


def _report_problem(problem, chosen, ranked, choices, rankings, capacities, names, report) -> None:
    """A problem validate() found, in the words of the files: solver rows are mapped back to lines and ids."""
    if problem.kind in (solver.CHOICE_BAD_RANK, solver.RANKING_BAD_RANK):
        table, path = (chosen, choices) if problem.kind == solver.CHOICE_BAD_RANK else (ranked, rankings)
        rank = table.number[problem.index]
        report.add(
            path,
            int(table.lines[problem.index]),
            _("The rank must be a whole number from 1 to %(max)s, not %(rank)s.")
            % {"rank": rank, "max": solver.MAX_RANK},
        )
        return
    if problem.kind in (solver.CHOICE_DUPLICATE_POSTING, solver.CHOICE_DUPLICATE_RANK):
        row, first = problem.index, problem.first_index
        values = {
            "student": names.student[chosen.first[row]],
            "posting": names.posting[chosen.second[row]],
            "rank": chosen.number[row],
            "first": chosen.lines[first],
        }
        if problem.kind == solver.CHOICE_DUPLICATE_POSTING:
            message = _("Student %(student)s lists posting %(posting)s twice (first on line %(first)s).")
        else:
            message = _("Student %(student)s gives rank %(rank)s twice (first on line %(first)s).")
        report.add(choices, int(chosen.lines[row]), message % values)
        return
    if problem.kind == solver.RANKING_DUPLICATE_STUDENT:
        row = problem.index
        report.add(
            rankings,
            int(ranked.lines[row]),
            _("Posting %(posting)s ranks student %(student)s twice (first on line %(first)s).")
            % {
                "posting": names.posting[ranked.first[row]],
                "student": names.student[ranked.second[row]],
                "first": ranked.lines[problem.first_index],
            },
        )
        return
    # The reading above never builds out-of-range indexes, negative capacities or arrays of different lengths.
    raise AssertionError(problem.message)


def _summary_of_problems(report: _Report) -> str:
    shown = sorted(report.problems)[:MAX_REPORTED]
    lines = [
        (_("%(file)s line %(line)s: %(message)s") if line else _("%(file)s: %(message)s"))
        % {"file": name, "line": line, "message": message}
        for name, line, message in shown
    ]
    if len(report.problems) > len(shown):
        lines.append(_("… and %(count)s more.") % {"count": f"{len(report.problems) - len(shown):,}"})
    lines.append(
        ngettext(
            "%(count)s problem in the files: nothing was solved or written. Fix the rows above and run again.",
            "%(count)s problems in the files: nothing was solved or written. Fix the rows above and run again.",
            len(report.problems),
        )
        % {"count": f"{len(report.problems):,}"}
    )
    return "\n".join(lines)


def _write_result(out: Path, allocation: solver.Allocation, names: _Names) -> None:
    """student,posting for each student placed, in the order the students first appear in the files; written to a
    temporary file renamed into place, so a failure leaves no half-written result."""
    placed = np.flatnonzero(allocation.posting_of >= 0)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", newline="", encoding="utf-8", dir=out.parent, prefix=f".{out.name}.", delete=False
    ) as handle:
        writer = csv.writer(handle)
        writer.writerow(RESULT_HEADER)
        student, posting = names.student, names.posting
        writer.writerows(
            (student[s], posting[p])
            for s, p in zip(placed.tolist(), allocation.posting_of[placed].tolist(), strict=True)
        )
    os.replace(handle.name, out)
