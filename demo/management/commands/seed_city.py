"""``manage.py seed_city``: build the demo pilot city, or just print its logins when it is already there."""

import datetime
import math
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.seed import DEMO_PASSWORD, seed_demo_city

MAX_SCALE = 500  # 1,000,000 students
EARLIEST_AS_OF = datetime.date(2021, 1, 1)  # leaves room for the history since the 2019 pilot batch
LATEST_AS_OF = datetime.date(2099, 12, 31)


class Command(BaseCommand):
    help = (
        "Build the demo pilot city 金河市 (colleges, students, enterprises, agreements, placements, evaluations…) "
        "and print the demo logins. If the city exists, change nothing but missing demo accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Size relative to the default city of 2,000 students (0.05 for fast tests, 500 for 1,000,000).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the random choices (default 2026).")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            metavar="YYYY-MM-DD",
            help="The reference 'today' of every generated date (default: today's local date).",
        )
        parser.add_argument("--reset", action="store_true", help="Delete the demo city and everything in it first.")

    def handle(self, *args, scale: float, seed: int, as_of: str | None, reset: bool, **options):
        if not (math.isfinite(scale) and 0 < scale <= MAX_SCALE):
            raise CommandError(
                f"--scale must be more than 0 and at most {MAX_SCALE} (1,000,000 students), not {scale}."
            )
        reference = timezone.localdate() if as_of is None else _parse_as_of(as_of)
        started = time.monotonic()
        result = seed_demo_city(scale=scale, seed=seed, as_of=reference, reset=reset)
        seconds = time.monotonic() - started
        if result.built:
            self.stdout.write(
                f"Built the demo city {result.city.name} ({result.city.province}) in {seconds:.1f} s "
                f"(scale {scale:g}, seed {seed}, as of {reference:%Y-%m-%d})."
            )
            counts = ", ".join(f"{model._meta.label_lower} {rows}" for model, rows in result.rows.items())
            self.stdout.write(f"Rows: {counts}")
        else:
            self.stdout.write(
                f"The demo city {result.city.name} ({result.city.province}) exists: nothing changed "
                "(--reset rebuilds it)."
            )
        self.stdout.write(f"\nDemo logins, password {DEMO_PASSWORD}:")
        self.stdout.write(f"  {'role':<18}{'username':<18}can")
        for account in result.accounts:
            self.stdout.write(f"  {account.role:<18}{account.username:<18}{account.can}")


def _parse_as_of(value: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date written YYYY-MM-DD, not {value!r}.") from None
    if not EARLIEST_AS_OF <= day <= LATEST_AS_OF:
        raise CommandError(f"--as-of must be between {EARLIEST_AS_OF} and {LATEST_AS_OF}, not {day}.")
    return day
