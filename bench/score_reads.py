"""Time the reads of the current scores that the pages and the API make, on a seeded and scored city.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/score_bench .venv/bin/python bench/score_reads.py

Four reads, each once to warm up and then ``--repeats`` times (median and p95 of the wall time, and the SQL
queries of one), through the selectors and the API as the demo logins make them:

- a college's students' current scores: every one of the demo college's students with its score
  (``talent_score_list`` as its staff, read whole), and the first page of ``GET /api/v1/talent-scores/``;
- the city's at-risk agreements: the first 100 of ``at_risk_agreement_list`` as the demo official, with their
  count, and ``GET /api/v1/city-aggregates/at-risk/``.

It only reads, so it can time a database before and after a change of how the current scores are stored.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(action, repeats: int) -> tuple[float, float, int]:
    """(median ms, p95 ms, queries of one call) of ``action`` called ``repeats`` times after one warm-up."""
    from django.db import connection

    queries = []  # counted by a wrapper: a request through the test client resets Django's own query log

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        action()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to the PostgreSQL database holding the scored demo city.")
    sys.path.insert(0, str(ROOT))
    from bench.pages import start_django

    start_django()
    from django.test import Client

    from accounts.models import User
    from accounts.principals import principal_of
    from evaluation.selectors import at_risk_agreement_list, talent_score_list

    college_user = User.objects.get(username="demo-college")
    official_user = User.objects.get(username="demo-official")
    college, official = principal_of(college_user), principal_of(official_user)
    clients = {}
    for name, user in (("college", college_user), ("official", official_user)):
        clients[name] = Client(HTTP_HOST="127.0.0.1")
        clients[name].force_login(user)

    def get(client: str, url: str) -> None:
        response = clients[client].get(url)
        assert response.status_code == 200, (url, response.status_code)

    scores = talent_score_list(principal=college)
    at_risk = at_risk_agreement_list(principal=official)
    reads = (
        (f"a college's students' scores, whole ({scores.count():,} rows)", lambda: list(scores.all())),
        ("a college's students' scores, API first page", lambda: get("college", "/api/v1/talent-scores/")),
        (
            f"the city's at-risk agreements, first 100 and the count ({at_risk.count():,})",
            lambda: (list(at_risk.all()[:100]), at_risk.count()),
        ),
        ("the city's at-risk lists, API", lambda: get("official", "/api/v1/city-aggregates/at-risk/")),
    )
    for label, action in reads:
        median, p95, queries = timed(action, args.repeats)
        print(f"{label:<70} median {median:7.1f} ms  p95 {p95:7.1f} ms  ({queries} queries)")


if __name__ == "__main__":
    main()
