"""A state's matrix as CSV, XLSX and PDF, the matrix letter's content, and the open data: every
published state's current matrix as one CSV, one row per state and field.

The XLSX is the workbook for offline work, which comes back (states/matrices/spreadsheet.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from django.utils import timezone

from core import exports
from core.exports import csv_text
from core.pdf import letter_name
from states.choices import MatrixSectionCode
from states.matrices.legend import legend, legend_rows
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
    """The matrix's entries with their fields and cited sources (the report and the act,
    templates/states/_entry_source.html), in the template's order (one query)."""
    return (
        MatrixEntry.objects.filter(matrix=matrix)
        .select_related("field", "field__section", "source_report", "legislation")
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
    """One row per field, then, after an empty row, the Committee's legend in the reader's
    language: what the marks mean travels with them."""
    return _csv(itertools.chain(matrix_rows(matrix), [[]], legend_rows()))


def matrix_xlsx(matrix: Matrix) -> bytes:
    """The workbook for offline work, in the reader's language (states/matrices/spreadsheet.py):
    the legend, one sheet per table of the matrix, and what its import checks."""
    from states.matrices.spreadsheet import matrix_workbook

    return matrix_workbook(matrix)


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


def letter_context(matrix: Matrix, *, reference: str = "") -> dict:
    """The letter lists every field of the matrix, by section, the blank ones included: the
    blank fields are where the committee found no information, and what the state is invited to
    fill. In the language active when it is called (the letter's, states/matrices/services.py):
    ``state_name`` is the state's formal name as the letter's running text gives it
    (core.pdf.letter_name); the marks are explained by the committee's legend, never as measures
    in place (states/matrices/legend.py)."""
    sections = sections_of(matrix)
    entries = [entry for section in sections for entry in section["entries"]]
    return {
        "matrix": matrix,
        "state": matrix.state,
        "state_name": letter_name(matrix.state),
        "reference": reference or matrix.letter_reference,
        "sections": sections,
        "field_count": len(entries),
        "blank_count": sum(1 for entry in entries if not entry.mark),
        "today": timezone.localdate(),
        "legend": legend(),
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
