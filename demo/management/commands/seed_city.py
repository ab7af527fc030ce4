"""``manage.py seed_city``: build a demo pilot city and its year of scores, or just print its logins when it is
already there."""

import datetime
import math
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.history import FULL_HISTORY_MAX_SCALE, HISTORY_MONTHS, default_history_months
from demo.seed import DEMO_PASSWORD, seed_demo_city
from demo.vocabulary import DEFAULT_CITY, DEMO_CITIES, CityProfile

MAX_SCALE = 500  # 1,000,000 students
EARLIEST_AS_OF = datetime.date(2021, 1, 1)  # leaves room for the history since the 2019 pilot batch
LATEST_AS_OF = datetime.date(2099, 12, 31)
MAX_HISTORY_MONTHS = 36


class Command(BaseCommand):
    help = (
        f"Build a demo pilot city ({DEFAULT_CITY.name} unless --city says another: colleges, students, enterprises, "
        "agreements, placements, evaluations…), score it as of the end of each past month and as of today, and "
        "print its demo logins. If the city exists, change nothing but missing demo accounts."
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
        parser.add_argument(
            "--city",
            default=DEFAULT_CITY.slug,
            metavar="NAME",
            help="Which demo city, by name or slug: "
            + ", ".join(f"{city.name} ({city.slug})" for city in DEMO_CITIES)
            + f". Each has its own codes and demo logins; the default is {DEFAULT_CITY.name}.",
        )
        parser.add_argument(
            "--history-months",
            dest="history_months",
            type=int,
            metavar="N",
            help=f"Score the city as of the last day of each of the N months before --as-of, then as of --as-of "
            f"(0: only the current scores). Default {HISTORY_MONTHS} up to scale {FULL_HISTORY_MAX_SCALE}, 0 above "
            "it, where a year of runs would not fit the seed's time budget.",
        )
        parser.add_argument(
            "--no-scores",
            dest="scores",
            action="store_false",
            help="Leave the city unscored, with no scoring run (to time or test a city's first run).",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete this demo city and everything in it first (not the others)."
        )

    def handle(
        self,
        *args,
        scale: float,
        seed: int,
        as_of: str | None,
        city: str,
        history_months: int | None,
        scores: bool,
        reset: bool,
        **options,
    ):
        if not (math.isfinite(scale) and 0 < scale <= MAX_SCALE):
            raise CommandError(
                f"--scale must be more than 0 and at most {MAX_SCALE} (1,000,000 students), not {scale}."
            )
        profile = _demo_city(city)
        months = default_history_months(scale) if history_months is None else history_months
        if not 0 <= months <= MAX_HISTORY_MONTHS:
            raise CommandError(f"--history-months must be from 0 to {MAX_HISTORY_MONTHS}, not {months}.")
        reference = timezone.localdate() if as_of is None else _parse_as_of(as_of)
        started = time.monotonic()
        result = seed_demo_city(
            scale=scale,
            seed=seed,
            as_of=reference,
            reset=reset,
            profile=profile,
            history_months=months if scores else None,
        )
        seconds = time.monotonic() - started
        if result.built:
            self.stdout.write(
                f"Built the demo city {result.city.name} ({result.city.province}) in {seconds:.1f} s "
                f"(scale {scale:g}, seed {seed}, as of {reference:%Y-%m-%d})."
            )
            counts = ", ".join(f"{model._meta.label_lower} {rows}" for model, rows in result.rows.items())
            self.stdout.write(f"Rows: {counts}")
            if result.runs:
                first, last = result.runs[0], result.runs[-1]
                history = f"the end of each of {len(result.runs) - 1} months from {first.as_of}, and one as of "
                self.stdout.write(
                    f"Scores: one scoring run as of {history if first != last else ''}{last.as_of}; the current "
                    "scores rate "
                    f"{last.agreements_scored} agreements and {last.students_scored} students."
                )
            else:
                self.stdout.write("Scores: none (--no-scores); `manage.py recompute_scores` computes them.")
        else:
            self.stdout.write(
                f"The demo city {result.city.name} ({result.city.province}) exists: nothing changed "
                "(--reset rebuilds it)."
            )
        self.stdout.write(f"\nDemo logins, password {DEMO_PASSWORD}:")
        width = max(18, *(len(account.username) + 2 for account in result.accounts))
        self.stdout.write(f"  {'role':<18}{'username':<{width}}can")
        for account in result.accounts:
            self.stdout.write(f"  {account.role:<18}{account.username:<{width}}{account.can}")


def _demo_city(name: str) -> CityProfile:
    found = next((city for city in DEMO_CITIES if name in (city.name, city.slug)), None)
    if found is None:
        names = ", ".join(f"{city.name} ({city.slug})" for city in DEMO_CITIES)
        raise CommandError(f"--city must be one of the demo cities {names}, not {name!r}.")
    return found


def _parse_as_of(value: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date written YYYY-MM-DD, not {value!r}.") from None
    if not EARLIEST_AS_OF <= day <= LATEST_AS_OF:
        raise CommandError(f"--as-of must be between {EARLIEST_AS_OF} and {LATEST_AS_OF}, not {day}.")
    return day
