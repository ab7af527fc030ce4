"""Time a full recompute of the demo city's scores, against the floor of one plain INSERT … SELECT … GROUP BY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/score_bench .venv/bin/python bench/scoring.py --chunks 8

The database must hold the demo city (``manage.py seed_city --scale 500 --as-of 2026-11-20 --no-scores`` for
1,000,000 students, unscored so that the first run finds the current tables empty) and no run of it under way.
The script makes one run as of ``--as-of``, runs its health and talent chunks one after another and publishes it,
counting and timing every statement; then it times

- the floor: one hand-written INSERT … SELECT … GROUP BY per score over the same input rows (students with their
  certificates, placements and mentor evaluations; agreements with their commitments, milestones, ratings,
  placements and evaluations) into a table without indexes or constraints, rolled back;
- the same floor written into the snapshot tables, with their indexes and foreign keys checked, rolled back;
- the incremental path: one agreement, and one student's program and cohort, recomputed into the current rows.

The run is kept (its scores become the city's current ones), without its snapshots.
"""

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_RATIO = 2
GOAL_SECONDS = 60
GOAL_INCREMENTAL_MS = 100
REPEATS = 20

# Per score: the floor's SELECT over the same input rows as the run, the snapshot columns it fills, and the
# constants it needs to go into the snapshot table.
FLOORS = {
    "talent": (
        """
        SELECT s.id AS student_id, LEAST(COALESCE(c.points, 0), 1) AS certificates,
               COALESCE(pe.best, 0) AS placement, pe.mentor
        FROM colleges_student s
        JOIN colleges_program p ON p.id = s.program_id
        JOIN colleges_college college ON college.id = p.college_id
        LEFT JOIN (
            SELECT student_id,
                   SUM(CASE level WHEN 'primary' THEN 0.4 WHEN 'intermediate' THEN 0.7 ELSE 1.0 END) AS points
            FROM colleges_studentcertificate GROUP BY student_id
        ) c ON c.student_id = s.id
        LEFT JOIN (
            SELECT pl.student_id,
                   MAX(CASE WHEN pl.hired_after THEN 1.0 WHEN pl.status = 'completed' THEN 0.8
                            WHEN pl.status = 'active' THEN 0.5 ELSE 0.1 END) AS best,
                   AVG((e.professional_skill + e.attitude + e.teamwork + e.innovation + e.safety_and_standards - 5)
                       / 20.0) AS mentor
            FROM partnerships_placement pl LEFT JOIN evaluation_mentorevaluation e ON e.placement_id = pl.id
            GROUP BY pl.student_id
        ) pe ON pe.student_id = s.id
        WHERE college.city_id = %(city)s AND s.status IN ('enrolled', 'graduated')
        """,
        ("student_id", "certificates", "placement", "mentor"),
        {"score": "50", "percentile": "50", "practice": "1"},
    ),
    "health": (
        """
        SELECT a.id AS agreement_id, c.kept AS commitments_kept, m.on_time AS milestones_on_time,
               r.satisfaction, pe.completed / GREATEST(pe.ended, 1.0) AS outcomes, pe.last_evaluated
        FROM partnerships_cooperationagreement a
        JOIN colleges_college college ON college.id = a.college_id
        LEFT JOIN (
            SELECT agreement_id, AVG(LEAST(delivered_amount / amount, 1)) AS kept FROM partnerships_commitment
            GROUP BY agreement_id
        ) c ON c.agreement_id = a.id
        LEFT JOIN (
            SELECT agreement_id, AVG(CASE WHEN done_at IS NULL THEN 0 ELSE 1 END) AS on_time
            FROM partnerships_milestone GROUP BY agreement_id
        ) m ON m.agreement_id = a.id
        LEFT JOIN (
            SELECT agreement_id, AVG(score - 1) / 4 AS satisfaction FROM evaluation_partyrating GROUP BY agreement_id
        ) r ON r.agreement_id = a.id
        LEFT JOIN (
            SELECT pl.agreement_id, COUNT(DISTINCT pl.id) FILTER (WHERE pl.status = 'completed') AS completed,
                   COUNT(DISTINCT pl.id) FILTER (WHERE pl.status <> 'active') AS ended,
                   MAX(e.evaluated_at) AS last_evaluated
            FROM partnerships_placement pl LEFT JOIN evaluation_mentorevaluation e ON e.placement_id = pl.id
            GROUP BY pl.agreement_id
        ) pe ON pe.agreement_id = a.id
        WHERE college.city_id = %(city)s AND a.status IN ('active', 'completed')
        """,
        ("agreement_id", "commitments_kept", "milestones_on_time", "satisfaction", "outcomes"),
        {"score": "50", "band": "'watch'"},
    ),
}


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def floor_seconds(run, *, into_snapshots: bool) -> dict[str, float]:
    """Seconds of each score's floor statement, each in a transaction rolled back: into a bare table, or into the
    score's snapshot table with its indexes, checks and foreign keys (checked at once rather than at commit)."""
    from django.db import connection, transaction

    from evaluation.models import PartnershipHealthSnapshot, TalentScoreSnapshot

    snapshots = {
        "talent": (TalentScoreSnapshot, run.talent_model_id),
        "health": (PartnershipHealthSnapshot, run.health_model_id),
    }
    seconds = {}
    for name, (select, columns, constants) in FLOORS.items():
        model, scoring_model = snapshots[name]
        parameters = {"city": run.city_id, "run": run.pk, "scoring_model": scoring_model}
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            if into_snapshots:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                statement = (
                    f"INSERT INTO {model._meta.db_table} (run_id, scoring_model_id, {', '.join(constants)}, "
                    f"{', '.join(columns)}) SELECT %(run)s, %(scoring_model)s, {', '.join(constants.values())}, "
                    f"{', '.join(columns)} FROM ({select}) floor"
                )
            else:
                cursor.execute(f"CREATE TABLE bench_floor AS {select} WITH NO DATA", parameters)
                statement = f"INSERT INTO bench_floor {select}"
            started = time.perf_counter()
            cursor.execute(statement, parameters)
            seconds[name] = time.perf_counter() - started
            transaction.set_rollback(True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=8, help="chunks per score, run one after another")
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
    from evaluation.models import PartnershipHealthSnapshot, ScoringRun, TalentScore, TalentScoreSnapshot
    from evaluation.scoring.definitions import current_model
    from evaluation.scoring.health import rescore_agreements, score_health_chunk
    from evaluation.scoring.publish import publish_run
    from evaluation.scoring.talent import rescore_students, score_talent_chunk
    from partnerships.models import CooperationAgreement

    city = City.objects.get(name=DEFAULT_CITY.name)
    as_of = datetime.date.fromisoformat(args.as_of)
    students = Student.objects.filter(program__college__city=city).count()
    current_before = TalentScore.objects.count()
    run = ScoringRun.objects.create(
        city=city,
        as_of=as_of,
        trigger=RunTrigger.COMMAND,
        health_model=current_model(ScoreKind.HEALTH),
        talent_model=current_model(ScoreKind.TALENT),
        state=RunState.RUNNING,
        started_at=timezone.now(),
        chunks_total=2 * args.chunks,
    )

    def chunks(scorer) -> list[int]:
        """The score's chunks, on ``--workers`` threads with a connection each (as that many Celery workers)."""
        if args.workers == 1:
            return [scorer(run, n, args.chunks) for n in range(args.chunks)]

        def one(number: int) -> int:
            try:
                return scorer(run, number, args.chunks)
            finally:
                connection.close()  # this thread's own

        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            return list(pool.map(one, range(args.chunks)))

    with CaptureQueriesContext(connection) as queries:
        health_seconds, agreements = timed(lambda: chunks(score_health_chunk))
        talent_seconds, scored = timed(lambda: chunks(score_talent_chunk))
        publish_seconds, _ = timed(lambda: publish_run(run))
    total = health_seconds + talent_seconds + publish_seconds
    run.state, run.finished_at = RunState.SUCCEEDED, timezone.now()
    run.agreements_scored, run.students_scored = sum(agreements), sum(scored)
    run.save()

    print(
        f"city {city}: {students:,} students; run as of {as_of}, {args.chunks} chunks per score on "
        f"{args.workers} worker(s); current rows before the run: {current_before:,}"
    )
    print(f"  health chunks  {health_seconds:7.2f} s  {sum(agreements):>9,} agreements")
    print(f"  talent chunks  {talent_seconds:7.2f} s  {sum(scored):>9,} students")
    print(f"  publish        {publish_seconds:7.2f} s  (current rows and aggregates)")
    counted = f"{len(queries.captured_queries)} queries" if args.workers == 1 else "queries: count with --workers 1"
    print(f"  total          {total:7.2f} s  ({counted})")
    slowest = sorted(queries.captured_queries, key=lambda query: -float(query["time"]))[:8]
    print("  slowest statements:")
    for query in slowest:
        print(f"    {float(query['time']):6.2f} s  {' '.join(query['sql'].split())[:100]}")

    # The run's snapshots go now: the second floor writes the same rows into the same tables, and repeated
    # measurements keep the database's size steady.
    for model in (PartnershipHealthSnapshot, TalentScoreSnapshot):
        snapshot_rows = model.objects.filter(run=run)
        snapshot_rows._raw_delete(snapshot_rows.db)
    bare = floor_seconds(run, into_snapshots=False)
    snapshots = floor_seconds(run, into_snapshots=True)
    floor = sum(bare.values())
    print(f"floor, into a bare table: talent {bare['talent']:.2f} s + health {bare['health']:.2f} s = {floor:.2f} s")
    print(
        f"floor, into the snapshot tables: talent {snapshots['talent']:.2f} s + health {snapshots['health']:.2f} s "
        f"= {sum(snapshots.values()):.2f} s"
    )
    print(
        f"ratio to the bare floor {total / floor:.1f}× (goal ≤ {GOAL_RATIO}×), to the snapshot floor "
        f"{total / sum(snapshots.values()):.1f}×; total {total:.1f} s (goal < {GOAL_SECONDS} s)"
    )

    agreement = CooperationAgreement.objects.filter(health__run=run).order_by("pk")[agreements[0] // 2]
    student = Student.objects.filter(talent__run=run).order_by("pk")[scored[0] // 2]
    for label, rescore in (
        (f"agreement {agreement.pk}", lambda: rescore_agreements([agreement.pk], as_of=as_of, model=run.health_model)),
        (f"student {student.pk}'s group", lambda: rescore_students([student.pk], as_of=as_of, model=run.talent_model)),
    ):
        samples = [timed(rescore) for _ in range(REPEATS)]
        median = statistics.median(seconds for seconds, _ in samples) * 1000
        print(
            f"incremental, {label} ({samples[0][1]} rows): median {median:.1f} ms of {REPEATS} "
            f"(goal < {GOAL_INCREMENTAL_MS} ms)"
        )

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version')")
        (server_version,) = cursor.fetchone()
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL {server_version}, "
        f"{datetime.date.today()}"
    )


if __name__ == "__main__":
    main()
