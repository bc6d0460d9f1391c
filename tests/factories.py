"""Test data, built through the services so that it obeys the same rules as real data."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from core.choices import Language
from core.demo import minimal_docx, minimal_pdf
from states.choices import ReportKind, ReportStatus
from states.models import MemberState
from states.reports import services
from states.reports.models import NationalReport


def pdf_upload(name: str = "report.pdf", text: str = "National report") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(text), content_type="application/pdf")


def docx_upload(name: str = "report.docx", text: str = "National report") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_docx(text), content_type="application/octet-stream")


def fake_pdf_upload(name: str = "report.pdf") -> SimpleUploadedFile:
    """Named .pdf, but a PNG image inside."""
    png = bytes.fromhex("89504E470D0A1A0A0000000D49484452") + b"\0" * 64
    return SimpleUploadedFile(name, png, content_type="application/pdf")


def state(iso3: str) -> MemberState:
    return MemberState.objects.get(iso3=iso3)


def report(
    iso3: str,
    *,
    by,
    status: str = ReportStatus.DRAFT,
    kind: str = ReportKind.ADDITIONAL,
    language: str = Language.ENGLISH,
    submitted_on: date | None = None,
    publisher=None,
    title: str = "",
    text: str = "National report",
) -> NationalReport:
    """A report of ``iso3`` created by ``by`` and moved on to ``status``. Publishing needs the
    secretariat: pass ``publisher`` when ``by`` is not secretariat staff."""
    result = services.create_report(
        state(iso3),
        kind=kind,
        language=language,
        document=pdf_upload(text=text),
        acting_user=by,
        title=title,
        submitted_on=submitted_on,
    )
    if status in (ReportStatus.SUBMITTED, ReportStatus.PUBLISHED):
        result = services.submit_report(result, acting_user=by)
    if status == ReportStatus.PUBLISHED:
        result = services.publish_report(result, acting_user=publisher or by)
    return result
