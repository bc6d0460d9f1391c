"""CPU time per request, in-process: the Python work a page costs, for comparing two versions of
the code on the same data when the machine is too busy for a throughput benchmark to mean much.

    DATABASE_URL=postgres://…/committee1540_bench python benchmarks/cpu.py [ROUNDS]
    BENCH_PAGES="/assistance/offers/ /api/v1/events/" … (only these pages)

Each page is requested through Django's test client, as the public (page cache off) and as a
secretariat officer, ROUNDS times (default 15) after two warm-up requests; the line gives the
median and the lowest CPU milliseconds of this process (time.process_time: the database's own
time is not counted, the Python side of every query is). Run it from each checkout against the
same database and compare the columns."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "committee.settings")
os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
# Thousands of requests a minute from one client: the API's rate limits would answer 429.
os.environ["API_THROTTLE_ANONYMOUS"] = "1000000/minute"
os.environ["API_THROTTLE_SIGNED_IN"] = "1000000/minute"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

PAGES = [
    "/",
    "/states/",
    "/states/CHN/",
    "/api/v1/states/",
    "/api/v1/reports/",
    "/matrices/",
    "/matrices/statistics/",
    "/assistance/requests/",
    "/assistance/offers/",
    "/api/v1/assistance/requests/",
    "/api/v1/assistance/offers/",
    "/api/v1/events/",
]


def measure(client: Client, path: str, rounds: int) -> tuple[float, float, int]:
    status = 0
    for _ in range(2):
        status = client.get(path, HTTP_HOST="localhost").status_code
    samples = []
    for _ in range(rounds):
        start = time.process_time()
        client.get(path, HTTP_HOST="localhost")
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples), min(samples), status


def main() -> None:
    from django.contrib.auth import get_user_model

    User = get_user_model()  # noqa: N806
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    # BENCH_PAGES="/assistance/offers/ /api/v1/events/": only these.
    pages = os.environ.get("BENCH_PAGES", "").split() or PAGES
    settings.ALLOWED_HOSTS = ["*"]
    staff = User.objects.filter(role="secretariat", is_active=True).order_by("pk").first()
    readers = [("public", Client())]
    if staff is not None:
        signed_in = Client()
        signed_in.force_login(staff)
        # The second factor: the session says the officer confirmed a code.
        session = signed_in.session
        session["otp_device_id"] = None
        session.save()
        readers.append(("secretariat", signed_in))
    print(f"{'page':40} {'reader':12} {'median ms':>10} {'lowest ms':>10} status")
    for path in pages:
        for name, client in readers:
            median, lowest, status = measure(client, path, rounds)
            print(f"{path:40} {name:12} {median:10.1f} {lowest:10.1f} {status}")


if __name__ == "__main__":
    main()
