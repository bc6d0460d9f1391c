"""The correspondence register (issue 15): notes verbales and letters in and out, their
references and dates, the threads, who reads what, and what the system drafts entered in it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committee.correspondence import services
from committee.correspondence.choices import CorrespondenceStatus, Direction
from committee.correspondence.models import (
    Correspondence,
    CorrespondenceDocument,
    CorrespondenceLink,
    CorrespondenceSequence,
)
from committee.work.models import ReportingReminder, WorkItem
from core.choices import Role
from core.models import Notification
from states.choices import ReportKind, ReportStatus
from states.models import MemberState
from tests import factories
from tests.helpers import Written
from tests.personas import make_user
from tests.states import conftest as matrix_fixtures
from tests.workinggroups.fixtures import all_but, first_reports

# The matrices' fixtures (tests/states/conftest.py), for the matrix letters.
build_matrix = matrix_fixtures.build_matrix
template = matrix_fixtures.template

STILL_TO_REPORT = ["TCD", "GNB", "SSD", "TUV"]
REFERENCE = re.compile(r"^S/AC\.44/\d{4}/OC\.\d+$")


@pytest.fixture
def four_states_to_remind(secretariat, chair, programme):
    first_reports(all_but(*STILL_TO_REPORT), by=secretariat)
    return list(MemberState.objects.without_first_report())


@pytest.fixture
def poc_tcd(member_states):
    return make_user("poc.tcd", Role.POC, "TCD")


def _register_tables():
    return Written(Correspondence, CorrespondenceDocument, CorrespondenceLink)


def _step(client, note, step, data=None):
    url = reverse("committee:correspondence-step", kwargs={"pk": note.pk, "step": step})
    return client.post(url, data or {})


def _sent_note(secretariat, iso3="CHN", subject="A note"):
    note = services.draft_outgoing(
        acting_user=secretariat,
        subject=subject,
        language="en",
        state=MemberState.objects.get(iso3=iso3),
        document=factories.pdf_upload(text=subject),
    )
    services.approve(note, acting_user=secretariat)
    return services.send(note, acting_user=secretariat)


# --- Done when 1: the reminders, end to end through the pages and the API ----------------------


def test_reminders_are_drafted_approved_sent_answered_and_shown_under_8b(
    client, api, secretariat, poc_tcd, poc_bra, four_states_to_remind
):
    client.force_login(secretariat)
    response = client.post(reverse("committee:reminders"), {"states": STILL_TO_REPORT})
    assert response.status_code == 302

    # Every reminder the system drafted is in the register, a draft without a reference.
    notes = list(Correspondence.objects.filter(paragraph="8(b)").order_by("state__iso3"))
    assert sorted(note.state.iso3 for note in notes) == sorted(STILL_TO_REPORT)
    for note in notes:
        assert note.status == CorrespondenceStatus.DRAFT
        assert note.reference == "" and note.date is None
        reminder = ReportingReminder.objects.get(state=note.state)
        assert list(Correspondence.objects.concerning(reminder)) == [note]
        assert note.documents.get().file.name == reminder.document.name

    # The secretariat approves and sends each, confirming on its page first.
    for note in notes:
        confirm = client.get(
            reverse("committee:correspondence-step", kwargs={"pk": note.pk, "step": "send"})
        )
        assert confirm.status_code == 200
        assert _step(client, note, "approve").status_code == 302
        assert _step(client, note, "send").status_code == 302
    today = timezone.localdate()
    references = []
    for note in notes:
        note.refresh_from_db()
        assert note.status == CorrespondenceStatus.SENT
        assert REFERENCE.match(note.reference)
        assert note.date == today
        references.append(note.sequence_number)
    assert sorted(references) == [1, 2, 3, 4]  # the year's sequence, without gaps
    # The reminders page shows each reminder's reference and the date it went.
    page = client.get(reverse("committee:reminders")).content.decode()
    for note in notes:
        assert note.reference in page

    # Chad's point of contact reads the note sent to Chad, on the page and in the API, and was
    # told of it (the kind the Committee must send), once; Brazil's point of contact was not.
    chad_note = next(note for note in notes if note.state.iso3 == "TCD")
    told = Notification.objects.filter(kind="committee.note_verbale_sent")
    assert [
        (n.user, chad_note.reference in n.subject + n.body) for n in told.filter(user=poc_tcd)
    ] == [(poc_tcd, True)]
    assert not told.filter(user=poc_bra).exists()
    client.force_login(poc_tcd)
    listing = client.get(reverse("committee:correspondence")).content.decode()
    assert chad_note.reference in listing
    assert not any(note.reference in listing for note in notes if note != chad_note)
    assert client.get(chad_note.get_absolute_url()).status_code == 200
    seen = api.as_user(poc_tcd).get("/api/v1/correspondence/").json()
    assert [row["reference"] for row in seen["results"]] == [chad_note.reference]

    # Chad replies with its first report; the secretariat registers the reply through the API.
    report = factories.report(
        "TCD", by=poc_tcd, status=ReportStatus.SUBMITTED, kind=ReportKind.FIRST
    )
    response = api.as_user(secretariat).post(
        "/api/v1/correspondence/",
        {
            "direction": "in",
            "state": "TCD",
            "reference": "NV/TCD/2026/114",
            "date": today.isoformat(),
            "language": "fr",
            "subject": "Premier rapport national",
            "in_reply_to": chad_note.pk,
            "document": factories.pdf_upload(text="Note verbale"),
            "links[0]kind": "report",
            "links[0]id": report.pk,
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    reply = Correspondence.objects.get(pk=response.json()["id"])
    assert reply.direction == Direction.INCOMING and reply.in_reply_to == chad_note
    assert reply.thread == chad_note
    linked = {(link.kind, link.object_id) for link in reply.links.all()}
    reminder = ReportingReminder.objects.get(state__iso3="TCD")
    assert linked == {("reminder", reminder.pk), ("report", report.pk)}
    chad_note.refresh_from_db()
    assert chad_note.status == CorrespondenceStatus.REPLIED

    # The thread reads as one conversation, on the reply's page.
    client.force_login(secretariat)
    thread = client.get(reply.get_absolute_url()).content.decode()
    assert chad_note.reference in thread and "NV/TCD/2026/114" in thread

    # 8(b) of the programme lists the notes sent this year.
    item = WorkItem.objects.current().get(paragraph="8(b)")
    for reader in (secretariat, poc_bra):
        client.force_login(reader)
        shown = client.get(item.get_absolute_url()).content.decode()
        if reader == secretariat:
            assert all(note.reference in shown for note in notes)
        else:  # Brazil's point of contact reads none of these notes.
            assert not any(note.reference in shown for note in notes)


# --- Who reads what ------------------------------------------------------------------------------


def test_the_public_reads_nothing_of_the_register(client, api, secretariat):
    note = _sent_note(secretariat)
    listing = client.get(reverse("committee:correspondence"))
    assert listing.status_code == 302 and "/login/" in listing["Location"]
    assert client.get(note.get_absolute_url()).status_code == 302
    assert api.as_user(None).get("/api/v1/correspondence/").status_code in (401, 403)
    assert api.as_user(None).get(f"/api/v1/correspondence/{note.pk}/").status_code in (401, 403)


def test_a_poc_of_another_state_reads_nothing_of_chinas_notes(client, api, secretariat, poc_bra):
    note = _sent_note(secretariat, "CHN")
    document = note.documents.get()
    client.force_login(poc_bra)
    assert client.get(note.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("committee:correspondence-document", args=[document.pk])).status_code
        == 404
    )
    assert note.reference not in client.get(reverse("committee:correspondence")).content.decode()
    assert api.as_user(poc_bra).get(f"/api/v1/correspondence/{note.pk}/").status_code == 404
    assert api.as_user(poc_bra).get("/api/v1/correspondence/").json()["count"] == 0


def test_a_poc_reads_their_states_note_only_once_sent(client, secretariat, poc_chn):
    note = services.draft_outgoing(
        acting_user=secretariat,
        subject="Draft",
        language="en",
        state=MemberState.objects.get(iso3="CHN"),
        document=factories.pdf_upload(),
    )
    client.force_login(poc_chn)
    assert client.get(note.get_absolute_url()).status_code == 404
    services.approve(note, acting_user=secretariat)
    services.send(note, acting_user=secretariat)
    assert client.get(note.get_absolute_url()).status_code == 200
    download = client.get(
        reverse("committee:correspondence-document", args=[note.documents.get().pk])
    )
    assert download.status_code == 200


def test_members_read_what_was_circulated_to_them(client, api, secretariat, member):
    note = _sent_note(secretariat)
    client.force_login(member)
    assert client.get(note.get_absolute_url()).status_code == 404
    client.force_login(secretariat)
    assert (
        client.get(
            reverse("committee:correspondence-step", kwargs={"pk": note.pk, "step": "circulate"})
        ).status_code
        == 200
    )
    assert _step(client, note, "circulate").status_code == 302
    client.force_login(member)
    assert client.get(note.get_absolute_url()).status_code == 200
    assert api.as_user(member).get("/api/v1/correspondence/").json()["count"] == 1


def test_only_the_secretariat_approves_and_sends(client, api, secretariat, expert, poc_chn):
    note = services.draft_outgoing(
        acting_user=expert,
        subject="Drafted by an expert",
        language="en",
        state=MemberState.objects.get(iso3="CHN"),
        document=factories.pdf_upload(),
    )
    written = Written(Correspondence, CorrespondenceSequence)
    client.force_login(expert)
    assert _step(client, note, "approve").status_code == 403
    assert api.as_user(expert).post(f"/api/v1/correspondence/{note.pk}/approve/").status_code == 403
    # China's point of contact does not even see the draft.
    assert api.as_user(poc_chn).post(f"/api/v1/correspondence/{note.pk}/send/").status_code == 404
    assert written.unchanged()
    # Sent before it is approved: a conflict, not a reference taken.
    response = api.as_user(secretariat).post(f"/api/v1/correspondence/{note.pk}/send/")
    assert response.status_code == 409
    assert written.unchanged()


def test_pocs_and_members_may_not_register_or_draft(client, api, poc_chn, member):
    for person in (poc_chn, member):
        client.force_login(person)
        assert client.get(reverse("committee:correspondence-incoming")).status_code == 403
        assert client.get(reverse("committee:correspondence-draft")).status_code == 403
        response = api.as_user(person).post(
            "/api/v1/correspondence/",
            {"direction": "out", "state": "CHN", "language": "en", "subject": "x"},
            format="json",
        )
        assert response.status_code == 403
    assert not Correspondence.objects.exists()


# --- Bad input: a clear 400 and nothing written -------------------------------------------------


def test_a_reply_to_another_states_note_is_refused(api, secretariat):
    note = _sent_note(secretariat, "CHN")
    written = _register_tables()
    response = api.as_user(secretariat).post(
        "/api/v1/correspondence/",
        {
            "direction": "in",
            "state": "BRA",
            "reference": "BRA/1",
            "date": timezone.localdate().isoformat(),
            "language": "en",
            "subject": "Reply",
            "in_reply_to": note.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "same state" in response.json()["errors"]["in_reply_to"][0]
    assert written.unchanged()


def test_the_committees_reference_cannot_be_entered(api, secretariat):
    written = _register_tables()
    response = api.as_user(secretariat).post(
        "/api/v1/correspondence/",
        {
            "direction": "out",
            "state": "CHN",
            "reference": "S/AC.44/2026/OC.99",
            "language": "en",
            "subject": "Out of sequence",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "given when the note is sent" in response.json()["errors"]["reference"][0]
    assert written.unchanged()


def test_a_file_that_is_not_a_document_is_refused(api, client, secretariat):
    written = _register_tables()
    response = api.as_user(secretariat).post(
        "/api/v1/correspondence/",
        {
            "direction": "in",
            "state": "CHN",
            "reference": "CHN/1",
            "date": timezone.localdate().isoformat(),
            "language": "zh",
            "subject": "Note",
            "document": factories.fake_pdf_upload(),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "not a PDF or Word document" in response.json()["detail"]
    assert written.unchanged()
    client.force_login(secretariat)
    page = client.post(
        reverse("committee:correspondence-incoming"),
        {
            "kind": "note_verbale",
            "counterpart": "mission",
            "state": MemberState.objects.get(iso3="CHN").pk,
            "committee_party": "chair",
            "reference": "CHN/1",
            "date": timezone.localdate().isoformat(),
            "language": "zh",
            "subject": "Note",
            "document": factories.fake_pdf_upload(),
        },
    )
    assert page.status_code == 400
    assert "not a PDF or Word document" in page.content.decode()
    assert written.unchanged()


def test_a_note_received_tomorrow_is_refused(api, client, secretariat):
    written = _register_tables()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = api.as_user(secretariat).post(
        "/api/v1/correspondence/",
        {
            "direction": "in",
            "state": "CHN",
            "reference": "CHN/1",
            "date": tomorrow,
            "language": "en",
            "subject": "From the future",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "later than today" in response.json()["errors"]["date"][0]
    client.force_login(secretariat)
    page = client.post(
        reverse("committee:correspondence-incoming"),
        {
            "kind": "note_verbale",
            "counterpart": "mission",
            "state": MemberState.objects.get(iso3="CHN").pk,
            "committee_party": "chair",
            "reference": "CHN/1",
            "date": tomorrow,
            "language": "en",
            "subject": "From the future",
        },
    )
    assert page.status_code == 400
    assert "later than today" in page.content.decode()
    assert written.unchanged()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"state": "XX1"}, "state"),
        ({"language": "de"}, "language"),
        ({"direction": "sideways"}, "direction"),
        ({"links": [{"kind": "report", "id": 999999}]}, "links"),
        ({"links": [{"kind": "spaceship", "id": 1}]}, "links"),
        ({"in_reply_to": "abc"}, "in_reply_to"),
        ({"subject": ""}, "subject"),
    ],
)
def test_bad_values_are_refused_clearly(api, secretariat, change, field):
    written = _register_tables()
    data = {"direction": "out", "state": "CHN", "language": "en", "subject": "A note"}
    response = api.as_user(secretariat).post(
        "/api/v1/correspondence/", {**data, **change}, format="json"
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()["detail"] or field in response.json()["errors"]
    assert written.unchanged()


def test_a_link_to_another_states_record_is_refused(api, secretariat, poc_bra):
    report = factories.report("BRA", by=poc_bra)
    written = _register_tables()
    response = api.as_user(secretariat).post(
        "/api/v1/correspondence/",
        {
            "direction": "out",
            "state": "CHN",
            "language": "en",
            "subject": "A note",
            "links": [{"kind": "report", "id": report.pk}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "another state" in response.json()["detail"]
    assert written.unchanged()


def test_an_acknowledgement_before_the_note_went_is_refused(client, secretariat):
    note = _sent_note(secretariat)
    client.force_login(secretariat)
    response = _step(
        client,
        note,
        "acknowledge",
        {"acknowledged_on": (timezone.localdate() - timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 400
    assert "before it was sent" in response.content.decode()
    note.refresh_from_db()
    assert note.status == CorrespondenceStatus.SENT and note.acknowledged_on is None
    assert (
        _step(
            client, note, "acknowledge", {"acknowledged_on": timezone.localdate().isoformat()}
        ).status_code
        == 302
    )
    note.refresh_from_db()
    assert note.status == CorrespondenceStatus.ACKNOWLEDGED


def test_a_note_without_its_document_is_not_sent(secretariat):
    note = services.draft_outgoing(
        acting_user=secretariat,
        subject="No document",
        language="en",
        state=MemberState.objects.get(iso3="CHN"),
    )
    services.approve(note, acting_user=secretariat)
    with pytest.raises(Exception, match="upload it before sending"):
        services.send(note, acting_user=secretariat)
    note.refresh_from_db()
    assert note.status == CorrespondenceStatus.APPROVED and note.reference == ""
    assert not CorrespondenceSequence.objects.filter(last_number__gt=0).exists()


def test_the_database_refuses_a_number_given_twice(secretariat):
    first = _sent_note(secretariat, subject="First")
    second = services.draft_outgoing(
        acting_user=secretariat,
        subject="Second",
        language="en",
        state=MemberState.objects.get(iso3="CHN"),
    )
    second.sequence_year, second.sequence_number = first.sequence_year, first.sequence_number
    second.date = timezone.localdate()
    with pytest.raises(IntegrityError):
        second.save(update_fields=["sequence_year", "sequence_number", "date"])


# --- Pages, API, and the matrix letters --------------------------------------------------------


def test_the_register_pages_render_and_filter(client, api, secretariat):
    note = _sent_note(secretariat, "CHN", subject="Visit to Beijing")
    client.force_login(secretariat)
    for name in ("committee:correspondence-incoming", "committee:correspondence-draft"):
        assert client.get(reverse(name)).status_code == 200
    listing = client.get(reverse("committee:correspondence"), {"state": "CHN", "year": "2004"})
    assert listing.status_code == 200 and "No note matches" in listing.content.decode()
    listing = client.get(reverse("committee:correspondence"), {"q": "Beijing"})
    assert note.reference in listing.content.decode()
    assert client.get(reverse("committee:correspondence"), {"status": "lost"}).status_code == 400
    assert (
        api.as_user(secretariat)
        .get("/api/v1/correspondence/", {"direction": "sideways"})
        .status_code
        == 400
    )
    csv = api.as_user(secretariat).get("/api/v1/correspondence/", {"format": "csv"})
    assert csv.status_code == 200 and note.reference in csv.content.decode()


def test_a_page_drafts_an_outgoing_note_with_a_link(client, secretariat, poc_chn):
    report = factories.report("CHN", by=poc_chn, status=ReportStatus.SUBMITTED)
    client.force_login(secretariat)
    response = client.post(
        reverse("committee:correspondence-draft"),
        {
            "kind": "letter",
            "counterpart": "mission",
            "state": MemberState.objects.get(iso3="CHN").pk,
            "committee_party": "chair",
            "language": "en",
            "subject": "Acknowledging your report",
            "document": factories.pdf_upload(),
            "link_kind": "report",
            "link_id": report.pk,
        },
    )
    assert response.status_code == 302
    note = Correspondence.objects.get()
    assert note.status == CorrespondenceStatus.DRAFT and note.created_by == secretariat
    assert [link.concerns for link in note.links.all()] == [report]
    assert note.history.first().history_user == secretariat


def test_the_list_costs_the_same_queries_however_long(client, api, secretariat):
    def counts():
        with CaptureQueriesContext(connection) as page:
            assert client.get(reverse("committee:correspondence")).status_code == 200
        with CaptureQueriesContext(connection) as endpoint:
            assert api.get("/api/v1/correspondence/").status_code == 200
        return len(page), len(endpoint)

    client.force_login(secretariat)
    api.as_user(secretariat)
    for number in range(3):
        _sent_note(secretariat, "CHN", subject=f"Note {number}")
    few = counts()
    for number in range(12):
        _sent_note(secretariat, "BRA", subject=f"More {number}")
    assert counts() == few


def test_a_matrix_letter_is_entered_in_the_register(
    secretariat, expert, poc_chn, build_matrix, django_capture_on_commit_callbacks
):
    from states.matrices import services as matrix_services

    with django_capture_on_commit_callbacks(execute=True):
        matrix = build_matrix("CHN", "sent")
    notes = Correspondence.objects.filter(paragraph="8(d)")
    assert notes.count() == 1
    note = notes.get()
    assert note.state.iso3 == "CHN" and note.status == CorrespondenceStatus.DRAFT
    assert note.kind == "letter" and note.created_by == expert
    matrix.refresh_from_db()
    assert note.documents.get().file.name == matrix.letter.name
    # The same letter in another language joins the note as that language's version.
    with django_capture_on_commit_callbacks(execute=True):
        matrix_services.produce_letter(matrix, acting_user=expert, language="fr")
    assert notes.count() == 1
    assert sorted(note.documents.values_list("language", flat=True)) == sorted(
        {matrix.letter_language, "fr"}
    )


def test_acknowledging_and_circulating_a_request_enter_drafts_in_the_register(
    secretariat, poc_chn, client
):
    from assistance import services as assistance_services
    from assistance.choices import RequestStatus
    from tests.assistance import builders

    request = builders.request("CHN", by=poc_chn)
    assistance_services.move_request(request, RequestStatus.AUTHENTICATED, acting_user=secretariat)
    assistance_services.move_request(request, RequestStatus.ACKNOWLEDGED, acting_user=secretariat)
    assistance_services.move_request(request, RequestStatus.CIRCULATED, acting_user=secretariat)
    notes = list(Correspondence.objects.concerning(request).order_by("created_at"))
    assert [note.paragraph for note in notes] == ["9(a)", "9(a)"]
    acknowledgement, circulation = notes
    assert acknowledgement.state.iso3 == "CHN" and acknowledgement.status == "draft"
    assert circulation.state is None and circulation.counterpart_name
    # The acknowledgement is China's once sent, with the letter the secretariat adds.
    services.add_document(
        acknowledgement, factories.pdf_upload(), acting_user=secretariat, language="en"
    )
    services.approve(acknowledgement, acting_user=secretariat)
    services.send(acknowledgement, acting_user=secretariat)
    client.force_login(poc_chn)
    assert client.get(acknowledgement.get_absolute_url()).status_code == 200
    assert client.get(circulation.get_absolute_url()).status_code == 404
