"""Issue 15, done-when 4, against a real SMTP server that the test starts (aiosmtpd): with the mail
server refusing connections, sending a matrix to a state succeeds, the point of contact's mail
waits (and the secretariat sees it waiting), and once the server is back the retry delivers it,
exactly once. A message whose tries are spent is shown failed, and only the secretariat sends it
again."""

from __future__ import annotations

import time

import pytest

from core import mail as core_mail
from core.models import OutgoingMail, OutgoingMailStatus
from tests.conftest import wait_until


def send_through_the_page(client, expert, matrix):
    client.force_login(expert)
    response = client.post(f"/matrices/{matrix.pk}/send/")
    # The page answers as always: the mail server is no business of the request.
    assert response.status_code == 302
    assert response["Location"] == f"/matrices/{matrix.pk}/"
    return response


def the_notice_to(person) -> OutgoingMail | None:
    return OutgoingMail.objects.filter(to=[person.email]).first()


@pytest.mark.django_db(transaction=True)
def test_a_matrix_sent_while_the_mail_server_refuses_is_mailed_once_when_it_is_back(
    celery_worker, smtp_server, build_matrix, poc_chn, expert, secretariat, client, monkeypatch
):
    # The worker's retries come after 1, 2, 4... seconds instead of 30 s, 1 min...
    monkeypatch.setattr(core_mail, "FIRST_RETRY_AFTER", 1)
    matrix = build_matrix("CHN")

    send_through_the_page(client, expert, matrix)

    notice = wait_until(
        lambda: OutgoingMail.objects.filter(
            to=[poc_chn.email], attempts__gte=1, status=OutgoingMailStatus.QUEUED
        ).first()
    )
    assert "refused" in notice.last_error.lower()
    assert smtp_server.messages == []
    # Meanwhile the secretariat sees the message waiting on the outgoing mail page.
    client.force_login(secretariat)
    page = client.get("/mail/").content.decode()
    assert notice.subject in page

    smtp_server.start()

    wait_until(lambda: the_notice_to(poc_chn).status == OutgoingMailStatus.SENT, timeout=60)
    # Any retry still in the queue would have come by now: it must not send it again.
    time.sleep(3)
    [delivered] = smtp_server.sent_to(poc_chn.email)
    assert delivered["Subject"] == notice.subject
    assert str(delivered["X-Committee-Mail-Key"]).strip() == notice.key
    assert {part.get_content_type() for part in delivered.walk()} >= {"text/plain", "text/html"}
    assert the_notice_to(poc_chn).attempts >= 2


@pytest.mark.django_db
def test_each_try_against_the_real_server_sends_the_message_at_most_once(
    smtp_server,
    build_matrix,
    poc_chn,
    expert,
    secretariat,
    client,
    django_capture_on_commit_callbacks,
):
    """The same, one try at a time (no worker): what the task does on each of its runs."""
    matrix = build_matrix("CHN")
    with django_capture_on_commit_callbacks(execute=False):
        send_through_the_page(client, expert, matrix)
    notice = the_notice_to(poc_chn)
    assert notice.status == OutgoingMailStatus.QUEUED

    with pytest.raises(ConnectionRefusedError):
        core_mail.deliver(notice.pk)
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (OutgoingMailStatus.QUEUED, 1)
    client.force_login(secretariat)
    assert notice.subject in client.get("/mail/", {"status": "queued"}).content.decode()

    smtp_server.start()
    assert core_mail.deliver(notice.pk).status == OutgoingMailStatus.SENT
    # A second run of the task (redelivered, or racing a resend) sends nothing.
    assert core_mail.deliver(notice.pk).status == OutgoingMailStatus.SENT
    assert len(smtp_server.sent_to(poc_chn.email)) == 1


@pytest.fixture
def failed_notice(
    smtp_server, build_matrix, poc_chn, expert, client, django_capture_on_commit_callbacks
):
    """The point of contact's notice, its tries spent while the server refused (tasks in
    process: the tries are made one after the other)."""
    matrix = build_matrix("CHN")
    with django_capture_on_commit_callbacks(execute=True):
        send_through_the_page(client, expert, matrix)
    client.logout()
    notice = the_notice_to(poc_chn)
    assert notice.status == OutgoingMailStatus.FAILED
    assert notice.attempts == core_mail.MAX_RETRIES + 1
    return notice


@pytest.mark.django_db
def test_the_secretariat_sends_a_failed_notice_again_once_the_server_is_back(
    failed_notice, smtp_server, secretariat, poc_chn, client, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    page = client.get("/mail/", {"status": "failed"}).content.decode()
    resend = f"/mail/{failed_notice.pk}/send-again/"
    assert resend in page
    assert "Send this message again?" in client.get(resend).content.decode()

    smtp_server.start()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(resend).status_code == 302

    failed_notice.refresh_from_db()
    assert failed_notice.status == OutgoingMailStatus.SENT
    assert len(smtp_server.sent_to(poc_chn.email)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [None, "poc_chn", "member", "expert"])
def test_only_the_secretariat_may_send_a_failed_notice_again(
    failed_notice, smtp_server, request, client, persona, django_capture_on_commit_callbacks
):
    if persona is not None:
        client.force_login(request.getfixturevalue(persona))
    smtp_server.start()
    resend = f"/mail/{failed_notice.pk}/send-again/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend)
        confirmation = client.get(resend)
    if persona is None:
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    else:
        assert response.status_code == 403
        assert confirmation.status_code == 403
    failed_notice.refresh_from_db()
    assert failed_notice.status == OutgoingMailStatus.FAILED
    assert smtp_server.messages == []
