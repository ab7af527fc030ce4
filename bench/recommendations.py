"""Time the two recommendation reads the issue sets goals for, as the demo official, on a seeded city.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rec_bench .venv/bin/python bench/recommendations.py --seed

``--seed`` first migrates the database of DATABASE_URL and seeds the demo city at ``--scale`` (500: 1,000,000
students); without it the database is used as it is. The city's skill profiles are rebuilt (as the nightly task
does, then VACUUM ANALYZE; not with ``--keep-profiles``), and the time printed.

Then each read is requested through the API with Django's test client (the whole request in process: authentication,
the selector, the serializer), once to warm up and ``--requests`` times more, each time for another random subject:
the top 20 postings for an enrolled student (``recommended-postings/?student=``) and the top 20 students for an open
posting (``recommended-students/?posting=``), over the whole city (an official's scope, the largest). Prints per read
the SQL queries of a request, the median and p95 of the wall time, the median CPU time of this process and the mean
CPU time of its PostgreSQL backend per request (on a shared machine their sum is what a request costs without waiting
for a core), with the machine's load, against the goals (median under 50 ms, p95 under 200 ms).
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MEDIAN_MS = 50.0
GOAL_P95_MS = 200.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=500)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seed", action="store_true", help="migrate and seed the demo city first")
    parser.add_argument("--keep-profiles", action="store_true", help="do not rebuild the skill profiles first")
    parser.add_argument("--random-seed", type=int, default=2026, help="which students and postings are asked for")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from bench.pages import start_django
    from bench.seed_city import backend_cpu_seconds

    start_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from cities.models import CityOfficial
    from colleges.choices import StudentStatus
    from colleges.models import Student
    from enterprises.choices import PostingStatus
    from enterprises.models import Posting
    from partnerships.services.recommendations import skill_profile_rebuild, skill_profile_vacuum

    if args.seed:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_city", scale=args.scale, verbosity=0)
        print(f"seed_city --scale {args.scale:g}: {time.perf_counter() - started:.1f} s")
    official = CityOfficial.objects.select_related("user").get(user__username="demo-official")
    if not args.keep_profiles:
        started = time.perf_counter()
        profiles = skill_profile_rebuild(city_id=official.city_id)
        skill_profile_vacuum()
        print(f"skill profiles rebuilt: {profiles:,} rows in {time.perf_counter() - started:.1f} s")

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        database = cursor.fetchone()[0].split(" on ")[0]
    rng = random.Random(args.random_seed)
    in_city = {"program__college__city_id": official.city_id}
    students = list(Student.objects.filter(status=StudentStatus.ENROLLED, **in_city).values_list("pk", flat=True))
    postings = list(
        Posting.objects.filter(
            status=PostingStatus.OPEN, deadline__gte=timezone.localdate(), enterprise__city_id=official.city_id
        ).values_list("pk", flat=True)
    )
    print(
        f"{platform.node()} · {os.cpu_count()} cores · {database} · {datetime.date.today()} · "
        f"load average {' '.join(f'{load:.1f}' for load in os.getloadavg())} · {len(students):,} enrolled students · "
        f"{len(postings):,} open postings · {args.requests} requests a read after one to warm up"
    )
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(pk=official.user_id))
    reads = [
        ("top 20 postings for a student", "/api/v1/recommended-postings/", "student", students),
        ("top 20 students for a posting", "/api/v1/recommended-students/", "posting", postings),
    ]
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    print(f"{'read':<32} {'queries':>7} {'median ms':>9} {'p95 ms':>8} {'CPU ms: Python':>14} {'PostgreSQL':>10}")
    failed = 0
    for label, url, subject, ids in reads:
        status = client.get(url, {subject: rng.choice(ids)}).status_code
        with connection.cursor() as cursor:  # the backend serving this process (persistent connections)
            cursor.execute("SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "SELECT 0")
            backend = cursor.fetchone()[0]
        timings, cpu = [], []
        backend_started = backend_cpu_seconds(backend)
        with connection.execute_wrapper(count):
            for _ in range(args.requests):
                chosen = rng.choice(ids)
                executed.clear()
                started, cpu_started = time.perf_counter(), time.process_time()
                status = max(status, client.get(url, {subject: chosen}).status_code)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
        backend_ms = (backend_cpu_seconds(backend) - backend_started) * 1000 / args.requests
        if status != 200:
            failed += 1
            print(f"{label:<32} answered {status}")
            continue
        median, p95 = statistics.median(timings), statistics.quantiles(timings, n=20)[-1]
        failed += median > GOAL_MEDIAN_MS or p95 > GOAL_P95_MS
        print(
            f"{label:<32} {len(executed):>7} {median:9.1f} {p95:8.1f} {statistics.median(cpu):14.1f} "
            f"{backend_ms:10.1f}"
        )
    print(
        f"goals: median under {GOAL_MEDIAN_MS:.0f} ms, p95 under {GOAL_P95_MS:.0f} ms; {failed} reads missed them; "
        f"load average after: {' '.join(f'{load:.1f}' for load in os.getloadavg())}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
