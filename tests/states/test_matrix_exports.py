"""The matrix letter (8(d)) rendered by its task, the exports of a state's matrix (CSV, XLSX,
PDF), and the open data of all published matrices, read back and re-imported."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.services import InvalidTransition
from states.matrices import pdfs
from states.matrices import services as services
from states.matrices.choices import MatrixStatus
from states.matrices.models import Matrix, MatrixEntry
from tests.conftest import wait_until
from tests.helpers import pdf_text
from tests.states.conftest import CODES

MARKS = {"OP1-N-NPT": "X", "OP2-N-ACQ-LF": "X", "OP3CD-D-EXP-LF": "?", "OP1-C-CWC": "NA"}


def content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# --- The letter ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sending_a_matrix_renders_its_letter_with_the_state_and_the_marked_fields(
    build_matrix, expert, django_capture_on_commit_callbacks
):
    matrix = build_matrix("CHN", "draft", marks=MARKS)

    with django_capture_on_commit_callbacks(execute=True):
        services.send_matrix(matrix, acting_user=expert)

    matrix.refresh_from_db()
    assert matrix.letter.name.startswith("matrices/CHN/letter-v1-")
    assert matrix.letter_generated_at is not None
    assert matrix.history.first().history_change_reason == "Letter generated"
    text = pdf_text(matrix.letter.read())
    assert "中华人民共和国" in text  # in China's language of correspondence
    assert matrix.letter_language == "zh"
    for code in MARKS:
        assert code in text
    # Every field is listed, the blank ones too: those are what the state is invited to fill.
    assert "OP2-C-ACQ-LF" in text


@pytest.mark.django_db
def test_the_letter_is_for_the_state_the_committees_staff_and_its_members(
    api, build_matrix, expert, poc_chn, poc_bra, member, django_capture_on_commit_callbacks
):
    matrix = build_matrix("CHN", "draft", marks={"OP1-N-NPT": "X"})
    with django_capture_on_commit_callbacks(execute=True):
        services.send_matrix(matrix, acting_user=expert)
    url = f"/api/v1/matrices/{matrix.pk}/letter/"

    letter_url = api.as_user(poc_chn).get(f"/api/v1/matrices/{matrix.pk}/").json()["letter_url"]
    download = api.get(letter_url)

    assert download.status_code == 200
    assert content(download).startswith(b"%PDF")
    assert api.as_user(expert).get(url).status_code == 200
    assert api.as_user(poc_bra).get(url).status_code == 404
    # Members read every version from "sent" on, and its letter (issue 14).
    assert api.as_user(member).get(url).status_code == 200
    assert api.as_user(None).get(url).status_code == 404


@pytest.mark.celery
def test_a_real_worker_renders_the_letter(celery_worker, template, expert, secretariat):
    from states.models import MemberState

    matrix = services.start_draft(MemberState.objects.get(iso3="BRA"), acting_user=expert)
    target = MatrixEntry.objects.get(matrix=matrix, field__code="OP2-N-ACQ-LF")
    services.update_entry(
        target, acting_user=expert, revision=1, mark="X", legal_reference="Lei 9.112, art. 1"
    )

    services.send_matrix(matrix, acting_user=expert)  # committed: the worker takes it from Redis

    name = wait_until(lambda: Matrix.objects.get(pk=matrix.pk).letter.name, timeout=60)
    text = pdf_text(Matrix.objects.get(pk=matrix.pk).letter.read())
    assert name.startswith("matrices/BRA/")
    assert "Brazil" in text
    assert "OP2-N-ACQ-LF" in text
    assert "Lei 9.112" in text


# --- Exports of one matrix ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_published_matrix_downloads_as_csv_with_one_row_per_field(client, api, build_matrix):
    matrix = build_matrix("CHN", "published", marks=MARKS)

    for url in (f"/matrices/{matrix.pk}/export.csv", f"/api/v1/matrices/{matrix.pk}/csv/"):
        response = client.get(url)
        assert response.status_code == 200
        assert 'filename="CHN-matrix-v1.csv"' in response["Content-Disposition"]
        table, _blank, legend = content(response).decode("utf-8-sig").partition("\r\n\r\n")
        rows = list(csv.DictReader(io.StringIO(table)))
        assert [row["field_code"] for row in rows] == CODES
        assert {row["field_code"]: row["mark"] for row in rows if row["mark"]} == MARKS
        # The Committee's legend follows the table, after an empty row.
        assert "indicators of fact" in legend


@pytest.mark.django_db
def test_the_xlsx_export_is_a_workbook_holding_the_marks(client, build_matrix):
    # The workbook's layout and its import: tests/states/test_matrix_xlsx.py.
    matrix = build_matrix("CHN", "published", marks=MARKS)

    response = client.get(f"/matrices/{matrix.pk}/export.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    marks = {
        row[0]: row[3]
        for sheet in workbook.worksheets
        if sheet.cell(1, 1).value == "Field code"
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[3]
    }
    assert marks == MARKS


@pytest.mark.django_db
def test_the_pdf_export_holds_the_state_and_the_entries(client, build_matrix):
    matrix = build_matrix("CHN", "published", marks=MARKS)
    url = f"/matrices/{matrix.pk}/export.pdf"
    # Built by the worker, never in the request (states/matrices/pdfs.py): until it is, 202.
    assert client.get(url).status_code == 202
    pdfs.build_pdf(matrix.pk, "en")

    response = client.get(url)

    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content))
    assert "China" in text
    assert "OP3CD-D-EXP-LF" in text


@pytest.mark.django_db
def test_a_draft_is_not_exported_to_the_public_or_another_state(
    client, build_matrix, poc_bra, expert
):
    matrix = build_matrix("CHN", "draft")

    assert client.get(f"/matrices/{matrix.pk}/export.csv").status_code == 404
    client.force_login(poc_bra)
    assert client.get(f"/matrices/{matrix.pk}/export.xlsx").status_code == 404
    client.force_login(expert)
    assert client.get(f"/matrices/{matrix.pk}/export.csv").status_code == 200
    assert client.get(f"/matrices/{matrix.pk}/export.doc").status_code == 404


# --- Open data ------------------------------------------------------------------------------------


@pytest.fixture
def published(build_matrix):
    """China (two published versions: only the latest counts), Brazil published, France
    approved but not yet published, Germany a draft."""
    build_matrix("CHN", "published", marks={"OP1-N-NPT": "?"})
    return {
        "CHN": build_matrix("CHN", "published", marks=MARKS),
        "BRA": build_matrix("BRA", "published", marks={"OP3CD-B-PEN-LF": "X", "OP1-C-CWC": "NA"}),
        "FRA": build_matrix("FRA", "approved", marks={"OP1-N-NPT": "X"}),
        "DEU": build_matrix("DEU", "draft", marks={"OP1-N-NPT": "X"}),
    }


def open_data(client) -> list[dict[str, str]]:
    response = client.get("/matrices/open-data.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(content(response).decode("utf-8-sig"))))


def marks_of(rows) -> dict[tuple[str, str], str]:
    return {(row["iso3"], row["field_code"]): row["mark"] for row in rows}


@pytest.mark.django_db
def test_the_open_data_has_one_row_per_published_state_and_field(client, api, published):
    rows = open_data(client)

    assert len(rows) == 2 * len(CODES)
    assert {row["iso3"] for row in rows} == {"BRA", "CHN"}
    assert {row["version"] for row in rows if row["iso3"] == "CHN"} == {"2"}
    assert marks_of(rows)[("CHN", "OP1-N-NPT")] == "X"
    assert marks_of(rows)[("BRA", "OP1-C-CWC")] == "NA"
    api_rows = list(
        csv.DictReader(
            io.StringIO(content(api.get("/api/v1/matrices/open-data/")).decode("utf-8-sig"))
        )
    )
    assert api_rows == rows


@pytest.mark.django_db
def test_re_importing_the_open_data_yields_the_same_marks(client, published, secretariat):
    exported = open_data(client)

    imported = services.import_open_data(
        io.StringIO(client.get("/matrices/open-data.csv").getvalue().decode()),
        acting_user=secretariat,
    )

    assert sorted(m.state.iso3 for m in imported) == ["BRA", "CHN"]
    assert {m.status for m in imported} == {MatrixStatus.PUBLISHED}
    assert [m.version for m in sorted(imported, key=lambda m: m.state.iso3)] == [2, 3]
    reexported = open_data(client)
    assert marks_of(reexported) == marks_of(exported)
    assert {(r["iso3"], r["field_code"]): r["legal_reference"] for r in reexported} == {
        (r["iso3"], r["field_code"]): r["legal_reference"] for r in exported
    }


def _csv_text(rows: list[dict[str, str]]) -> io.StringIO:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    out.seek(0)
    return out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"iso3": "XXX"}, "Line 2: no member state has the code “XXX”"),
        ({"field_code": "OP9-NOPE"}, "Line 2: the template has no field “OP9-NOPE”"),
        ({"mark": "Y"}, "Line 2: “Y” is not a mark"),
        ({"approved_on": "someday"}, "Line 2: Invalid isoformat"),
    ],
)
def test_a_bad_open_data_file_is_refused_naming_the_line_and_imports_nothing(
    client, published, secretariat, written, change, message
):
    rows = open_data(client)
    rows[0].update(change)
    counts = written()

    with pytest.raises(ValidationError) as refused:
        services.import_open_data(_csv_text(rows), acting_user=secretariat)

    assert message in " ".join(refused.value.messages)
    assert counts.unchanged()


@pytest.mark.django_db
def test_only_the_secretariat_imports_and_not_over_a_matrix_in_progress(
    client, published, secretariat, expert, written
):
    rows = open_data(client)
    counts = written()

    with pytest.raises(PermissionDenied, match="Only the secretariat imports"):
        services.import_open_data(_csv_text(rows), acting_user=expert)
    with pytest.raises(ValidationError, match="missing columns"):
        services.import_open_data(io.StringIO("iso3,mark\nCHN,X\n"), acting_user=secretariat)
    services.start_draft(published["CHN"].state, acting_user=expert)
    counts = written()
    with pytest.raises(InvalidTransition, match="in progress"):
        services.import_open_data(_csv_text(rows), acting_user=secretariat)

    assert counts.unchanged()


@pytest.mark.django_db
def test_the_letters_reference_is_shown_only_to_those_who_read_the_letter(
    api, build_matrix, expert, poc_chn, poc_bra, member
):
    matrix = build_matrix("CHN", MatrixStatus.PUBLISHED, marks={"OP1-N-NPT": "X"})
    Matrix.objects.filter(pk=matrix.pk).update(letter_reference="1540/MX/2026/0007")
    url = f"/api/v1/matrices/{matrix.pk}/"

    for reader in (poc_chn, expert, member):
        assert api.as_user(reader).get(url).json()["letter_reference"] == "1540/MX/2026/0007"
    for reader in (None, poc_bra):  # the public and another state read the matrix, not its letter
        body = api.as_user(reader).get(url).json()
        assert body["id"] == matrix.pk and "letter_reference" not in body
