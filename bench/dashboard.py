"""Time the city dashboard as the demo official, on a seeded database (server time, in process).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dash_bench .venv/bin/python bench/dashboard.py --scale 500

Seeds the demo city at ``--scale`` into the database of DATABASE_URL (migrated first, the city rebuilt as of the last
of ``--runs``), then runs its scores as of each date of ``--runs`` with the real code (``recompute_scores``), so that
the dashboard has a month and the month before; ``--no-seed`` keeps the database as it is. Then requests the
dashboard, unfiltered and with a college, a sector and a kind chosen, once to warm up and ``--requests`` times more
through Django's test client (as bench/pages.py does), and prints per page the number of SQL queries, the median
and the p95 in milliseconds against the goals (at most 10 queries, median under 100 ms, p95 under 250 ms).
"""

import argparse
import datetime
import logging
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_QUERIES = 10
GOAL_MEDIAN_MS = 100.0
GOAL_P95_MS = 250.0
MONTH_ENDS = ("2026-10-31", "2026-11-30")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=500)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--runs", nargs="+", default=list(MONTH_ENDS), metavar="YYYY-MM-DD")
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from bench.pages import start_django, time_page

    start_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User
    from cities.models import CityOfficial
    from colleges.models import College, Student

    logging.getLogger("celery").setLevel(logging.WARNING)  # the runs' tasks, run in this process
    if not args.no_seed:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_city", scale=args.scale, reset=True, as_of=max(args.runs), verbosity=0)
        print(f"seed_city --scale {args.scale:g}: {time.perf_counter() - started:.1f} s")
        for day in sorted(args.runs):
            started = time.perf_counter()
            call_command("recompute_scores", as_of=day, wait=True, verbosity=0)
            print(f"recompute_scores --as-of {day}: {time.perf_counter() - started:.1f} s")

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        database = cursor.fetchone()[0].split(" on ")[0]
    official = CityOfficial.objects.select_related("user").get(user__username="demo-official")
    college = College.objects.filter(city_id=official.city_id).order_by("-pk").values_list("pk", flat=True).first()
    students = Student.objects.filter(program__college__city_id=official.city_id).count()
    print(
        f"{platform.node()} · {os.cpu_count()} cores · {database} · {datetime.date.today()} · "
        f"load average {os.getloadavg()[0]:.1f} · {students:,} students · "
        f"{args.requests} requests a page after one to warm up"
    )
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(pk=official.user_id))
    dashboard = reverse("evaluation:city_dashboard")
    pages = [
        ("unfiltered", dashboard),
        ("college, sector, kind", f"{dashboard}?college={college}&sector=C&kind=internship_base"),
    ]
    print(f"{'page':<24} {'queries':>7} {'median ms':>9} {'p95 ms':>8} {'CPU ms':>7}")
    failed = 0
    for label, url in pages:
        status, timings, cpu = time_page(client, url, args.requests)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        if status != 200:
            failed += 1
            print(f"{label:<24} answered {status}")
            continue
        median, p95 = statistics.median(timings), statistics.quantiles(timings, n=20)[-1]
        failed += len(queries) > MAX_QUERIES or median > GOAL_MEDIAN_MS or p95 > GOAL_P95_MS
        print(f"{label:<24} {len(queries):>7} {median:9.1f} {p95:8.1f} {statistics.median(cpu):7.1f}")
    print(
        f"goals: at most {MAX_QUERIES} queries, median under {GOAL_MEDIAN_MS:.0f} ms, p95 under {GOAL_P95_MS:.0f} ms; "
        f"{failed} pages missed them"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
