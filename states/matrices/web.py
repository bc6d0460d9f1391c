"""What the matrix pages and the matrix API answer alike: the open-data and statistics CSV
downloads, and the reading of the statistics' ``at_most`` parameter."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from states.matrices.exports import csv_lines, open_data_rows
from states.matrices.statistics import DEFAULT_THRESHOLDS, MatrixStatistics

MAX_THRESHOLD = 10_000


def statistics_thresholds(raw: str | None) -> tuple[int, ...]:
    """The default thresholds, plus the one asked for with ``?at_most=N``."""
    if raw is None or raw == "":
        return DEFAULT_THRESHOLDS
    # str.isdigit() also accepts digits that int() refuses ("²"): ASCII digits only, else a
    # 500 instead of this message (the fuzzer, issue 11).
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_THRESHOLD:
        raise ValidationError(
            {
                "at_most": _("Give a whole number of fields from 0 to %(max)d.")
                % {"max": MAX_THRESHOLD}
            }
        )
    return (*DEFAULT_THRESHOLDS, int(raw))


def open_data_response() -> StreamingHttpResponse:
    """All published matrices, one CSV row per state and field, streamed."""
    response = StreamingHttpResponse(
        csv_lines(open_data_rows()), content_type="text/csv; charset=utf-8"
    )
    stamp = f"{timezone.localdate():%Y-%m-%d}"
    response["Content-Disposition"] = f'attachment; filename="1540-matrices-{stamp}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def statistics_csv_response(figures: MatrixStatistics) -> HttpResponse:
    rows = [("table", "key", "subkey", "value"), *figures.as_rows()]
    response = HttpResponse("".join(csv_lines(rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="1540-matrix-statistics.csv"'
    return response
