"""Time the demo city generator on a fresh PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seed_bench .venv/bin/python bench/seed_city.py --scale 500

The database named in DATABASE_URL is dropped, created again and migrated; only the seed itself is timed. Prints
the rows per table, the seconds (and those of the scoring runs among them), students per second and the share of
the 5-minute budget used.
"""

import argparse
import datetime
import os
import platform
import resource
import sys
import time
from pathlib import Path

import environ
import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 5 * 60
STUDENTS_PER_SCALE = 2000


def recreate_database(url: str) -> None:
    """Drop and create the database of ``url``, connected to the server's maintenance database."""
    config = environ.Env.db_url_config(url)
    server = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(config["NAME"])))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    server.close()


def backend_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by a PostgreSQL backend running on this machine (0 when it runs elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=500, help="seed_city --scale (500 is 1,000,000 students)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", default="2026-03-01", help="fixed, so that runs are comparable")
    parser.add_argument(
        "--history-months", type=int, help="seed_city --history-months (default: as seed_city chooses for the scale)"
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database this script may drop and create again.")

    recreate_database(url)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from demo.history import default_history_months
    from demo.seed import seed_demo_city

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), pg_backend_pid()")
        server_version, backend_pid = cursor.fetchone()
    backend_cpu = backend_cpu_seconds(backend_pid)
    python_cpu = time.process_time()
    started = time.perf_counter()
    months = default_history_months(args.scale) if args.history_months is None else args.history_months
    result = seed_demo_city(
        scale=args.scale, seed=args.seed, as_of=datetime.date.fromisoformat(args.as_of), history_months=months
    )
    seconds = time.perf_counter() - started
    python_cpu = time.process_time() - python_cpu
    backend_cpu = backend_cpu_seconds(backend_pid) - backend_cpu
    width = max(len(model._meta.label_lower) for model in result.rows)
    for model, rows in result.rows.items():
        print(f"{model._meta.label_lower:<{width}} {rows:>10,}")
    students = result.rows[next(model for model in result.rows if model._meta.label_lower == "colleges.student")]
    print(f"{'total rows':<{width}} {sum(result.rows.values()):>10,}")
    print(
        f"\nscale {args.scale:g}: {students:,} students in {seconds:.1f} s, {students / seconds:,.0f} students/s, "
        f"{seconds / BUDGET_SECONDS:.0%} of the {BUDGET_SECONDS // 60}-minute budget"
    )
    scoring = (result.runs[-1].finished_at - result.runs[0].queued_at).total_seconds()
    print(f"of which {len(result.runs)} scoring runs ({months} past months and the current one): {scoring:.1f} s")
    # On a busy machine wall time grows; the CPU seconds of each side say what the seed itself needed.
    print(f"CPU: Python {python_cpu:.1f} s, PostgreSQL backend {backend_cpu:.1f} s (0 if the server is not local)")
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL {server_version}, "
        f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB, {datetime.date.today()}"
    )


if __name__ == "__main__":
    main()
