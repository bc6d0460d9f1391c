"""Upload bodies are no longer read to the end before the size check (issue 11, point 12): a
body whose Content-Length is already too large is refused before a byte of it is read, and any
other stops at the first chunk past settings.UPLOAD_MAX_BYTES. Either way the answer is a 400
that says the limit, and nothing is written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import uploads
from states.choices import ReportKind
from states.reports.models import NationalReport

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"
LIMIT = 64 * 1024
MESSAGE = "The file is too large: the largest document accepted is 64.0\xa0KB."


@pytest.fixture
def received(monkeypatch):
    """How far into the file the upload handlers were given data (bytes)."""
    seen = {"bytes": 0}
    original = uploads._StopsAtTheLimit.receive_data_chunk

    def counting(self, raw_data, start):
        seen["bytes"] = max(seen["bytes"], start + len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(uploads._StopsAtTheLimit, "receive_data_chunk", counting)
    return seen


@pytest.fixture
def small_limit(settings):
    settings.UPLOAD_MAX_BYTES = LIMIT


def _document(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("report.pdf", b"%PDF-1.4\n" + b"0" * (size - 9), "application/pdf")


def _post_report(api, user, size: int):
    return api.as_user(user).post(
        REPORTS,
        {"state": "CHN", "kind": ReportKind.FIRST, "language": "en", "document": _document(size)},
        format="multipart",
    )


def test_a_document_a_little_over_the_limit_is_a_400_saying_the_limit_and_nothing_is_written(
    api, poc_chn, small_limit, received
):
    before = NationalReport.objects.count(), NationalReport.history.count()
    response = _post_report(api, poc_chn, LIMIT + 1024)
    assert response.status_code == 400
    assert response.json() == {"detail": f"document: {MESSAGE}", "errors": {"document": [MESSAGE]}}
    assert (NationalReport.objects.count(), NationalReport.history.count()) == before


def test_reading_stops_at_the_first_chunk_past_the_limit(
    api, poc_chn, small_limit, received, settings
):
    # Fields may take so much that the Content-Length alone does not give the file away.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
    response = _post_report(api, poc_chn, 10 * 1024 * 1024)
    assert response.status_code == 400
    assert 0 < received["bytes"] <= LIMIT + 64 * 1024


def test_a_content_length_over_the_limit_is_refused_before_reading_the_file(
    api, poc_chn, small_limit, received
):
    response = _post_report(api, poc_chn, 10 * 1024 * 1024)
    assert response.status_code == 400
    assert response.json() == {"detail": MESSAGE}
    assert received["bytes"] == 0


def test_the_report_form_answers_a_page_with_the_limit(client, poc_chn, small_limit):
    client.force_login(poc_chn)
    response = client.post(
        "/my-state/",
        {
            "kind": ReportKind.ADDITIONAL,
            "language": "en",
            "document": _document(LIMIT + 1024),
            "submit": "1",
        },
    )
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not NationalReport.objects.exists()


def test_a_stranger_gets_the_same_refusal_before_any_permission_is_checked(
    api, small_limit, received
):
    # The body is refused while it is read: nobody, signed in or not, can make the server keep
    # reading a file past the limit.
    response = api.post(
        REPORTS,
        {"state": "CHN", "document": _document(LIMIT + 1024)},
        format="multipart",
    )
    assert response.status_code in (401, 403, 400)
    assert received["bytes"] <= LIMIT + 64 * 1024
    assert not NationalReport.objects.exists()


def test_a_document_within_the_limit_is_accepted(api, poc_chn, settings):
    from tests import factories

    response = api.as_user(poc_chn).post(
        REPORTS,
        {
            "state": "CHN",
            "kind": ReportKind.FIRST,
            "language": "en",
            "document": factories.pdf_upload(),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
