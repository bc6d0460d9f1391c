"""The PDF of a matrix version, built once by the worker and then served as stored: what the
build costs (once per version and language) and what serving the stored file costs a request,
in-process (Django's test client), on a full-size matrix (the 2016 template, 376 fields).

    DATABASE_URL=postgres://…/<db> .venv/bin/python benchmarks/matrix_pdf.py [ROUNDS]

Needs a migrated database with the states, the template and at least one published matrix
(``manage.py load_states``, ``load_matrix_template``, ``seed_matrices``). The first published
version found is built in English if it has no stored PDF yet, then asked for ROUNDS times
(default 50) after two warm-up requests, as the public reader. Each line gives the median and
the 95th percentile of the wall time and the CPU time of this process (time.process_time, as
benchmarks/cpu.py), and the queries of one request."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "committee.settings")
os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    from core.choices import Language
    from states.matrices import pdfs
    from states.matrices.models import Matrix

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    settings.ALLOWED_HOSTS = ["*"]
    matrix = Matrix.objects.latest_published().select_related("state").order_by("pk").first()
    if matrix is None:
        raise SystemExit("no published matrix: load_states, load_matrix_template, seed_matrices")
    entries = matrix.entries.count()
    if pdfs.stored_pdf(matrix, Language.ENGLISH) is None:
        started = time.perf_counter()
        cpu = time.process_time()
        built = pdfs.build_pdf(matrix.pk, Language.ENGLISH)
        print(
            f"build (the worker's, once): {time.perf_counter() - started:.2f} s wall, "
            f"{time.process_time() - cpu:.2f} s CPU, {built.file.size / 1024:.0f} KiB"
        )
    url = f"/matrices/{matrix.pk}/export.pdf"
    client = Client()
    for _ in range(2):
        response = client.get(url, HTTP_HOST="localhost")
        b"".join(response.streaming_content)
    assert response.status_code == 200, response.status_code
    walls, cpus = [], []
    for _ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, HTTP_HOST="localhost")
        size = len(b"".join(response.streaming_content))
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        b"".join(client.get(url, HTTP_HOST="localhost").streaming_content)
    print(
        f"{matrix.state.iso3} v{matrix.version}, {entries} entries, PDF {size / 1024:.0f} KiB, "
        f"{rounds} requests"
    )
    print(
        f"stored PDF served: wall median {statistics.median(walls):.1f} ms, "
        f"p95 {percentile(walls, 0.95):.1f} ms; CPU median {statistics.median(cpus):.1f} ms; "
        f"{len(queries.captured_queries)} queries"
    )


if __name__ == "__main__":
    main()
