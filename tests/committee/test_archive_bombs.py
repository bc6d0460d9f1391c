"""A DOCX is a zip archive, and a small one can unpack to gigabytes (issue 11, point 4: 262 KB
that unpacks to 256 MiB took the search indexer from 252 MB to 1,041 MB). The upload refuses an
archive whose directory declares too much; the indexer inflates a stored document only up to a
cap of its own, so even a file that lies about its sizes, or was stored before the check, cannot
take more than a few MB."""

from __future__ import annotations

import io
import logging
import struct
import tracemalloc
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from outreach import search
from outreach.choices import SearchKind
from outreach.models import SearchEntry
from states.choices import ReportKind, ReportStatus
from states.reports import services as state_services
from states.reports.models import NationalReport
from tests import factories

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"
BOMB_BYTES = 256 * 1024 * 1024
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Detonator inventory</w:t></w:r></w:p>'
)
TAIL = b"</w:body></w:document>"


def _docx(document_xml_size: int, *, text: bool = False) -> bytes:
    """A Word document whose word/document.xml is ``document_xml_size`` bytes of real, valid XML,
    padded with spaces between paragraphs (or inside one text run when ``text``), written a MiB
    at a time so that the test itself never holds it in memory."""
    skeleton = io.BytesIO(factories.minimal_docx("x"))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(skeleton) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
    ):
        for name in ("[Content_Types].xml", "_rels/.rels"):
            archive.writestr(name, source.read(name))
        head = HEAD + (b"<w:p><w:r><w:t>" if text else b"")
        tail = (b"</w:t></w:r></w:p>" if text else b"") + TAIL
        padding = document_xml_size - len(head) - len(tail)
        with archive.open("word/document.xml", "w") as member:
            member.write(head)
            block = b" " * (1024 * 1024) if not text else b"a" * (1024 * 1024)
            while padding > 0:
                member.write(block[:padding])
                padding -= len(block)
            member.write(tail)
    return out.getvalue()


def _lying(data: bytes, declared: int) -> bytes:
    """The same archive, its central directory declaring word/document.xml to be ``declared``
    bytes: the upload check, reading only the directory, believes it."""
    data = bytearray(data)
    name = b"word/document.xml"
    position = 0
    while (central := data.find(b"PK\x01\x02", position)) != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<I", data, central + 24, declared)
        position = central + 4
    return bytes(data)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """About 260 KB that declares, and really unpacks to, 256 MiB."""
    return _docx(BOMB_BYTES)


@pytest.fixture(scope="module")
def liar(bomb) -> bytes:
    """The bomb, its directory claiming word/document.xml is 10 KB."""
    return _lying(bomb, 10 * 1024)


def test_the_bomb_is_small_and_really_unpacks_to_256_mib(bomb):
    assert len(bomb) < 400 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("word/document.xml").file_size == BOMB_BYTES
    with zipfile.ZipFile(io.BytesIO(factories.docx_upload().read())) as archive:
        assert archive.getinfo("word/document.xml").file_size < 1024


def _upload(data: bytes, name: str = "report.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_a_poc_uploading_a_docx_that_expands_to_256_mib_is_refused_and_nothing_is_written(
    api, poc_chn, bomb
):
    before = NationalReport.objects.count(), NationalReport.history.count()
    response = api.as_user(poc_chn).post(
        REPORTS,
        {"state": "CHN", "kind": ReportKind.FIRST, "language": "en", "document": _upload(bomb)},
        format="multipart",
    )
    assert response.status_code == 400, response.content
    message = response.json()["errors"]["document"][0]
    assert "“report.docx” would expand to 256.0\xa0MB when opened" in message
    assert "the largest accepted is 100.0\xa0MB" in message
    assert (NationalReport.objects.count(), NationalReport.history.count()) == before


def test_the_report_form_refuses_the_bomb_with_the_same_message(client, poc_chn, bomb):
    client.force_login(poc_chn)
    before = NationalReport.objects.count()
    response = client.post(
        "/my-state/",
        {"kind": ReportKind.ADDITIONAL, "language": "en", "document": _upload(bomb), "submit": "1"},
    )
    assert response.status_code == 200
    assert "would expand to 256.0\xa0MB when opened" in response.content.decode()
    assert NationalReport.objects.count() == before


def test_a_part_compressed_like_a_bomb_is_refused_even_under_the_total_limit(poc_chn):
    upload = _upload(_docx(50 * 1024 * 1024))
    with pytest.raises(Exception) as refused:
        state_services.create_report(
            factories.state("CHN"),
            kind=ReportKind.FIRST,
            language="en",
            document=upload,
            acting_user=poc_chn,
        )
    assert "is compressed far more than a Word document can be" in str(refused.value)
    assert "archive bombs" in str(refused.value)
    assert not NationalReport.objects.exists()


def test_an_archive_of_thousands_of_parts_is_refused(poc_chn):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", HEAD + TAIL)
        for number in range(2001):
            archive.writestr(f"word/media/{number}.bin", b"")
    from core.files import sniff_document

    with pytest.raises(Exception) as refused:
        sniff_document(_upload(out.getvalue()))
    assert "is made of 2002 parts; a Word document accepted has at most 2000" in str(refused.value)


def test_a_docx_whose_archive_is_cut_short_is_refused_as_damaged():
    from core.files import sniff_document

    data = factories.minimal_docx("Export controls")
    with pytest.raises(Exception) as refused:
        sniff_document(_upload(data[: len(data) - 30]))
    assert "“report.docx” is damaged: its content cannot be read" in str(refused.value)


def test_an_ordinary_word_report_is_still_accepted(poc_chn):
    report = state_services.create_report(
        factories.state("CHN"),
        kind=ReportKind.FIRST,
        language="en",
        document=factories.docx_upload(text="Export control law"),
        acting_user=poc_chn,
    )
    assert report.original.file_extension == "docx"


def _published_report_storing(data: bytes, poc, secretariat) -> NationalReport:
    """A published report whose stored file is ``data``: a file stored before the upload check
    existed, or one that passed it by lying."""
    report = factories.report("CHN", by=poc, status=ReportStatus.PUBLISHED, publisher=secretariat)
    original = report.original
    original.file.save("legacy.docx", ContentFile(data), save=False)
    original.save(update_fields=["file"])
    return report


def _indexed_with_peak(report: NationalReport) -> tuple[SearchEntry, int]:
    tracemalloc.start()
    try:
        entry = search.index(SearchKind.REPORT, report.pk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return entry, peak


@pytest.mark.parametrize("kind", ["bomb", "liar"])
def test_indexing_a_stored_bomb_keeps_memory_bounded_and_finishes(
    kind, request, poc_chn, secretariat, caplog
):
    report = _published_report_storing(request.getfixturevalue(kind), poc_chn, secretariat)
    with caplog.at_level(logging.WARNING, logger="outreach.search"):
        entry, peak = _indexed_with_peak(report)
    assert peak < 30 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"
    # Indexed all the same: by its title and whatever text came before the cap.
    assert entry is not None
    assert SearchEntry.objects.filter(kind="report", object_id=report.pk).exists()
    assert caplog.records, "the unreadable document is logged"


def test_a_bomb_of_text_is_cut_at_the_text_limit(poc_chn, secretariat):
    report = _published_report_storing(_docx(BOMB_BYTES // 4, text=True), poc_chn, secretariat)
    entry, peak = _indexed_with_peak(report)
    assert peak < 30 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"
    assert "Detonator inventory" in entry.body
    assert len(entry.body) <= search.MAX_BODY_CHARS


def test_an_unreadable_stored_document_is_indexed_by_its_title_and_the_task_succeeds(
    poc_chn, secretariat, caplog
):
    from outreach.tasks import index_for_search

    report = _published_report_storing(b"PK\x03\x04 not really a zip", poc_chn, secretariat)
    with caplog.at_level(logging.WARNING, logger="outreach.search"):
        assert index_for_search.apply(args=["report", report.pk]).get() is True
    assert "could not extract the text of a docx document" in caplog.text
    assert index_for_search.reject_on_worker_lost is False
