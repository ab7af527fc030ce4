"""Time partnerships.solver: against the PyPI package ``matching``, alone up to L = 10,000,000, and from files.

    .venv/bin/pip install matching                  # the rival (it is in the test extra too)
    .venv/bin/python bench/matching.py              # everything: about 10 minutes on 2 cores
    .venv/bin/python bench/matching.py --quick      # a subset in about a minute

Random instances: each student lists 10 distinct postings out of students / 10, in a random order; each posting
ranks all its applicants in a random strict order; the slots add up to about 0.8 × students, at least one per
posting. Four parts, each printed as a table:

1. compile: numba's first call with an empty cache (a fresh NUMBA_CACHE_DIR, in a child process) and with the
   cache this checkout keeps, each as the time to import the solver and solve a tiny market.
2. rival: ``matching``'s ``HospitalResident`` (``optimal="resident"``) against ours, end to end: from the same
   Python dicts of preference lists to a matching (for ours that includes building the arrays and reading the
   result back into Python ids); the two matchings must be the same (asserted). Sizes from 500 students up to
   --rival-up-to (32,000 by default, where the rival needs about 3 minutes); goal: theirs ÷ ours ≥ 100.
3. alone: solve() (validate, tie-break, deferred acceptance, stability check) from arrays, at 1,000,000 / 2**k
   students up to 1,000,000 (L = 10,000,000), each size in its own child process so that its peak RSS is its own;
   goals: under 10 s and under 2 GB at L = 10,000,000, time(2L) ÷ time(L) ≤ 2.2 at each doubling.
4. files (with --files): ``manage.py allocation_solve`` on CSV files of the largest size, to time reading them.
"""

import argparse
import importlib.metadata
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
# This file is bench/matching.py: the script's folder must not shadow the package ``matching``.
sys.path[0] = str(ROOT)

from partnerships.solver import Market, solve  # noqa: E402 - after the path, for a run from anywhere

CHOICES_PER_STUDENT = 10
STUDENTS_PER_POSTING = 10
SLOTS_PER_STUDENT = 0.8
GOAL_RATIO = 100
GOAL_SECONDS = 10
GOAL_MEMORY_GB = 2
GOAL_GROWTH = 2.2
LARGEST = 1_000_000
REPEATS = 3
RIVAL_STACK_BYTES = 1 << 30
RIVAL_RECURSION_LIMIT = 10_000_000
RIVAL_SIZES = (500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000)


def arrays(n_students: int, seed: int) -> tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A random instance as arrays: (n_postings, student, their rank, posting, the posting's rank, slots); one row
    per application, which is both an entry of the student's list and one of the posting's ranking."""
    rng = np.random.default_rng(seed)
    n_postings = max(n_students // STUDENTS_PER_POSTING, CHOICES_PER_STUDENT)
    k = CHOICES_PER_STUDENT
    # k sorted draws from n_postings - k + 1 values, plus 0..k-1, are k distinct postings.
    posting = np.sort(rng.integers(0, n_postings - k + 1, size=(n_students, k), dtype=np.int32), axis=1)
    posting += np.arange(k, dtype=np.int32)
    rng.permuted(posting, axis=1, out=posting)
    student = np.repeat(np.arange(n_students, dtype=np.int32), k)
    student_rank = np.tile(np.arange(1, k + 1, dtype=np.int32), n_students)
    posting_rank = (rng.permutation(n_students * k) + 1).astype(np.int32)
    slots = 1 + rng.multinomial(int(SLOTS_PER_STUDENT * n_students) - n_postings, np.full(n_postings, 1 / n_postings))
    return n_postings, student, student_rank, posting.ravel(), posting_rank, slots.astype(np.int32)


def dicts(n_students: int, seed: int) -> tuple[dict, dict, dict]:
    """The same instance as the Python dicts ``matching`` takes: lists of ids, best first, and slots by posting."""
    n_postings, student, _, posting, posting_rank, slots = arrays(n_students, seed)
    lists = {f"s{s}": [f"p{p}" for p in row] for s, row in enumerate(posting.reshape(n_students, -1).tolist())}
    order = np.lexsort((posting_rank, posting))
    rankings: dict[str, list[str]] = {f"p{p}": [] for p in range(n_postings)}
    for p, s in zip(posting[order].tolist(), student[order].tolist(), strict=True):
        rankings[f"p{p}"].append(f"s{s}")
    capacities = {p: int(slots[int(p[1:])]) for p, ranked in rankings.items() if ranked}
    return lists, {p: ranked for p, ranked in rankings.items() if ranked}, capacities


def ours_from_dicts(lists: dict, rankings: dict, capacities: dict, seed: int) -> dict[str, str]:
    """End to end: index the ids, build the arrays, solve, and read the matching back as {student: posting}."""
    students = {s: i for i, s in enumerate(lists)}
    postings = {p: i for i, p in enumerate(capacities)}
    c_student = np.repeat(np.arange(len(lists), dtype=np.int32), [len(ranked) for ranked in lists.values()])
    c_rank = np.concatenate([np.arange(1, len(ranked) + 1, dtype=np.int32) for ranked in lists.values()])
    c_posting = np.fromiter((postings[p] for ranked in lists.values() for p in ranked), np.int32, len(c_student))
    r_total = sum(len(ranked) for ranked in rankings.values())
    r_posting = np.repeat(np.arange(len(rankings), dtype=np.int32), [len(r) for r in rankings.values()])
    r_rank = np.concatenate([np.arange(1, len(r) + 1, dtype=np.int32) for r in rankings.values()])
    r_student = np.fromiter((students[s] for r in rankings.values() for s in r), np.int32, r_total)
    market = Market(
        n_students=len(students),
        n_postings=len(postings),
        choice_student=c_student,
        choice_rank=c_rank,
        choice_posting=c_posting,
        ranking_posting=r_posting,
        ranking_rank=r_rank,
        ranking_student=r_student,
        capacity=np.fromiter(capacities.values(), np.int32, len(capacities)),
    )
    posting_of = solve(market, seed=seed).posting_of.tolist()
    student_ids, posting_ids = list(students), list(postings)
    return {student_ids[s]: posting_ids[p] for s, p in enumerate(posting_of) if p >= 0}


def theirs_from_dicts(lists: dict, rankings: dict, capacities: dict) -> dict[str, str]:
    """``matching``'s HospitalResident from the dicts. It deep-copies its players, which refer to one another, so
    the copy recurses as deep as the game is large: it runs in a thread with a large stack and recursion limit."""
    from matching.games import HospitalResident

    result = {}

    def play():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns about every player it checks; the instances are well formed
            game = HospitalResident.create_from_dictionaries(lists, rankings, capacities)
            matching = game.solve(optimal="resident")
        result.update((r.name, hospital.name) for hospital, residents in matching.items() for r in residents)

    limit, stack = sys.getrecursionlimit(), threading.stack_size(RIVAL_STACK_BYTES)
    sys.setrecursionlimit(RIVAL_RECURSION_LIMIT)
    try:
        player = threading.Thread(target=play)
        player.start()
        player.join()
    finally:
        sys.setrecursionlimit(limit)
        threading.stack_size(stack)
    return result


def warm_up() -> None:
    """Load the compiled functions from numba's cache (compiling them if it is empty): part 1 times this."""
    one = np.ones(1, np.int32)
    solve(Market(1, 1, one - 1, one, one - 1, one - 1, one, one - 1, one), seed=0)


def compile_times() -> list[tuple[str, float]]:
    code = (
        "import time; t = time.perf_counter(); from bench.matching import warm_up; warm_up(); "
        "print(time.perf_counter() - t)"
    )
    rows = []
    with tempfile.TemporaryDirectory() as empty_cache:
        for label, env in (
            ("empty cache: import + compile + tiny solve", {"NUMBA_CACHE_DIR": empty_cache}),
            ("warm cache: import + load + tiny solve", {}),
        ):
            done = subprocess.run(
                [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True
            )
            rows.append((label, float(done.stdout.strip())))
    return rows


def rival(sizes: list[int], seed: int) -> list[tuple]:
    warm_up()
    rows = []
    for n in sizes:
        lists, rankings, capacities = dicts(n, seed)
        started = time.perf_counter()
        ours = ours_from_dicts(lists, rankings, capacities, seed)
        ours_s = time.perf_counter() - started
        started = time.perf_counter()
        theirs = theirs_from_dicts(lists, rankings, capacities)
        theirs_s = time.perf_counter() - started
        assert ours == theirs, f"the matchings differ at {n} students"
        rows.append((n, len(capacities), len(ours), theirs_s, ours_s, theirs_s / ours_s))
        print(f"  {n:>9,} students: theirs {theirs_s:8.2f} s, ours {ours_s:7.3f} s, same matching", flush=True)
    return rows


def alone_one(n_students: int, seed: int) -> dict:
    """One size, in this process: the instance, then solve() timed (the best of REPEATS runs, wall and CPU: the
    machine is shared), with the peak RSS after it."""
    n_postings, student, student_rank, posting, posting_rank, slots = arrays(n_students, seed)
    market = Market(n_students, n_postings, student, student_rank, posting, posting, posting_rank, student, slots)
    warm_up()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    runs = []
    for _ in range(REPEATS):
        steps = []
        wall, cpu = time.perf_counter(), time.process_time()
        allocation = solve(
            market,
            seed=seed,
            progress=lambda f, note, steps=steps, wall=wall: steps.append((note, time.perf_counter() - wall)),
        )
        runs.append((time.perf_counter() - wall, time.process_time() - cpu, steps))
    seconds, cpu, steps = min(runs)
    return {
        "students": n_students,
        "postings": n_postings,
        "L": len(student),
        "matched": int((allocation.posting_of >= 0).sum()),
        "seconds": seconds,
        "cpu": cpu,
        "steps": steps,
        "peak_mb_before": rss_before / 1024,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def alone(sizes: list[int], seed: int) -> list[dict]:
    rows = []
    for n in sizes:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--seed", str(seed)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(done.stdout))
        row = rows[-1]
        print(
            f"  {n:>9,} students: {row['seconds']:6.2f} s ({row['cpu']:.2f} s CPU), {row['peak_mb']:,.0f} MB",
            flush=True,
        )
    return rows


def files(n_students: int, seed: int, directory: Path) -> str:
    """Write the instance as CSV files, run the command on them, and return what it printed."""
    n_postings, student, student_rank, posting, posting_rank, slots = arrays(n_students, seed)
    directory.mkdir(parents=True, exist_ok=True)
    s_ids = np.char.add("S", np.char.zfill(np.arange(n_students).astype(str), 7))
    p_ids = np.char.add("P", np.char.zfill(np.arange(n_postings).astype(str), 6))
    for name, header, columns in (
        ("choices.csv", "student,rank,posting", (s_ids[student], student_rank, p_ids[posting])),
        ("rankings.csv", "posting,rank,student", (p_ids[posting], posting_rank, s_ids[student])),
        ("capacities.csv", "posting,slots", (p_ids, slots)),
    ):
        with open(directory / name, "w") as handle:
            handle.write(header + "\n")
            for start in range(0, len(columns[0]), 1_000_000):
                parts = [np.asarray(column[start : start + 1_000_000]).astype(str) for column in columns]
                handle.write("\n".join(",".join(row) for row in zip(*parts, strict=True)) + "\n")
    command = [
        sys.executable,
        "manage.py",
        "allocation_solve",
        "--seed",
        str(seed),
        "--out",
        str(directory / "result.csv"),
    ]
    for name in ("choices", "rankings", "capacities"):
        command += [f"--{name}", str(directory / f"{name}.csv")]
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=True, env={**os.environ, "LANGUAGE_CODE": "en"}
    )
    return done.stdout + f"(the whole command, from start to exit: {time.perf_counter() - started:.1f} s)\n"


def _per_doubling(rows: list[dict], field: str) -> float:
    """The geometric mean of time(2L) ÷ time(L) over the sizes measured."""
    return (rows[-1][field] / rows[0][field]) ** (1 / (len(rows) - 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="rival up to 4,000 students, ours alone up to 125,000")
    parser.add_argument("--rival-up-to", type=int, default=RIVAL_SIZES[-1], help="largest size raced (0: none)")
    parser.add_argument("--alone-up-to", type=int, default=LARGEST, help="largest size of ours alone (0: none)")
    parser.add_argument("--files", type=Path, metavar="DIR", help="also time the command on CSV files written here")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process of part 3
    args = parser.parse_args()
    if args.one:
        print(json.dumps(alone_one(args.one, args.seed)))
        return
    rival_up_to = min(args.rival_up_to, 4_000) if args.quick else args.rival_up_to
    alone_up_to = min(args.alone_up_to, 125_000) if args.quick else args.alone_up_to

    print(
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__}, "
        f"load average {os.getloadavg()[0]:.1f} at the start"
    )
    print("\n1. Compile time (child processes)")
    for label, seconds in compile_times():
        print(f"  {label}: {seconds:.1f} s")

    if rival_up_to:
        try:
            rival_version = importlib.metadata.version("matching")
        except importlib.metadata.PackageNotFoundError:
            sys.exit("The rival is not installed: .venv/bin/pip install matching (or skip it: --rival-up-to 0)")
        print(f"\n2. Against matching {rival_version} HospitalResident, end to end")
        rows = rival([n for n in RIVAL_SIZES if n <= rival_up_to], args.seed)
        print("| students | postings | placed | matching (s) | ours (s) | theirs ÷ ours |")
        print("|---:|---:|---:|---:|---:|---:|")
        for n, postings, placed, theirs_s, ours_s, ratio in rows:
            print(f"| {n:,} | {postings:,} | {placed:,} | {theirs_s:.2f} | {ours_s:.3f} | **{ratio:,.0f}×** |")
        verdict = "met" if rows[-1][-1] >= GOAL_RATIO else "NOT met"
        print(f"Goal theirs ÷ ours ≥ {GOAL_RATIO} at {rows[-1][0]:,} students: {verdict}.")

    if alone_up_to:
        sizes = sorted({max(LARGEST >> k, 1) for k in range(7) if LARGEST >> k <= alone_up_to})
        print("\n3. Ours alone, solve() from arrays (validate, tie-break, match, check), one child process per size")
        rows = alone(sizes, args.seed)
        print(
            "| students | postings | L | placed | solve (s) | CPU (s) | ÷ previous size: wall / CPU | peak RSS (MB) |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for previous, row in zip([None, *rows], rows, strict=False):
            growth = "–"
            if previous:
                growth = f"{row['seconds'] / previous['seconds']:.2f} / {row['cpu'] / previous['cpu']:.2f}"
            print(
                f"| {row['students']:,} | {row['postings']:,} | {row['L']:,} | {row['matched']:,} | "
                f"{row['seconds']:.2f} | {row['cpu']:.2f} | {growth} | {row['peak_mb']:,.0f} |"
            )
        last = rows[-1]
        print(
            "Steps at the largest size (s from the start): "
            + ", ".join(f"{note} {seconds:.2f}" for note, seconds in last["steps"])
        )
        print(f"Peak RSS before solve(), the instance alone: {last['peak_mb_before']:,.0f} MB")
        growths = [b["seconds"] / a["seconds"] for a, b in itertools.pairwise(rows)]
        cpu_growths = [b["cpu"] / a["cpu"] for a, b in itertools.pairwise(rows)]
        if last["L"] == LARGEST * CHOICES_PER_STUDENT:
            fast, small = last["seconds"] < GOAL_SECONDS, last["peak_mb"] < GOAL_MEMORY_GB * 1024
            print(
                f"Goals at L = {last['L']:,}: under {GOAL_SECONDS} s: {'met' if fast else 'NOT met'}; "
                f"under {GOAL_MEMORY_GB} GB: {'met' if small else 'NOT met'}."
            )
        if growths:
            print(
                f"Largest time(2L) ÷ time(L): {max(growths):.2f} wall, {max(cpu_growths):.2f} CPU; "
                f"from the smallest to the largest, per doubling: {_per_doubling(rows, 'seconds'):.2f} wall, "
                f"{_per_doubling(rows, 'cpu'):.2f} CPU (goal ≤ {GOAL_GROWTH})."
            )

    if args.files:
        print(f"\n4. manage.py allocation_solve on CSV files of {alone_up_to:,} students in {args.files}")
        print(files(alone_up_to, args.seed, args.files))


if __name__ == "__main__":
    main()
