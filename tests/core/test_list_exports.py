"""Issue 17, "Exports people can open": every list page and list endpoint that people export
answers CSV (with the byte order mark Excel needs) and XLSX (openpyxl: bold frozen header, dates
as dates), with the list's filters, headed in the reader's language; open data answers 304 when
the harvester already has the file."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.assistance import builders

# The pages' download routes: (URL name, who may read the list).
PAGE_EXPORTS = [
    ("states:state-export", None),
    ("states:report-export", None),
    ("states:contact-export", "secretariat"),
    ("assistance:request-export", None),
    ("assistance:offer-export", None),
    ("assistance:match-export", "secretariat"),
    ("outreach:event-export", None),
    ("outreach:organization-export", None),
    ("outreach:contact-export", "secretariat"),
    ("workinggroups:programme-export", None),
    ("workinggroups:meeting-export", "member"),
]

# The API's lists, with ?format=csv / ?format=xlsx.
API_LISTS = [
    ("/api/v1/states/", None),
    ("/api/v1/reports/", None),
    ("/api/v1/points-of-contact/", "secretariat"),
    ("/api/v1/assistance/requests/", None),
    ("/api/v1/assistance/offers/", None),
    ("/api/v1/assistance/matches/", "secretariat"),
    ("/api/v1/events/", None),
    ("/api/v1/organizations/", None),
    ("/api/v1/programme/", None),
    ("/api/v1/meetings/", "member"),
]

OPEN_DATA = [
    "states:state-open-data",
    "states:report-open-data",
    "states:matrix-open-data-list",
    "assistance:request-open-data",
    "assistance:offer-open-data",
    "outreach:event-open-data",
]


def workbook_of(body: bytes):
    return load_workbook(io.BytesIO(body)).active


def _reader(request, role):
    return request.getfixturevalue(role) if role else None


@pytest.mark.parametrize(("name", "role"), PAGE_EXPORTS)
def test_every_page_export_opens_in_a_spreadsheet_with_a_frozen_french_header(
    client, request, member_states, name, role
):
    from django.urls import reverse
    from django.utils import translation

    user = _reader(request, role)
    if user:
        client.force_login(user)
    with translation.override("fr"):
        xlsx_url, csv_url = reverse(name, args=["xlsx"]), reverse(name, args=["csv"])
    assert xlsx_url.startswith("/fr/")

    response = client.get(xlsx_url)

    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = workbook_of(response.content)
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header and all(cell.font.b for cell in sheet[1])

    body = client.get(csv_url).content
    assert body.startswith("\ufeff".encode())
    assert next(csv.reader(io.StringIO(body.decode("utf-8-sig")))) == header


def test_the_states_headers_are_in_french(client, member_states):
    sheet = workbook_of(client.get("/fr/states/export.xlsx").content)
    header = [cell.value for cell in sheet[1]]
    assert "nom" in [h.lower() for h in header]
    assert sheet.max_row == 1 + len(member_states)


def test_the_states_export_keeps_the_list_filters(client, member_states):
    sheet = workbook_of(client.get("/states/export.xlsx?q=Brazil").content)
    assert sheet.max_row == 2
    assert "BRA" in [cell.value for cell in sheet[2]]


def test_an_export_in_an_unknown_format_is_not_found(client, member_states):
    assert client.get("/states/export.pdf").status_code == 404


@pytest.mark.parametrize(("path", "role"), API_LISTS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_list_endpoint_answers_csv_and_xlsx(api, request, member_states, path, role, fmt):
    api.as_user(_reader(request, role))

    response = api.get(path, {"format": fmt}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200, response.content[:300]
    assert "attachment" in response["Content-Disposition"]
    if fmt == "csv":
        assert response.content.startswith("\ufeff".encode())
    else:
        assert workbook_of(response.content).freeze_panes == "A2"


def test_an_api_export_holds_every_row_not_one_page(api, member_states):
    sheet = workbook_of(api.get("/api/v1/states/", {"format": "xlsx"}).content)
    assert sheet.max_row == 1 + len(member_states)


@pytest.mark.parametrize("name", OPEN_DATA)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_open_data_names_its_licence_and_answers_304_to_the_same_etag(
    client, member_states, name, fmt
):
    from django.urls import reverse

    url = reverse(name, args=[fmt])
    response = client.get(url)

    assert response.status_code == 200
    assert response["ETag"]
    body = response.content.decode("utf-8-sig")
    if fmt == "json":
        assert response.json()["licence"].startswith("Creative Commons")
    else:
        assert body.startswith("# Creative Commons")
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_open_data_answers_304_to_if_modified_since(client, member_states, poc_chn):
    builders.request("CHN", by=poc_chn, consent=True, title="Published request")
    response = client.get("/open-data/assistance-requests.json")
    assert response["Last-Modified"]

    again = client.get(
        "/open-data/assistance-requests.json", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )

    assert again.status_code == 304
