"""The outgoing mail page: the secretariat sees every message and whether it went out (a meeting
notice that failed included), and sends a failed one again through the one service that does it
for every message (review of issue 11, finding 7)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import mail as committee_mail
from core.models import OutgoingMail, OutgoingMailStatus
from tests.committee.mail_server import mail_server as mail_server  # noqa: F401, PLC0414
from tests.workinggroups.fixtures import meeting

MAIL = "/mail/"


def outbox() -> list:
    # Read at the time: switching the mail backend (the mail_server fixture) gives
    # django.core.mail a new outbox, so the one pytest-django's mailoutbox handed out is stale.
    from django.core import mail

    return mail.outbox


@pytest.fixture
def failed_notice(mail_server, secretariat, member, working_groups, capture):
    mail_server.down = True
    with capture(execute=True):
        announced = meeting(secretariat, title="Working Group 1: reporting")
    mail_server.down = False
    notice = OutgoingMail.objects.get(topic=f"workinggroups.meeting:{announced.pk}")
    assert notice.status == OutgoingMailStatus.FAILED
    return notice


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_the_secretariat_sees_a_failed_meeting_notice_and_sends_it_again(
    failed_notice, secretariat, member, client, capture
):
    client.force_login(secretariat)
    page = client.get(MAIL, {"status": "failed"}).content.decode()
    assert "Meeting announced: Working Group 1: reporting" in page
    assert "Connection refused" in page
    resend = f"/mail/{failed_notice.pk}/send-again/"
    assert resend in page
    meeting_page = client.get(f"/meetings/{failed_notice.topic.split(':')[1]}/").content.decode()
    assert f"/mail/?about={failed_notice.topic}" in meeting_page
    assert "Send this message again?" in client.get(resend).content.decode()

    with capture(execute=True):
        response = client.post(resend)

    assert response.status_code == 302
    failed_notice.refresh_from_db()
    assert failed_notice.status == OutgoingMailStatus.SENT
    [message] = outbox()
    assert message.bcc == [member.email]
    assert failed_notice.history.get(history_change_reason="Sent again").history_user == secretariat


@pytest.mark.parametrize("persona", ["poc_chn", "member", "expert"])
def test_only_the_secretariat_reads_the_outgoing_mail_and_sends_it_again(
    failed_notice, request, client, persona, capture
):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    assert client.get(MAIL).status_code == 403
    with capture(execute=True) as callbacks:
        assert client.post(f"/mail/{failed_notice.pk}/send-again/").status_code == 403
        with pytest.raises(PermissionDenied):
            committee_mail.resend_mail(failed_notice, acting_user=user)

    assert callbacks == []
    failed_notice.refresh_from_db()
    assert failed_notice.status == OutgoingMailStatus.FAILED


def test_anonymous_readers_are_sent_to_sign_in(failed_notice, client):
    for response in (client.get(MAIL), client.post(f"/mail/{failed_notice.pk}/send-again/")):
        assert response.status_code == 302 and "/login/" in response["Location"]
    failed_notice.refresh_from_db()
    assert failed_notice.status == OutgoingMailStatus.FAILED


def test_a_message_that_went_out_is_not_sent_again(
    mail_server, secretariat, member, working_groups, client, capture
):
    with capture(execute=True):
        meeting(secretariat)
    sent = OutgoingMail.objects.get()
    client.force_login(secretariat)

    with capture(execute=True):
        response = client.post(f"/mail/{sent.pk}/send-again/", follow=True)

    assert "Only a message that failed can be sent again." in response.content.decode()
    assert len(outbox()) == 1
    assert sent.history.count() == OutgoingMail.objects.get().history.count()


def test_a_filter_that_is_not_valid_is_answered_400_and_lists_nothing(
    failed_notice, secretariat, client
):
    client.force_login(secretariat)

    response = client.get(MAIL, {"status": "lost"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert failed_notice.subject not in response.content.decode()


def test_the_filters_find_one_records_mail_and_a_word_of_the_subject(
    failed_notice, secretariat, client
):
    OutgoingMail.objects.create(
        topic="workinggroups.meeting:999", from_email="a@un.org", to=["b@x.org"], subject="Other"
    )
    client.force_login(secretariat)

    by_record = client.get(MAIL, {"about": failed_notice.topic}).content.decode()
    by_kind = client.get(MAIL, {"about": "workinggroups.meeting"}).content.decode()
    by_word = client.get(MAIL, {"q": "reporting"}).content.decode()

    assert failed_notice.subject in by_record and "Other" not in by_record
    assert failed_notice.subject in by_kind and "Other" in by_kind
    assert failed_notice.subject in by_word and "Other" not in by_word


def test_the_outgoing_mail_page_runs_the_same_queries_for_1_or_40_messages(secretariat, client):
    def make(n: int) -> None:
        OutgoingMail.objects.bulk_create(
            OutgoingMail(from_email="a@un.org", bcc=["b@x.org"], subject=f"Notice {i}")
            for i in range(n)
        )

    client.force_login(secretariat)
    make(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(MAIL).status_code == 200
    make(39)
    with CaptureQueriesContext(connection) as forty:
        assert client.get(MAIL).status_code == 200

    assert len(forty) == len(one)
