"""Time the main pages of the college and enterprise portals on a seeded database (server time, in process).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pages_bench .venv/bin/python bench/pages.py --scale 50

Seeds the demo city at ``--scale`` into the database of DATABASE_URL (migrated first; ``--no-seed`` keeps what is
there), then requests each main page as the demo college and the demo enterprise ``--requests`` times through
Django's test client, which runs the whole request (middleware, selectors, templates) without a network. Prints the
median and p95 per page and the ratio of the p95 to the 200 ms goal.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 200.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=50)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import User
    from accounts.principals import principal_of
    from colleges.selectors import program_list, student_list
    from enterprises.selectors import posting_list
    from partnerships.selectors import agreement_list, application_list, placement_list

    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    if not args.no_seed:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_city", scale=args.scale, reset=True, verbosity=0)
        print(f"seed_city --scale {args.scale}: {time.perf_counter() - started:.1f} s")

    def first(selector, user) -> int | None:
        row = selector(principal=principal_of(user)).order_by("pk").first()
        return row.pk if row else None

    college = User.objects.get(username="demo-college")
    enterprise = User.objects.get(username="demo-enterprise")
    pages = {
        college: [
            "/",
            "/programs/",
            f"/programs/{first(program_list, college)}/",
            "/students/",
            "/students/?placed=false&talent_band=low",
            f"/students/{first(student_list, college)}/",
            "/agreements/",
            f"/agreements/{first(agreement_list, college)}/",
            "/postings/",
            "/applications/",
            "/placements/",
            "/training-bases/",
            "/accounts/notifications/",
        ],
        enterprise: [
            "/",
            "/postings/",
            f"/postings/{first(posting_list, enterprise)}/",
            "/applications/",
            f"/applications/{first(application_list, enterprise)}/",
            "/placements/",
            f"/placements/{first(placement_list, enterprise)}/",
            "/agreements/",
            "/talent-demand/",
            "/investments/",
        ],
    }
    print(
        f"{platform.node()} · {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} · {args.requests} requests"
    )
    print(f"{'who':<16} {'page':<44} {'median ms':>9} {'p95 ms':>8} {'p95/goal':>8}")
    worst = 0.0
    for user, paths in pages.items():
        client = Client()
        client.force_login(user)
        for path in paths:
            timings = []
            for _ in range(args.requests):
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    print(f"{user.username}: {path} answered {response.status_code}", file=sys.stderr)
                    return 1
            p95 = statistics.quantiles(timings, n=20)[-1]
            worst = max(worst, p95)
            print(f"{user.username:<16} {path:<44} {statistics.median(timings):9.1f} {p95:8.1f} {p95 / GOAL_MS:8.2f}")
    print(f"worst p95: {worst:.1f} ms ({worst / GOAL_MS:.2f} of the {GOAL_MS:.0f} ms goal)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
