"""Time a full recompute of the demo city's scores against its floor: its own scoring statements, once for the city.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/score_bench .venv/bin/python bench/scoring.py [--workers 2]

The database must hold the demo city (``manage.py seed_city --scale 500 --as-of 2026-11-20 --no-scores`` for
1,000,000 students) and no run of it under way. The script makes one run as of ``--as-of`` through the services
(``evaluation.scoring.runs``: ``scoring_run_begin``, ``scoring_chunk_compute`` for each chunk of each score, on
``--workers`` threads with a connection each, as that many Celery workers, then ``scoring_run_publish``), counting
and timing every statement, and its parts: the chunks, sealing the run's rows (foreign keys checked, indexes built,
partitions attached), the aggregates, and publishing proper (the pointer moved, in one transaction).

In the same process it then times **the floor**: the production code's own scoring statements (``HEALTH`` and
``TALENT``'s computation, as of the same day, with the same model versions) over the whole city at once, written
into a table without indexes, constraints or foreign keys, rolled back. The run (all but the aggregates, which the
floor does not compute) ÷ the floor is the figure the issue sets a goal for (≤ 2).

Last, the incremental path: one agreement, and one student's program and cohort, recomputed into the current run,
20 times each. The run stays the city's current one; the snapshots of the run it replaced are dropped (as
retention would), so that repeated measurements keep the database's size steady.
"""

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_RATIO = 2
GOAL_PUBLISH_SECONDS = 1
GOAL_INCREMENTAL_MS = 100
REPEATS = 20


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


class Stopwatch:
    """Seconds spent in named functions of the services' modules while a block runs (they are wrapped, not
    re-implemented: the run goes through the production code)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    @contextmanager
    def watching(self, **targets):
        """``name=(module, attribute)`` for each function to time."""
        originals = {}
        for name, (module, attribute) in targets.items():
            original = originals[name] = (module, attribute, getattr(module, attribute))

            def wrapper(*args, _name=name, _original=original[2], **kwargs):
                started = time.perf_counter()
                try:
                    return _original(*args, **kwargs)
                finally:
                    self.seconds[_name] = self.seconds.get(_name, 0) + time.perf_counter() - started

            setattr(module, attribute, wrapper)
        try:
            yield self
        finally:
            for module, attribute, original in originals.values():
                setattr(module, attribute, original)


def floor_seconds(run) -> dict[str, float]:
    """Seconds of each score's own computation over the whole city, written into a bare table, rolled back."""
    from django.db import connection, transaction

    from evaluation.scoring.health import HEALTH
    from evaluation.scoring.sql import begin_scoring, dialect
    from evaluation.scoring.talent import TALENT

    seconds = {}
    for name, query, model in (("talent", TALENT, run.talent_model), ("health", HEALTH, run.health_model)):
        parameters = {**query.parameters(as_of=run.as_of, model=model), "city": run.city_id}
        select = (
            f"{query.computation(dialect(), 'college.city_id = %(city)s')} "
            f"SELECT {query.entity}, {', '.join(query.figures)} FROM scored"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            begin_scoring()
            cursor.execute(f"CREATE TABLE bench_floor AS {select} WITH NO DATA", parameters)
            started = time.perf_counter()
            cursor.execute(f"INSERT INTO bench_floor {select}", parameters)
            seconds[name] = time.perf_counter() - started
            transaction.set_rollback(True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--as-of", default="2026-11-20", help="the run's reference date (the seed's --as-of)")
    parser.add_argument("--workers", type=int, default=1, help="chunks computed at once, as by that many workers")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to the PostgreSQL database holding the demo city.")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cities.models import City
    from colleges.models import Student
    from demo.vocabulary import DEFAULT_CITY
    from evaluation.choices import RunState, RunTrigger, ScoreKind
    from evaluation.models import CityScores, ScoringRun
    from evaluation.scoring import publish, runs
    from evaluation.scoring.definitions import current_model
    from evaluation.scoring.health import rescore_agreements
    from evaluation.scoring.runs import (
        CHUNK_SCORERS,
        CHUNKS,
        scoring_chunk_compute,
        scoring_run_begin,
        scoring_run_publish,
    )
    from evaluation.scoring.storage import run_storage_drop
    from evaluation.scoring.talent import rescore_students
    from partnerships.models import CooperationAgreement

    city = City.objects.get(name=DEFAULT_CITY.name)
    as_of = datetime.date.fromisoformat(args.as_of)
    students = Student.objects.filter(program__college__city=city).count()
    previous = CityScores.objects.filter(city=city).values_list("run_id", flat=True).first()
    run = ScoringRun.objects.create(
        city=city,
        as_of=as_of,
        trigger=RunTrigger.COMMAND,
        health_model=current_model(ScoreKind.HEALTH),
        talent_model=current_model(ScoreKind.TALENT),
        chunks_total=len(CHUNK_SCORERS) * CHUNKS,
    )

    def compute(chunks: list[tuple[str, int]]) -> None:
        if args.workers == 1:
            for kind, number in chunks:
                scoring_chunk_compute(run_id=run.pk, kind=kind, number=number)
            return

        def one(chunk: tuple[str, int]) -> None:
            try:
                scoring_chunk_compute(run_id=run.pk, kind=chunk[0], number=chunk[1])
            finally:
                connection.close()  # this thread's own

        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            list(pool.map(one, chunks))

    stopwatch = Stopwatch()
    parts = {
        "seal": (publish, "run_storage_seal"),
        "aggregates": (publish, "aggregates_write"),
        "publish": (runs, "publish_run"),
    }
    with CaptureQueriesContext(connection) as queries, stopwatch.watching(**parts):
        begin_seconds, chunks = timed(lambda: scoring_run_begin(run_id=run.pk))
        by_kind = {
            kind: [chunk for chunk in chunks if chunk[0] == kind] for kind in (ScoreKind.HEALTH, ScoreKind.TALENT)
        }
        health_seconds, _ = timed(lambda: compute(by_kind[ScoreKind.HEALTH]))
        talent_seconds, _ = timed(lambda: compute(by_kind[ScoreKind.TALENT]))
        publication_seconds, run = timed(lambda: scoring_run_publish(run_id=run.pk))
    assert run.state == RunState.SUCCEEDED, run.state
    seconds = stopwatch.seconds
    run_seconds = begin_seconds + health_seconds + talent_seconds + publication_seconds - seconds["aggregates"]

    print(
        f"city {city}: {students:,} students; run as of {as_of}, {len(chunks)} chunks on {args.workers} worker(s); "
        f"replacing run {previous or '(none)'}"
    )
    print(f"  begin (load tables)  {begin_seconds:7.2f} s")
    print(f"  health chunks        {health_seconds:7.2f} s  {run.agreements_scored:>9,} agreements")
    print(f"  talent chunks        {talent_seconds:7.2f} s  {run.students_scored:>9,} students")
    print(f"  seal                 {seconds['seal']:7.2f} s  (foreign keys validated, indexes built, attached)")
    print(f"  publish              {seconds['publish']:7.3f} s  (the pointer moved; goal < {GOAL_PUBLISH_SECONDS} s)")
    print(f"  run                  {run_seconds:7.2f} s  (all of the above)")
    print(
        f"  aggregates, apart    {seconds['aggregates']:7.2f} s  (the dashboards' figures, written before publishing)"
    )
    counted = f"{len(queries.captured_queries)} queries" if args.workers == 1 else "queries: count with --workers 1"
    print(f"  {counted}")
    slowest = sorted(queries.captured_queries, key=lambda query: -float(query["time"]))[:8]
    print("  slowest statements:")
    for query in slowest:
        print(f"    {float(query['time']):6.2f} s  {' '.join(query['sql'].split())[:100]}")

    floor = floor_seconds(run)
    print(
        f"floor (the scoring statements for the whole city into a bare table): talent {floor['talent']:.2f} s + "
        f"health {floor['health']:.2f} s = {sum(floor.values()):.2f} s"
    )
    print(f"run ÷ floor {run_seconds / sum(floor.values()):.2f}× (goal ≤ {GOAL_RATIO}×)")

    agreement = CooperationAgreement.objects.filter(health__isnull=False).order_by("pk")[run.agreements_scored // 2]
    student = Student.objects.filter(talent__isnull=False).order_by("pk")[run.students_scored // 2]
    for label, rescore in (
        (f"agreement {agreement.pk}", lambda: rescore_agreements([agreement.pk], as_of=as_of, model=run.health_model)),
        (f"student {student.pk}'s group", lambda: rescore_students([student.pk], as_of=as_of, model=run.talent_model)),
    ):
        samples = [timed(rescore) for _ in range(REPEATS)]
        median = statistics.median(sample for sample, _ in samples) * 1000
        print(
            f"incremental, {label} ({samples[0][1]} rows): median {median:.1f} ms of {REPEATS} "
            f"(goal < {GOAL_INCREMENTAL_MS} ms)"
        )

    if previous is not None:
        drop_seconds, _ = timed(lambda: run_storage_drop(previous))
        ScoringRun.objects.filter(pk=previous).update(pruned_at=timezone.now())
        print(f"retention: the replaced run {previous}'s snapshots dropped in {drop_seconds * 1000:.0f} ms")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version')")
        (server_version,) = cursor.fetchone()
    print(
        f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
        f"PostgreSQL {server_version}, {datetime.date.today()}"
    )


if __name__ == "__main__":
    main()
