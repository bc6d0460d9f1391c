"""A report in English and French (issue 15, Done when 3): its public page lists both versions,
the original marked, and opens the reader's language first, whether the reader comes by the
site's French address or with a browser that asks for French; the API lists both versions and
each download is its own file. (The refusals of a bad version, a file of the wrong kind or too
large, a language not among the six, are tests/states/test_report_documents.py's and
tests/api/test_reports_api.py's.)"""

from __future__ import annotations

import re

import pytest
from pytest_django.asserts import assertContains

from states.choices import ReportStatus
from states.reports import services
from states.reports.models import NationalReport
from tests import factories


@pytest.fixture
def english_and_french(poc_chn, secretariat) -> NationalReport:
    """China's published report, written in English, with the French version it sent too."""
    report = factories.report(
        "CHN",
        by=poc_chn,
        language="en",
        status=ReportStatus.SUBMITTED,
        title="Report in two languages",
        text="English original",
    )
    services.add_report_document(
        report,
        language="fr",
        document=factories.pdf_upload(name="rapport.pdf", text="Version francaise"),
        acting_user=poc_chn,
    )
    return services.publish_report(report, acting_user=secretariat)


def listed(response) -> list[str]:
    """The versions the page links to, in its order."""
    return re.findall(r'\?language=(\w+)" hreflang="\1"', response.content.decode())


def test_the_public_page_lists_both_versions_the_original_marked(client, english_and_french):
    response = client.get(english_and_french.get_absolute_url())

    assert listed(response) == ["en", "fr"]
    assertContains(response, "English (PDF)")
    assertContains(response, "French (PDF)")
    assertContains(response, "Original", count=1)
    assertContains(response, english_and_french.symbol)


def test_the_french_reader_gets_the_french_version_first(client, english_and_french):
    response = client.get(f"/fr{english_and_french.get_absolute_url()}")

    assert listed(response) == ["fr", "en"]
    assertContains(response, "Français (PDF)")
    assertContains(response, "Anglais (PDF)")


@pytest.mark.parametrize(
    ("accept", "order"),
    [("fr-FR,fr;q=0.9,en;q=0.5", ["fr", "en"]), ("en-GB,en;q=0.8", ["en", "fr"])],
)
def test_a_browser_asking_for_french_gets_the_french_version_first(
    client, english_and_french, accept, order
):
    response = client.get(english_and_french.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=accept)

    assert listed(response) == order
    assert "Accept-Language" in response["Vary"]


def test_a_reader_of_a_language_the_report_lacks_gets_the_original_first(
    client, english_and_french
):
    assert listed(client.get(f"/ar{english_and_french.get_absolute_url()}")) == ["en", "fr"]
    response = client.get(english_and_french.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru")
    assert listed(response) == ["en", "fr"]


@pytest.mark.parametrize(("language", "text"), [("en", "English original"), ("fr", "Version")])
def test_each_version_downloads_its_own_file(client, english_and_french, language, text):
    response = client.get(f"/reports/{english_and_french.pk}/document/?language={language}")

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert text.encode() in body
    assert f"-{language}.pdf" in response["Content-Disposition"]


def test_the_api_lists_both_versions_the_original_first(api, english_and_french):
    body = api.get(f"/api/v1/reports/{english_and_french.pk}/").json()

    assert [(row["language"], row["original"]) for row in body["documents"]] == [
        ("en", True),
        ("fr", False),
    ]
    assert body["language"] == "en"
    assert body["symbol"] == english_and_french.symbol
    french = api.get(body["documents"][1]["url"])
    assert french.status_code == 200
    assert b"Version francaise" in b"".join(french.streaming_content)
