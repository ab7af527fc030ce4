"""The demo city's academic calendar: an autumn and a spring term for each school year from three years before the
reference date's to three years after it, as a vocational college keeps them (autumn from September to the end of
January, spring from mid-February to mid-July). Every generated posting runs inside one term, as a posting must
to open (enterprises/compliance.py), and so can a posting the demo enterprise creates for a coming term."""

import datetime

from demo.context import SeedContext

YEARS_AROUND = 3


def build_calendar(ctx: SeedContext) -> None:
    for year in range(ctx.school_year - YEARS_AROUND, ctx.school_year + YEARS_AROUND + 1):
        for season, starts_on, ends_on in (
            ("autumn", datetime.date(year, 9, 1), datetime.date(year + 1, 1, 31)),
            ("spring", datetime.date(year + 1, 2, 15), datetime.date(year + 1, 7, 15)),
        ):
            ctx.tables.terms.add(ctx.city_id, f"{year}–{year + 1} {season}", starts_on, ends_on)
            ctx.terms.append((starts_on, ends_on))
