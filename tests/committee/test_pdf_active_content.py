"""A PDF that does something when opened is refused at upload (issue 11, point 12: a PDF with
``/OpenAction /JavaScript`` was published as is, to every reader). Scripts, launched programs,
embedded files, rich media and XFA forms are refused; a PDF that cannot be read is refused as
damaged; an ordinary PDF, even one that opens at a given page, is accepted."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from core.files import sniff_document
from states.choices import ReportKind
from states.reports.models import NationalReport
from tests import factories

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(factories.minimal_pdf("Export control report"))))
    return writer


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    action.update({NameObject(f"/{key}"): value for key, value in entries.items()})
    return action


def open_action_javascript() -> bytes:
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = _action(
        "/JavaScript", JS=TextStringObject("app.launchURL('http://evil.example/');")
    )
    return _bytes(writer)


def names_tree_javascript() -> bytes:
    writer = _writer()
    script = writer._add_object(_action("/JavaScript", JS=TextStringObject("app.alert(1);")))
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("x"), script])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    return _bytes(writer)


def launch_link() -> bytes:
    writer = _writer()
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/A"): _action("/Launch", F=TextStringObject("cmd.exe")),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    return _bytes(writer)


def page_open_action() -> bytes:
    writer = _writer()
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _action("/URI", URI=TextStringObject("http://evil.example/"))}
    )
    return _bytes(writer)


def embedded_file() -> bytes:
    writer = _writer()
    writer.add_attachment("payload.exe", b"MZ\x90\x00")
    return _bytes(writer)


def xfa_form() -> bytes:
    writer = _writer()
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>")}
    )
    return _bytes(writer)


def rich_media() -> bytes:
    writer = _writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/RichMedia"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/RichMediaContent"): DictionaryObject(),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _bytes(writer)


def opening_at_a_page() -> bytes:
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )
    return _bytes(writer)


def _upload(data: bytes, name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (open_action_javascript, "OpenAction JavaScript"),
        (names_tree_javascript, "JavaScript"),
        (launch_link, "Launch"),
        (page_open_action, "AA"),
        (embedded_file, "EmbeddedFiles"),
        (xfa_form, "XFA"),
        (rich_media, "RichMediaContent"),
    ],
)
def test_a_pdf_with_active_content_is_refused_saying_what_it_holds(make, what):
    with pytest.raises(ValidationError) as refused:
        sniff_document(_upload(make()))
    assert refused.value.code == "active_content"
    assert f"“report.pdf” contains active content ({what})" in refused.value.messages[0]


def test_a_poc_uploading_a_pdf_that_runs_javascript_on_opening_is_refused_and_nothing_is_written(
    api, poc_chn
):
    before = NationalReport.objects.count(), NationalReport.history.count()
    response = api.as_user(poc_chn).post(
        REPORTS,
        {
            "state": "CHN",
            "kind": ReportKind.FIRST,
            "language": "en",
            "document": _upload(open_action_javascript()),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert (
        "contains active content (OpenAction JavaScript)"
        in response.json()["errors"]["document"][0]
    )
    assert (NationalReport.objects.count(), NationalReport.history.count()) == before


def test_the_report_form_refuses_it_too(client, poc_chn):
    client.force_login(poc_chn)
    response = client.post(
        "/my-state/",
        {
            "kind": ReportKind.ADDITIONAL,
            "language": "en",
            "document": _upload(embedded_file()),
            "submit": "1",
        },
    )
    assert response.status_code == 200
    assert "contains active content (EmbeddedFiles)" in response.content.decode()
    assert not NationalReport.objects.exists()


def test_a_pdf_that_cannot_be_parsed_is_refused_as_damaged():
    with pytest.raises(ValidationError) as refused:
        sniff_document(_upload(b"%PDF-1.7\n" + b"\x00garbage" * 100))
    assert refused.value.code == "damaged_document"
    assert "“report.pdf” is damaged" in refused.value.messages[0]


@pytest.mark.parametrize("make", [opening_at_a_page, lambda: factories.minimal_pdf("Report")])
def test_an_ordinary_pdf_is_accepted(make):
    assert sniff_document(_upload(make())) == "pdf"
