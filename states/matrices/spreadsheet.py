"""The matrix as a workbook for offline work, and the workbook brought back (programme of work
8(d)): experts and points of contact work on matrices in spreadsheets.

The export (``matrix_workbook``) has the Committee's legend and how to use the workbook on a
first sheet, then one sheet per worksheet of the matrix as its template lays it out (a section,
split by weapon type where the section has rows per weapon type), each with a frozen header, a
list of the marks (X, ?, NA or blank) in the mark column, and the field code and the revision of
each entry it was exported at in protected columns (the revision hidden). The sources an entry
cites (a national report and its page, an official address, an act of the national legislation
register) have their columns too, the report and the act by the numbers a "Sources" sheet lists.
A hidden sheet describes the workbook: the matrix, its state, version, template and the language
it was written in. Everything is in the reader's language.

The import (``read_changes``, then the two use cases ``stage_workbook`` and ``apply_workbook``)
checks the file (an XLSX, not too large, not an archive bomb, of this very matrix), then every
cell: a bad one does not stop the reading, so that the person gets the whole list at once, each
named by sheet, row, column and reason, and nothing is written. A workbook exported before any
of its entries was saved again is refused whole (``StaleEntry``, HTTP 409), the rule of a stale
save: its author did not see the newer values. The changes are shown before anything is
written, from the staged file (``MatrixWorkbookImport``); applying writes them through
``services.save_entries``, so that the rules, the revision check and the history are those of
an edit on the page.

Who imports: the experts and the secretariat, who edit matrices (``states.import_matrix_workbook``).
A state's point of contact exports the versions they may read, and answers on the matrix itself
(comments, states/matrices/services.py): a workbook would write the entries directly, which is the
experts' decision.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill, Protection  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from core.models import User
from core.permissions import require
from core.services import InvalidTransition, save_with_history
from states.choices import WeaponType
from states.matrices import services
from states.matrices.choices import APPROVED_STATUSES, MatrixColumn, MatrixMark
from states.matrices.header import APPROVED_TITLE, DRAFT_TITLE
from states.matrices.legend import legend_rows
from states.matrices.models import (
    Matrix,
    MatrixEntry,
    MatrixField,
    MatrixSection,
    MatrixWorkbookImport,
)
from states.models.member_state import COUNTS_AS_REPORTED

# Names this module's workbooks by; a workbook without it was not exported from a matrix.
FORMAT = "1540-matrix-workbook/1"
META_SHEET = "_matrix"
# A matrix's workbook weighs a few hundred kB: some 380 rows, every text at its 2,000-character
# limit, would still zip to well under this.
MAX_WORKBOOK_BYTES = 5 * 1024 * 1024
# What the archive may expand to, and of how many parts: openpyxl reads every part into memory.
MAX_EXPANDED_BYTES = 60 * 1024 * 1024
MAX_PARTS = 200
MAX_RATIO = 200
# A preview older than this is uploaded again: the matrix may have moved on in between.
PREVIEW_VALID_FOR = timedelta(hours=24)
IMPORT_REASON = "Imported from a workbook"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

# The short names of the sections, for the sheets' names (31 characters at most).
SECTION_SHORT = {
    "OP1": gettext_lazy("OP 1"),
    "OP2": gettext_lazy("OP 2"),
    "OP3AB": gettext_lazy("OP 3 (a)(b)"),
    "OP3CD": gettext_lazy("OP 3 (c)(d)"),
    "OP6-8D": gettext_lazy("OP 6 and OP 8 (d)"),
}
# Section kinds (MatrixSection.kind, states/matrices/choices.py) laid out in one table per
# weapon type: the measures, each with its legal framework and enforcement (OP 2, OP 3).
PER_WEAPON_KINDS = {"measures"}


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise
    width: int
    editable: bool = False
    hidden: bool = False


COLUMNS = (
    Column("code", gettext_lazy("Field code"), 22),
    Column("text", gettext_lazy("Field"), 60),
    Column("column", gettext_lazy("Column"), 20),
    Column("mark", gettext_lazy("Mark"), 8, editable=True),
    Column("legal_reference", gettext_lazy("Legal reference"), 40, editable=True),
    Column("source", gettext_lazy("Source"), 40, editable=True),
    Column("remarks", gettext_lazy("Remarks"), 30, editable=True),
    # The sources the entry cites (states/matrices/services.py): a national report of the state
    # and its page, an official address, an act of its national legislation. The report and the
    # act by their numbers, listed on the sources sheet.
    Column("source_report_id", gettext_lazy("National report cited (number)"), 14, editable=True),
    Column("source_page", gettext_lazy("Page of the report"), 10, editable=True),
    Column("source_url", gettext_lazy("Official address"), 30, editable=True),
    Column("legislation_id", gettext_lazy("Act cited (number)"), 14, editable=True),
    Column("revision", gettext_lazy("Revision (do not change)"), 10, hidden=True),
)
INDEX = {column.key: index for index, column in enumerate(COLUMNS)}
EDITABLE = tuple(column.key for column in COLUMNS if column.editable)
MARKS = [mark for mark in MatrixMark.values if mark]

READ_ONLY_FILL = PatternFill("solid", fgColor="EEEEEE")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
WRAP = Alignment(wrap_text=True, vertical="top")


def _letter(key: str) -> str:
    return get_column_letter(INDEX[key] + 1)


# --- The worksheets of a matrix --------------------------------------------------------------


@dataclass
class Worksheet:
    """One table of the workbook: a section, or a section's rows for one weapon type."""

    name: str
    section: str
    weapon_type: str
    entries: list[MatrixEntry] = field(default_factory=list)


def _per_weapon(section: MatrixSection, entries: list[MatrixEntry]) -> bool:
    """Whether a section is laid out in one table per weapon type: as its template says where
    the template gives sections a kind; otherwise where its rows are a legal framework and its
    enforcement for several weapon types (OP 2, OP 3), not a list of treaties (OP 1)."""
    kind = getattr(section, "kind", "") or ""
    if kind:
        return kind in PER_WEAPON_KINDS
    weapons = {entry.field.weapon_type for entry in entries} - {""}
    columns = {entry.field.column for entry in entries}
    return len(weapons) > 1 and columns != {MatrixColumn.ADHERENCE}


def _sheet_name(text: str, taken: set[str]) -> str:
    # Excel refuses these characters in a sheet's name, and more than 31 characters.
    for character in "[]:*?/\\":
        text = text.replace(character, " ")
    text = " ".join(text.split())[:31] or "Sheet"
    name, number = text, 2
    while name.lower() in taken or name == META_SHEET:
        suffix = f" ({number})"
        name = text[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def worksheets(matrix: Matrix, *, taken: set[str] | None = None) -> list[Worksheet]:
    """The tables of the matrix's workbook, in the template's order, named in the active
    language (one query)."""
    taken = set() if taken is None else taken
    entries = list(
        MatrixEntry.objects.filter(matrix=matrix)
        .select_related("field", "field__section")
        .order_by("field__section__position", "field__position")
    )
    by_section: dict[int, list[MatrixEntry]] = {}
    for entry in entries:
        by_section.setdefault(entry.field.section_id, []).append(entry)
    weapon_order = {value: index for index, value in enumerate(["", *WeaponType.values])}
    weapon_labels = dict(WeaponType.choices)
    tables = []
    for rows in by_section.values():
        section = rows[0].field.section
        short = str(SECTION_SHORT.get(section.code, section.code))
        if not _per_weapon(section, rows):
            name = _sheet_name(short, taken)
            tables.append(Worksheet(name, section.code, "", rows))
            continue
        groups: dict[str, list[MatrixEntry]] = {}
        for entry in rows:
            groups.setdefault(entry.field.weapon_type, []).append(entry)
        for weapon in sorted(groups, key=lambda w: weapon_order.get(w, len(weapon_order))):
            label = str(weapon_labels.get(weapon, _("General")))
            name = _sheet_name(f"{short} {label}", taken)
            tables.append(Worksheet(name, section.code, weapon, groups[weapon]))
    return tables


# --- The export ----------------------------------------------------------------------------------


def _text(value: str) -> str:
    # Control characters pasted from a word processor are not allowed in a workbook's XML.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _as_text_cells(cells: Iterable[Any]) -> None:
    # openpyxl reads a text starting with "=" as a formula: a remark is never computed.
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _headers() -> list[str]:
    return [str(column.header) for column in COLUMNS]


def _legend_sheet(workbook: Workbook, matrix: Matrix, name: str, tables: list[Worksheet]) -> None:
    sheet = workbook.active
    sheet.title = name
    bold = Font(bold=True)
    # The title the Committee prints on every matrix (states/matrices/header.py).
    approved = matrix.status in APPROVED_STATUSES
    sheet.append([str(APPROVED_TITLE if approved else DRAFT_TITLE)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("State"), matrix.state.name])
    sheet.append([_("Version"), matrix.version])
    sheet.append([_("Template"), matrix.template.title])
    sheet.append([_("Status"), str(matrix.get_status_display())])
    sheet.append([_("Exported on"), date_format(timezone.localdate(), "DATE_FORMAT")])
    sheet.append([])
    for index, row in enumerate(legend_rows()):
        sheet.append(row)
        if index == 0:
            sheet.cell(sheet.max_row, 1).font = bold
    sheet.append([])
    sheet.append([_("How to use this workbook")])
    sheet.cell(sheet.max_row, 1).font = bold
    for line in (
        _(
            "Each of the following sheets is a table of the matrix. Change the marks (X, ?, NA "
            "or blank) and the texts in the white columns; the grey columns name the field and "
            "must stay as they are."
        ),
        _(
            "Import the workbook on the matrix's page: every cell is checked and the changes "
            "are shown before anything is saved. Nothing is saved if any cell is wrong."
        ),
        _(
            "A workbook is refused if an entry it holds was saved again after the export: "
            "export the matrix again and make the changes in the new workbook."
        ),
    ):
        sheet.append([line])
    sheet.append([])
    sheet.append([_("Sheets")])
    sheet.cell(sheet.max_row, 1).font = bold
    for table in tables:
        sheet.append([table.name, len(table.entries)])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = WRAP
        _as_text_cells(row)


def _sources_sheet(workbook: Workbook, matrix: Matrix, name: str) -> dict[str, str]:
    """The national reports of the state and the acts of its national legislation that entries
    may cite, by number: what the report and act columns take. Returns, by column, the range of
    the numbers (for the lists of those columns)."""
    from states.models import NationalLegislation, NationalReport

    sheet = workbook.create_sheet(name)
    bold = Font(bold=True)
    ranges: dict[str, str] = {}
    reports = NationalReport.objects.filter(
        state_id=matrix.state_id, status__in=COUNTS_AS_REPORTED
    ).order_by("submitted_on", "pk")
    acts = NationalLegislation.objects.filter(state_id=matrix.state_id).order_by("year", "pk")
    for key, title, rows in (
        (
            "source_report_id",
            _("National reports of the State"),
            [
                (
                    report.pk,
                    " ".join(
                        part
                        for part in (
                            str(report.get_kind_display()),
                            date_format(report.submitted_on) if report.submitted_on else "",
                            report.symbol,
                        )
                        if part
                    ),
                )
                for report in reports
            ],
        ),
        (
            "legislation_id",
            _("National legislation of the State"),
            [(act.pk, _text(str(act))) for act in acts],
        ),
    ):
        sheet.append([title])
        sheet.cell(sheet.max_row, 1).font = bold
        sheet.append([_("Number"), _("Title")])
        first = sheet.max_row + 1
        for number, label in rows:
            sheet.append([number, label])
        if rows:
            ranges[key] = f"'{name}'!$A${first}:$A${sheet.max_row}"
        else:
            sheet.append([None, _("None recorded.")])
        sheet.append([])
    _as_text_cells(cell for row in sheet.iter_rows() for cell in row)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 80
    sheet.protection.sheet = True
    return ranges


def _table_sheet(workbook: Workbook, table: Worksheet, sources: dict[str, str]) -> None:
    sheet = workbook.create_sheet(table.name)
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
    columns = dict(MatrixColumn.choices)
    for entry in table.entries:
        sheet.append(
            [
                entry.field.code,
                _text(entry.field.text),
                str(columns.get(entry.field.column, entry.field.column)),
                entry.mark or None,
                _text(entry.legal_reference) or None,
                _text(entry.source) or None,
                _text(entry.remarks) or None,
                entry.source_report_id,
                entry.source_page,
                entry.source_url or None,
                entry.legislation_id,
                entry.revision,
            ]
        )
        row = sheet[sheet.max_row]
        _as_text_cells(row)
        for column, cell in zip(COLUMNS, row, strict=True):
            cell.alignment = WRAP
            if column.editable:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = READ_ONLY_FILL
    last = sheet.max_row
    marks = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(MARKS)),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Mark"),
        error=_("Use X, ? or NA, or leave the cell empty."),
        showInputMessage=True,
        promptTitle=_("Mark"),
        prompt=_("X, ? or NA; empty: no information found."),
    )
    sheet.add_data_validation(marks)
    if last >= 2:
        marks.add(f"{_letter('mark')}2:{_letter('mark')}{last}")
        for key, numbers in sources.items():
            listed = DataValidation(type="list", formula1=numbers, allow_blank=True)
            sheet.add_data_validation(listed)
            listed.add(f"{_letter(key)}2:{_letter(key)}{last}")
    for index, column in enumerate(COLUMNS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    sheet.freeze_panes = "B2"
    # A guard against changing the grey columns by mistake, not a lock: the import checks
    # every cell anyway. Columns may still be widened and rows resized.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _meta_sheet(
    workbook: Workbook, matrix: Matrix, legend: str, sources: str, tables: list[Worksheet]
) -> None:
    sheet = workbook.create_sheet(META_SHEET)
    rows = [
        ("format", FORMAT),
        ("matrix", matrix.pk),
        ("state", matrix.state.iso3),
        ("version", matrix.version),
        ("template", matrix.template.code),
        ("language", translation.get_language() or "en"),
        ("exported_at", timezone.now().isoformat()),
        ("legend_sheet", legend),
        ("sources_sheet", sources),
        *(("sheet", table.name) for table in tables),
    ]
    for row in rows:
        sheet.append(list(row))
    _as_text_cells(cell for row in sheet.iter_rows() for cell in row)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


def matrix_workbook(matrix: Matrix) -> bytes:
    """The matrix as an XLSX workbook in the active language: the legend first, one sheet per
    table of the matrix, and the hidden description the import checks."""
    taken: set[str] = set()
    legend = _sheet_name(_("Legend"), taken)
    tables = worksheets(matrix, taken=taken)
    sources_name = _sheet_name(_("Sources"), taken)
    workbook = Workbook()
    _legend_sheet(workbook, matrix, legend, tables)
    sources = _sources_sheet(workbook, matrix, sources_name)
    for table in tables:
        _table_sheet(workbook, table, sources)
    # The sources after the tables, where the reader looks up a number.
    workbook.move_sheet(sources_name, offset=len(tables))
    _meta_sheet(workbook, matrix, legend, sources_name, tables)
    if translation.get_language_bidi():
        for sheet in workbook.worksheets:
            sheet.sheet_view.rightToLeft = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Reading a workbook back ---------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    """What is wrong with one cell (or one sheet: no row or column)."""

    sheet: str
    row: int | None
    column: str
    header: str
    reason: str

    def __str__(self) -> str:
        if self.row is None:
            return _("Sheet “%(sheet)s”: %(reason)s") % {"sheet": self.sheet, "reason": self.reason}
        if not self.column:
            return _("Sheet “%(sheet)s”, row %(row)d: %(reason)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "reason": self.reason,
            }
        return _("Sheet “%(sheet)s”, row %(row)d, column %(column)s (%(header)s): %(reason)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "reason": self.reason,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "reason": self.reason,
        }


class WorkbookErrors(ValidationError):
    """The cells of a workbook that cannot be imported, every one of them: nothing was written."""

    def __init__(self, cells: list[CellError]) -> None:
        super().__init__([str(cell) for cell in cells], code="workbook")
        self.cells = cells


def _shown(value: object) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Change:
    """One entry the workbook changes: the values it has now and those it would have."""

    entry_id: int
    revision: int
    code: str
    text: str
    sheet: str
    row: int
    before: dict[str, Any]
    after: dict[str, Any]

    @property
    def changed(self) -> list[dict[str, str]]:
        """What changes, value by value: the column's header, the old and the new value (as
        text: a report or an act by its number)."""
        return [
            {
                "name": key,
                "label": str(COLUMNS[INDEX[key]].header),
                "old": _shown(self.before[key]),
                "new": _shown(self.after[key]),
            }
            for key in EDITABLE
            if self.before[key] != self.after[key]
        ]


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code)})


def check_file(content: bytes, name: str = "") -> None:
    """Refuse what is not an XLSX workbook of a sensible size, by its content, never its name."""
    label = name or _("the file")
    if len(content) > MAX_WORKBOOK_BYTES:
        raise _refuse(
            _("The file is %(size)s; the largest workbook accepted is %(limit)s.")
            % {"size": filesizeformat(len(content)), "limit": filesizeformat(MAX_WORKBOOK_BYTES)},
            "file_too_large",
        )
    if not content:
        raise _refuse(_("The file is empty."), "empty_file")
    if content.startswith(OLE2_MAGIC):
        raise _refuse(
            _(
                "“%(name)s” is in the old Excel format (XLS): save it as an Excel workbook "
                "(XLSX) and upload it again."
            )
            % {"name": label},
            "invalid_workbook_type",
        )
    not_xlsx = _refuse(
        _(
            "“%(name)s” is not an Excel workbook (XLSX): upload the workbook exported from "
            "this matrix."
        )
        % {"name": label},
        "invalid_workbook_type",
    )
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise not_xlsx
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise not_xlsx from None
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise not_xlsx
    expanded = sum(part.file_size for part in parts)
    if (
        len(parts) > MAX_PARTS
        or expanded > MAX_EXPANDED_BYTES
        or any(
            part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1)
            for part in parts
        )
    ):
        raise _refuse(
            _(
                "“%(name)s” would expand to %(size)s when opened, far more than a matrix "
                "needs: upload the workbook exported from this matrix."
            )
            % {"name": label, "size": filesizeformat(expanded)},
            "workbook_too_large",
        )


def _cell_text(cell: Any) -> tuple[str | None, str | None]:
    """A cell's value as text, or the reason it cannot be read as one."""
    value = cell.value
    if getattr(cell, "data_type", None) == "f":
        return None, _("this is a formula; type the text or mark itself.")
    if value is None:
        return "", None
    if isinstance(value, bool):
        return None, _("this is a true/false value; type the text itself.")
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), None
    if isinstance(value, datetime | date):
        return value.isoformat(), None
    return str(value), None


def _revision(cell: Any) -> int | None:
    value = getattr(cell, "value", None)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def _meta(workbook: Any) -> dict[str, Any]:
    if META_SHEET not in workbook.sheetnames:
        raise _refuse(
            _(
                "This workbook was not exported from a matrix (its description sheet is "
                "missing): export the matrix and work in that workbook."
            ),
            "not_a_matrix_workbook",
        )
    meta: dict[str, Any] = {"sheet": []}
    for row in workbook[META_SHEET].iter_rows(values_only=True):
        if not row or row[0] is None:
            continue
        key, value = str(row[0]), row[1] if len(row) > 1 else None
        if key == "sheet":
            meta["sheet"].append(str(value))
        else:
            meta[key] = value
    if meta.get("format") != FORMAT:
        raise _refuse(
            _("This workbook was not exported from a matrix by this system."),
            "not_a_matrix_workbook",
        )
    return meta


def _check_matrix(meta: dict[str, Any], matrix: Matrix) -> None:
    try:
        matrix_id = int(meta.get("matrix"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        matrix_id = None
    if (
        matrix_id != matrix.pk
        or meta.get("state") != matrix.state.iso3
        or str(meta.get("template")) != matrix.template.code
    ):
        raise _refuse(
            _(
                "This workbook is of another matrix (%(state)s, version %(version)s): export "
                "the matrix of %(this_state)s, version %(this_version)s, and import that one."
            )
            % {
                "state": meta.get("state") or "?",
                "version": meta.get("version") or "?",
                "this_state": matrix.state.name,
                "this_version": matrix.version,
            },
            "another_matrix",
        )


@dataclass
class _Reading:
    matrix: Matrix
    entries: dict[str, MatrixEntry]
    errors: list[CellError] = field(default_factory=list)
    stale: list[MatrixEntry] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unknown: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    seen: dict[str, tuple[str, int]] = field(default_factory=dict)

    def error(self, sheet: str, row: int | None, key: str, reason: str) -> None:
        header = str(COLUMNS[INDEX[key]].header) if key else ""
        column = _letter(key) if key else ""
        self.errors.append(CellError(sheet, row, column, header, reason))


def _read_row(reading: _Reading, sheet: str, number: int, cells: list[Any]) -> None:
    cells = list(cells) + [None] * (len(COLUMNS) - len(cells))
    code, problem = _cell_text(cells[INDEX["code"]]) if cells[INDEX["code"]] else ("", None)
    code = (code or "").strip()
    if problem:
        reading.error(sheet, number, "code", problem)
        return
    if not code:
        reading.error(sheet, number, "code", _("the field code is missing; do not change it."))
        return
    if code in reading.seen:
        first_sheet, first_row = reading.seen[code]
        reading.error(
            sheet,
            number,
            "code",
            _("the field %(code)s is already on sheet “%(sheet)s”, row %(row)d.")
            % {"code": code, "sheet": first_sheet, "row": first_row},
        )
        return
    reading.seen[code] = (sheet, number)
    entry = reading.entries.get(code)
    if entry is None:
        reading.unknown.setdefault(code, []).append((sheet, number))
        return
    revision = _revision(cells[INDEX["revision"]])
    if revision is None or revision < 1 or revision > entry.revision:
        reading.error(
            sheet,
            number,
            "revision",
            _("the revision is not one this entry had; do not change this column."),
        )
        return
    values: dict[str, str] = {}
    for key in EDITABLE:
        text, problem = _cell_text(cells[INDEX[key]]) if cells[INDEX[key]] else ("", None)
        if problem:
            reading.error(sheet, number, key, problem)
            continue
        values[key] = text or ""
    if len(values) < len(EDITABLE):
        return
    if values["mark"].strip().upper() in MARKS:
        values["mark"] = values["mark"].strip().upper()
    try:
        cleaned = services._clean_values(values)
        # The act the entry cites from the register (where it has one) is its legal basis too.
        services._check_mark_has_reference({**entry.values(), **cleaned})
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            for message in messages:
                reading.error(sheet, number, key if key in INDEX else "", message)
        return
    if revision < entry.revision:
        reading.stale.append(entry)
        return
    before = {key: entry.values()[key] for key in EDITABLE}
    if cleaned != before:
        reading.changes.append(
            Change(
                entry_id=entry.pk,
                revision=entry.revision,
                code=code,
                text=entry.field.text,
                sheet=sheet,
                row=number,
                before=before,
                after=cleaned,
            )
        )


def _check_cited_sources(reading: _Reading) -> None:
    """The reports and acts the changed rows cite must be the matrix's state's (the rule of an
    edit on the page, ``services._check_sources``), checked for all rows at once (two
    queries). A row at fault is named, and is no change."""
    if not reading.changes:
        return
    try:
        services._check_sources(
            reading.matrix,
            {
                f"{index}-": {**reading.entries[change.code].values(), **change.after}
                for index, change in enumerate(reading.changes)
            },
        )
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            index, _sep, name = key.partition("-")
            change = reading.changes[int(index)] if index.isdigit() else None
            if change is None:
                continue
            for message in messages:
                reading.error(change.sheet, change.row, name if name in INDEX else "", message)


def _unknown_codes(reading: _Reading) -> None:
    """A code this matrix does not have: a field of another template, or of none (one query)."""
    if not reading.unknown:
        return
    elsewhere: dict[str, str] = {}
    for code, template in MatrixField.objects.filter(code__in=reading.unknown).values_list(
        "code", "template__title"
    ):
        elsewhere.setdefault(code, template)
    for code, places in reading.unknown.items():
        if code in elsewhere:
            reason = _(
                "the field %(code)s belongs to another template (%(template)s), not to this "
                "matrix's (%(this)s)."
            ) % {"code": code, "template": elsewhere[code], "this": reading.matrix.template.title}
        else:
            reason = _("no field of the matrix has the code “%(code)s”.") % {"code": code}
        for sheet, number in places:
            reading.error(sheet, number, "code", reason)


def _stale_message(stale: list[MatrixEntry]) -> str:
    return _(
        "Nothing was imported: this workbook was exported before %(codes)s were saved again. "
        "Export the matrix again and make your changes in the new workbook."
    ) % {"codes": ", ".join(entry.field.code for entry in stale)}


def read_changes(matrix: Matrix, content: bytes, *, name: str = "") -> list[Change]:
    """The changes a workbook makes to ``matrix``, read without writing anything. Raises a
    ``ValidationError`` on the file (``{"file": ...}``), ``WorkbookErrors`` listing every bad
    cell, or ``StaleEntry`` when an entry was saved since the export."""
    check_file(content, name)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001  # openpyxl raises anything on a damaged file
        raise _refuse(
            _("“%(name)s” is damaged: its content cannot be read. Save it again and upload it.")
            % {"name": name or _("the file")},
            "damaged_workbook",
        ) from None
    try:
        meta = _meta(workbook)
        _check_matrix(meta, matrix)
        entries = {
            entry.field.code: entry
            for entry in MatrixEntry.objects.filter(matrix=matrix).select_related("field")
        }
        reading = _Reading(matrix, entries)
        known = {
            *meta["sheet"],
            str(meta.get("legend_sheet")),
            str(meta.get("sources_sheet")),
            META_SHEET,
        }
        for sheet in workbook.sheetnames:
            if sheet not in known:
                reading.error(
                    sheet,
                    None,
                    "",
                    _("this sheet was not in the exported workbook; remove it."),
                )
        language = str(meta.get("language") or translation.get_language())
        with translation.override(language):
            expected = _headers()
        for sheet in meta["sheet"]:
            if sheet not in workbook.sheetnames:
                reading.error(
                    sheet,
                    None,
                    "",
                    _("this sheet of the exported workbook is missing (renamed or deleted)."),
                )
                continue
            _read_sheet(reading, workbook[sheet], sheet, expected)
    finally:
        workbook.close()
    _unknown_codes(reading)
    if not reading.errors and not reading.stale:
        _check_cited_sources(reading)
    if reading.stale:
        raise services.StaleEntry(_stale_message(reading.stale), reading.stale)
    if reading.errors:
        raise WorkbookErrors(reading.errors)
    return reading.changes


def _read_sheet(reading: _Reading, sheet: Any, name: str, expected: list[str]) -> None:
    rows = sheet.iter_rows(min_row=1, max_col=len(COLUMNS))
    header = next(rows, ())
    found = [str(cell.value or "").strip() for cell in header]
    found += [""] * (len(COLUMNS) - len(found))
    moved = False
    for column, want, have in zip(COLUMNS, expected, found, strict=False):
        if want != have:
            reading.errors.append(
                CellError(
                    name,
                    1,
                    _letter(column.key),
                    want,
                    _("the heading should be “%(heading)s”: the columns were moved or renamed.")
                    % {"heading": want},
                )
            )
            moved = True
    if moved:
        return
    for number, cells in enumerate(rows, start=2):
        cells = list(cells)
        if all(getattr(cell, "value", None) in (None, "") for cell in cells):
            continue
        _read_row(reading, name, number, cells)


# --- The use cases -------------------------------------------------------------------------------


def _read_upload(upload: IO[bytes] | bytes) -> bytes:
    if isinstance(upload, bytes):
        return upload
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_WORKBOOK_BYTES:
        # Not read into memory: refused by its size alone.
        raise _refuse(
            _("The file is %(size)s; the largest workbook accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_WORKBOOK_BYTES)},
            "file_too_large",
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    # One byte more than the limit at most: enough for check_file to refuse it.
    return upload.read(MAX_WORKBOOK_BYTES + 1)


def _check_importable(matrix: Matrix, acting_user: User) -> None:
    require(acting_user, "states.import_matrix_workbook", matrix)
    if not matrix.is_editable:
        raise InvalidTransition(
            _(
                "This matrix's status is “%(status)s”: a workbook is imported into a draft, or "
                "a version whose comments the state has returned."
            )
            % {"status": matrix.get_status_display()}
        )


@transaction.atomic
def stage_workbook(
    matrix: Matrix, upload: IO[bytes] | bytes, *, acting_user: User, name: str = ""
) -> tuple[MatrixWorkbookImport, list[Change]]:
    """Check a workbook brought back to ``matrix`` and keep it for its preview: the changes it
    makes are returned, nothing of the matrix is written. A workbook with any error is not
    kept (``read_changes`` says what is wrong)."""
    matrix = Matrix.objects.select_related("state", "template").get(pk=matrix.pk)
    _check_importable(matrix, acting_user)
    content = _read_upload(upload)
    name = (name or getattr(upload, "name", "") or "")[:200]
    changes = read_changes(matrix, content, name=name)
    staged = MatrixWorkbookImport(
        matrix=matrix,
        uploaded_by=acting_user,
        file_name=name,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        changes=len(changes),
    )
    save_with_history(staged, acting_user, reason="Workbook uploaded for preview")
    return staged, changes


def preview(staged: MatrixWorkbookImport) -> list[Change]:
    """The changes of a staged workbook as the matrix is now (read again: a colleague may have
    saved an entry since the upload)."""
    return read_changes(staged.matrix, bytes(staged.content), name=staged.file_name)


@transaction.atomic
def apply_workbook(staged: MatrixWorkbookImport, *, acting_user: User, checksum: str) -> int:
    """Write the changes of a previewed workbook into its matrix, through ``save_entries``
    (history, the editing rule, the revision check). ``checksum`` is the SHA-256 of the
    workbook the person saw the changes of. Returns the number of entries changed."""
    staged = (
        MatrixWorkbookImport.objects.select_for_update().select_related("matrix").get(pk=staged.pk)
    )
    matrix = services._lock(staged.matrix)
    _check_importable(matrix, acting_user)
    if staged.uploaded_by_id != acting_user.pk:
        raise PermissionDenied(_("Only the person who uploaded a workbook imports it."))
    if staged.applied_at is not None:
        raise InvalidTransition(_("This workbook has already been imported."))
    if not isinstance(checksum, str) or checksum.strip().lower() != staged.sha256:
        raise ValidationError(
            {
                "checksum": _(
                    "This is not the workbook whose changes were shown: upload it again and "
                    "check its changes."
                )
            }
        )
    if timezone.now() - staged.uploaded_at > PREVIEW_VALID_FOR:
        raise InvalidTransition(
            _("This preview is more than a day old: upload the workbook again to see its changes.")
        )
    changes = read_changes(matrix, bytes(staged.content), name=staged.file_name)
    edits = [
        services.EntryEdit(change.entry_id, change.revision, dict(change.after))
        for change in changes
    ]
    changed = (
        services.save_entries(matrix, edits, acting_user=acting_user, reason=IMPORT_REASON)
        if edits
        else 0
    )
    staged.applied_at = timezone.now()
    staged.applied_changes = changed
    save_with_history(
        staged,
        acting_user,
        update_fields=["applied_at", "applied_changes"],
        reason="Workbook imported",
    )
    return changed
