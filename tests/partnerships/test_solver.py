"""partnerships.solver: deferred acceptance on hand-checked markets, its properties against brute force (stable,
within capacity, student-optimal), the seeded lottery, validation, and the checker catching planted faults."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerships import solver
from partnerships.solver import (
    REASON_MATCHED,
    REASON_NO_CHOICES,
    REASON_NOT_ACCEPTABLE,
    REASON_OUTRANKED,
    Allocation,
    Market,
    MarketError,
    UnstableMatching,
    check_stability,
    solve,
    tie_break_lottery,
    validate,
)


def market(
    lists: dict[int, list[int]], rankings: dict[int, list[tuple[int, int]]], capacity: list[int], *, n_students
):
    """A market from each student's postings in order of preference and each posting's (student, rank) pairs."""
    choices = [(s, rank, p) for s, postings in lists.items() for rank, p in enumerate(postings, start=1)]
    ranked = [(p, rank, s) for p, pairs in rankings.items() for s, rank in pairs]
    c = np.array(choices, np.int32).reshape(-1, 3)
    r = np.array(ranked, np.int32).reshape(-1, 3)
    return Market(
        n_students=n_students,
        n_postings=len(capacity),
        choice_student=c[:, 0],
        choice_rank=c[:, 1],
        choice_posting=c[:, 2],
        ranking_posting=r[:, 0],
        ranking_rank=r[:, 1],
        ranking_student=r[:, 2],
        capacity=np.array(capacity, np.int32),
    )


def in_order(*students):
    """A strict ranking: (student, rank) pairs, the first student best."""
    return [(s, rank) for rank, s in enumerate(students, start=1)]


# ------------------------------------------------------------------------------
# Hand-checked markets
# ------------------------------------------------------------------------------
def test_a_posting_with_two_slots_takes_the_two_it_ranks_best_of_those_who_want_it():
    # A (2 slots) ranks 3 > 2 > 1 > 0; B (1) ranks 0 > 3; C (1) ranks only 1. By hand: 0 and 1 take A; 2 displaces
    # 0, who goes to B; 3 is refused by B (it holds 0), displaces 1 at A; 1 goes to C; C did not rank 4.
    m = market(
        {0: [0, 1], 1: [0, 2], 2: [0], 3: [1, 0], 4: [2]},
        {0: in_order(3, 2, 1, 0), 1: in_order(0, 3), 2: in_order(1)},
        [2, 1, 1],
        n_students=5,
    )
    allocation = solve(m, seed=7)
    assert allocation.posting_of.tolist() == [1, 2, 0, 0, -1]
    assert allocation.choice_of.tolist() == [2, 2, 1, 2, 0]
    assert allocation.unplaced_reason.tolist() == [REASON_MATCHED] * 4 + [REASON_NOT_ACCEPTABLE]


def test_students_left_unmatched_say_why():
    # 0 and 1 both want A (1 slot), which prefers 1; 2 listed nothing; 3 listed only a posting with no slot.
    m = market({0: [0], 1: [0], 3: [1]}, {0: in_order(1, 0), 1: in_order(3)}, [1, 0], n_students=4)
    allocation = solve(m, seed=1)
    assert allocation.posting_of.tolist() == [-1, 0, -1, -1]
    assert allocation.unplaced_reason.tolist() == [
        REASON_OUTRANKED,
        REASON_MATCHED,
        REASON_NO_CHOICES,
        REASON_OUTRANKED,
    ]


def test_the_result_is_the_student_optimal_one_of_two_stable_matchings():
    # Students prefer A > B and B > A; the postings prefer the opposite. Both "each gets their first" and "each gets
    # their second" are stable; deferred acceptance by students gives the students their first choices.
    m = market({0: [0, 1], 1: [1, 0]}, {0: in_order(1, 0), 1: in_order(0, 1)}, [1, 1], n_students=2)
    assert solve(m, seed=3).posting_of.tolist() == [0, 1]


def test_ranks_need_not_be_contiguous_and_the_student_keeps_their_own_numbering():
    m = Market(
        n_students=1,
        n_postings=2,
        choice_student=np.array([0, 0]),
        choice_rank=np.array([10, 5]),
        choice_posting=np.array([0, 1]),
        ranking_posting=np.array([0, 1]),
        ranking_rank=np.array([3, 900]),
        ranking_student=np.array([0, 0]),
        capacity=np.array([1, 1]),
    )
    allocation = solve(m, seed=0)
    assert (allocation.posting_of.tolist(), allocation.choice_of.tolist()) == ([1], [5])


def test_a_tie_goes_to_the_better_lottery_number_and_the_seed_decides_it():
    # One slot, two students the posting ranks equal.
    m = market({0: [0], 1: [0]}, {0: [(0, 1), (1, 1)]}, [1], n_students=2)
    winners = set()
    for seed in range(20):
        allocation = solve(m, seed=seed)
        lottery = tie_break_lottery(2, seed)
        winner = int(np.argmin(lottery))
        assert allocation.posting_of.tolist()[winner] == 0
        assert allocation.unplaced_reason[1 - winner] == REASON_OUTRANKED
        winners.add(winner)
    assert winners == {0, 1}


def test_the_lottery_breaks_only_ties():
    # The posting ranks 1 strictly above 0, whatever the lottery says.
    m = market({0: [0], 1: [0]}, {0: [(0, 2), (1, 1)]}, [1], n_students=2)
    assert {tuple(solve(m, seed=seed).posting_of.tolist()) for seed in range(20)} == {(-1, 0)}


def test_an_empty_market_solves_to_nobody_placed():
    m = market({}, {}, [], n_students=3)
    allocation = solve(m, seed=0)
    assert allocation.posting_of.tolist() == [-1, -1, -1]
    assert allocation.unplaced_reason.tolist() == [REASON_NO_CHOICES] * 3


def test_progress_is_reported_up_to_done():
    seen = []
    solve(market({0: [0]}, {0: in_order(0)}, [1], n_students=1), seed=0, progress=lambda f, note: seen.append(f))
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


# ------------------------------------------------------------------------------
# Validation
# ------------------------------------------------------------------------------
def test_validate_names_every_row_at_fault():
    m = market(
        {0: [0, 0], 1: [1]},
        {0: [(0, 1), (0, 2)], 1: [(1, 1)]},
        [1, 1],
        n_students=2,
    )
    m = Market(**{**m.__dict__, "choice_rank": np.array([1, 2, 2])})  # row 2 is student 1's only entry: no clash
    problems = validate(m)
    assert [(p.kind, p.index, p.first_index) for p in problems] == [
        (solver.CHOICE_DUPLICATE_POSTING, 1, 0),
        (solver.RANKING_DUPLICATE_STUDENT, 1, 0),
    ]
    with pytest.raises(MarketError) as raised:
        solve(m, seed=0)
    assert raised.value.problems == problems


def test_validate_finds_a_rank_used_twice_in_a_students_list():
    m = market({0: [0, 1, 2]}, {}, [1, 1, 1], n_students=1)
    m = Market(**{**m.__dict__, "choice_rank": np.array([1, 3, 3])})
    assert [(p.kind, p.index, p.first_index) for p in validate(m)] == [(solver.CHOICE_DUPLICATE_RANK, 2, 1)]


def test_validate_finds_indexes_outside_the_market_bad_ranks_and_negative_capacities():
    m = Market(
        n_students=2,
        n_postings=2,
        choice_student=np.array([0, 2, 1]),
        choice_rank=np.array([1, 1, 0]),
        choice_posting=np.array([0, 0, 1]),
        ranking_posting=np.array([-1, 1]),
        ranking_rank=np.array([1, 2**31]),
        ranking_student=np.array([0, 1]),
        capacity=np.array([1, -1]),
    )
    assert [(p.kind, p.index) for p in validate(m)] == [
        (solver.NEGATIVE_CAPACITY, 1),
        (solver.CHOICE_OUT_OF_RANGE, 1),
        (solver.CHOICE_BAD_RANK, 2),
        (solver.RANKING_OUT_OF_RANGE, 0),
        (solver.RANKING_BAD_RANK, 1),
    ]


def test_validate_refuses_arrays_of_different_lengths():
    m = market({0: [0]}, {}, [1], n_students=1)
    assert [p.kind for p in validate(Market(**{**m.__dict__, "capacity": np.array([1, 1])}))] == [solver.SHAPE]


# ------------------------------------------------------------------------------
# The checker
# ------------------------------------------------------------------------------
FOUR_STUDENTS = market(
    {0: [0, 1], 1: [0, 1], 2: [1], 3: [0]},
    {0: in_order(0, 1, 3), 1: in_order(1, 0, 2)},
    [1, 2],
    n_students=4,
)


def planted(allocation: Allocation, **changes: dict[int, tuple[int, int]]) -> Allocation:
    """The allocation with some students moved: {student: (posting, the student's rank of it)}."""
    posting_of, choice_of = allocation.posting_of.copy(), allocation.choice_of.copy()
    for student, (posting, rank) in changes["moves"].items():
        posting_of[student], choice_of[student] = posting, rank
    return Allocation(posting_of, choice_of, allocation.unplaced_reason, allocation.seed, allocation.lottery)


def test_the_checker_accepts_the_solvers_matching():
    allocation = solve(FOUR_STUDENTS, seed=0)
    assert allocation.posting_of.tolist() == [0, 1, 1, -1]
    check_stability(FOUR_STUDENTS, allocation, allocation.lottery)


def test_the_checker_catches_a_planted_blocking_pair():
    allocation = solve(FOUR_STUDENTS, seed=0)
    # Student 3 takes posting 0 from student 0, who is left out: posting 0 ranks 0 (left out) and 1 (at their second
    # choice) above 3, and posting 1, full, ranks 0 above 2.
    bad = planted(allocation, moves={0: (-1, 0), 3: (0, 1)})
    with pytest.raises(UnstableMatching) as raised:
        check_stability(FOUR_STUDENTS, bad, allocation.lottery)
    assert raised.value.blocking_pairs.tolist() == [[0, 0], [0, 1], [1, 0]]
    assert (raised.value.overfull_postings.tolist(), raised.value.unacceptable_students.tolist()) == ([], [])
    assert "3 blocking pair(s), e.g. student 0 and posting 0" in str(raised.value)


def test_the_checker_catches_a_posting_with_room_left_for_a_student_it_ranks():
    allocation = solve(FOUR_STUDENTS, seed=0)
    with pytest.raises(UnstableMatching) as raised:
        check_stability(FOUR_STUDENTS, planted(allocation, moves={2: (-1, 0)}), allocation.lottery)
    assert raised.value.blocking_pairs.tolist() == [[2, 1]]


def test_the_checker_catches_a_planted_capacity_breach():
    allocation = solve(FOUR_STUDENTS, seed=0)
    with pytest.raises(UnstableMatching) as raised:
        check_stability(FOUR_STUDENTS, planted(allocation, moves={3: (0, 1)}), allocation.lottery)
    assert raised.value.overfull_postings.tolist() == [0]
    assert "over capacity" in str(raised.value)


def test_the_checker_catches_a_match_one_side_did_not_rank_or_a_wrong_reported_rank():
    allocation = solve(FOUR_STUDENTS, seed=0)
    # Posting 1 did not rank student 3, and student 3 did not list it.
    with pytest.raises(UnstableMatching) as raised:
        check_stability(FOUR_STUDENTS, planted(allocation, moves={3: (1, 1)}), allocation.lottery)
    assert raised.value.unacceptable_students.tolist() == [3]
    with pytest.raises(UnstableMatching) as raised:
        check_stability(FOUR_STUDENTS, planted(allocation, moves={1: (1, 1)}), allocation.lottery)
    assert raised.value.unacceptable_students.tolist() == [1]


def test_solve_fails_loudly_when_the_checker_refuses(monkeypatch):
    # A solver that ignores capacities: solve() must not return its matching.
    deferred_acceptance = solver._deferred_acceptance.py_func
    monkeypatch.setattr(
        solver,
        "_deferred_acceptance",
        lambda n, c_ptr, c_posting, c_position, r_ptr, r_student, capacity: deferred_acceptance(
            n, c_ptr, c_posting, c_position, r_ptr, r_student, capacity + 1
        ),
    )
    with pytest.raises(UnstableMatching):
        solve(market({0: [0], 1: [0]}, {0: in_order(0, 1)}, [1], n_students=2), seed=0)


# ------------------------------------------------------------------------------
# Properties against brute force
# ------------------------------------------------------------------------------
@st.composite
def small_markets(draw, max_students=5, max_postings=3):
    n_students = draw(st.integers(1, max_students))
    n_postings = draw(st.integers(1, max_postings))
    postings, students = list(range(n_postings)), list(range(n_students))
    lists = {}
    for s in students:
        preference = draw(st.permutations(postings))
        lists[s] = preference[: draw(st.integers(0, n_postings))]
    rankings = {
        p: [(s, draw(st.integers(1, 3))) for s in draw(st.lists(st.sampled_from(students), unique=True))]
        for p in postings
    }
    capacity = draw(st.lists(st.integers(0, 2), min_size=n_postings, max_size=n_postings))
    return market(lists, rankings, capacity, n_students=n_students)


def strict_preferences(m: Market, lottery: np.ndarray):
    """Each student's rank of each posting, and each posting's tie-broken key of each student it ranks."""
    student_rank = {
        (int(s), int(p)): int(r) for s, r, p in zip(m.choice_student, m.choice_rank, m.choice_posting, strict=True)
    }
    posting_key = {
        (int(p), int(s)): (int(r), int(lottery[s]))
        for p, r, s in zip(m.ranking_posting, m.ranking_rank, m.ranking_student, strict=True)
    }
    return student_rank, posting_key


def stable_matchings(m: Market, lottery: np.ndarray) -> list[tuple[int, ...]]:
    """Every stable matching, by trying every assignment of students to acceptable postings or to nothing."""
    student_rank, posting_key = strict_preferences(m, lottery)
    options = [
        [-1] + [p for p in range(m.n_postings) if (s, p) in student_rank and (p, s) in posting_key]
        for s in range(m.n_students)
    ]
    found = []
    for matching in itertools.product(*options):
        held = {p: [s for s, q in enumerate(matching) if q == p] for p in range(m.n_postings)}
        if any(len(held[p]) > m.capacity[p] for p in held):
            continue
        if not any(
            (matching[s] == -1 or rank < student_rank[s, matching[s]])
            and (p, s) in posting_key
            and (len(held[p]) < m.capacity[p] or any(posting_key[p, s] < posting_key[p, other] for other in held[p]))
            for (s, p), rank in student_rank.items()
        ):
            found.append(matching)
    return found


@settings(max_examples=150, deadline=None)
@given(m=small_markets(), seed=st.integers(0, 2**32 - 1))
def test_the_matching_is_stable_within_capacity_and_student_optimal(m, seed):
    allocation = solve(m, seed=seed)
    ours = tuple(allocation.posting_of.tolist())
    stable = stable_matchings(m, allocation.lottery)
    assert ours in stable
    student_rank, _ = strict_preferences(m, allocation.lottery)

    def rank(s, p):
        return student_rank[s, p] if p >= 0 else float("inf")

    for other in stable:
        assert all(rank(s, ours[s]) <= rank(s, other[s]) for s in range(m.n_students))
    assert (np.bincount(allocation.posting_of[allocation.posting_of >= 0], minlength=m.n_postings) <= m.capacity).all()


@settings(max_examples=50, deadline=None)
@given(m=small_markets(max_students=8, max_postings=4), seed=st.integers(0, 2**32 - 1))
def test_the_same_seed_gives_the_same_result(m, seed):
    first, second = solve(m, seed=seed), solve(m, seed=seed)
    for field in ("posting_of", "choice_of", "unplaced_reason", "lottery"):
        assert np.array_equal(getattr(first, field), getattr(second, field))


def test_the_compiled_solver_agrees_with_the_matching_package_on_random_strict_markets():
    matching = pytest.importorskip("matching.games")
    rng = np.random.default_rng(11)
    for _ in range(20):
        n_students, n_postings = 40, 8
        lists = {s: rng.permutation(n_postings)[: rng.integers(1, 5)].tolist() for s in range(n_students)}
        applicants = {p: [s for s in range(n_students) if p in lists[s]] for p in range(n_postings)}
        rankings = {p: in_order(*rng.permutation(applicants[p]).tolist()) for p in range(n_postings)}
        capacity = rng.integers(1, 5, n_postings).tolist()
        ours = solve(market(lists, rankings, capacity, n_students=n_students), seed=0).posting_of.tolist()

        game = matching.HospitalResident.create_from_dictionaries(
            {s: lists[s] for s in range(n_students)},
            {p: [s for s, _ in rankings[p]] for p in range(n_postings) if rankings[p]},
            {p: capacity[p] for p in range(n_postings) if rankings[p]},
        )
        theirs = [-1] * n_students
        for hospital, residents in game.solve(optimal="resident").items():
            for resident in residents:
                theirs[resident.name] = hospital.name
        assert ours == theirs
