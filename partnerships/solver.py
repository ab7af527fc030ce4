"""Student-proposing deferred acceptance with capacities (the hospital–resident problem) on compact arrays.

Pure numpy and numba: nothing here knows Django or the platform, so the same code runs a round from the database
(partnerships.services.allocation_rounds) and from files (``manage.py allocation_solve``). docs/matching.md has the
algorithm, the proof sketch, the O(L) argument and the checker.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numba
import numpy as np

# Why a student is unplaced (Allocation.unplaced_reason); the database stores the same codes.
REASON_MATCHED = 0
REASON_NO_CHOICES = 1  # the student's list is empty
REASON_NOT_ACCEPTABLE = 2  # no posting on the student's list ranked them
REASON_OUTRANKED = 3  # every posting that ranked them filled its slots with students it ranked higher

# Problem.kind: what validate() found wrong, and in which array Problem.index is a row.
SHAPE = "shape"  # arrays of different lengths, or capacity not of length n_postings (index -1)
CHOICE_OUT_OF_RANGE = "choice_out_of_range"  # a student or posting index outside the market
CHOICE_BAD_RANK = "choice_bad_rank"  # a rank outside 1..MAX_RANK
CHOICE_DUPLICATE_POSTING = "choice_duplicate_posting"  # a posting twice in one student's list
CHOICE_DUPLICATE_RANK = "choice_duplicate_rank"  # a rank twice in one student's list
RANKING_OUT_OF_RANGE = "ranking_out_of_range"
RANKING_BAD_RANK = "ranking_bad_rank"
RANKING_DUPLICATE_STUDENT = "ranking_duplicate_student"  # a student twice in one posting's ranking
NEGATIVE_CAPACITY = "negative_capacity"  # index is the posting

# Sort keys pack a rank above a posting or a lottery number, each in 31 bits: rank * 2**31 + the other.
_LOW_BITS = 31
_LOW_MASK = (1 << _LOW_BITS) - 1
MAX_RANK = _LOW_MASK


@dataclass(frozen=True)
class Market:
    """Who ranks whom, as COO arrays: one row per entry of a student's list and per entry of a posting's ranking."""

    n_students: int
    n_postings: int
    choice_student: np.ndarray  # student index 0..n_students-1
    choice_rank: np.ndarray  # 1 = most preferred; distinct within a student's list, not necessarily contiguous
    choice_posting: np.ndarray  # posting index 0..n_postings-1
    ranking_posting: np.ndarray
    ranking_rank: np.ndarray  # 1 = most preferred; ties allowed, broken by the seeded lottery
    ranking_student: np.ndarray
    capacity: np.ndarray  # slots per posting, >= 0


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a market: ``index`` is the row in the arrays its kind names (the caller maps rows to
    lines); ``first_index`` is the earlier row a duplicate repeats, or -1."""

    kind: str
    index: int
    message: str
    first_index: int = -1


class MarketError(ValueError):
    """The market is not well formed; ``problems`` lists every row at fault."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the market, the first: {problems[0].message}")


class UnstableMatching(RuntimeError):
    """The checker refused a matching: the arrays say which pairs block it and which postings or matches are bad."""

    def __init__(
        self, *, blocking_pairs: np.ndarray, overfull_postings: np.ndarray, unacceptable_students: np.ndarray
    ):
        self.blocking_pairs = blocking_pairs  # int64[k, 2]: (student, posting)
        self.overfull_postings = overfull_postings
        self.unacceptable_students = unacceptable_students  # matched to a posting they did not both rank
        parts = []
        if len(blocking_pairs):
            student, posting = blocking_pairs[0]
            parts.append(f"{len(blocking_pairs)} blocking pair(s), e.g. student {student} and posting {posting}")
        if len(overfull_postings):
            parts.append(f"{len(overfull_postings)} posting(s) over capacity, e.g. {overfull_postings[0]}")
        if len(unacceptable_students):
            parts.append(
                f"{len(unacceptable_students)} match(es) not mutually acceptable, e.g. student "
                f"{unacceptable_students[0]}"
            )
        super().__init__("The matching is not stable: " + "; ".join(parts) + ".")


@dataclass(frozen=True)
class Allocation:
    """The matching: per student, the posting, the student's own rank of it, and why an unplaced one is unplaced."""

    posting_of: np.ndarray  # int32[n_students], -1 = unmatched
    choice_of: np.ndarray  # int32[n_students]: the student's rank of what they got, 0 = unmatched
    unplaced_reason: np.ndarray  # int8[n_students]: REASON_*
    seed: int
    lottery: np.ndarray  # int64[n_students]: each student's lottery number; lower wins a tie in a ranking


def tie_break_lottery(n_students: int, seed: int) -> np.ndarray:
    """One lottery over all students: student s wins a tie against t in any ranking when lottery[s] < lottery[t]."""
    return np.random.default_rng(seed).permutation(n_students).astype(np.int64)


def validate(market: Market) -> list[Problem]:
    """Every row that makes the market ill-formed, by check and then by row. O(L + n_students + n_postings)."""
    return _grouped_lists(market)[0]


@dataclass(frozen=True)
class _Lists:
    """The students' lists grouped by student and the postings' rankings grouped by posting, rows in row order."""

    c_ptr: np.ndarray
    c_rows: np.ndarray
    r_ptr: np.ndarray
    r_rows: np.ndarray


def _grouped_lists(market: Market) -> tuple[list[Problem], _Lists | None]:
    """validate()'s problems and, when there are none, the grouping solve() builds on."""
    m = market
    lengths = {len(m.choice_student), len(m.choice_rank), len(m.choice_posting)}
    r_lengths = {len(m.ranking_posting), len(m.ranking_rank), len(m.ranking_student)}
    if len(lengths) > 1 or len(r_lengths) > 1 or len(m.capacity) != m.n_postings:
        return [Problem(SHAPE, -1, "The arrays of the market are not of matching lengths.")], None
    problems = [
        Problem(NEGATIVE_CAPACITY, int(p), f"Posting {p} has a negative capacity ({m.capacity[p]}).")
        for p in np.flatnonzero(np.asarray(m.capacity) < 0)
    ]
    for student, posting, rank, kinds, side in (
        (m.choice_student, m.choice_posting, m.choice_rank, (CHOICE_OUT_OF_RANGE, CHOICE_BAD_RANK), "choice"),
        (m.ranking_student, m.ranking_posting, m.ranking_rank, (RANKING_OUT_OF_RANGE, RANKING_BAD_RANK), "ranking"),
    ):
        student, posting, rank = np.asarray(student), np.asarray(posting), np.asarray(rank)
        outside = (student < 0) | (student >= m.n_students) | (posting < 0) | (posting >= m.n_postings)
        problems += [
            Problem(kinds[0], int(row), f"The {side} row {row} names a student or posting outside the market.")
            for row in np.flatnonzero(outside)
        ]
        problems += [
            Problem(kinds[1], int(row), f"The {side} row {row} has rank {rank[row]}; ranks run from 1 to {MAX_RANK}.")
            for row in np.flatnonzero((rank < 1) | (rank > MAX_RANK))
        ]
    if any(problem.kind in (CHOICE_OUT_OF_RANGE, RANKING_OUT_OF_RANGE) for problem in problems):
        return problems, None
    c_ptr, c_rows = _grouped(_int64(m.choice_student), m.n_students)
    r_ptr, r_rows = _grouped(_int64(m.ranking_posting), m.n_postings)
    c_rank, n_ranks = _dense_ranks(m.choice_rank)
    twice = "{} twice in a student's list"
    for ptr, rows, key, n_keys, kind, what in (
        (c_ptr, c_rows, _int64(m.choice_posting), m.n_postings, CHOICE_DUPLICATE_POSTING, twice.format("posting")),
        (c_ptr, c_rows, c_rank, n_ranks, CHOICE_DUPLICATE_RANK, twice.format("rank")),
        (
            r_ptr,
            r_rows,
            _int64(m.ranking_student),
            m.n_students,
            RANKING_DUPLICATE_STUDENT,
            "student twice in a ranking",
        ),
    ):
        first = _twins(ptr, rows, key, n_keys)
        problems += [
            Problem(kind, row, f"Row {row} repeats row {twin}: the same {what}.", twin)
            for row, twin in ((int(row), int(first[row])) for row in np.flatnonzero(first >= 0))
        ]
    return problems, (None if problems else _Lists(c_ptr, c_rows, r_ptr, r_rows))


def solve(market: Market, *, seed: int, progress: Callable[[float, str], None] | None = None) -> Allocation:
    """The student-optimal stable matching of the market, ties in the rankings broken by the lottery of ``seed``,
    checked by check_stability before it is returned. Raises MarketError on bad input and UnstableMatching if the
    check fails. O(L + n_students + n_postings) time and memory."""
    report = progress or (lambda fraction, note: None)
    problems, lists = _grouped_lists(market)
    if problems:
        raise MarketError(problems)
    m = market
    report(0.2, "validated")
    lottery = tie_break_lottery(m.n_students, seed)
    # Each posting's ranking in strict order: by rank, then by lottery number. A key packs the rank above the
    # lottery number, which names the student; each posting's keys are then sorted, O(d log d) for d of them.
    r_rows, c_rows = lists.r_rows, lists.c_rows
    r_key = (_int64(m.ranking_rank)[r_rows] << _LOW_BITS) | lottery[_int64(m.ranking_student)[r_rows]]
    _sort_groups(lists.r_ptr, r_key)
    student_with_number = np.empty(m.n_students, np.int64)
    student_with_number[lottery] = np.arange(m.n_students)
    r_student = student_with_number[r_key & _LOW_MASK]
    # Each student's list in order of preference (rank above posting), and where each posting ranks the student.
    c_key = (_int64(m.choice_rank)[c_rows] << _LOW_BITS) | _int64(m.choice_posting)[c_rows]
    _sort_groups(lists.c_ptr, c_key)
    c_rank, c_posting = c_key >> _LOW_BITS, c_key & _LOW_MASK
    c_ptr, r_ptr = lists.c_ptr, lists.r_ptr
    c_student = np.repeat(np.arange(m.n_students, dtype=np.int64), np.diff(c_ptr))
    c_position = _positions_at_postings(m.n_students, m.n_postings, c_student, c_posting, r_ptr, r_student)
    report(0.4, "rankings tie-broken")
    holds = _deferred_acceptance(m.n_students, c_ptr, c_posting, c_position, r_ptr, r_student, _int64(m.capacity))
    report(0.6, "matched")
    matched = holds >= 0
    acceptable = np.bincount(c_student[c_position >= 0], minlength=m.n_students) > 0
    allocation = Allocation(
        posting_of=_take(c_posting, holds, -1).astype(np.int32),
        choice_of=_take(c_rank, holds, 0).astype(np.int32),
        unplaced_reason=np.select(
            [matched, np.diff(c_ptr) == 0, ~acceptable],
            [REASON_MATCHED, REASON_NO_CHOICES, REASON_NOT_ACCEPTABLE],
            REASON_OUTRANKED,
        ).astype(np.int8),
        seed=seed,
        lottery=lottery,
    )
    check_stability(market, allocation, lottery)
    report(1.0, "checked")
    return allocation


def check_stability(market: Market, allocation: Allocation, lottery: np.ndarray) -> None:
    """Raise UnstableMatching unless the allocation fills no posting beyond its capacity, matches only pairs that
    ranked each other, reports the ranks the students gave, and has no blocking pair under the postings' rankings
    tie-broken by ``lottery``. Independent of the solver: it tests the definition pair by pair, student by student
    (the solver works posting by posting), on the market's own arrays. O(L + n_students + n_postings)."""
    m = market
    posting_of = _int64(allocation.posting_of)
    if len(posting_of) != m.n_students or ((posting_of < -1) | (posting_of >= m.n_postings)).any():
        raise ValueError("The allocation does not name a posting of the market, or -1, for every student.")
    r_strict = (_int64(m.ranking_rank) << _LOW_BITS) | _int64(lottery)[_int64(m.ranking_student)]
    blocking_student, blocking_posting, overfull, unacceptable = _violations(
        m.n_students,
        m.n_postings,
        _int64(m.choice_student),
        _int64(m.choice_rank),
        _int64(m.choice_posting),
        _int64(m.ranking_student),
        _int64(m.ranking_posting),
        r_strict,
        _int64(m.capacity),
        posting_of,
        _int64(allocation.choice_of),
    )
    if len(blocking_student) or overfull.any() or unacceptable.any():
        raise UnstableMatching(
            blocking_pairs=np.column_stack([blocking_student, blocking_posting]),
            overfull_postings=np.flatnonzero(overfull),
            unacceptable_students=np.flatnonzero(unacceptable),
        )


def _int64(values) -> np.ndarray:
    """One integer type for every compiled function, so each compiles once."""
    return np.asarray(values, np.int64)


def _dense_ranks(ranks) -> tuple[np.ndarray, int]:
    """Ranks as 0-based values in the same order, and their bound, to index a scratch array: rank - 1 when the ranks
    are at most a few times the number of rows (any real list), else the rank's place among the distinct ranks."""
    ranks = _int64(ranks)
    top = int(ranks.max()) if len(ranks) else 0
    if top <= 4 * len(ranks) + 16 and (not len(ranks) or ranks.min() >= 1):
        return ranks - 1, top
    distinct, dense = np.unique(ranks, return_inverse=True)
    return dense.astype(np.int64), len(distinct)


def _take(values: np.ndarray, rows: np.ndarray, missing: int) -> np.ndarray:
    """values[rows], with ``missing`` where a row is -1."""
    taken = np.full(len(rows), missing, np.int64)
    found = rows >= 0
    taken[found] = values[rows[found]]
    return taken


@numba.njit(cache=True)
def _grouped(group, n_groups):  # pragma: no cover - compiled
    """CSR of the rows by group, each group's rows in row order: a counting sort, O(L + n_groups)."""
    ptr = np.zeros(n_groups + 1, np.int64)
    for g in group:
        ptr[g + 1] += 1
    for g in range(n_groups):
        ptr[g + 1] += ptr[g]
    fill = ptr[:-1].copy()
    rows = np.empty(len(group), np.int64)
    for row in range(len(group)):
        rows[fill[group[row]]] = row
        fill[group[row]] += 1
    return ptr, rows


@numba.njit(cache=True)
def _twins(ptr, rows, key, n_keys):  # pragma: no cover - compiled
    """Per row, the first row of its group with the same key, or -1 for that first row itself: a scratch array
    indexed by key remembers the rows of one group at a time. O(L + n_keys)."""
    first = np.full(len(rows), -1, np.int64)
    seen = np.full(n_keys, -1, np.int64)
    for g in range(len(ptr) - 1):
        for i in range(ptr[g], ptr[g + 1]):
            row = rows[i]
            if seen[key[row]] < 0:
                seen[key[row]] = row
            else:
                first[row] = seen[key[row]]
        for i in range(ptr[g], ptr[g + 1]):
            seen[key[rows[i]]] = -1
    return first


@numba.njit(cache=True)
def _sort_groups(ptr, keys):  # pragma: no cover - compiled
    """Sort each group's own keys, in place."""
    for g in range(len(ptr) - 1):
        keys[ptr[g] : ptr[g + 1]].sort()


@numba.njit(cache=True)
def _positions_at_postings(n_students, n_postings, c_student, c_posting, r_ptr, r_student):  # pragma: no cover
    """For each entry of the students' lists, the student's position in the posting's strict ranking (0 = best),
    -1 when the posting did not rank them: posting by posting, a scratch array indexed by student holds the
    ranking's positions while the posting's applicants read theirs. O(L + n_students + n_postings), no search."""
    by_posting_ptr, entries = _grouped(c_posting, n_postings)
    position = np.full(len(c_posting), -1, np.int64)
    scratch = np.full(n_students, -1, np.int64)
    for p in range(n_postings):
        base = r_ptr[p]
        for j in range(base, r_ptr[p + 1]):
            scratch[r_student[j]] = j - base
        for i in range(by_posting_ptr[p], by_posting_ptr[p + 1]):
            position[entries[i]] = scratch[c_student[entries[i]]]
        for j in range(base, r_ptr[p + 1]):
            scratch[r_student[j]] = -1
    return position


@numba.njit(cache=True)
def _deferred_acceptance(n_students, c_ptr, c_posting, c_position, r_ptr, r_student, capacity):  # pragma: no cover
    """Student-proposing deferred acceptance; per student, the entry of their list they hold at the end, or -1.

    A posting keeps a held flag per position of its strict ranking and ``worst``, the position of the worst student
    it holds. Once full it stays full and ``worst`` only moves towards better positions, so its moves add up to at
    most the ranking's length; each student tries each entry of their list at most once. Together: O(L)."""
    held = np.zeros(len(r_student), np.bool_)
    count = np.zeros(len(capacity), np.int64)
    worst = np.full(len(capacity), -1, np.int64)
    next_entry = c_ptr[:-1].copy()
    holds = np.full(n_students, -1, np.int64)
    free = np.arange(n_students - 1, -1, -1)  # a stack: every student is free at first, and only the free are on it
    top = n_students
    while top > 0:
        top -= 1
        s = free[top]
        k = next_entry[s]
        while k < c_ptr[s + 1]:
            p, position = c_posting[k], c_position[k]
            k += 1
            if position < 0 or capacity[p] == 0:
                continue
            base = r_ptr[p]
            if count[p] < capacity[p]:
                count[p] += 1
                worst[p] = max(worst[p], position)
            elif position < worst[p]:
                # Full, and s beats the worst it holds: that student is rejected and proposes again later.
                w = worst[p]
                held[base + w] = False
                rejected = r_student[base + w]
                holds[rejected] = -1
                free[top] = rejected
                top += 1
                held[base + position] = True
                while not held[base + w]:
                    w -= 1
                worst[p] = w
            else:
                continue
            held[base + position] = True
            holds[s] = k - 1
            break
        next_entry[s] = k
    return holds


@numba.njit(cache=True)
def _violations(
    n_students,
    n_postings,
    c_student,
    c_rank,
    c_posting,
    r_student,
    r_posting,
    r_strict,
    capacity,
    posting_of,
    choice_of,
):  # pragma: no cover - compiled
    """The blocking pairs (students, postings), the overfull postings and the students whose match is not mutually
    acceptable or whose reported rank is wrong, as masks."""
    fill = np.zeros(n_postings, np.int64)
    for s in range(n_students):
        if posting_of[s] >= 0:
            fill[posting_of[s]] += 1
    own_rank = np.zeros(n_students, np.int64)
    for k in range(len(c_student)):
        if posting_of[c_student[k]] == c_posting[k]:
            own_rank[c_student[k]] = c_rank[k]
    # Each posting's worst matched student by its strict key, and whether each match is on the posting's ranking.
    worst = np.full(n_postings, -1, np.int64)
    ranked = np.zeros(n_students, np.bool_)
    for j in range(len(r_student)):
        s, p = r_student[j], r_posting[j]
        if posting_of[s] == p:
            ranked[s] = True
            worst[p] = max(worst[p], r_strict[j])
    unacceptable = np.zeros(n_students, np.bool_)
    for s in range(n_students):
        matched = posting_of[s] >= 0
        unacceptable[s] = (matched and (own_rank[s] == 0 or not ranked[s])) or choice_of[s] != own_rank[s]
    # Student by student: the rank they give each posting that ranked them, if they listed it.
    c_by_student = _grouped(c_student, n_students)[1]
    r_by_student = _grouped(r_student, n_students)[1]
    rank_of = np.zeros(n_postings, np.int64)
    blocking_student = np.empty(len(r_student), np.int64)
    blocking_posting = np.empty(len(r_student), np.int64)
    n_blocking, i, j = 0, 0, 0
    for s in range(n_students):
        start = i
        while i < len(c_by_student) and c_student[c_by_student[i]] == s:
            rank_of[c_posting[c_by_student[i]]] = c_rank[c_by_student[i]]
            i += 1
        while j < len(r_by_student) and r_student[r_by_student[j]] == s:
            row = r_by_student[j]
            p = r_posting[row]
            j += 1
            prefers = rank_of[p] > 0 and (posting_of[s] < 0 or rank_of[p] < own_rank[s])
            if prefers and (fill[p] < capacity[p] or worst[p] > r_strict[row]):
                blocking_student[n_blocking] = s
                blocking_posting[n_blocking] = p
                n_blocking += 1
        for k in range(start, i):
            rank_of[c_posting[c_by_student[k]]] = 0
    return blocking_student[:n_blocking], blocking_posting[:n_blocking], fill > capacity, unacceptable
