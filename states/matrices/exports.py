"""A state's matrix as CSV, XLSX and PDF, the matrix letter's content, and the open data: every
published state's current matrix as one CSV, one row per state and field.

The XLSX is written directly (a workbook is a zip of a few XML parts): one sheet of text cells is
all the matrix needs, and no spreadsheet library has to be installed for it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from core import exports
from core.exports import csv_text
from core.pdf import letter_name, render_pdf
from states.choices import MatrixSectionCode
from states.matrices.choices import MatrixMark
from states.matrices.models import Matrix, MatrixEntry
from states.matrices.services import OPEN_DATA_COLUMNS
from states.models.member_state import StateName, reader_language

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MATRIX_COLUMNS = [
    "field_code",
    "section",
    "weapon_type",
    "column",
    "field_text",
    "mark",
    "legal_reference",
    "source",
    "remarks",
]


def entries_of(matrix: Matrix):
    """The matrix's entries with their fields, in the template's order (one query)."""
    return (
        MatrixEntry.objects.filter(matrix=matrix)
        .select_related("field", "field__section")
        .order_by("field__position")
    )


def matrix_rows(matrix: Matrix) -> Iterator[list[str]]:
    yield MATRIX_COLUMNS
    for entry in entries_of(matrix):
        yield [
            entry.field.code,
            entry.field.section.code,
            entry.field.weapon_type,
            entry.field.column,
            entry.field.text,
            entry.mark,
            entry.legal_reference,
            entry.source,
            entry.remarks,
        ]


def _csv(rows: Iterable[list]) -> str:
    # The shared writer: a state's remark starting with "=" is text, not a formula.
    return csv_text(rows)


def matrix_csv(matrix: Matrix) -> str:
    return _csv(matrix_rows(matrix))


# Characters XML 1.0 cannot carry at all; a pasted control character must not break the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def xlsx(rows: Iterable[list], *, sheet: str = "Matrix") -> bytes:
    """A one-sheet workbook of text cells, the first row bold as a header. Every cell is an
    inline string (never an ``<f>`` element), so a remark starting with "=" is shown as text and
    never computed: the XLSX needs no quote prefix, unlike the CSV (core/exports.py)."""
    lines = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            text = escape(_NOT_XML.sub("", str(value)))
            style = ' s="1"' if r == 1 else ""
            cells.append(
                f'<c r="{_column_name(c)}{r}" t="inlineStr"{style}>'
                f'<is><t xml:space="preserve">{text}</t></is></c>'
            )
        lines.append(f'<row r="{r}">{"".join(cells)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package_rel = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="{package_rel}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            f'<sheet name="{escape(sheet[:31])}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="{package_rel}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<styleSheet xmlns="{main}">'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
            "</cellXfs></styleSheet>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<worksheet xmlns="{main}"><sheetData>{"".join(lines)}</sheetData></worksheet>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def matrix_xlsx(matrix: Matrix) -> bytes:
    return xlsx(matrix_rows(matrix), sheet=f"{matrix.state.iso3} v{matrix.version}")


def sections_of(matrix: Matrix) -> list[dict]:
    """The entries grouped by section, for the pages and the PDF."""
    titles = dict(MatrixSectionCode.choices)
    sections: dict[str, dict] = {}
    for entry in entries_of(matrix):
        section = entry.field.section
        group = sections.setdefault(
            section.code,
            {"code": section.code, "title": titles.get(section.code, section.title), "entries": []},
        )
        group["entries"].append(entry)
    return list(sections.values())


# A published matrix no longer changes (a correction is a new version), while WeasyPrint spends
# seconds of CPU on each rendering: anyone could hold the web workers by asking for the public
# PDF again and again (the fuzzer's requests timed out behind it, issue 11). It is rendered once
# per language and publication and then served from the cache.
PUBLISHED_PDF_CACHE_SECONDS = 24 * 3600


def matrix_pdf(matrix: Matrix) -> bytes:
    if not matrix.is_published or matrix.published_at is None:
        return _render_matrix_pdf(matrix)
    key = f"matrix-pdf:{matrix.pk}:{matrix.published_at.timestamp()}:{get_language()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = _render_matrix_pdf(matrix)
        cache.set(key, pdf, PUBLISHED_PDF_CACHE_SECONDS)
    return pdf


def _render_matrix_pdf(matrix: Matrix) -> bytes:
    return render_pdf(
        "states/matrix_pdf.html",
        {"matrix": matrix, "sections": sections_of(matrix), "generated_at": timezone.now()},
    )


def letter_context(matrix: Matrix) -> dict:
    """The letter lists the fields marked in the matrix, by section: what the committee has
    recorded of the state's measures, for the state to confirm or correct. In the language
    active when it is called (the letter's, states/matrices/services.py): ``state_name`` is the
    state's formal name as the letter's running text gives it (core.pdf.letter_name)."""
    sections = []
    for section in sections_of(matrix):
        marked = [entry for entry in section["entries"] if entry.mark]
        if marked:
            sections.append({**section, "entries": marked})
    return {
        "matrix": matrix,
        "state": matrix.state,
        "state_name": letter_name(matrix.state),
        "sections": sections,
        "marked_x": sum(
            1 for section in sections for entry in section["entries"] if entry.mark == "X"
        ),
        "today": timezone.localdate(),
        "mark_legend": MatrixMark.choices,
    }


def open_data_rows() -> Iterator[list]:
    """Every state's latest published matrix, one row per state and field, streamed from the
    database in chunks (about 190 x 380 rows at full scale). The states are named in the
    language active now: the rows are read later, while the response streams."""
    return _open_data_rows(reader_language())


def _open_data_rows(language: str) -> Iterator[list]:
    yield OPEN_DATA_COLUMNS
    entries = (
        MatrixEntry.objects.filter(matrix__in=Matrix.objects.latest_published())
        .order_by("matrix__state__iso3", "field__position")
        .values_list(
            "matrix__state__iso3",
            StateName("matrix__state__", language=language),
            "matrix__state__regional_group",
            "matrix__version",
            "matrix__approved_at",
            "matrix__published_at",
            "matrix__template__code",
            "field__section__code",
            "field__code",
            "field__weapon_type",
            "field__column",
            "field__text",
            "mark",
            "legal_reference",
            "source",
        )
    )
    for row in entries.iterator(chunk_size=5000):
        row = list(row)
        row[4] = timezone.localtime(row[4]).date().isoformat() if row[4] else ""
        row[5] = timezone.localtime(row[5]).date().isoformat() if row[5] else ""
        yield row


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    """Rows as CSV text, one line at a time (for a streaming response), through the shared
    writer that neutralises formula-like cells."""
    return exports.csv_lines(rows)
