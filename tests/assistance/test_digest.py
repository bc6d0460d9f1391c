"""The quarterly digest (9(h)): the right figures for a data set built here, read back from the
PDF; built in-process, through a real Celery worker, twice (one digest), and with the worker
killed half-way (the previous digest untouched)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from celery.result import EagerResult
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from assistance import services, tasks
from assistance.choices import DigestBuildStatus
from assistance.digest import last_finished_quarter, previous_quarter, quarter_bounds, quarter_of
from assistance.models import AssistanceRequest, AssistanceRequestStatusChange, QuarterlyDigest
from committee.celery import app
from tests.assistance import builders
from tests.committee.mail_server import mail_server as mail_server  # noqa: F401, PLC0414
from tests.conftest import wait_until
from tests.helpers import pdf_text

# What a patched task.apply returns: the task ran and succeeded.
PASSED = EagerResult("patched", None, "SUCCESS")

ROOT = Path(__file__).resolve().parents[2]


def build_data_set(*, poc_chn, poc_bra, expert) -> tuple[int, int]:
    """Requests, offers and a match whose digest figures are known (see the expectations below).
    Returns the current quarter, the one the digest is for."""
    year, quarter = quarter_of(timezone.now())
    previous_start, _end = quarter_bounds(*previous_quarter(year, quarter))
    # Last quarter: France asked (received on day 10); this quarter it is acknowledged.
    france = builders.request("FRA", by=expert, title="France, last quarter")
    backdate(france, previous_start + timedelta(days=10))
    services.move_request(france, "authenticated", acting_user=expert)
    services.move_request(france, "acknowledged", acting_user=expert)
    # Long ago, Germany asked; nothing has moved since: stale at the end of both quarters.
    germany = builders.request("DEU", by=expert, title="Germany, long ago")
    backdate(germany, timezone.now() - timedelta(days=200))
    # This quarter: three new requests; China's is matched with the IAEA's offer.
    china = builders.request(
        "CHN",
        by=poc_chn,
        staff=expert,
        status="circulated",
        area_codes=("border-export-control", "control-lists"),
    )
    builders.request("BRA", by=poc_bra, area_codes=("border-export-control",))
    builders.request("KEN", by=expert, area_codes=("biosafety-biosecurity",))
    iaea_offer = builders.offer(by=expert, provider_organization=builders.organization("IAEA"))
    builders.offer(
        by=expert,
        provider_state="JPN",
        area_codes=("control-lists",),
        regions=("Asia-Pacific",),
    )
    builders.match(china, iaea_offer, by=expert, status="agreed")
    return year, quarter


def backdate(request: AssistanceRequest, moment) -> None:
    AssistanceRequest.objects.filter(pk=request.pk).update(
        date_received=moment.date(), last_activity_at=moment
    )
    AssistanceRequestStatusChange.objects.filter(request=request).update(changed_at=moment)


EXPECTED = {
    # key: (this quarter, previous quarter)
    "new_requests": (3, 1),
    "updated_requests": (1, 0),
    "new_offers": (2, 0),
    "updated_offers": (0, 0),
    "new_matches": (1, 0),
    "updated_matches": (0, 0),
    "delivered_matches": (0, 0),
    "unmatched_requests": (4, 2),
    "stale_requests": (1, 1),
}


def assert_right_counts(text: str) -> None:
    from assistance.digest import HEADLINES

    for key, label in HEADLINES:
        now, before = EXPECTED[key]
        assert f"{label}: {now} (previous quarter: {before})" in text, (key, text[:3000])
    assert "Border and export control 2 1 1 0" in text  # France asked last quarter
    assert "Control lists 1 1 0 0" in text
    assert "Biosafety and biosecurity 1 0 0 0" in text
    assert "Asia-Pacific 1 2 0 0" in text
    assert "Western European and Others 0 1 1 0" in text
    assert "Germany, long ago" in text


def test_the_digest_holds_the_right_figures_and_is_mailed_to_members(
    poc_chn, poc_bra, expert, member, mailoutbox, django_capture_on_commit_callbacks
):
    year, quarter = build_data_set(poc_chn=poc_chn, poc_bra=poc_bra, expert=expert)

    with django_capture_on_commit_callbacks(execute=True):
        digest = services.build_digest(year, quarter)

    headline = {row["key"]: (row["value"], row["previous"]) for row in digest.figures["headline"]}
    assert headline == EXPECTED
    assert [row["title"] for row in digest.figures["stale"]] == ["Germany, long ago"]
    assert_right_counts(pdf_text(digest.pdf_file, flat=True))
    assert digest.history.first().history_change_reason == "Built"
    [message] = mailoutbox
    assert message.bcc == [member.email]
    assert f"{year} Q{quarter}" in message.subject
    assert "New requests received: 3 (previous quarter: 1)" in message.body
    [(name, content, mimetype)] = message.attachments
    assert (name.endswith(".pdf"), mimetype) == (True, "application/pdf")
    assert content.startswith(b"%PDF")


def test_a_failed_build_keeps_the_previous_digest(expert, monkeypatch, poc_chn):
    builders.request("CHN", by=poc_chn)
    year, quarter = quarter_of(timezone.now())
    first = services.build_digest(year, quarter)

    def broken(figures):
        raise RuntimeError("WeasyPrint ran out of fonts")

    monkeypatch.setattr("assistance.digest.render_pdf", broken)
    services.request_digest_build(year, quarter, acting_user=expert)
    with pytest.raises(RuntimeError):
        services.build_digest(year, quarter)

    digest = QuarterlyDigest.objects.get()
    assert (digest.pdf_file.name, digest.figures) == (first.pdf_file.name, first.figures)
    assert digest.build_status == "failed"
    assert "out of fonts" in digest.build_error


def test_a_failed_builds_error_is_shown_to_those_who_build_digests_only(
    expert, member, monkeypatch, poc_chn, client
):
    builders.request("CHN", by=poc_chn)
    year, quarter = quarter_of(timezone.now())
    services.build_digest(year, quarter)
    monkeypatch.setattr(
        "assistance.digest.render_pdf",
        lambda figures: (_ for _ in ()).throw(RuntimeError("WeasyPrint at /srv/secret/fonts")),
    )
    services.request_digest_build(year, quarter, acting_user=expert)
    with pytest.raises(RuntimeError):
        services.build_digest(year, quarter)
    digest = QuarterlyDigest.objects.get()

    client.force_login(member)
    page = client.get(digest.get_absolute_url()).content.decode()
    assert "The latest build failed" in page and "/srv/secret/fonts" not in page

    client.force_login(expert)
    assert "/srv/secret/fonts" in client.get(digest.get_absolute_url()).content.decode()


def test_beat_builds_the_quarter_just_ended(member_states):
    tasks.build_digest_for_last_quarter.delay()

    digest = QuarterlyDigest.objects.get()
    assert (digest.year, digest.quarter) == last_finished_quarter()
    assert digest.is_built
    assert digest.history.last().history_change_reason == "Scheduled build"


def test_the_tasks_are_registered_for_the_worker_and_beat():
    app.loader.import_default_modules()
    assert "assistance.tasks.build_digest" in app.tasks
    assert "assistance.tasks.build_digest_for_last_quarter" in app.tasks
    scheduled = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert "assistance.tasks.build_digest_for_last_quarter" in scheduled


def test_a_second_request_while_building_is_refused(expert, member_states):
    year, quarter = last_finished_quarter()
    services.request_digest_build(year, quarter, acting_user=expert)
    with pytest.raises(services.InvalidTransition, match="already being built"):
        services.request_digest_build(year, quarter, acting_user=expert)


# --- Through a real worker ------------------------------------------------------------------------


@pytest.mark.celery
def test_a_real_worker_builds_the_digest_and_a_rebuild_leaves_one(
    celery_worker, poc_chn, poc_bra, expert, member, mailoutbox
):
    year, quarter = build_data_set(poc_chn=poc_chn, poc_bra=poc_bra, expert=expert)

    services.request_digest_build(year, quarter, acting_user=expert)
    digest = wait_until(
        lambda: QuarterlyDigest.objects.filter(build_status="done").first(), timeout=60
    )
    assert_right_counts(pdf_text(digest.pdf_file, flat=True))
    first_pdf = digest.pdf_file.name

    services.request_digest_build(year, quarter, acting_user=expert)
    rebuilt = wait_until(
        lambda: (
            QuarterlyDigest.objects.filter(build_status="done").exclude(pdf_file=first_pdf).first()
        ),
        timeout=60,
    )

    assert QuarterlyDigest.objects.count() == 1
    assert rebuilt.pk == digest.pk
    assert_right_counts(pdf_text(rebuilt.pdf_file, flat=True))
    # The old files go once the row points at the new ones.
    wait_until(lambda: not digest.pdf_file.storage.exists(first_pdf), timeout=60)
    # One digest mail per build to the delegations (the requests' notifications go to others).
    assert wait_until(lambda: len(_digest_mails(mailoutbox)) == 2, timeout=60)


def _digest_mails(outbox) -> list:
    return [message for message in outbox if "digest" in message.subject.lower()]


KILL_QUEUE = "assistance-kill-test"


@pytest.mark.celery
@pytest.mark.slow
def test_a_worker_killed_mid_build_leaves_the_previous_digest_intact(
    transactional_db, member_states, poc_chn, expert, settings
):
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip(
            "needs PostgreSQL and REDIS_URL: a separate worker process must reach the test "
            "database and the broker (an SQLite test database is private to this process)"
        )
    builders.request("CHN", by=poc_chn)
    year, quarter = quarter_of(timezone.now())
    before = services.build_digest(year, quarter)
    with before.pdf_file.open("rb") as handle:
        before_pdf = handle.read()
    builders.request("BRA", by=expert)  # so that a finished rebuild would differ

    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        "DJANGO_SETTINGS_MODULE": "tests.assistance.worker_settings",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(KILL_QUEUE)

    def start_worker() -> subprocess.Popen:
        return subprocess.Popen(
            [
                str(Path(sys.executable).parent / "celery"),
                "-A",
                "committee",
                "worker",
                "--pool",
                "solo",
                "-Q",
                KILL_QUEUE,
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    worker = start_worker()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    # A rebuild asked for (its own task is the one sent below, to the worker to be killed).
    QuarterlyDigest.objects.filter(pk=before.pk).update(
        build_status=DigestBuildStatus.QUEUED, build_requested_at=timezone.now()
    )
    try:
        tasks.build_digest.apply_async((year, quarter), queue=KILL_QUEUE)
        # 95%: the new files are written; the row is not yet pointed at them.
        wait_until(
            lambda: QuarterlyDigest.objects.filter(
                build_status="running", build_progress__gte=95
            ).exists(),
            timeout=30,
            interval=0.05,
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        time.sleep(0.5)
        after = QuarterlyDigest.objects.get()
        assert after.pdf_file.name == before.pdf_file.name
        assert after.html_file.name == before.html_file.name
        assert after.figures == before.figures
        assert after.built_at == before.built_at
        with after.pdf_file.open("rb") as handle:
            assert handle.read() == before_pdf
        assert after.history.count() == before.history.count()
        # The killed build had written its files: orphans that nothing points to.
        assert len(list((Path(settings.MEDIA_ROOT) / "digests").glob("*.pdf"))) == 2
        # The task was never acknowledged: it comes back after the broker's visibility timeout
        # (15 minutes in production, 3 s here), by when the killed build shows no heartbeat
        # for longer than STALLED_AFTER; another worker takes it over and finishes the build.
        QuarterlyDigest.objects.filter(pk=before.pk).update(
            build_heartbeat_at=timezone.now() - timedelta(minutes=3)
        )
        worker = start_worker()
        finished = wait_until(
            lambda: QuarterlyDigest.objects.filter(
                build_status=DigestBuildStatus.DONE, built_at__gt=before.built_at
            ).first(),
            timeout=60,
            interval=0.2,
        )
    finally:
        app.conf.task_always_eager = eager
        if worker.poll() is None:
            worker.kill()
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(KILL_QUEUE)

    assert finished.pdf_file.name != before.pdf_file.name
    assert finished.figures != before.figures  # Brazil's request is in the rebuilt digest


# --- The mailing, a step of its own (issue 11, point 8) -------------------------------------------


def test_with_the_mail_server_down_the_pdf_is_built_once_and_the_mailing_shows_failed(
    mail_server,
    poc_chn,
    expert,
    member,
    secretariat,
    client,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    from assistance import digest as digest_content

    builders.request("CHN", by=poc_chn)
    year, quarter = quarter_of(timezone.now())
    renders = []
    real_render = digest_content.render_pdf
    monkeypatch.setattr(
        "assistance.digest.render_pdf", lambda figures: renders.append(1) or real_render(figures)
    )
    mail_server.down = True

    with django_capture_on_commit_callbacks(execute=True):
        tasks.build_digest.apply(args=[year, quarter], throw=True)

    assert len(renders) == 1  # the mail's retries never rebuild the PDF
    digest = QuarterlyDigest.objects.get()
    assert digest.build_status == "done"
    assert digest.mailing.status == "failed"
    client.force_login(secretariat)
    page = client.get(digest.get_absolute_url())
    assert "The mail to the committee's members failed" in page.content.decode()
    assert "Connection refused" in page.content.decode()
    assert "Mailed to" not in page.content.decode()
    assert f"/assistance/digests/{digest.pk}/send-again/" in page.content.decode()


def _failed_digest(mail_server, poc_chn, capture):
    builders.request("CHN", by=poc_chn)
    mail_server.down = True
    with capture(execute=True):
        services.build_digest(*quarter_of(timezone.now()))
    mail_server.down = False
    return QuarterlyDigest.objects.get()


def test_the_secretariat_sends_a_failed_digest_again_once_the_server_is_back(
    mail_server,
    poc_chn,
    member,
    secretariat,
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    digest = _failed_digest(mail_server, poc_chn, django_capture_on_commit_callbacks)
    client.force_login(secretariat)
    url = f"/assistance/digests/{digest.pk}/send-again/"
    assert "Send this digest again" in client.get(url).content.decode()  # confirmation first

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    digest = QuarterlyDigest.objects.get()
    assert digest.mailing.status == "sent"
    [message] = mailoutbox
    assert message.bcc == [member.email]
    assert message.attachments[0][1].startswith(b"%PDF")
    resent = digest.mailing.history.get(history_change_reason=f"Digest {digest} sent again")
    assert resent.history_user == secretariat
    assert "Mailed to 1 committee member." in client.get(digest.get_absolute_url()).content.decode()


@pytest.mark.parametrize("persona", ["poc_chn", "member", "expert"])
def test_only_the_secretariat_sends_a_digest_again(
    mail_server,
    poc_chn,
    member,
    request,
    client,
    api,
    persona,
    django_capture_on_commit_callbacks,
):
    from core.models import QueuedTask

    digest = _failed_digest(mail_server, poc_chn, django_capture_on_commit_callbacks)
    user = request.getfixturevalue(persona)
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.post(f"/assistance/digests/{digest.pk}/send-again/").status_code in (
            403,
            404,
        )
        with pytest.raises(PermissionDenied):
            services.resend_digest_mail(digest, acting_user=user)

    assert callbacks == [] and not QueuedTask.objects.exists()
    assert QuarterlyDigest.objects.get().mailing.status == "failed"


def test_anonymous_readers_cannot_send_a_digest_again(
    mail_server, poc_chn, client, django_capture_on_commit_callbacks
):
    digest = _failed_digest(mail_server, poc_chn, django_capture_on_commit_callbacks)

    response = client.post(f"/assistance/digests/{digest.pk}/send-again/")

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert QuarterlyDigest.objects.get().mailing.status == "failed"


def test_a_mailing_that_did_not_fail_cannot_be_sent_again(
    mail_server, poc_chn, secretariat, django_capture_on_commit_callbacks
):
    builders.request("CHN", by=poc_chn)
    with django_capture_on_commit_callbacks(execute=True):
        digest = services.build_digest(*quarter_of(timezone.now()))

    with pytest.raises(services.InvalidTransition, match="Only a message that failed"):
        services.resend_digest_mail(digest, acting_user=secretariat)


# --- A build run twice (review of issue 11, finding 5) -------------------------------------------


def test_a_build_task_run_twice_builds_and_mails_once(
    poc_chn, expert, member, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    # The worker was killed after the commit but before the acknowledgement: the broker hands
    # the same message to another worker, which used to build the PDF and mail it again.
    from assistance import digest as digest_content

    builders.request("CHN", by=poc_chn)
    year, quarter = quarter_of(timezone.now())
    services.request_digest_build(year, quarter, acting_user=expert)
    renders = []
    real_render = digest_content.render_pdf
    monkeypatch.setattr(
        "assistance.digest.render_pdf", lambda figures: renders.append(1) or real_render(figures)
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.build_digest.apply(args=[year, quarter], throw=True).get()
    with django_capture_on_commit_callbacks(execute=True):
        again = tasks.build_digest.apply(args=[year, quarter], throw=True).get()

    assert first == again
    assert len(renders) == 1
    assert len(mailoutbox) == 1
    assert QuarterlyDigest.objects.get().mailing.status == "sent"
    from core.models import OutgoingMail

    assert OutgoingMail.objects.count() == 1


def test_a_restarted_build_and_its_original_message_redelivered_mail_once(
    poc_chn, expert, secretariat, member, mailoutbox, django_capture_on_commit_callbacks
):
    builders.request("CHN", by=poc_chn)
    digest = _stalled_digest(expert, minutes=3)
    with django_capture_on_commit_callbacks(execute=True):  # the restart's task runs (eager)
        services.restart_digest_build(digest, acting_user=secretariat)
    assert len(mailoutbox) == 1

    # The killed worker's own message comes back too, after the restart's build is done.
    with django_capture_on_commit_callbacks(execute=True):
        services.build_digest(digest.year, digest.quarter)

    digest.refresh_from_db()
    assert digest.build_status == "done"
    assert len(mailoutbox) == 1


def test_the_mail_of_a_digest_build_is_keyed_by_the_digest_and_its_build(
    poc_chn, expert, member, mailoutbox, django_capture_on_commit_callbacks
):
    builders.request("CHN", by=poc_chn)
    year, quarter = quarter_of(timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.request_digest_build(year, quarter, acting_user=expert)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_digest_build(year, quarter, acting_user=expert)  # a rebuild: mailed too

    digest = QuarterlyDigest.objects.get()
    keys = list(digest_mails(digest).values_list("key", flat=True))
    assert len(keys) == 2 and len(set(keys)) == 2
    assert all(key.startswith(f"{digest.mail_topic}:") for key in keys)
    assert len(mailoutbox) == 2


def digest_mails(digest):
    from core.models import OutgoingMail

    return OutgoingMail.objects.about(digest.mail_topic)


# --- Stalled builds (issue 11, point 12) ---------------------------------------------------------


def _stalled_digest(expert, minutes: float) -> QuarterlyDigest:
    year, quarter = last_finished_quarter()
    digest = services.request_digest_build(year, quarter, acting_user=expert)
    # A worker took it to 60 % and was killed: the heartbeat stopped then.
    QuarterlyDigest.objects.filter(pk=digest.pk).update(
        build_status="running",
        build_progress=60,
        build_step="pdf",
        build_heartbeat_at=timezone.now() - timedelta(minutes=minutes),
    )
    return QuarterlyDigest.objects.get(pk=digest.pk)


def test_a_build_without_a_heartbeat_for_two_minutes_shows_stalled_and_restarts_once(
    expert, secretariat, client, monkeypatch, django_capture_on_commit_callbacks
):
    digest = _stalled_digest(expert, minutes=3)
    client.force_login(secretariat)
    page = client.get(digest.get_absolute_url()).content.decode()
    assert "The build has stalled" in page
    assert f"/assistance/digests/{digest.pk}/restart/" in page
    queued = []
    monkeypatch.setattr(
        tasks.build_digest, "apply", lambda args, **kw: queued.append(args) or PASSED
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/assistance/digests/{digest.pk}/restart/")
        with pytest.raises(services.InvalidTransition):  # queued again: no longer stalled
            services.restart_digest_build(digest, acting_user=secretariat)

    assert queued == [(digest.year, digest.quarter)]
    digest.refresh_from_db()
    assert (digest.build_status, digest.build_progress) == ("queued", 0)
    assert digest.history.first().history_change_reason == "Restarted after stalling"


def test_a_build_with_a_recent_heartbeat_is_not_stalled_and_cannot_be_restarted(
    expert, secretariat, client
):
    digest = _stalled_digest(expert, minutes=1)
    client.force_login(secretariat)

    assert "stalled" not in client.get(digest.get_absolute_url()).content.decode()
    with pytest.raises(services.InvalidTransition, match="Only a build that has stalled"):
        services.restart_digest_build(digest, acting_user=secretariat)


@pytest.mark.parametrize("persona", ["poc_chn", "member", "expert"])
def test_only_the_secretariat_restarts_a_stalled_build(expert, request, client, persona):
    digest = _stalled_digest(expert, minutes=3)
    user = request.getfixturevalue(persona)
    client.force_login(user)

    assert client.post(f"/assistance/digests/{digest.pk}/restart/").status_code in (403, 404)
    assert QuarterlyDigest.objects.get().build_status == "running"


# --- The mailing's error, the digest list's queries, the admin (review of issue 11) ---------------


@pytest.mark.parametrize("persona", ["member", "expert"])
def test_the_mail_servers_error_is_shown_to_the_secretariat_only(
    mail_server, poc_chn, member, secretariat, request, client, api, persona, capture_callbacks
):
    # A refused-recipients error names the Bcc: the members' addresses, to every reader.
    digest = _failed_digest(mail_server, poc_chn, capture_callbacks)
    digest.mailing.last_error = f"SMTPRecipientsRefused: {{'{member.email}': (550, 'no')}}"
    digest.mailing.save(update_fields=["last_error"])
    reader = request.getfixturevalue(persona)

    client.force_login(reader)
    page = client.get(digest.get_absolute_url()).content.decode()
    answer = api.as_user(reader).get(f"/api/v1/assistance/digests/{digest.pk}/").json()
    listed = api.as_user(reader).get("/api/v1/assistance/digests/").json()["results"][0]

    assert "The mail to the committee's members failed." in page
    assert member.email not in page and "SMTPRecipientsRefused" not in page
    assert answer["mailing_status"] == "failed" and "mailing_error" not in answer
    assert "mailing_error" not in listed

    client.force_login(secretariat)
    assert "SMTPRecipientsRefused" in client.get(digest.get_absolute_url()).content.decode()
    staff_answer = api.as_user(secretariat).get(f"/api/v1/assistance/digests/{digest.pk}/")
    assert "SMTPRecipientsRefused" in staff_answer.json()["mailing_error"]


def test_the_digest_list_reads_the_mailings_in_one_query(
    poc_chn, expert, member, api, client, django_capture_on_commit_callbacks
):
    from django.test.utils import CaptureQueriesContext

    def build(year: int, quarter: int) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            services.build_digest(year, quarter)

    def queries(path: str, reader) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.as_user(reader).get(path).status_code == 200
        return len(captured)

    builders.request("CHN", by=poc_chn)
    year, quarter = quarter_of(timezone.now())
    build(year, quarter)
    one = queries("/api/v1/assistance/digests/", member)
    for _ in range(5):
        year, quarter = previous_quarter(year, quarter)
        build(year, quarter)
    six = queries("/api/v1/assistance/digests/", member)

    assert QuarterlyDigest.objects.count() == 6
    assert six == one


def test_the_digest_admin_shows_the_mailing_not_a_count_nobody_writes(
    mail_server, poc_chn, admin_client, capture_callbacks
):
    digest = _failed_digest(mail_server, poc_chn, capture_callbacks)

    page = admin_client.get("/admin/assistance/quarterlydigest/")

    assert page.status_code == 200
    assert "Failed" in page.content.decode()
    assert "mailed_to" not in {field.name for field in QuarterlyDigest._meta.get_fields()}
    assert digest.mailing.status == "failed"


def test_a_mailing_whose_attachment_is_gone_says_so_in_the_readers_language(
    mail_server, poc_chn, secretariat, client, capture_callbacks
):
    from django.core.files.storage import default_storage

    from core.tasks import send_outgoing_mail

    digest = _failed_digest(mail_server, poc_chn, capture_callbacks)
    default_storage.delete(digest.pdf_file.name)  # replaced since by a newer build
    mailing = digest.mailing
    mailing.status = "queued"
    mailing.save(update_fields=["status"])
    send_outgoing_mail.apply(args=[mailing.pk])

    client.force_login(secretariat)
    page = client.get(f"/fr{digest.get_absolute_url()}").content.decode()

    assert "The attachment" not in page
    assert "n’existe plus" in page or "n&#x27;existe plus" in page or "n'existe plus" in page


@pytest.fixture
def capture_callbacks(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_a_digest_queued_and_never_taken_for_five_minutes_shows_stalled_and_restarts(
    expert, secretariat, client, monkeypatch, capture_callbacks
):
    year, quarter = last_finished_quarter()
    digest = services.request_digest_build(year, quarter, acting_user=expert)
    QuarterlyDigest.objects.filter(pk=digest.pk).update(
        build_requested_at=timezone.now() - timedelta(minutes=6)
    )
    client.force_login(secretariat)
    page = client.get(digest.get_absolute_url()).content.decode()
    assert "The build has waited for a worker since" in page
    assert f"/assistance/digests/{digest.pk}/restart/" in page
    queued = []
    monkeypatch.setattr(
        tasks.build_digest, "apply", lambda args, **kw: queued.append(args) or PASSED
    )

    with capture_callbacks(execute=True):
        assert client.post(f"/assistance/digests/{digest.pk}/restart/").status_code == 302

    assert queued == [(year, quarter)]
    digest.refresh_from_db()
    assert digest.build_status == "queued" and not digest.is_stalled
