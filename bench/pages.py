"""Time the main pages of the college and enterprise portals on a seeded database (server time, in process).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pages_bench .venv/bin/python bench/pages.py --scale 50

Seeds the demo city at ``--scale`` into the database of DATABASE_URL (migrated first, the city rebuilt, its talent
and health scores computed; ``--no-seed`` keeps what is there), then requests each page of PAGES as its demo
account, once to warm up and then ``--requests`` times, through Django's test client, which runs the whole request
(middleware, selectors, templates) without a network. Prints the median and p95 per page, the ratio of the p95
to the 200 ms goal and the median CPU time of the Python process (the machine's load average is printed too); a
page that does not answer 200 is reported and the others still run (exit status 1).
DEBUG is off unless the environment sets it, as in production (with it on, Django keeps every query it ran).
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
GOAL_MS = 200.0

# The pages timed, per demo account: (label, URL name with any query string, arguments). An argument written
# "app.selectors.name" stands for the id of the first row (lowest id) that selector gives that account, so a detail
# page shows a record the account may see. A new page is one more line here.
PAGES = {
    "demo-college": [
        ("home", "home", ()),
        ("programs", "colleges:program_list", ()),
        ("program", "colleges:program_detail", ("colleges.selectors.program_list",)),
        ("courses", "colleges:course_list", ()),
        ("students", "colleges:student_list", ()),
        ("students by practice hours", "colleges:student_list?sort=-practice_hours", ()),
        ("students unplaced, low band", "colleges:student_list?placed=false&talent_band=low", ()),
        ("student", "colleges:student_detail", ("colleges.selectors.student_list",)),
        ("agreements", "partnerships:cooperationagreement_list", ()),
        ("agreement", "partnerships:cooperationagreement_detail", ("partnerships.selectors.agreement_list",)),
        ("open postings", "partnerships:posting_list", ()),
        ("posting", "partnerships:posting_detail", ("enterprises.selectors.posting_list",)),
        ("nominate to a posting", "partnerships:posting_nominate", ("enterprises.selectors.posting_list",)),
        ("applications", "partnerships:application_list", ()),
        ("application", "partnerships:application_detail", ("partnerships.selectors.application_list",)),
        ("placements", "partnerships:placement_list", ()),
        ("placement", "partnerships:placement_detail", ("partnerships.selectors.placement_list",)),
        ("new agreement", "partnerships:cooperationagreement_create", ()),
        ("training bases", "partnerships:trainingbase_list", ()),
        ("training base", "partnerships:trainingbase_detail", ("partnerships.selectors.training_base_list",)),
        ("council seats", "partnerships:councilseat_list", ()),
        ("notifications", "notifications", ()),
        ("settings", "account_settings", ()),
    ],
    "demo-enterprise": [
        ("home", "home", ()),
        ("profile", "enterprises:enterprise_detail", ("enterprises.selectors.enterprise_list",)),
        ("postings", "partnerships:posting_list", ()),
        ("posting", "partnerships:posting_detail", ("enterprises.selectors.posting_list",)),
        ("new posting", "partnerships:posting_create", ()),
        ("applications", "partnerships:application_list", ()),
        ("application", "partnerships:application_detail", ("partnerships.selectors.application_list",)),
        ("placements", "partnerships:placement_list", ()),
        ("placement", "partnerships:placement_detail", ("partnerships.selectors.placement_list",)),
        ("agreements", "partnerships:cooperationagreement_list", ()),
        ("agreement", "partnerships:cooperationagreement_detail", ("partnerships.selectors.agreement_list",)),
        ("talent demand", "enterprises:talentdemand_list", ()),
        ("investments", "enterprises:educationinvestment_list", ()),
        ("certification", "evaluation:integrationcertification_list", ()),
        ("programs of the city", "colleges:program_list", ()),
        ("program", "colleges:program_detail", ("colleges.selectors.program_list",)),
    ],
    "demo-official": [
        ("colleges", "colleges:college_list", ()),
        ("colleges by students", "colleges:college_list?sort=-student_count", ()),
        ("college", "colleges:college_detail", ("colleges.selectors.college_list",)),
        ("students", "colleges:student_list", ()),
        ("enterprises", "enterprises:enterprise_list", ()),
        ("certified enterprises", "enterprises:enterprise_list?certified=true", ()),
        ("enterprise", "enterprises:enterprise_detail", ("enterprises.selectors.enterprise_list",)),
        ("agreements at risk", "partnerships:cooperationagreement_list?health_band=at_risk", ()),
        ("agreement", "partnerships:cooperationagreement_detail", ("partnerships.selectors.agreement_list",)),
        ("certification queue", "evaluation:integrationcertification_list", ()),
        ("incentives", "evaluation:incentive_list", ()),
        ("incentives by estimate", "evaluation:incentive_list?sort=-estimated_incentive", ()),
    ],
}


def page_url(name: str, arguments: tuple, principal) -> str | None:
    """The URL of a PAGES entry for ``principal``; None when a selector argument gives them no row."""
    from django.urls import reverse
    from django.utils.module_loading import import_string

    name, _, query = name.partition("?")
    values = []
    for argument in arguments:
        row = import_string(argument)(principal=principal).order_by("pk").values_list("pk", flat=True).first()
        if row is None:
            return None
        values.append(row)
    return reverse(name, args=values) + (f"?{query}" if query else "")


def time_page(client, url: str, requests: int) -> tuple[int, list[float], list[float]]:
    """The status of a warm-up request, and the milliseconds of ``requests`` more when it was 200: wall time, and
    the CPU time of this process (Python's share, which other work on the machine does not inflate)."""
    status = client.get(url).status_code
    timings, cpu = [], []
    for _ in range(requests if status == 200 else 0):
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return status, timings, cpu


def start_django() -> None:
    """Django set up to time pages in this process: DEBUG off unless the environment sets it, any host, and a page
    that fails logged as one line of the table, not a traceback."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    settings.ALLOWED_HOSTS = ["*"]
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    setup_test_environment()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=50)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--only", help="time only the pages whose label or URL name contains this")
    args = parser.parse_args()

    start_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from accounts.principals import principal_of

    if not args.no_seed:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_city", scale=args.scale, reset=True, verbosity=0)
        print(f"seed_city --scale {args.scale:g}: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        call_command("recompute_scores", wait=True, verbosity=0)
        print(f"recompute_scores: {time.perf_counter() - started:.1f} s")

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        database = cursor.fetchone()[0].split(" on ")[0]
    print(
        f"{platform.node()} · {os.cpu_count()} cores · {database} · {datetime.date.today()} · "
        f"load average {os.getloadavg()[0]:.1f} · {args.requests} requests a page after one to warm up"
    )
    print(f"{'account':<16} {'page':<30} {'URL':<44} {'median ms':>9} {'p95 ms':>8} {'p95/goal':>8} {'CPU ms':>7}")
    worst, failed = 0.0, 0
    for username, pages in PAGES.items():
        user = User.objects.get(username=username)
        principal = principal_of(user)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for label, name, arguments in pages:
            if args.only and args.only not in label and args.only not in name:
                continue
            url = page_url(name, arguments, principal)
            if url is None:
                print(f"{username:<16} {label:<30} {'(no row to show)':<44}")
                continue
            status, timings, cpu = time_page(client, url, args.requests)
            if status != 200:
                failed += 1
                print(f"{username:<16} {label:<30} {url:<44} answered {status}")
                continue
            p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
            worst = max(worst, p95)
            median = statistics.median(timings)
            print(
                f"{username:<16} {label:<30} {url:<44} {median:9.1f} {p95:8.1f} {p95 / GOAL_MS:8.2f} "
                f"{statistics.median(cpu):7.1f}"
            )
    print(f"worst p95: {worst:.1f} ms ({worst / GOAL_MS:.2f} of the {GOAL_MS:.0f} ms goal); {failed} pages failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
