"""A whole allocation round on PostgreSQL at city scale: read the choices and rankings, solve, check stability,
write the draft (docs/benchmarks.md, "Allocation round").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_rounds_big .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_rounds_big .venv/bin/python bench/allocation_round.py

The first run builds the round's rows with SQL (``generate_series``, triggers off for the load): one city, college,
program and enterprise, STUDENTS enrolled students, POSTINGS open postings of 1 to 10 slots, a round with every
posting (ranked by its enterprise) and the college, CHOICES distinct postings per student, and each posting's
ranking of every student who chose it (ranks 1–1000, so with ties, which the seeded lottery breaks). Later runs
reuse them (drop and re-create the database to start again). The timed part is ``allocation_round_solve``, the
Celery task's body: the round is set running first, as ``allocation_round_run`` does. Peak memory is the process's
maximum RSS.
"""

import argparse
import datetime
import os
import resource
import sys
import time
from pathlib import Path

ROUND_NAME = "Benchmark round"


def build(students: int, postings: int, choices: int) -> int:
    """The round's rows, made by SQL; the round's id."""
    from django.db import connection, transaction
    from django.utils import timezone

    from cities.models import City, IndustrySector
    from colleges.models import College, Program, Student
    from enterprises.models import Enterprise, Posting
    from partnerships.models import (
        AllocationChoice,
        AllocationRanking,
        AllocationRound,
        AllocationRoundCollege,
        AllocationRoundPosting,
    )

    table = {
        model: connection.ops.quote_name(model._meta.db_table)
        for model in (Student, Posting, AllocationChoice, AllocationRanking, AllocationRoundPosting)
    }
    now = timezone.now()
    with transaction.atomic():
        city = City.objects.create(name="Benchmark City", province="Jiangsu", pilot_batch_year=2024)
        college = College.objects.create(
            city=city, name="Benchmark College", code="9999999999", kind="higher_vocational"
        )
        program = Program.objects.create(
            college=college,
            catalogue_code="460199",
            name="Benchmark program",
            level="higher_vocational",
            annual_intake=1000,
            training_objective="Benchmark.",
            practical_credit_share="0.500",
            required_practice_hours=600,
        )
        sector = IndustrySector.objects.filter(level="division").order_by("code").first()
        enterprise = Enterprise.objects.create(
            city=city, name="Benchmark Enterprise", credit_code="91320500MA1XXXXXX0", sector=sector, size="large"
        )
        round = AllocationRound.objects.create(
            city=city,
            name=ROUND_NAME,
            opens_at=now - datetime.timedelta(days=14),
            closes_at=now - datetime.timedelta(days=1),
            status="open",
            seed=20261207,
        )
        AllocationRoundCollege.objects.create(round=round, college=college)
    steps = [
        (
            "students",
            f"INSERT INTO {table[Student]} (program_id, cohort_year, status, practice_hours, name, student_number, "
            f"national_id, phone) SELECT %s, 2024, 'enrolled', 0, 'S' || g, 'B' || g, "
            f"'32' || lpad(g::text, 16, '0'), '' "
            f"FROM generate_series(1, %s) g",
            [program.pk, students],
        ),
        (
            "postings",
            f"INSERT INTO {table[Posting]} (enterprise_id, kind, title, description, sector_id, slots, filled_slots, "
            f"starts_on, ends_on, deadline, daily_hours, night_work, stipend_monthly, insurance, minimum_age, "
            f"district, status, created_at) SELECT %s, 'internship', 'P' || g, '', %s, 1 + g %% 10, 0, "
            f"current_date + 60, current_date + 150, current_date + 30, 8, false, 2400, true, 16, '', 'open', now() "
            f"FROM generate_series(1, %s) g",
            [enterprise.pk, sector.pk, postings],
        ),
        (
            "round postings",
            f"INSERT INTO {table[AllocationRoundPosting]} (round_id, posting_id, slots, ranking_source, "
            f"ranking_confirmed_at) SELECT %s, id, slots, 'enterprise', now() FROM {table[Posting]} "
            f"WHERE enterprise_id = %s",
            [round.pk, enterprise.pk],
        ),
        (
            "choices",
            # The k-th choice of a student: a posting drawn from the student's number, then steps of 4,729 (which,
            # modulo 100,000, repeat no posting within ten choices). Postings are numbered from their first id.
            f"WITH s AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM {table[Student]} "
            f"WHERE program_id = %s), "
            f"p AS (SELECT min(id) AS first FROM {table[Posting]} WHERE enterprise_id = %s) "
            f"INSERT INTO {table[AllocationChoice]} (round_id, student_id, rank, posting_id, entered_at) "
            f"SELECT %s, s.id, k, p.first + ((s.n * 2654435761 + k * 4729) %% %s), now() - interval '2 days' "
            f"FROM s, p, generate_series(1, %s) k",
            [program.pk, enterprise.pk, round.pk, postings, choices],
        ),
        (
            "rankings",
            f"INSERT INTO {table[AllocationRanking]} (round_id, posting_id, student_id, rank, entered_at) "
            f"SELECT round_id, posting_id, student_id, 1 + (student_id * 7919 + posting_id * 104729) %% 1000, "
            f"entered_at FROM {table[AllocationChoice]} WHERE round_id = %s",
            [round.pk],
        ),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no audit triggers for a bulk load
        for name, sql, params in steps:
            started = time.perf_counter()
            cursor.execute(sql, params)
            print(f"  {name}: {cursor.rowcount:,} rows in {time.perf_counter() - started:.1f} s", flush=True)
        cursor.execute("SET session_replication_role = origin")
        cursor.execute("ANALYZE")
    return round.pk


def server_cpu_seconds(connection) -> float:
    """The CPU time (user + system) of the PostgreSQL backends this process has open, read from /proc (the server
    runs on the same machine), so a run's figures do not hide the work done in the database."""
    from django.db import connections

    total = 0.0
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=1_000_000)
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--choices", type=int, default=10)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.db import connection

    from partnerships.allocation_selectors import allocation_round_problems
    from partnerships.models import AllocationRound
    from partnerships.services.allocation_rounds import allocation_round_solve

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the round reads its arrays by COPY.")
    round = AllocationRound.objects.filter(name=ROUND_NAME).first()
    if round is None:
        print(f"Building {args.students:,} students × {args.choices} choices over {args.postings:,} postings")
        started = time.perf_counter()
        round_id = build(args.students, args.postings, args.choices)
        print(f"Built in {time.perf_counter() - started:.0f} s")
    else:
        round_id = round.pk
    started = time.perf_counter()
    problems = allocation_round_problems(round=AllocationRound.objects.get(pk=round_id))
    checked = time.perf_counter() - started
    print(f"Problems check (allocation_round_run's, before the task): {len(problems)} in {checked:.1f} s")
    AllocationRound.objects.filter(pk=round_id).update(status="running", progress=0, failure="")

    started, cpu_started, server_started = time.perf_counter(), time.process_time(), server_cpu_seconds(connection)
    status = allocation_round_solve(round_id=round_id)
    elapsed = time.perf_counter() - started
    cpu, server = time.process_time() - cpu_started, server_cpu_seconds(connection) - server_started
    round = AllocationRound.objects.get(pk=round_id)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if status != "drafted":
        sys.exit(f"The round {status}: {round.failure}")
    stats, seconds = round.stats, {step: ms / 1000 for step, ms in round.stats["timings_ms"].items()}
    print(
        f"Whole round: {elapsed:.1f} s (goal < 60 s), peak RSS {peak_mb:,.0f} MB (goal < 2,048 MB)\n"
        f"  CPU: this process {cpu:.1f} s, its PostgreSQL backends {server:.1f} s; load average {os.getloadavg()}\n"
        f"  students {stats['students']:,}, postings {stats['postings']:,}, choices {stats['choices']:,}, "
        f"rankings {stats['rankings']:,}\n"
        f"  matched {stats['matched']:,}, unmatched {stats['unmatched']:,} {stats['unplaced_by_reason']}\n"
        f"  read {seconds['read']:.1f} s, solve and check {seconds['solve']:.1f} s, "
        f"write the draft {seconds['write']:.1f} s, commit and the rest "
        f"{elapsed - seconds['total']:.1f} s"
    )


if __name__ == "__main__":
    main()
