"""Demo data's shared helpers: the day the demo is seeded, and days counted back from it (so
that `make run` shows a living system on whatever day it runs: events held and upcoming, nothing
recorded after today; tests/test_demo_data.py checks it), and small, valid documents for demo
data and tests (no PDF library needed to make them)."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date, datetime, timedelta

from django.utils import timezone


def demo_today() -> date:
    """The day the demo is seeded: every demo date is counted from it, never written as a
    fixed day that a later run would find in the past, or in the future."""
    return timezone.localdate()


def days_ago(days: int, today: date | None = None) -> date:
    """The day ``days`` before today (a negative number: after, for what is planned)."""
    return (today or demo_today()) - timedelta(days=days)


def not_after_today(day: date, today: date | None = None) -> date:
    """``day``, or today when ``day`` would be after it."""
    return min(day, today or demo_today())


def moment_not_after_now(moment: datetime) -> datetime:
    """``moment``, or now when ``moment`` would be after it."""
    return min(moment, timezone.now())


def day_between(rng: random.Random, earliest: date, latest: date) -> date:
    """A day from ``earliest`` to ``latest`` (both included; ``earliest`` if they cross)."""
    return earliest + timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def minimal_pdf(*lines: str) -> bytes:
    """A one-page PDF whose text (Latin-1, Helvetica) a PDF reader can extract."""
    content = ["BT", "/F1 12 Tf", "72 760 Td", "16 TL"]
    for line in lines or ("Document",):
        content.append(f"({_escape(line)}) Tj T*")
    content.append("ET")
    stream = "\n".join(content).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def minimal_docx(*paragraphs: str) -> bytes:
    """A Word (DOCX) document with the given paragraphs."""
    body = "".join(
        f"<w:p><w:r><w:t>{p.replace('&', '&amp;').replace('<', '&lt;')}</w:t></w:r></w:p>"
        for p in paragraphs or ("Document",)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>',
        )
    return out.getvalue()
