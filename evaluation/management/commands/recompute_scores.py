"""``manage.py recompute_scores``: recompute the scores of every city (or some), now."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from cities.models import City
from common.exceptions import BusinessRuleViolation
from evaluation.choices import RunState, RunTrigger
from evaluation.models import ScoringRun
from evaluation.scoring.runs import UNDER_WAY, scoring_run_start

POLL_SECONDS = 1


class Command(BaseCommand):
    help = (
        "Queue a full recomputation of the scores of each city (or of the --city ones). Without a broker the "
        "work runs here and now; with one, the workers do it and --wait follows it to the end."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", action="append", default=[], help="A city's id or name; repeat for several.")
        parser.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help="The day to compute the scores for.")
        parser.add_argument("--wait", action="store_true", help="Wait for the runs to finish, and report them.")

    def handle(self, *args, city: list[str], as_of: str | None, wait: bool, **options):
        cities = self._cities(city)
        day = self._day(as_of)
        runs, refusals = [], []
        for each in cities:
            # A city with a run under way is left to it; the others are still recomputed.
            try:
                runs.append(scoring_run_start(city_id=each.pk, trigger=RunTrigger.COMMAND, as_of=day))
            except BusinessRuleViolation as refusal:
                refusals.append(f"{each.name}: {refusal}")
        for run in runs:
            run.refresh_from_db()
            while wait and run.state in UNDER_WAY:
                time.sleep(POLL_SECONDS)
                run.refresh_from_db()
            self.stdout.write(self._report(run))
        if refusals:
            raise CommandError("\n".join(refusals))
        if any(run.state == RunState.FAILED for run in runs):
            raise CommandError("A run failed: see its error above.")

    @staticmethod
    def _cities(names: list[str]) -> list[City]:
        if not names:
            return list(City.objects.order_by("name"))
        found = {}
        for name in names:
            match = City.objects.filter(pk=int(name)) if name.isdigit() else City.objects.filter(name=name)
            if not match.exists():
                raise CommandError(f"No city is called {name!r}.")
            # A city named twice (by its id and by its name) is run once: a second start would be refused.
            found.update((each.pk, each) for each in match)
        return list(found.values())

    @staticmethod
    def _day(as_of: str | None) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError(f"--as-of must be a date written YYYY-MM-DD, not {as_of!r}.") from None

    @staticmethod
    def _report(run: ScoringRun) -> str:
        if run.state == RunState.SUCCEEDED:
            seconds = (run.finished_at - run.started_at).total_seconds()
            return (
                f"{run.city.name}: run {run.pk} as of {run.as_of} succeeded in {seconds:.1f} s: "
                f"{run.agreements_scored} agreements, {run.students_scored} students."
            )
        if run.state == RunState.FAILED:
            return f"{run.city.name}: run {run.pk} failed: {run.error}"
        return f"{run.city.name}: run {run.pk} is {run.get_state_display().lower()} (the workers will take it)."
