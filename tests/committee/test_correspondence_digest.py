"""The quarterly assistance digest's transmittal to the members (issue 15): building the digest
enters it in the correspondence register as a draft letter linked to the digest, with the
digest's PDF, which the secretariat approves and sends; the members read it once it went, a
point of contact and the public never. The digest's own mail to the members is unchanged."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from assistance import services as assistance_services
from assistance.digest import quarter_of
from assistance.models import QuarterlyDigest
from committee.correspondence import services
from committee.correspondence.choices import CorrespondenceStatus, Direction
from committee.correspondence.models import Correspondence
from tests.assistance import builders
from tests.assistance import conftest as assistance_fixtures

# The assistance areas (tests/assistance/conftest.py: autouse there, and here), which a
# transactional test run before this one may have flushed.
areas = assistance_fixtures.areas


@pytest.fixture
def quarter(poc_chn):
    builders.request("CHN", by=poc_chn, title="Help drafting export control legislation")
    return quarter_of(timezone.now())


def _build(capture, year, quarter, *, by, language="en") -> QuarterlyDigest:
    with capture(execute=True):
        assistance_services.request_digest_build(year, quarter, acting_user=by, language=language)
    return QuarterlyDigest.objects.get(year=year, quarter=quarter)


def _bytes(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def test_building_a_digest_enters_its_transmittal_read_by_members_once_sent(
    quarter,
    secretariat,
    member,
    poc_chn,
    client,
    api,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    digest = _build(django_capture_on_commit_callbacks, *quarter, by=secretariat)

    note = Correspondence.objects.concerning(digest).get()
    assert (note.direction, note.status, note.kind) == (Direction.OUTGOING, "draft", "letter")
    assert note.paragraph == "9(h)" and note.drafted_by_system
    assert note.circulated_to_members and note.state is None
    assert note.counterpart_name == "The members of the Committee"
    assert str(digest) in note.subject and note.created_by == secretariat
    assert note.links.get().kind == "digest"
    # The digest's PDF, copied: a rebuild deletes the digest's file, not the register's.
    document = note.documents.get()
    assert (document.language, document.is_original) == ("en", True)
    assert document.file.name != digest.pdf_file.name
    assert _bytes(document.file) == _bytes(digest.pdf_file)
    # The digest is mailed to the members as before, by its own mail.
    [message] = mailoutbox
    assert message.bcc == [member.email]

    # A draft is the Committee's working copy: nobody outside reads it yet.
    for reader in (member, poc_chn):
        client.force_login(reader)
        assert client.get(note.get_absolute_url()).status_code == 404
        assert api.as_user(reader).get("/api/v1/correspondence/").json()["count"] == 0
    client.force_login(secretariat)
    page = client.get(digest.get_absolute_url()).content.decode()
    assert "Its transmittal to the members is entered in the correspondence register" in page

    services.approve(note, acting_user=secretariat)
    note = services.send(note, acting_user=secretariat)
    assert note.reference and note.date == timezone.localdate()

    client.force_login(member)
    assert client.get(note.get_absolute_url()).status_code == 200
    assert (
        client.get(reverse("committee:correspondence-document", args=[document.pk])).status_code
        == 200
    )
    assert api.as_user(member).get("/api/v1/correspondence/").json()["count"] == 1
    assert "Its transmittal" not in client.get(digest.get_absolute_url()).content.decode()
    client.force_login(poc_chn)
    assert client.get(note.get_absolute_url()).status_code == 404
    assert api.as_user(poc_chn).get("/api/v1/correspondence/").json()["count"] == 0
    client.logout()
    assert client.get(note.get_absolute_url()).status_code == 302
    assert api.as_user(None).get(f"/api/v1/correspondence/{note.pk}/").status_code in (401, 403)


def test_a_rebuild_replaces_the_pending_transmittals_pdf_and_after_sending_is_a_new_one(
    quarter, secretariat, django_capture_on_commit_callbacks
):
    _build(django_capture_on_commit_callbacks, *quarter, by=secretariat)
    first_copy = Correspondence.objects.get(paragraph="9(h)").documents.get().file.name

    digest = _build(django_capture_on_commit_callbacks, *quarter, by=secretariat, language="fr")

    note = Correspondence.objects.get(paragraph="9(h)")
    document = note.documents.get()
    assert (note.status, document.language, document.is_original) == ("draft", "fr", True)
    assert _bytes(document.file) == _bytes(digest.pdf_file)
    assert not document.file.storage.exists(first_copy)

    services.approve(note, acting_user=secretariat)
    services.send(note, acting_user=secretariat)
    digest = _build(django_capture_on_commit_callbacks, *quarter, by=secretariat)

    sent, new = Correspondence.objects.concerning(digest).order_by("created_at")
    assert (sent.status, new.status) == (CorrespondenceStatus.SENT, CorrespondenceStatus.DRAFT)
    # What was sent keeps the document it went with, though the digest's file is gone.
    assert _bytes(sent.documents.get().file).startswith(b"%PDF")
    assert new.documents.get().language == "en"


def test_a_scheduled_build_enters_its_transmittal_entered_by_nobody(
    quarter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        digest = assistance_services.build_digest(*quarter)

    note = Correspondence.objects.concerning(digest).get()
    assert note.created_by is None and note.documents.get().uploaded_by is None
