"""Benchmark: build time of the annual review (8(a)) at full demo scale.

    .venv/bin/python benchmarks/annual_review.py [--runs 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/committee1540_bench .venv/bin/python \
        benchmarks/annual_review.py

Creates a throw-away test database (never touches the project's own), loads the 193 member
states, the demo data set (``seed_demo``: first reports, additional reports, points of contact),
the programme of work with progress on a third of its items, and a year of meetings (monthly
informal meetings, six meetings per working group, two documents each, some late). Then it
builds the 2018 review the way the Celery task does (``reviews.build_annual_review``)
and reports, per run: the time to collect the figures, the time to render the PDF, the total,
the number of SQL queries, and the PDF's pages and size.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "committee.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="builds to time (default 3)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-media-"))
    # WeasyPrint logs every layout step at INFO; only the figures matter here.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        populate()
        results = [build_once() for _run in range(args.runs)]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    report(results, connection.vendor)


def populate() -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from committee.work import services as committee_services
    from committee.work.models import WorkItem
    from core.models import User
    from states.models import MemberState
    from states.reports.models import NationalPointOfContact, NationalReport
    from workinggroups import services
    from workinggroups.choices import MeetingKind
    from workinggroups.models import Meeting, MeetingDocument, WorkingGroup

    started = time.perf_counter()
    call_command("load_states", verbosity=0)
    call_command("seed_demo", stdout=StringIO())
    call_command("load_programme", stdout=StringIO())
    staff = User.objects.get(username="secretariat")
    for n, item in enumerate(WorkItem.objects.all()):
        if n % 3 == 0:
            services.record_progress(
                item, acting_user=staff, status="in_progress", progress=10 + n, note="Reviewed."
            )
    # A year of meetings, written straight to the tables (the workflow is not what is timed).
    utc = timezone.get_current_timezone()
    meetings = []
    for month in range(1, 13):
        meetings.append(
            Meeting(
                kind=MeetingKind.INFORMAL,
                title=f"Monthly informal meeting, {month}/2018",
                starts_at=datetime(2018, month, 10, 15, tzinfo=utc),
                place="Conference Room 7",
                status="held",
                created_by=staff,
            )
        )
    for group in WorkingGroup.objects.all():
        for month in (2, 4, 6, 8, 10, 12):
            meetings.append(
                Meeting(
                    kind=MeetingKind.WORKING_GROUP,
                    working_group=group,
                    title=f"Working Group {group.number}, {month}/2018",
                    starts_at=datetime(2018, month, 20, 10, tzinfo=utc),
                    place="Conference Room 5",
                    status="held",
                    created_by=staff,
                )
            )
    Meeting.objects.bulk_create(meetings)
    documents = []
    for meeting in Meeting.objects.all():
        for n, days in enumerate((7, 1)):
            documents.append(
                MeetingDocument(
                    meeting=meeting,
                    title=f"Document {n + 1}",
                    file="meetings/demo.pdf",
                    circulated_at=meeting.starts_at - timedelta(days=days),
                    circulated_by=staff,
                    late=days < 2,
                )
            )
    MeetingDocument.objects.bulk_create(documents)
    print(
        f"data set: {MemberState.objects.count()} states, {NationalReport.objects.count()} "
        f"reports, {NationalPointOfContact.objects.count()} points of contact, "
        f"{WorkItem.objects.count()} work items, {Meeting.objects.count()} meetings, "
        f"{MeetingDocument.objects.count()} documents ({time.perf_counter() - started:.1f} s)"
    )
    committee_services.default_note_template()


def build_once() -> dict:
    from datetime import date

    from django.db import connection
    from pypdf import PdfReader

    from committee.work import annual_review, reviews
    from committee.work.models import AnnualReview
    from core import pdf

    timings = {}
    original = pdf.render_pdf

    def timed_render(template, context):
        start = time.perf_counter()
        try:
            return original(template, context)
        finally:
            timings["render"] = time.perf_counter() - start

    reviews.render_pdf = timed_render
    collect_start = time.perf_counter()
    annual_review.build_context(annual_review.ReviewPeriod(2018, date(2018, 12, 31)))
    timings["collect"] = time.perf_counter() - collect_start

    version = AnnualReview.objects.filter(year=2018).count() + 1
    review = AnnualReview.objects.create(year=2018, version=version, as_at=date(2018, 12, 31))
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start = time.perf_counter()
        review = reviews.build_annual_review(review.pk)
        total = time.perf_counter() - start
    reviews.render_pdf = original
    assert review.status == "ready", review.error
    with review.document.open("rb") as handle:
        data = handle.read()
    pages = len(PdfReader(io.BytesIO(data)).pages)
    return {
        "total": total,
        "collect": timings["collect"],
        "render": timings["render"],
        "queries": len(queries),
        "pages": pages,
        "bytes": len(data),
    }


def report(results: list[dict], vendor: str) -> None:
    for n, r in enumerate(results, start=1):
        print(
            f"run {n}: total {r['total']:.2f} s (figures {r['collect']:.2f} s, "
            f"PDF {r['render']:.2f} s), {r['queries']} queries, {r['pages']} pages, "
            f"{r['bytes'] / 1024:.0f} KiB"
        )
    median = statistics.median(r["total"] for r in results)
    print(
        f"annual review 2018 at demo scale on {vendor}: median {median:.2f} s "
        f"over {len(results)} builds"
    )


if __name__ == "__main__":
    main()
