"""The annual review (8(a)): built by a Celery task into a PDF with a cover, contents, chapters
and an annex of one line per member state, from the data as it stood on a chosen day; started
by the secretariat, scheduled on 1 December, every build kept as a new version."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from celery.result import EagerResult
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from committee.work import annual_review, reviews, tasks
from committee.work.choices import AnnualReviewStatus, WorkItemStatus
from committee.work.models import AnnualReview, WorkItem
from core.demo import minimal_pdf
from core.services import InvalidTransition
from states.choices import ReportKind, ReportStatus
from states.models import MemberState
from states.reports.models import NationalReport
from tests.conftest import wait_until
from tests.helpers import pdf_text
from tests.workinggroups.fixtures import all_but, first_reports

# What a patched task.apply returns: the task ran and succeeded.
PASSED = EagerResult("patched", None, "SUCCESS")

NOT_REPORTED = ["TCD", "COM", "GNQ", "GNB", "MLI", "SOM", "SSD", "TLS", "MRT", "KIR"]
REPORTED_IN_2018 = ["DMA", "NRU"]
REPORTED_IN_2019 = ["TUV"]  # after the review's date: not counted


def reporting_record_of_2018(by) -> None:
    """183 of the 193 states reported before 2019 (2 of them in 2018), one more in 2019, and a
    draft first report that does not count."""
    first_reports(
        all_but(*NOT_REPORTED, *REPORTED_IN_2018, *REPORTED_IN_2019),
        by=by,
        submitted_on=date(2010, 5, 1),
    )
    first_reports(
        MemberState.objects.filter(iso3__in=REPORTED_IN_2018), by=by, submitted_on=date(2018, 6, 1)
    )
    first_reports(
        MemberState.objects.filter(iso3__in=REPORTED_IN_2019), by=by, submitted_on=date(2019, 3, 1)
    )
    NationalReport.objects.filter(state__iso3="CHN").update(kind=ReportKind.FIRST)
    NationalReport.objects.bulk_create(
        [
            NationalReport(
                state=MemberState.objects.get(iso3="KIR"),
                kind=ReportKind.FIRST,
                status=ReportStatus.DRAFT,
                created_by=by,
            ),
            NationalReport(
                state=MemberState.objects.get(iso3="CHN"),
                kind=ReportKind.ADDITIONAL,
                status=ReportStatus.SUBMITTED,
                submitted_on=date(2018, 9, 1),
                submitted_by=by,
                created_by=by,
            ),
        ]
    )


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_the_2018_review_counts_right(review: AnnualReview) -> None:
    assert review.status == AnnualReviewStatus.READY, review.error
    text = pdf_text(review.document)
    assert "Annual review of the implementation of resolution 1540 (2004) in 2018" in flat(text)
    assert (
        "As at 31 December 2018, 182 of the 193 Member States had submitted a first report; "
        "11 had not." in flat(text)
    )
    assert "Contents" in text
    annex = text.rsplit("Annex: reporting record of each Member State", 1)[1]
    codes = Counter(re.findall(r"\b[A-Z]{3}\b", annex))
    assert set(codes) == set(MemberState.objects.values_list("iso3", flat=True))
    assert set(codes.values()) == {1}  # one line per member state


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Runs what a service queued for after the commit (the build task), as production does."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def no_pdf(monkeypatch):
    """Skip WeasyPrint where a test is about the workflow, not the document."""
    monkeypatch.setattr(reviews, "render_pdf", lambda template, context: minimal_pdf("x"))


# --- the PDF --------------------------------------------------------------------------------------


def test_the_2018_review_holds_the_right_counts_and_one_annex_line_per_state(
    secretariat, programme, on_commit
):
    reporting_record_of_2018(secretariat)

    with on_commit(execute=True):
        review = reviews.request_annual_review(
            2018, as_at=date(2018, 12, 31), acting_user=secretariat
        )

    review.refresh_from_db()
    assert_the_2018_review_counts_right(review)
    assert (review.progress, review.stage) == (100, "Ready")
    assert review.document.name.startswith("annual-reviews/2018/v1-")
    assert [h.history_change_reason for h in review.history.order_by("history_date")] == [
        "Build requested",
        "Build started",
        "Built",
    ]
    text = flat(pdf_text(review.document))
    assert "Progress against the programme of work" in text
    assert "Chad; Comoros" in text  # the states still to report, by name


@pytest.mark.celery
def test_the_2018_review_is_built_by_a_real_celery_worker(celery_worker, secretariat, programme):
    reporting_record_of_2018(secretariat)

    review = reviews.request_annual_review(2018, as_at=date(2018, 12, 31), acting_user=secretariat)

    review = wait_until(
        lambda: AnnualReview.objects.filter(pk=review.pk, status__in=["ready", "failed"]).first(),
        timeout=120,
    )
    assert_the_2018_review_counts_right(review)


# --- as at a date ---------------------------------------------------------------------------------


def test_only_data_up_to_the_chosen_day_counts(secretariat):
    reporting_record_of_2018(secretariat)

    mid_2018 = annual_review.reporting_status(annual_review.ReviewPeriod(2018, date(2018, 5, 31)))
    end_2018 = annual_review.reporting_status(annual_review.ReviewPeriod(2018, date(2018, 12, 31)))
    in_2019 = annual_review.reporting_status(annual_review.ReviewPeriod(2019, date(2019, 12, 31)))

    assert (mid_2018.data["with_first_report"], mid_2018.data["without_first_report"]) == (180, 13)
    assert (end_2018.data["with_first_report"], end_2018.data["first_reports_this_year"]) == (
        182,
        2,
    )
    assert end_2018.data["additional_this_year"] == 1
    assert in_2019.data["with_first_report"] == 183
    assert "Tuvalu" in end_2018.data["not_reported"]
    assert "Tuvalu" not in in_2019.data["not_reported"]


def test_the_annex_has_one_line_per_state_with_its_record_at_the_date(secretariat):
    reporting_record_of_2018(secretariat)

    rows = annual_review.annex(annual_review.ReviewPeriod(2018, date(2018, 12, 31)))

    assert len(rows) == 193
    by_code = {row["iso3"]: row for row in rows}
    assert by_code["DMA"]["first_report_on"] == date(2018, 6, 1)
    assert by_code["TUV"]["first_report_on"] is None
    assert by_code["KIR"]["first_report_on"] is None
    assert by_code["CHN"]["additional"] == 1


def test_programme_progress_is_taken_as_it_stood_on_the_day(secretariat, programme):
    from workinggroups import services

    item = WorkItem.objects.get(paragraph="8(b)")
    services.record_progress(
        item, acting_user=secretariat, status=WorkItemStatus.IN_PROGRESS, progress=30, note="Sent."
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    # The item as loaded, dated yesterday: the progress above came after it.
    WorkItem.history.filter(id=item.pk, history_change_reason="Loaded from the data file").update(
        history_date=timezone.make_aware(datetime.combine(yesterday, time(9)))
    )

    before = annual_review.programme_progress(annual_review.ReviewPeriod(yesterday.year, yesterday))
    today = annual_review.programme_progress(
        annual_review.ReviewPeriod(timezone.localdate().year, timezone.localdate())
    )

    def status_of(chapter):
        return next(i for i in chapter.data["items"] if i["paragraph"] == "8(b)")["status"]

    assert status_of(before) == "Not started"
    assert status_of(today) == "In progress"


# --- the workflow ---------------------------------------------------------------------------------


def test_every_build_is_kept_as_a_new_version(secretariat, no_pdf, on_commit):
    with on_commit(execute=True):
        first = reviews.request_annual_review(2018, acting_user=secretariat)
    with on_commit(execute=True):
        second = reviews.request_annual_review(
            2018, as_at=date(2018, 11, 30), acting_user=secretariat
        )

    assert (first.version, second.version) == (1, 2)
    assert AnnualReview.objects.filter(year=2018, status=AnnualReviewStatus.READY).count() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.document.name != second.document.name
    assert first.as_at == date(2018, 12, 31)


def test_a_second_build_of_a_year_waits_for_the_running_one(secretariat, monkeypatch):
    monkeypatch.setattr(tasks.build_annual_review, "delay", lambda review_id: None)
    running = reviews.request_annual_review(2018, acting_user=secretariat)
    rows = AnnualReview.history.count()

    with pytest.raises(InvalidTransition, match="still being built"):
        reviews.request_annual_review(2018, acting_user=secretariat)

    assert AnnualReview.objects.get().pk == running.pk
    assert AnnualReview.history.count() == rows


def test_building_a_finished_review_again_changes_nothing(secretariat, no_pdf, on_commit):
    with on_commit(execute=True):
        review = reviews.request_annual_review(2018, acting_user=secretariat)
    review.refresh_from_db()
    rows = review.history.count()

    tasks.build_annual_review.delay(review.pk)

    assert review.history.count() == rows


def test_a_failed_build_says_why(secretariat, monkeypatch, on_commit):
    def broken(template, context):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr(reviews, "render_pdf", broken)

    with on_commit(execute=True):
        review = reviews.request_annual_review(2018, acting_user=secretariat)

    review.refresh_from_db()
    assert review.status == AnnualReviewStatus.FAILED
    assert review.error == "RuntimeError: fonts missing"
    assert not review.document


@pytest.mark.parametrize(
    ("year", "as_at", "field", "message"),
    [
        (2003, None, "year", "between 2004 and"),
        ("next", None, "year", "between 2004 and"),
        ("2018", None, "year", "as a number"),
        (2018, date(2019, 1, 5), "as_at", "between 2018-01-01 and 2018-12-31"),
        (2018, date(2017, 12, 31), "as_at", "between 2018-01-01"),
        ("this", "tomorrow", "as_at", "up to today"),
    ],
)
def test_a_year_or_date_out_of_range_is_refused(secretariat, year, as_at, field, message):
    today = timezone.localdate()
    year = today.year + 1 if year == "next" else today.year if year == "this" else year
    as_at = today + timedelta(days=1) if as_at == "tomorrow" else as_at

    with pytest.raises(ValidationError, match=message) as refused:
        reviews.request_annual_review(year, as_at=as_at, acting_user=secretariat)

    assert field in refused.value.error_dict
    assert not AnnualReview.objects.exists()
    assert not AnnualReview.history.exists()


@pytest.mark.parametrize("persona", ["poc_chn", "expert", "member"])
def test_only_the_secretariat_starts_a_build(request, persona):
    with pytest.raises(PermissionDenied, match="Only the secretariat builds the annual review"):
        reviews.request_annual_review(2018, acting_user=request.getfixturevalue(persona))

    assert not AnnualReview.objects.exists()


def test_the_1_december_schedule_builds_this_years_review_as_at_today(
    member_states, no_pdf, on_commit
):
    with on_commit(execute=True):
        tasks.build_scheduled_annual_review.delay()

    review = AnnualReview.objects.get()
    assert (review.year, review.as_at, review.version) == (
        timezone.localdate().year,
        timezone.localdate(),
        1,
    )
    assert review.requested_by is None
    assert review.status == AnnualReviewStatus.READY


def test_the_schedule_is_in_the_beat_settings(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["annual-review"]

    assert entry["task"] == tasks.build_scheduled_annual_review.name
    assert entry["schedule"].day_of_month == {1}
    assert entry["schedule"].month_of_year == {12}


# --- Stalled builds (issue 11, point 12) ---------------------------------------------------------


def _stalled_review(secretariat, minutes: float) -> AnnualReview:
    review = reviews.request_annual_review(2018, acting_user=secretariat)
    # A worker took it to 60 % and was killed: the heartbeat stopped then.
    AnnualReview.objects.filter(pk=review.pk).update(
        status=AnnualReviewStatus.BUILDING,
        progress=60,
        stage="Rendering the PDF",
        started_at=timezone.now() - timedelta(minutes=20),
        heartbeat_at=timezone.now() - timedelta(minutes=minutes),
    )
    return AnnualReview.objects.get(pk=review.pk)


def test_a_review_without_a_heartbeat_for_two_minutes_shows_stalled_and_restarts_once(
    secretariat, client, monkeypatch, on_commit
):
    review = _stalled_review(secretariat, minutes=3)
    client.force_login(secretariat)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "The build has stalled" in page
    assert f"/annual-reviews/{review.pk}/restart/" in page
    queued = []
    monkeypatch.setattr(
        tasks.build_annual_review, "apply", lambda args, **kw: queued.append(args) or PASSED
    )

    with on_commit(execute=True):
        assert client.post(f"/annual-reviews/{review.pk}/restart/").status_code == 302
        with pytest.raises(InvalidTransition, match="Only a build that has stalled"):
            reviews.restart_annual_review(review, acting_user=secretariat)

    assert queued == [(review.pk,)]
    review.refresh_from_db()
    assert (review.status, review.progress) == (AnnualReviewStatus.QUEUED, 0)
    assert review.history.first().history_change_reason == "Restarted after stalling"


def test_a_review_with_a_recent_heartbeat_is_not_stalled(secretariat, client):
    review = _stalled_review(secretariat, minutes=1)
    client.force_login(secretariat)

    assert "stalled" not in client.get(review.get_absolute_url()).content.decode()
    with pytest.raises(InvalidTransition, match="Only a build that has stalled"):
        reviews.restart_annual_review(review, acting_user=secretariat)


@pytest.mark.parametrize("persona", ["expert", "member"])
def test_only_the_secretariat_restarts_a_stalled_review(secretariat, request, client, persona):
    review = _stalled_review(secretariat, minutes=3)
    user = request.getfixturevalue(persona)
    client.force_login(user)

    assert client.post(f"/annual-reviews/{review.pk}/restart/").status_code == 403
    with pytest.raises(PermissionDenied):
        reviews.restart_annual_review(review, acting_user=user)
    assert AnnualReview.objects.get().status == AnnualReviewStatus.BUILDING


def test_a_running_build_writes_its_heartbeat(secretariat, no_pdf, on_commit):
    with on_commit(execute=True):
        review = reviews.request_annual_review(2018, acting_user=secretariat)
    review.refresh_from_db()
    assert review.is_ready and review.heartbeat_at is not None


# --- One stall and restart mechanism for every build (review of issue 11, finding 12) -------------


def _never_taken_review(secretariat, minutes: float) -> AnnualReview:
    review = reviews.request_annual_review(2018, acting_user=secretariat)
    # The task was lost on its way to a worker: the build never left the queue.
    AnnualReview.objects.filter(pk=review.pk).update(
        requested_at=timezone.now() - timedelta(minutes=minutes)
    )
    return AnnualReview.objects.get(pk=review.pk)


def test_a_review_queued_and_never_taken_for_five_minutes_shows_stalled_and_restarts(
    secretariat, client, monkeypatch, on_commit
):
    review = _never_taken_review(secretariat, minutes=6)
    client.force_login(secretariat)
    page = client.get(review.get_absolute_url())
    assert "The build has waited for a worker since" in page.content.decode()
    assert "committee/_build_stalled.html" in [t.name for t in page.templates]
    queued = []
    monkeypatch.setattr(
        tasks.build_annual_review, "apply", lambda args, **kw: queued.append(args) or PASSED
    )

    with on_commit(execute=True):
        assert client.post(f"/annual-reviews/{review.pk}/restart/").status_code == 302

    assert queued == [(review.pk,)]
    review.refresh_from_db()
    assert review.status == AnnualReviewStatus.QUEUED and not review.is_stalled


def test_a_review_queued_a_minute_ago_is_waiting_not_stalled(secretariat, client):
    review = _never_taken_review(secretariat, minutes=1)
    client.force_login(secretariat)

    assert "waited for a worker" not in client.get(review.get_absolute_url()).content.decode()
    with pytest.raises(InvalidTransition, match="Only a build that has stalled"):
        reviews.restart_annual_review(review, acting_user=secretariat)


def test_a_build_task_run_again_while_its_build_is_alive_elsewhere_leaves_it(secretariat):
    # A restart's task and the original redelivered: the second finds the first's heartbeat.
    review = _stalled_review(secretariat, minutes=1)  # running, heartbeat a minute ago

    assert reviews.build_annual_review(review.pk).status == AnnualReviewStatus.BUILDING
    assert AnnualReview.objects.get().progress == 60  # untouched


def test_a_build_interrupted_by_a_transient_error_goes_back_to_the_queue_for_its_retry(
    secretariat, monkeypatch, no_pdf
):
    from django.db import OperationalError

    review = reviews.request_annual_review(2018, acting_user=secretariat)

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(annual_review, "build_context", database_gone)
    with pytest.raises(OperationalError):
        reviews.build_annual_review(review.pk)
    assert AnnualReview.objects.get().status == AnnualReviewStatus.QUEUED

    monkeypatch.undo()
    monkeypatch.setattr(reviews, "render_pdf", lambda template, context: b"%PDF-1.4")
    assert reviews.build_annual_review(review.pk).status == AnnualReviewStatus.READY


def test_the_review_and_the_digest_restart_through_the_same_view():
    from django.urls import resolve

    from assistance.models import QuarterlyDigest
    from core.builds import BackgroundBuild

    review, digest = (
        resolve("/annual-reviews/1/restart/"),
        resolve("/assistance/digests/1/restart/"),
    )

    assert review.func is digest.func
    assert (review.kwargs["model"], digest.kwargs["model"]) == (AnnualReview, QuarterlyDigest)
    assert issubclass(AnnualReview, BackgroundBuild) and issubclass(
        QuarterlyDigest, BackgroundBuild
    )
