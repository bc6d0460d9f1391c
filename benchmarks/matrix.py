"""Benchmark of the matrix statistics and the public matrix page at full demo scale.

Run by hand (not collected by pytest), against a migrated database:

    DATABASE_URL=postgres://postgres@127.0.0.1/<db> .venv/bin/python benchmarks/matrix.py --seed

``--seed`` first loads the states, the 2016 template and the demo-scale matrices (193 states, 2-3
versions each; skipped where present). Prints, for each URL, the median time of ``--runs``
requests and the number of SQL queries one request takes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "committee.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", action="store_true", help="load states, template and matrices")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from states.matrices.models import Matrix, MatrixEntry

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        print("note: SQLite; set DATABASE_URL to measure on PostgreSQL", file=sys.stderr)
    if args.seed:
        call_command("migrate", verbosity=0)
        call_command("load_states", verbosity=0)
        call_command("load_matrix_template", verbosity=0)
        started = time.perf_counter()
        call_command("seed_matrices")
        print(f"seeded in {time.perf_counter() - started:.1f} s")

    states = Matrix.objects.values("state").distinct().count()
    print(
        f"scale: {states} states, {Matrix.objects.count()} matrix versions, "
        f"{MatrixEntry.objects.count()} entries, "
        f"{Matrix.objects.latest_approved().count()} counted in the statistics"
    )
    published = Matrix.objects.latest_published().select_related("state").order_by("state__iso3")
    sample = published.first()
    if sample is None:
        sys.exit("no published matrix: run with --seed")
    from django.core.cache import cache

    client = Client()
    # "cold": the cache is emptied before each request, so the figures are computed each time;
    # "cached": figures served from the cache until the next approval.
    targets = [
        ("statistics endpoint, cold", "/api/v1/matrix-statistics/", True),
        ("statistics endpoint, cached", "/api/v1/matrix-statistics/", False),
        ("statistics page, cold", "/matrices/statistics/", True),
        ("statistics page, cached", "/matrices/statistics/", False),
        (
            f"public matrix page ({sample.state.iso3} v{sample.version})",
            sample.get_absolute_url(),
            False,
        ),
        ("public matrix list", "/matrices/", False),
    ]
    print(f"{'target':<40} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    for label, url, cold in targets:
        response = client.get(url)  # warm-up: connection, templates
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(args.runs):
            if cold:
                cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"{label:<40} {statistics.median(timings):>10.1f} {min(timings):>8.1f} "
            f"{len(queries.captured_queries):>8}"
        )


if __name__ == "__main__":
    main()
