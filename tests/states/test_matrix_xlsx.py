"""The matrix as a workbook for offline work, and the workbook brought back (issue 14, "Offline
work"; states/matrices/spreadsheet.py): the export's layout, the round trip (export, change five
marks with openpyxl, import: the diff shows the five, applying writes them with history), and
every refusal, which writes nothing: a bad cell (named by sheet, row and column), a workbook made
before an entry was saved again (409), a file that is not a workbook, too large, another matrix's,
and the people who may not import."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.utils import translation

from states.matrices import services, spreadsheet
from states.matrices.models import Matrix, MatrixEntry, MatrixWorkbookImport
from tests.helpers import Written
from tests.states.conftest import entry, template_with_fields

MARKS = {"OP1-N-NPT": "X", "OP2-N-ACQ-LF": "X", "OP3CD-D-EXP-LF": "?"}
# Five marks changed offline, none of them an X (an X needs its legal reference too).
FIVE = {
    "OP1-C-CWC": "NA",
    "OP2-C-ACQ-LF": "?",
    "OP2-B-USE-LF": "NA",
    "OP3AB-N-ACC-PRD-LF": "?",
    "OP3CD-D-EXP-LF": "NA",
}
IMPORT_REASON = "Imported from a workbook"


@pytest.fixture
def written():
    return lambda: Written(Matrix, MatrixEntry, MatrixWorkbookImport)


@pytest.fixture
def draft(build_matrix):
    return build_matrix("CHN", "draft", marks=MARKS)


def export(matrix: Matrix, language: str = "en") -> openpyxl.Workbook:
    with translation.override(language):
        return openpyxl.load_workbook(io.BytesIO(spreadsheet.matrix_workbook(matrix)))


def tables(workbook: openpyxl.Workbook) -> list:
    """The matrix's tables, as the workbook's description lists them."""
    meta = workbook[spreadsheet.META_SHEET]
    return [workbook[name] for key, name in meta.iter_rows(values_only=True) if key == "sheet"]


REVISION = spreadsheet.INDEX["revision"] + 1


def find(workbook: openpyxl.Workbook, code: str):
    """The sheet and row number where a field's row is."""
    for sheet in tables(workbook):
        for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            if row[0] == code:
                return sheet, number
    raise AssertionError(code)


def set_mark(workbook: openpyxl.Workbook, code: str, mark: str | None) -> tuple[str, int]:
    sheet, number = find(workbook, code)
    sheet.cell(number, 4).value = mark
    return sheet.title, number


def saved(workbook: openpyxl.Workbook, name: str = "matrix.xlsx") -> io.BytesIO:
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def changed_five(matrix: Matrix) -> io.BytesIO:
    workbook = export(matrix)
    for code, mark in FIVE.items():
        set_mark(workbook, code, mark)
    return saved(workbook)


def import_url(matrix: Matrix) -> str:
    return f"/api/v1/matrices/{matrix.pk}/xlsx-import/"


def marks_of(matrix: Matrix) -> dict[str, str]:
    return dict(MatrixEntry.objects.filter(matrix=matrix).values_list("field__code", "mark"))


# --- The export -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_workbook_has_the_legend_first_then_a_sheet_per_table_of_the_matrix(draft):
    workbook = export(draft)

    legend = workbook.worksheets[0]
    assert workbook.worksheets[-2].title == "Sources"  # the numbers of reports and acts
    text = " ".join(str(c) for row in legend.iter_rows(values_only=True) for c in row if c)
    assert legend.title == "Legend"
    assert "indicators of fact, not indicators of the degree of compliance" in text
    assert "DRAFT 1540 COMMITTEE MATRIX" in text
    names = [sheet.title for sheet in tables(workbook)]
    # OP 1 lists treaties: one table; OP 2 and OP 3 have a table per weapon type.
    assert names == [
        "OP 1",
        "OP 2 Nuclear weapons",
        "OP 2 Chemical weapons",
        "OP 2 Biological weapons",
        "OP 3 (a)(b) Nuclear weapons",
        "OP 3 (a)(b) Biological weapons",
        "OP 3 (c)(d) Nuclear weapons",
        "OP 3 (c)(d) Chemical weapons",
        "OP 3 (c)(d) Biological weapons",
        "OP 3 (c)(d) Means of delivery",
    ]
    codes = [
        row[0] for sheet in tables(workbook) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert sorted(codes) == sorted(marks_of(draft))


@pytest.mark.django_db
def test_each_table_has_a_frozen_header_a_list_of_marks_and_the_revision_hidden(draft):
    workbook = export(draft)
    sheet = workbook["OP 2 Nuclear weapons"]

    assert [cell.value for cell in sheet[1]] == [
        "Field code",
        "Field",
        "Column",
        "Mark",
        "Legal reference",
        "Source",
        "Remarks",
        "National report cited (number)",
        "Page of the report",
        "Official address",
        "Act cited (number)",
        "Revision (do not change)",
    ]
    assert sheet.freeze_panes == "B2"
    validation = sheet.data_validations.dataValidation[0]
    assert validation.type == "list"
    assert validation.formula1 == '"X,?,NA"'
    assert validation.allow_blank
    assert "D2:D3" in str(validation.sqref)
    assert sheet.column_dimensions[spreadsheet._letter("revision")].hidden
    assert sheet.protection.sheet
    row = {c.value: c for c in sheet[2]}
    assert row["OP2-N-ACQ-LF"].protection.locked  # the code cannot be changed by mistake
    assert not sheet.cell(2, 4).protection.locked  # the mark can
    assert sheet.cell(2, REVISION).value == entry(draft, "OP2-N-ACQ-LF").revision
    meta = workbook[spreadsheet.META_SHEET]
    assert meta.sheet_state == "hidden"
    described = {row[0]: row[1] for row in meta.iter_rows(values_only=True) if row[0] != "sheet"}
    assert described["matrix"] == draft.pk
    assert described["state"] == "CHN"
    assert described["version"] == draft.version
    assert described["template"] == draft.template.code


@pytest.mark.django_db
def test_the_workbook_reads_in_the_readers_language(client, draft, expert):
    client.force_login(expert)

    response = client.get(f"/fr/matrices/{draft.pk}/export.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))

    with translation.override("fr"):
        from states.matrices.legend import INTRODUCTION

        assert workbook.worksheets[0].title == str(translation.gettext("Legend"))
        headers = [cell.value for cell in tables(workbook)[0][1]]
        assert headers[3] == translation.gettext("Mark") != "Mark"
        legend = [c for row in workbook.worksheets[0].iter_rows(values_only=True) for c in row]
        assert str(INTRODUCTION) in legend
    assert "Armes nucléaires" in " ".join(sheet.title for sheet in tables(workbook))


@pytest.mark.django_db
def test_a_text_starting_with_equals_is_exported_as_text_and_comes_back_unchanged(
    api, draft, expert
):
    MatrixEntry.objects.filter(matrix=draft, field__code="OP1-N-NPT").update(
        remarks='=HYPERLINK("http://evil.example","x")'
    )
    workbook = export(draft)
    sheet, number = find(workbook, "OP1-N-NPT")
    assert sheet.cell(number, 7).data_type == "s"

    response = api.as_user(expert).post(
        import_url(draft), {"file": saved(workbook)}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["count"] == 0


# --- The round trip -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_five_marks_changed_offline_are_shown_then_written_with_their_history(
    api, draft, expert, written
):
    before = marks_of(draft)
    counts = written()

    preview = api.as_user(expert).post(
        import_url(draft), {"file": changed_five(draft)}, format="multipart"
    )

    assert preview.status_code == 201, preview.json()
    body = preview.json()
    assert body["count"] == 5
    assert {change["code"]: change["changed"] for change in body["changes"]} == {
        code: [{"name": "mark", "label": "Mark", "old": before[code], "new": mark}]
        for code, mark in FIVE.items()
    }
    # The preview wrote nothing of the matrix: only the staged workbook.
    assert marks_of(draft) == before
    assert all("WorkbookImport" in label for label in counts.changes()), counts

    applied = api.as_user(expert).post(body["apply_url"], {"checksum": body["checksum"]})

    assert applied.status_code == 200, applied.json()
    assert applied.json() == {"matrix": draft.pk, "changed": 5}
    assert marks_of(draft) == {**before, **FIVE}
    history = MatrixEntry.history.filter(matrix_id=draft.pk, history_change_reason=IMPORT_REASON)
    assert sorted(history.values_list("field__code", flat=True)) == sorted(FIVE)
    assert {record.history_user_id for record in history} == {expert.pk}
    staged = MatrixWorkbookImport.objects.get()
    assert staged.applied_changes == 5
    assert staged.applied_at is not None
    # Applied once: the same workbook is not applied twice.
    again = api.as_user(expert).post(body["apply_url"], {"checksum": body["checksum"]})
    assert again.status_code == 409


@pytest.mark.django_db
def test_the_page_shows_the_changes_before_saving_them(client, draft, expert):
    client.force_login(expert)
    before = marks_of(draft)

    upload = client.post(f"/matrices/{draft.pk}/import/", {"file": changed_five(draft)})

    assert upload.status_code == 302
    preview = client.get(upload["Location"])
    assert preview.status_code == 200
    page = preview.content.decode()
    for code in FIVE:
        assert code in page
    assert "OP1-N-NPT" not in page  # unchanged
    assert marks_of(draft) == before
    checksum = preview.context["staged"].sha256

    applied = client.post(upload["Location"], {"checksum": checksum}, follow=True)

    assert applied.status_code == 200
    assert "5 entries were changed from the workbook." in applied.content.decode()
    assert marks_of(draft) == {**before, **FIVE}
    assert (
        MatrixEntry.history.filter(matrix_id=draft.pk, history_change_reason=IMPORT_REASON).count()
        == 5
    )


@pytest.mark.django_db
def test_the_matrix_page_offers_the_import_to_the_experts_only(
    client, build_matrix, expert, poc_chn
):
    matrix = build_matrix("CHN", "commented")
    url = f"/matrices/{matrix.pk}/import/"

    client.force_login(expert)
    assert url in client.get(matrix.get_absolute_url()).content.decode()
    client.force_login(poc_chn)
    page = client.get(matrix.get_absolute_url()).content.decode()
    assert url not in page
    assert f"/matrices/{matrix.pk}/export.xlsx" in page


# --- Every cell checked; nothing written on any error ---------------------------------------------


@pytest.mark.django_db
def test_one_bad_mark_writes_nothing_and_names_its_cell(api, client, draft, expert, written):
    workbook = export(draft)
    for code, mark in FIVE.items():
        set_mark(workbook, code, mark)
    sheet, number = set_mark(workbook, "OP2-C-ACQ-LF", "Y")
    before = marks_of(draft)
    counts = written()

    response = api.as_user(expert).post(
        import_url(draft), {"file": saved(workbook)}, format="multipart"
    )

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["sheet"] == sheet == "OP 2 Chemical weapons"
    assert error["row"] == number
    assert error["column"] == "D"
    assert error["header"] == "Mark"
    assert "“Y” is not a mark" in error["reason"]
    assert f"row {number}, column D" in response.json()["detail"]
    assert counts.unchanged(), counts
    assert marks_of(draft) == before

    client.force_login(expert)
    page = client.post(f"/matrices/{draft.pk}/import/", {"file": saved(workbook)})
    assert page.status_code == 400
    text = page.content.decode()
    assert "Nothing was imported: 1 cell cannot be read." in text
    assert sheet in text and "D (Mark)" in text
    assert counts.unchanged(), counts


@pytest.mark.django_db
def test_every_bad_cell_is_listed_at_once(api, draft, expert, written):
    other = template_with_fields(4, code="other")
    foreign_code = other.fields.first().code
    workbook = export(draft)
    sheet, number = find(workbook, "OP1-C-CWC")
    sheet.cell(number, 5).value = "x" * 2001  # legal reference too long
    sheet, row_x = find(workbook, "OP2-C-ACQ-LF")
    sheet.cell(row_x, 4).value = "X"  # an X without its legal reference
    sheet, row_f = find(workbook, "OP2-B-USE-LF")
    sheet.cell(row_f, 1).value = foreign_code  # a field of another template
    sheet, row_u = find(workbook, "OP3AB-N-ACC-PRD-LF")
    sheet.cell(row_u, 1).value = "OP9-NOWHERE"
    sheet, row_r = find(workbook, "OP3CD-N-EXP-LF")
    sheet.cell(row_r, REVISION).value = "two"
    sheet.cell(row_r, 6).value = "=A1"  # a formula typed in a cell
    counts = written()

    response = api.as_user(expert).post(
        import_url(draft), {"file": saved(workbook)}, format="multipart"
    )

    assert response.status_code == 400
    reasons = {(e["sheet"], e["row"], e["column"]): e["reason"] for e in response.json()["errors"]}
    assert reasons[("OP 1", number, "E")] == "This is 2001 characters long; the limit is 2000."
    assert "give the act and article" in reasons[("OP 2 Chemical weapons", row_x, "E")]
    assert "belongs to another template" in reasons[("OP 2 Biological weapons", row_f, "A")]
    assert (
        "no field of the matrix has the code"
        in reasons[("OP 3 (a)(b) Nuclear weapons", row_u, "A")]
    )
    assert "revision" in reasons[("OP 3 (c)(d) Nuclear weapons", row_r, "L")]
    assert counts.unchanged(), counts


@pytest.mark.django_db
def test_moved_columns_and_renamed_sheets_are_refused(api, draft, expert, written):
    workbook = export(draft)
    workbook["OP 1"].cell(1, 4).value = "Mark (new)"
    workbook["OP 2 Nuclear weapons"].title = "Nuclear"
    counts = written()

    response = api.as_user(expert).post(
        import_url(draft), {"file": saved(workbook)}, format="multipart"
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"sheet": "OP 1", "row": 1, "column": "D"}.items() <= errors[-1].items() or any(
        e["sheet"] == "OP 1" and e["row"] == 1 and e["column"] == "D" for e in errors
    )
    assert any(e["sheet"] == "Nuclear" and e["row"] is None for e in errors)
    assert any(e["sheet"] == "OP 2 Nuclear weapons" and e["row"] is None for e in errors)
    assert counts.unchanged(), counts


# --- A workbook made before an entry was saved again ----------------------------------------------


@pytest.mark.django_db
def test_a_workbook_older_than_an_entry_is_refused_with_409_and_writes_nothing(
    api, client, draft, expert, secretariat, written
):
    upload = changed_five(draft)
    # A colleague saves an entry the workbook does not even change, after the export.
    colleague = entry(draft, "OP1-N-NPT")
    services.update_entry(
        colleague, acting_user=secretariat, revision=colleague.revision, remarks="Checked again"
    )
    before = marks_of(draft)
    counts = written()

    response = api.as_user(expert).post(import_url(draft), {"file": upload}, format="multipart")

    assert response.status_code == 409
    assert "OP1-N-NPT" in response.json()["detail"]
    assert "Export the matrix again" in response.json()["detail"]
    assert counts.unchanged(), counts

    client.force_login(expert)
    upload.seek(0)
    page = client.post(f"/matrices/{draft.pk}/import/", {"file": upload})
    assert page.status_code == 409
    assert "this workbook was exported before OP1-N-NPT were saved again" in page.content.decode()
    assert counts.unchanged(), counts
    assert marks_of(draft) == before


@pytest.mark.django_db
def test_an_entry_saved_between_the_preview_and_the_apply_refuses_the_apply(
    api, client, draft, expert, secretariat
):
    body = (
        api.as_user(expert)
        .post(import_url(draft), {"file": changed_five(draft)}, format="multipart")
        .json()
    )
    colleague = entry(draft, "OP2-C-ACQ-LF")
    services.update_entry(
        colleague, acting_user=secretariat, revision=colleague.revision, mark="NA"
    )
    before = marks_of(draft)
    history = MatrixEntry.history.count()

    applied = api.as_user(expert).post(body["apply_url"], {"checksum": body["checksum"]})

    assert applied.status_code == 409
    assert "OP2-C-ACQ-LF" in applied.json()["detail"]
    client.force_login(expert)
    preview_url = f"/matrices/{draft.pk}/import/{body['id']}/"
    page = client.post(preview_url, {"checksum": body["checksum"]})
    assert page.status_code == 409
    assert "Export the matrix again" in page.content.decode()
    assert client.get(preview_url).status_code == 409
    assert marks_of(draft) == before
    assert MatrixEntry.history.count() == history
    assert MatrixWorkbookImport.objects.get().applied_at is None


@pytest.mark.django_db
def test_the_apply_needs_the_checksum_of_the_workbook_previewed(api, draft, expert):
    body = (
        api.as_user(expert)
        .post(import_url(draft), {"file": changed_five(draft)}, format="multipart")
        .json()
    )
    before = marks_of(draft)

    for data in ({"checksum": "0" * 64}, {}):
        response = api.as_user(expert).post(body["apply_url"], data)
        assert response.status_code == 400
        assert "checksum" in response.json()["errors"]
    assert marks_of(draft) == before


# --- Files that are not this matrix's workbook ----------------------------------------------------


def _named(content: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "matrix.xlsx", "is not an Excel workbook (XLSX)"),
        (b"code,mark\nOP1-N-NPT,X\n", "matrix.csv", "is not an Excel workbook (XLSX)"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "matrix.xls", "old Excel format"),
        (b"", "empty.xlsx", "The submitted file is empty."),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(
    api, draft, expert, written, content, name, message
):
    counts = written()

    response = api.as_user(expert).post(
        import_url(draft), {"file": _named(content, name)}, format="multipart"
    )

    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert counts.unchanged(), counts


@pytest.mark.django_db
def test_a_zip_that_is_not_a_workbook_is_refused(api, draft, expert, written):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    counts = written()

    response = api.as_user(expert).post(
        import_url(draft), {"file": _named(buffer.getvalue(), "m.xlsx")}, format="multipart"
    )

    assert response.status_code == 400
    assert "is not an Excel workbook" in response.json()["detail"]
    assert counts.unchanged(), counts


@pytest.mark.django_db
def test_a_workbook_too_large_is_refused(api, client, draft, expert, written, monkeypatch):
    upload = changed_five(draft)
    monkeypatch.setattr(spreadsheet, "MAX_WORKBOOK_BYTES", 1000)
    counts = written()

    response = api.as_user(expert).post(import_url(draft), {"file": upload}, format="multipart")

    assert response.status_code == 400
    assert "the largest workbook accepted is 1000" in response.json()["detail"]
    client.force_login(expert)
    upload.seek(0)
    page = client.post(f"/matrices/{draft.pk}/import/", {"file": upload})
    assert page.status_code == 400
    assert "the largest workbook accepted is" in page.content.decode()
    assert counts.unchanged(), counts


@pytest.mark.django_db
def test_another_matrixs_workbook_is_refused(api, build_matrix, draft, expert, written):
    brazil = build_matrix("BRA", "draft")
    counts = written()

    response = api.as_user(expert).post(
        import_url(draft), {"file": changed_five(brazil)}, format="multipart"
    )

    assert response.status_code == 400
    assert "This workbook is of another matrix (BRA, version 1)" in response.json()["detail"]
    assert counts.unchanged(), counts


@pytest.mark.django_db
def test_a_workbook_not_exported_from_a_matrix_is_refused(api, draft, expert, written):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Field code", "Mark"])
    counts = written()

    response = api.as_user(expert).post(
        import_url(draft), {"file": saved(workbook)}, format="multipart"
    )

    assert response.status_code == 400
    assert "was not exported from a matrix" in response.json()["detail"]
    assert counts.unchanged(), counts


@pytest.mark.django_db
def test_no_file_is_refused_with_a_message(api, client, draft, expert, written):
    counts = written()

    response = api.as_user(expert).post(import_url(draft), {}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    client.force_login(expert)
    page = client.post(f"/matrices/{draft.pk}/import/", {})
    assert page.status_code == 400
    assert "Choose the workbook to import." in page.content.decode()
    assert counts.unchanged(), counts


# --- Who may import -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_public_and_another_states_poc_cannot_import(
    api, client, build_matrix, poc_bra, written
):
    matrix = build_matrix("CHN", "commented")
    upload = changed_five(matrix)
    counts = written()

    assert api.as_user(None).post(
        import_url(matrix), {"file": upload}, format="multipart"
    ).status_code in (
        401,
        403,
        404,
    )
    upload.seek(0)
    assert (
        api.as_user(poc_bra)
        .post(import_url(matrix), {"file": upload}, format="multipart")
        .status_code
        == 404
    )
    assert client.get(f"/matrices/{matrix.pk}/import/").status_code == 302  # to sign in
    client.force_login(poc_bra)
    assert client.get(f"/matrices/{matrix.pk}/import/").status_code == 404
    upload.seek(0)
    assert client.post(f"/matrices/{matrix.pk}/import/", {"file": upload}).status_code == 404
    assert counts.unchanged(), counts


@pytest.mark.django_db
def test_the_states_poc_exports_the_version_they_review_but_does_not_import_it(
    api, client, build_matrix, poc_chn, written
):
    matrix = build_matrix("CHN", "commented")
    client.force_login(poc_chn)

    exported = client.get(f"/matrices/{matrix.pk}/export.xlsx")
    assert exported.status_code == 200
    assert api.as_user(poc_chn).get(f"/api/v1/matrices/{matrix.pk}/xlsx/").status_code == 200
    upload = changed_five(matrix)
    counts = written()

    refused = api.as_user(poc_chn).post(import_url(matrix), {"file": upload}, format="multipart")

    assert refused.status_code == 403
    assert "Only the experts and the secretariat import workbooks" in refused.json()["detail"]
    assert client.get(f"/matrices/{matrix.pk}/import/").status_code == 403
    assert counts.unchanged(), counts


@pytest.mark.django_db
def test_the_expert_imports_into_a_version_whose_comments_are_back(api, build_matrix, expert):
    matrix = build_matrix("CHN", "commented")

    response = api.as_user(expert).post(
        import_url(matrix), {"file": changed_five(matrix)}, format="multipart"
    )

    assert response.status_code == 201
    assert response.json()["count"] == 5


@pytest.mark.django_db
def test_a_version_with_the_state_or_published_is_not_imported_into(
    api, client, build_matrix, expert, written
):
    sent = build_matrix("CHN", "sent")
    upload = changed_five(sent)
    counts = written()

    response = api.as_user(expert).post(import_url(sent), {"file": upload}, format="multipart")

    assert response.status_code == 409
    assert "a workbook is imported into a draft" in response.json()["detail"]
    client.force_login(expert)
    page = client.get(f"/matrices/{sent.pk}/import/", follow=True)
    assert "it can no longer be edited" in page.content.decode()
    assert counts.unchanged(), counts


@pytest.mark.django_db
def test_only_the_uploader_sees_and_applies_a_staged_workbook(
    api, client, draft, expert, secretariat
):
    body = (
        api.as_user(expert)
        .post(import_url(draft), {"file": changed_five(draft)}, format="multipart")
        .json()
    )
    before = marks_of(draft)

    applied = api.as_user(secretariat).post(body["apply_url"], {"checksum": body["checksum"]})

    assert applied.status_code == 404
    client.force_login(secretariat)
    assert client.get(f"/matrices/{draft.pk}/import/{body['id']}/").status_code == 404
    assert marks_of(draft) == before


# --- The CSV carries the legend too ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_csv_ends_with_the_legend_in_the_readers_language(client, build_matrix):
    matrix = build_matrix("CHN", "published", marks=MARKS)

    body = client.get(f"/fr/matrices/{matrix.pk}/export.csv").content.decode("utf-8-sig")

    table, _blank, legend = body.partition("\r\n\r\n")
    assert table.startswith("field_code,")
    with translation.override("fr"):
        from states.matrices.legend import INTRODUCTION, TITLE

        assert legend.startswith(str(TITLE))
        assert re.sub(r'"', "", str(INTRODUCTION)) in legend.replace('"', "")


# --- The sources an entry cites ------------------------------------------------------------------


def _act(iso3: str, by, title: str):
    from states.legislation import services as legislation_services
    from tests import factories

    return legislation_services.record_legislation(
        factories.state(iso3),
        acting_user=by,
        title=title,
        year=2010,
        language="en",
        topics=["export_controls"],
        weapon_types=["nuclear"],
        official_url="https://laws.example.org/act",
    )


@pytest.mark.django_db
def test_an_act_of_the_state_is_cited_by_its_number_and_another_states_is_refused(
    api, draft, expert, secretariat, written
):
    own = _act("CHN", secretariat, "Export Control Law")
    foreign = _act("BRA", secretariat, "Lei de exportação")
    workbook = export(draft)
    sources = workbook["Sources"]
    listed = [row[0] for row in sources.iter_rows(values_only=True)]
    assert own.pk in listed
    assert foreign.pk not in listed
    act_column = spreadsheet.INDEX["legislation_id"] + 1
    sheet, number = find(workbook, "OP2-C-ACQ-LF")
    sheet.cell(number, act_column).value = own.pk
    sheet.cell(number, 4).value = "X"  # the act cited is its legal basis
    counts = written()

    preview = api.as_user(expert).post(
        import_url(draft), {"file": saved(workbook)}, format="multipart"
    )

    assert preview.status_code == 201, preview.json()
    (change,) = preview.json()["changes"]
    assert {value["name"]: value["new"] for value in change["changed"]} == {
        "mark": "X",
        "legislation_id": str(own.pk),
    }

    sheet.cell(number, act_column).value = foreign.pk
    refused = api.as_user(expert).post(
        import_url(draft), {"file": saved(workbook)}, format="multipart"
    )

    assert refused.status_code == 400
    (error,) = refused.json()["errors"]
    assert (error["sheet"], error["row"], error["column"]) == (sheet.title, number, "K")
    assert "another state's legislation" in error["reason"]
    assert entry(draft, "OP2-C-ACQ-LF").legislation_id is None
    assert len(counts.changes()) <= 2  # the one staged preview, and its history row


# --- Cost -----------------------------------------------------------------------------------------


def _queries_to_check(matrix: Matrix, user) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    workbook = export(matrix)
    first = tables(workbook)[0]
    first.cell(2, 4).value = "NA"  # one change, so that its sources are checked too
    content = saved(workbook).getvalue()
    with CaptureQueriesContext(connection) as queries:
        spreadsheet.stage_workbook(matrix, content, acting_user=user)
    return len(queries)


@pytest.mark.django_db
def test_checking_a_workbook_costs_the_same_queries_for_twelve_fields_or_four_hundred(
    draft, expert
):
    from states.models import MemberState

    small = _queries_to_check(draft, expert)
    template_with_fields(400, code="big")
    big = services.start_draft(MemberState.objects.get(iso3="BRA"), acting_user=expert)
    assert big.entries.count() == 400

    assert _queries_to_check(big, expert) == small
