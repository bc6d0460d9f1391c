"""Assistance at demo scale: how long the quarterly digest takes to build, and how fast match
suggestions answer. Run by hand, not collected by pytest:

    DATABASE_URL=postgres://... .venv/bin/python benchmarks/assistance.py [--scale 20]

It migrates nothing: point it at a migrated database (DEBUG on). It first runs
``manage.py seed_assistance --scale N`` (idempotent: thousands of requests, offers and matches at
the default scale), then prints the timings. Mail goes to an in-memory outbox.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "committee.settings")
os.environ["MAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from assistance import services  # noqa: E402
from assistance.choices import REQUEST_UNMATCHED  # noqa: E402
from assistance.digest import gather_figures, last_finished_quarter, render_pdf  # noqa: E402
from assistance.models import AssistanceOffer, AssistanceRequest, Match  # noqa: E402
from assistance.suggestions import suggest_offers  # noqa: E402
from core.choices import Role  # noqa: E402
from core.models import User  # noqa: E402

settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def summary(seconds: list[float]) -> str:
    ms = sorted(1000 * s for s in seconds)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    return (
        f"median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms "
        f"({len(ms)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--samples", type=int, default=50)
    options = parser.parse_args()

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    _seeded, seconds = timed(call_command, "seed_assistance", scale=options.scale)
    print(f"seed_assistance --scale {options.scale}: {seconds:.1f} s")
    print(
        f"rows: {AssistanceRequest.objects.count()} requests, "
        f"{AssistanceOffer.objects.count()} offers, {Match.objects.count()} matches"
    )

    year, quarter = last_finished_quarter()
    figures, gather = timed(gather_figures, year, quarter)
    _pdf, pdf = timed(render_pdf, figures)
    digest, build = timed(services.build_digest, year, quarter)
    _rebuilt, rebuild = timed(services.build_digest, year, quarter)
    new = next(row["value"] for row in figures["headline"] if row["key"] == "new_requests")
    print(f"digest {year} Q{quarter} ({new} new requests in the quarter):")
    print(
        f"  figures {gather:.2f} s, PDF {pdf:.2f} s, "
        f"whole build {build:.2f} s, rebuild {rebuild:.2f} s"
    )

    rng = random.Random(8)
    open_ids = list(
        AssistanceRequest.objects.filter(status__in=REQUEST_UNMATCHED).values_list("id", flat=True)
    )
    sample = rng.sample(open_ids, min(options.samples, len(open_ids)))
    seconds, queries = [], []
    for request_id in sample:
        item = AssistanceRequest.objects.get(pk=request_id)
        with CaptureQueriesContext(connection) as captured:
            ranked, took = timed(suggest_offers, item, limit=10)
        seconds.append(took)
        queries.append(len(captured))
    print(f"suggestions (service): {summary(seconds)}; queries per call: {sorted(set(queries))}")

    expert = User.objects.filter(role=Role.EXPERT, is_active=True).first()
    client = APIClient()
    client.force_authenticate(expert)  # no login: no session, signals or second factor
    seconds = []
    for request_id in sample[:20]:
        _response, took = timed(
            client.get, f"/api/v1/assistance/requests/{request_id}/suggestions/"
        )
        assert _response.status_code == 200, _response.content[:200]
        seconds.append(took)
    print(f"suggestions (API, GET .../suggestions/): {summary(seconds)}")
    reset_queries()


if __name__ == "__main__":
    main()
