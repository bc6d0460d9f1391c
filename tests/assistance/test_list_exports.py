"""Issue 17: what a list export holds. A point of contact's formula title is text in the
secretariat's CSV and XLSX; the public's export (pages, API, open data) never holds what the
public may not see, and a point of contact of another state gets no more than the public."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.assistance import builders

HYPERLINK = '=HYPERLINK("http://example.org","Click")'


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_cells(body: bytes) -> list:
    sheet = load_workbook(io.BytesIO(body)).active
    return [cell for row in sheet.iter_rows(min_row=2) for cell in row]


@pytest.fixture
def formula_request(poc_chn):
    return builders.request("CHN", by=poc_chn, title=HYPERLINK)


@pytest.mark.parametrize(
    "path", ["/assistance/requests/export.csv", "/api/v1/assistance/requests/?format=csv"]
)
def test_a_pocs_formula_title_is_text_in_the_secretariats_csv(
    client, secretariat, formula_request, path
):
    client.force_login(secretariat)

    cells = [cell for row in csv_rows(client.get(path).content)[1:] for cell in row]

    assert "'" + HYPERLINK in cells
    assert HYPERLINK not in cells


@pytest.mark.parametrize(
    "path", ["/assistance/requests/export.xlsx", "/api/v1/assistance/requests/?format=xlsx"]
)
def test_a_pocs_formula_title_is_text_in_the_secretariats_xlsx(
    client, secretariat, formula_request, path
):
    client.force_login(secretariat)

    cells = xlsx_cells(client.get(path).content)

    titles = [cell for cell in cells if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    assert titles and all(cell.data_type == "s" for cell in titles)
    assert all(not cell.value.startswith("=") for cell in titles)


@pytest.fixture
def private_and_public(poc_chn):
    builders.request("CHN", by=poc_chn, title="China private request")
    builders.request("CHN", by=poc_chn, title="China published request", consent=True)


EXPORTS_OF_REQUESTS = [
    "/assistance/requests/export.csv",
    "/assistance/requests/export.xlsx",
    "/api/v1/assistance/requests/?format=csv",
    "/api/v1/assistance/requests/?format=xlsx",
    "/open-data/assistance-requests.csv",
    "/open-data/assistance-requests.json",
]


def _text(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        return " ".join(str(cell.value) for cell in xlsx_cells(response.content))
    return response.content.decode("utf-8-sig")


@pytest.mark.parametrize("path", EXPORTS_OF_REQUESTS)
def test_the_public_export_never_holds_another_states_unpublished_request(
    client, private_and_public, path
):
    text = _text(client.get(path))

    assert "China published request" in text
    assert "China private request" not in text


@pytest.mark.parametrize("path", EXPORTS_OF_REQUESTS[:4])
def test_a_poc_of_another_state_gets_no_unpublished_request(
    client, poc_bra, private_and_public, path
):
    client.force_login(poc_bra)

    text = _text(client.get(path))

    assert "China published request" in text
    assert "China private request" not in text


@pytest.mark.parametrize("path", EXPORTS_OF_REQUESTS[:4])
def test_the_requesting_states_poc_exports_its_own_unpublished_request(
    client, poc_chn, private_and_public, path
):
    client.force_login(poc_chn)

    assert "China private request" in _text(client.get(path))


@pytest.mark.parametrize("path", EXPORTS_OF_REQUESTS)
def test_the_public_export_holds_no_staff_username(client, private_and_public, poc_chn, path):
    text = _text(client.get(path))

    assert poc_chn.username not in text


def test_the_open_data_is_the_publics_even_for_the_secretariat(
    client, secretariat, private_and_public
):
    client.force_login(secretariat)

    text = client.get("/open-data/assistance-requests.json").content.decode()

    assert "China private request" not in text


def test_a_control_character_in_a_title_does_not_break_the_xlsx(client, secretariat, poc_chn):
    builders.request("CHN", by=poc_chn, title="Pasted\x0b title")
    client.force_login(secretariat)

    response = client.get("/assistance/requests/export.xlsx")

    assert response.status_code == 200
    assert "Pasted title" in [cell.value for cell in xlsx_cells(response.content)]


def test_a_bad_filter_of_an_api_export_is_the_apis_json_error(api, member_states):
    response = api.get(
        "/api/v1/assistance/requests/", {"format": "xlsx", "received_after": "not-a-date"}
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
