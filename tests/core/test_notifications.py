"""Notifications (core/notifications.py): the people who must act are told by mail, in their own
language, plain text and HTML, as each of them chose per kind: immediately, in a daily summary,
or not at all, except what the Committee must send. The settings page and its API show and
change only the reader's own choices, and refuse a kind or a choice that does not exist."""

from __future__ import annotations

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from assistance.choices import RequestStatus
from core import notifications
from core.choices import Role
from core.models import Delivery, Notification, NotificationPreference, OutgoingMail
from core.tasks import send_daily_summaries
from states.choices import ReportStatus
from states.matrices import services as matrix_services
from states.matrices.choices import CommentKind
from states.reports import services as report_services
from tests import factories
from tests.assistance import builders
from tests.assistance.conftest import areas  # noqa: F401 (the taxonomy, for the requests)
from tests.personas import make_user
from tests.states.conftest import entry
from tests.workinggroups.fixtures import meeting

SETTINGS = "/account/notifications/"
API = "/api/v1/account/notifications/"


def outbox() -> list:
    # Read at the time: a test that switches the mail backend gives django.core.mail a new one.
    return django_mail.outbox


def sent_to(address: str) -> list:
    return [message for message in outbox() if address in message.to]


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def poc_fra(member_states):
    """Marie, point of contact of France, who reads her mail in French."""
    person = make_user("marie.dupont", Role.POC, "FRA")
    person.language = "fr"
    person.save(update_fields=["language"])
    return person


@pytest.fixture
def poc_chn(poc_chn):
    """Li Wei reads his mail in English (without a choice of his own, China's language of
    correspondence, Chinese, would be his: test_a_poc_without_a_language_of_their_own...)."""
    poc_chn.language = "en"
    poc_chn.save(update_fields=["language"])
    return poc_chn


def choose(person, kind: str, delivery: str) -> None:
    NotificationPreference.objects.update_or_create(
        user=person, kind=kind, defaults={"delivery": delivery}
    )


# --- Who is told, and in which language ----------------------------------------------------------


def test_the_poc_is_told_in_text_and_html_when_a_matrix_is_sent_for_review(
    build_matrix, poc_chn, expert, mailoutbox, run_on_commit
):
    matrix = build_matrix("CHN")
    with run_on_commit(execute=True):
        matrix_services.send_matrix(matrix, acting_user=expert)

    [message] = sent_to(poc_chn.email)
    assert message.subject == "China: the 1540 matrix is sent to you for review"
    assert "Review the matrix" in message.body
    assert f"http://localhost:8000/matrices/{matrix.pk}/" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="http://localhost:8000/matrices/{matrix.pk}/"' in html
    assert OutgoingMail.objects.get(to=[poc_chn.email]).status == "sent"
    # The expert who sent it is not told of their own act.
    assert sent_to(expert.email) == []


def test_a_french_poc_gets_french_subject_body_and_link(
    build_matrix, poc_fra, expert, mailoutbox, run_on_commit
):
    matrix = build_matrix("FRA")
    with run_on_commit(execute=True):
        matrix_services.send_matrix(matrix, acting_user=expert)

    [message] = sent_to(poc_fra.email)
    assert message.subject == "France : la matrice 1540 vous est transmise pour examen"
    assert "Examiner la matrice" in message.body
    assert f"/fr/matrices/{matrix.pk}/" in message.body
    html = message.alternatives[0][0]
    assert 'lang="fr"' in html
    assert "Examiner la matrice" in html


def test_a_poc_without_a_language_of_their_own_reads_their_states(member_states):
    arabic = make_user("poc.egy", Role.POC, "EGY")
    assert notifications.mail_language(arabic) == arabic.state.correspondence_locale
    assert notifications.mail_language(make_user("eve", Role.EXPERT)) == "en"


def test_the_secretariat_and_the_experts_are_told_of_a_comment_of_the_poc(
    build_matrix, poc_chn, expert, secretariat, mailoutbox, run_on_commit
):
    matrix = build_matrix("CHN", "sent")
    with run_on_commit(execute=True):
        matrix_services.comment_on_entry(
            matrix,
            entry(matrix, "OP1-N-NPT"),
            acting_user=poc_chn,
            kind=CommentKind.ACCEPT,
        )

    for person in (secretariat, expert):
        [message] = sent_to(person.email)
        assert message.subject == "China: a comment on the matrix"
        assert "OP1-N-NPT" in message.body
    assert sent_to(poc_chn.email) == []


def test_the_secretariat_is_told_of_a_submitted_report_and_the_poc_of_its_publication(
    poc_chn, secretariat, mailoutbox, run_on_commit
):
    with run_on_commit(execute=True):
        report = factories.report("CHN", by=poc_chn, status=ReportStatus.SUBMITTED)
    [submitted] = sent_to(secretariat.email)
    assert submitted.subject == "China: a national report is submitted"

    with run_on_commit(execute=True):
        report_services.publish_report(report, acting_user=secretariat)
    [published] = sent_to(poc_chn.email)
    assert published.subject == "China: your national report is published"


def test_the_poc_is_told_when_their_request_is_acknowledged_circulated_and_matched(
    poc_chn, secretariat, mailoutbox, run_on_commit
):
    with run_on_commit(execute=True):
        builders.request("CHN", by=poc_chn, status=RequestStatus.MATCHED, staff=secretariat)

    assert [message.subject for message in sent_to(secretariat.email)] == [
        "China: a request for assistance is submitted"
    ]
    assert [message.subject for message in sent_to(poc_chn.email)] == [
        "China: your request for assistance is acknowledged",
        "China: your request for assistance is circulated",
        "China: your request for assistance is matched",
    ]


def test_an_event_told_twice_is_mailed_once(build_matrix, poc_chn, expert, mailoutbox):
    matrix = build_matrix("CHN")
    for _time in range(2):
        notifications.notify(
            "states.matrix_sent",
            [poc_chn],
            context={"state": matrix.state, "version": matrix.version},
            about=matrix,
            event="matrix:once",
        )
    assert Notification.objects.filter(user=poc_chn).count() == 1
    assert OutgoingMail.objects.filter(to=[poc_chn.email]).count() == 1


# --- Each person's choice ------------------------------------------------------------------------


def test_not_at_all_sends_nothing(poc_chn, secretariat, mailoutbox, run_on_commit):
    choose(secretariat, "assistance.request_submitted", Delivery.NEVER)
    with run_on_commit(execute=True):
        builders.request("CHN", by=poc_chn)
    assert sent_to(secretariat.email) == []
    assert not Notification.objects.filter(user=secretariat).exists()


def test_a_kind_the_committee_must_send_ignores_not_at_all(
    build_matrix, poc_chn, expert, mailoutbox, run_on_commit
):
    # A row saying "never" (the form refuses it; say the kind became mandatory since).
    choose(poc_chn, "states.matrix_sent", Delivery.NEVER)
    with run_on_commit(execute=True):
        matrix_services.send_matrix(build_matrix("CHN"), acting_user=expert)
    assert len(sent_to(poc_chn.email)) == 1


def test_daily_sends_one_summary_once_a_day(poc_chn, secretariat, mailoutbox, run_on_commit):
    choose(secretariat, "assistance.request_submitted", Delivery.DAILY)
    with run_on_commit(execute=True):
        builders.request("CHN", by=poc_chn, title="Border controls")
        builders.request("CHN", by=poc_chn, title="Customs training")
    assert sent_to(secretariat.email) == []

    with run_on_commit(execute=True):
        assert send_daily_summaries.apply().get() == 1
    [summary] = sent_to(secretariat.email)
    assert summary.subject == "1540 Committee: 2 notifications of the day"
    assert "Border controls" in summary.body
    assert "Customs training" in summary.body
    assert "Border controls" in summary.alternatives[0][0]

    # Run again the same day (beat restarted): nothing more, even for what came since.
    with run_on_commit(execute=True):
        builders.request("CHN", by=poc_chn, title="Laboratory safety")
        assert send_daily_summaries.apply().get() == 0
    assert len(sent_to(secretariat.email)) == 1
    # The next day, what came since goes out.
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    with run_on_commit(execute=True):
        assert notifications.send_daily_summaries(tomorrow) == 1
    assert "Laboratory safety" in sent_to(secretariat.email)[1].body


def test_a_daily_summary_is_in_the_recipients_language(
    build_matrix, poc_fra, expert, mailoutbox, run_on_commit
):
    choose(poc_fra, "states.matrix_sent", Delivery.DAILY)
    with run_on_commit(execute=True):
        matrix_services.send_matrix(build_matrix("FRA"), acting_user=expert)
        notifications.send_daily_summaries()
    [summary] = sent_to(poc_fra.email)
    assert summary.subject == "Comité 1540 : 1 notification du jour"
    assert "la matrice 1540 vous est transmise pour examen" in summary.body


# --- The settings page ---------------------------------------------------------------------------


def test_anonymous_readers_are_sent_to_sign_in(client, db):
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert client.post(SETTINGS, {"states.matrix_sent": "daily"}).status_code == 302
    assert not NotificationPreference.objects.exists()
    assert client.get(API).status_code in (401, 403)


def test_a_poc_sees_and_changes_only_their_own_kinds(client, poc_chn, poc_bra):
    client.force_login(poc_chn)
    page = client.get(SETTINGS).content.decode()
    assert "A matrix is sent to your state for review" in page
    assert "A national report is submitted" not in page  # the secretariat's
    assert "The Committee must send this: it cannot be turned off." in page

    response = client.post(
        SETTINGS,
        {"states.report_published": "daily", "states.matrix_sent": "daily", "language": "es"},
    )
    assert response.status_code == 302
    assert dict(
        NotificationPreference.objects.filter(user=poc_chn).values_list("kind", "delivery")
    ) == {"states.report_published": "daily", "states.matrix_sent": "daily"}
    poc_chn.refresh_from_db()
    assert poc_chn.language == "es"
    assert not NotificationPreference.objects.filter(user=poc_bra).exists()
    assert (
        NotificationPreference.objects.get(user=poc_chn, kind="states.matrix_sent")
        .history.get()
        .history_user
        == poc_chn
    )


def test_the_secretariat_sees_its_own_kinds(client, secretariat):
    client.force_login(secretariat)
    page = client.get(SETTINGS).content.decode()
    assert "A national report is submitted" in page
    assert "A matrix is sent to your state for review" not in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"states.no_such_kind": "daily"}, None),
        ({"states.report_submitted": "daily"}, None),  # the secretariat's, not a POC's
        ({"states.report_published": "sometimes"}, "states.report_published"),
        ({"states.matrix_sent": "never"}, "states.matrix_sent"),
        ({"language": "de"}, "language"),
    ],
)
def test_bad_input_on_the_page_writes_nothing(client, poc_chn, data, field):
    client.force_login(poc_chn)
    payload = {"states.report_published": "immediately", **data}
    response = client.post(SETTINGS, payload)
    assert response.status_code == 400
    form = response.context["form"]
    if field is None:
        assert "There is no kind of notification" in " ".join(form.non_field_errors())
    else:
        assert form.errors[field]
    assert not NotificationPreference.objects.exists()
    poc_chn.refresh_from_db()
    assert poc_chn.language == "en"


def test_the_api_reads_and_changes_the_readers_own_settings(api, poc_chn, poc_bra):
    client = api.as_user(poc_chn)
    kinds = {row["kind"]: row for row in client.get(API).json()["preferences"]}
    assert kinds["states.matrix_sent"]["mandatory"] is True
    assert "states.report_submitted" not in kinds

    response = client.patch(
        API, {"preferences": {"states.report_published": "never"}, "language": "fr"}, format="json"
    )
    assert response.status_code == 200
    assert {row["kind"]: row["delivery"] for row in response.json()["preferences"]}[
        "states.report_published"
    ] == "never"
    assert not NotificationPreference.objects.filter(user=poc_bra).exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"preferences": {"states.no_such_kind": "daily"}},
        {"preferences": {"states.report_published": "sometimes"}},
        {"preferences": {"states.matrix_sent": "never"}},
        {"preferences": {"states.report_published": "daily"}, "language": "klingon"},
        {"preferences": ["states.report_published"]},
    ],
)
def test_bad_input_through_the_api_is_a_400_and_writes_nothing(api, poc_chn, payload):
    response = api.as_user(poc_chn).patch(API, payload, format="json")
    assert response.status_code == 400
    assert response.json()
    assert not NotificationPreference.objects.exists()
    poc_chn.refresh_from_db()
    assert poc_chn.language == "en"


# --- Meeting mail carries the meeting ------------------------------------------------------------


def test_a_meeting_notice_carries_an_ics_file(
    secretariat, member, working_groups, mailoutbox, run_on_commit
):
    with run_on_commit(execute=True):
        meeting(secretariat, title="Working Group 2: assistance")
    [notice] = outbox()
    [(name, content, mimetype)] = notice.attachments
    assert name == "meeting.ics"
    assert mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content
    assert "SUMMARY:Working Group 2: assistance" in content


def test_a_note_verbale_to_a_state_reaches_its_poc_whatever_they_chose(
    poc_chn, poc_bra, mailoutbox, run_on_commit
):
    """The kind the correspondence register calls when a note is sent (core/notifications.py):
    mandatory, to the state's points of contact only."""
    choose(poc_chn, "committee.note_verbale_sent", Delivery.NEVER)
    with run_on_commit(execute=True):
        notifications.notify(
            "committee.note_verbale_sent",
            notifications.points_of_contact(poc_chn.state_id),
            context={"state": poc_chn.state, "reference": "1540/2026/12", "subject": "Reminder"},
            link="/correspondence/1/",
            event="correspondence:1:sent",
        )
    [message] = outbox()
    assert message.to == [poc_chn.email]
    assert message.subject == "China: note verbale 1540/2026/12 from the 1540 Committee"
    assert "it cannot be turned off" in message.body
