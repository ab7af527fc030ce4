"""An allocation round as compact arrays: its choices and rankings read from the database in a few statements,
solved by ``partnerships.solver`` and the draft written back in bulk, without an object per row (docs/matching.md,
"Allocation rounds on the platform"; docs/benchmarks.md, "Allocation round", for the figures at 1,000,000 students).

On PostgreSQL a query's rows arrive by ``COPY (...) TO STDOUT`` in the binary format, whose rows of int4 columns
have a fixed width: numpy reads them in place with a structured dtype. The draft goes back the same way, by
``COPY ... FROM STDIN`` into a temporary table, then one ``INSERT ... SELECT``. Other databases (SQLite in
development) use a plain cursor and ``bulk_create``.
"""

import io
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from colleges.choices import StudentStatus
from colleges.models import Program, Student
from partnerships import solver
from partnerships.choices import AllocationRoundStatus, RankingSource, UnplacedReason
from partnerships.models import (
    AllocationChoice,
    AllocationOutcome,
    AllocationRanking,
    AllocationRound,
    AllocationRoundCollege,
    AllocationRoundPosting,
)
from partnerships.recommendations import pair_scores

Progress = Callable[[float, str], None]
# The outcome's reason by the solver's code (REASON_MATCHED = 0, ...): UnplacedReason lists them in that order.
REASONS = list(UnplacedReason.values)
# PGCOPY's signature, flags and header-extension length, then rows of (field count, then length and value each).
_PGCOPY_HEADER = 19


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def read_int_columns(sql: str, params: list, columns: int) -> list[np.ndarray]:
    """The ``columns`` of the rows of ``sql``, each an int32 array: every column an int4 (``CAST(... AS
    integer)`` for ids, bigint, and ranks, smallint: a binary field of another width would shift the rows), none
    NULL. Ids stay below 2**31 (the unnest of the draft's writes takes them as int[] too)."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            rows = np.array(cursor.fetchall(), dtype=np.int32).reshape(-1, columns)
            return [rows[:, column].copy() for column in range(columns)]
        raw = cursor.cursor
        buffer = io.BytesIO()
        raw.copy_expert(f"COPY ({raw.mogrify(sql, params).decode()}) TO STDOUT WITH (FORMAT binary)", buffer)
    data = buffer.getbuffer()
    extension = int.from_bytes(data[15:19], "big")
    row = np.dtype(
        [("fields", ">i2")] + [item for i in range(columns) for item in ((f"l{i}", ">i4"), (f"v{i}", ">i4"))]
    )
    body = data[_PGCOPY_HEADER + extension : len(data) - 2]  # the trailer is a field count of -1
    rows = np.frombuffer(body, dtype=row, count=len(body) // row.itemsize)
    return [rows[f"v{i}"].astype(np.int32) for i in range(columns)]


def _row_dtype(columns: int) -> np.dtype:
    """A row of PGCOPY's binary format with ``columns`` int4 fields: the field count, then each length and value."""
    return np.dtype(
        [("fields", ">i2")] + [item for i in range(columns) for item in ((f"l{i}", ">i4"), (f"v{i}", ">i4"))]
    )


def _indices(ids: np.ndarray, known: np.ndarray) -> np.ndarray:
    """The positions of ``ids`` in the sorted ``known`` ids (every id is known)."""
    return np.searchsorted(known, ids).astype(np.int32)


def default_ranks(posting: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Ranks of applicants by descending score within each posting: 1 for the best, equal scores tied (the
    round's lottery breaks ties), a competition rank (1, 1, 3) otherwise."""
    order = np.lexsort((-score, posting))
    sorted_posting, sorted_score = posting[order], score[order]
    position = np.arange(len(order))
    new_posting = np.r_[True, sorted_posting[1:] != sorted_posting[:-1]]
    new_score = new_posting | np.r_[True, sorted_score[1:] != sorted_score[:-1]]
    group_start = np.maximum.accumulate(np.where(new_posting, position, 0))
    tie_start = np.maximum.accumulate(np.where(new_score, position, 0))
    ranks = np.empty(len(order), dtype=np.int32)
    ranks[order] = tie_start - group_start + 1
    return ranks


def _on_own_connection(read: Callable):
    """``read`` in a worker thread, on that thread's own connection, closed after it."""
    try:
        return read()
    finally:
        connection.close()


def _at_once(first: Callable, second: Callable) -> tuple:
    """Both reads' results. On PostgreSQL outside a transaction (the task) ``second`` runs on a second connection
    in a thread meanwhile: each read is then its own statement, as it is one after the other, and the round's
    inputs cannot change while it runs. Inside a transaction (tests) a second connection would not see its rows."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return first(), second()
    with ThreadPoolExecutor(max_workers=1) as pool:
        other = pool.submit(_on_own_connection, second)
        return first(), other.result()


def _market(round: AllocationRound, progress: Progress) -> tuple[solver.Market, np.ndarray, np.ndarray]:
    """The round as a market, with the student and posting ids of its indices."""
    students_sql = (
        f"SELECT CAST(s.id AS integer) FROM {_table(Student)} s JOIN {_table(Program)} p ON p.id = s.program_id "
        f"JOIN {_table(AllocationRoundCollege)} c ON c.college_id = p.college_id "
        f"WHERE c.round_id = %s AND s.status = %s"
    )
    (enrolled,) = read_int_columns(students_sql, [round.pk, StudentStatus.ENROLLED], 1)
    posting_ids, capacity, source = read_int_columns(
        f"SELECT CAST(posting_id AS integer), CAST(slots AS integer), CASE WHEN ranking_source = %s THEN 1 ELSE 0 END "
        f"FROM {_table(AllocationRoundPosting)} WHERE round_id = %s",
        [RankingSource.RECOMMENDED, round.pk],
        3,
    )
    order = np.argsort(posting_ids)
    posting_ids, capacity, recommended = posting_ids[order], capacity[order], source[order] == 1
    (choice_student, choice_rank, choice_posting), (ranking_posting, ranking_rank, ranking_student) = _at_once(
        lambda: read_int_columns(
            f"SELECT CAST(student_id AS integer), CAST(rank AS integer), CAST(posting_id AS integer) "
            f"FROM {_table(AllocationChoice)} WHERE round_id = %s",
            [round.pk],
            3,
        ),
        lambda: read_int_columns(
            f"SELECT CAST(posting_id AS integer), CAST(rank AS integer), CAST(student_id AS integer) "
            f"FROM {_table(AllocationRanking)} WHERE round_id = %s",
            [round.pk],
            3,
        ),
    )
    progress(0.25, _("Choices read: %(count)d") % {"count": len(choice_student)})
    progress(0.25, _("Rankings read: %(count)d") % {"count": len(ranking_posting)})
    student_ids = np.unique(np.concatenate([enrolled, choice_student]))
    choice_posting_index = _indices(choice_posting, posting_ids)
    defaulted = recommended[choice_posting_index]
    if defaulted.any():
        pairs = list(zip(choice_student[defaulted].tolist(), choice_posting[defaulted].tolist(), strict=True))
        scores = pair_scores(pairs=pairs)
        score = np.array([scores.get(pair, 0.0) for pair in pairs], dtype=np.float64)
        ranking_posting = np.concatenate([ranking_posting, choice_posting[defaulted]])
        ranking_rank = np.concatenate([ranking_rank, default_ranks(choice_posting[defaulted], score)])
        ranking_student = np.concatenate([ranking_student, choice_student[defaulted]])
        progress(0.3, _("Default rankings by recommendation score: %(count)d") % {"count": int(defaulted.sum())})
    market = solver.Market(
        n_students=len(student_ids),
        n_postings=len(posting_ids),
        choice_student=_indices(choice_student, student_ids),
        choice_rank=choice_rank,
        choice_posting=choice_posting_index,
        ranking_posting=_indices(ranking_posting, posting_ids),
        ranking_rank=ranking_rank,
        ranking_student=_indices(ranking_student, student_ids),
        capacity=capacity,
    )
    return market, student_ids, posting_ids


def _write_draft(round: AllocationRound, student_ids, posting_ids, allocation: solver.Allocation) -> None:
    matched = allocation.posting_of >= 0
    posting = np.where(matched, posting_ids[np.maximum(allocation.posting_of, 0)], -1).astype(np.int32)
    table = _table(AllocationOutcome)
    AllocationOutcome.objects.filter(round=round).delete()
    if connection.vendor != "postgresql":
        AllocationOutcome.objects.bulk_create(
            (
                AllocationOutcome(
                    round=round,
                    student_id=student,
                    posting_id=posting_id if posting_id >= 0 else None,
                    choice_rank=rank or None,
                    reason=REASONS[reason],
                )
                for student, posting_id, rank, reason in zip(
                    student_ids.tolist(),
                    posting.tolist(),
                    allocation.choice_of.tolist(),
                    allocation.unplaced_reason.tolist(),
                    strict=True,
                )
            ),
            batch_size=1000,
        )
        return
    # The draft's columns arrive by COPY in the binary format into a temporary table (no index, no trigger), then
    # one INSERT ... SELECT puts them in place: no Python object per row, no array literal for the server to parse.
    columns = [student_ids, posting, allocation.choice_of, allocation.unplaced_reason]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE allocation_draft (s int, p int, c int, r int) ON COMMIT DROP")
        cursor.cursor.copy_expert(
            "COPY allocation_draft FROM STDIN WITH (FORMAT binary)", io.BytesIO(binary_rows(columns))
        )
        cursor.execute(
            f"INSERT INTO {table} (round_id, student_id, posting_id, choice_rank, reason) "
            f"SELECT %s, s, NULLIF(p, -1), NULLIF(c, 0), (%s::varchar[])[r + 1] FROM allocation_draft",
            [round.pk, REASONS],
        )


def binary_rows(columns: list[np.ndarray]) -> bytes:
    """``columns`` (of one length, no NULLs) as the rows of a ``COPY ... FROM STDIN WITH (FORMAT binary)`` of as
    many int4 columns."""
    row = _row_dtype(len(columns))
    rows = np.empty(len(columns[0]), dtype=row)
    rows["fields"] = len(columns)
    for i, values in enumerate(columns):
        rows[f"l{i}"], rows[f"v{i}"] = 4, values
    return b"PGCOPY\n\xff\r\n\x00" + bytes(8) + rows.tobytes() + b"\xff\xff"


def round_solve(round: AllocationRound, *, progress: Progress) -> dict:
    """Solve ``round`` (running) and write its draft, replacing the previous one, in one transaction with the
    round's move to drafted; the figures recorded in ``round.stats``."""
    started = time.perf_counter()
    progress(0.01, _("Reading the choices and rankings"))
    market, student_ids, posting_ids = _market(round, progress)
    read = time.perf_counter()
    allocation = solver.solve(market, seed=round.seed, progress=lambda share, note: progress(0.3 + 0.5 * share, note))
    solved = time.perf_counter()
    progress(0.85, _("Writing the draft"))
    with transaction.atomic():
        current = AllocationRound.objects.select_for_update().get(pk=round.pk)
        if current.status != AllocationRoundStatus.RUNNING:
            return current.stats
        _write_draft(round, student_ids, posting_ids, allocation)
        written = time.perf_counter()
        reasons = np.bincount(allocation.unplaced_reason.astype(np.int64), minlength=len(REASONS))
        current.stats = {
            "students": int(market.n_students),
            "postings": int(market.n_postings),
            "choices": len(market.choice_student),
            "rankings": len(market.ranking_student),
            "matched": int(reasons[solver.REASON_MATCHED]),
            "unmatched": int(market.n_students - reasons[solver.REASON_MATCHED]),
            "unplaced_by_reason": {REASONS[code]: int(reasons[code]) for code in range(1, len(REASONS))},
            "timings_ms": {
                "read": round_ms(read - started),
                "solve": round_ms(solved - read),
                "write": round_ms(written - solved),
                "total": round_ms(written - started),
            },
        }
        current.status, current.progress, current.progress_note = AllocationRoundStatus.DRAFTED, 100, ""
        current.ran_at, current.failure = timezone.now(), ""
        current.save(update_fields=["stats", "status", "progress", "progress_note", "ran_at", "failure"])
    return current.stats


def round_ms(seconds: float) -> int:
    return int(seconds * 1000)


def failure_text(error: Exception) -> str:
    """What a failed run says on the round's page, in plain words."""
    if isinstance(error, solver.MarketError):
        problems = error.problems
        return ngettext(
            "The choices and rankings have %(count)d problem: %(problems)s",
            "The choices and rankings have %(count)d problems: %(problems)s",
            len(problems),
        ) % {"count": len(problems), "problems": "; ".join(problem.message for problem in problems[:10])}
    if isinstance(error, solver.UnstableMatching):
        return _("The stability check refused the result, so nothing was written: %(error)s") % {"error": error}
    return _("The run stopped on an error, so nothing was written: %(error)s") % {
        "error": f"{type(error).__name__}: {error}"
    }
