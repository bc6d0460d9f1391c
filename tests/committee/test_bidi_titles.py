"""Right-to-left override characters make a title read backwards (issue 11, point 12): a report
titled "Annex ‮fdp.exe" is shown as "Annex exe.pdf". One validator on the title and name fields
of the models refuses them, so the forms and the API both do; ordinary Arabic is accepted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.validators import no_bidi_override
from states.choices import ReportKind
from states.reports.models import NationalReport
from tests import factories

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"
REVERSED = "Annex \u202efdp.exe"
MESSAGE = "Remove the invisible direction-control characters (U+202E)"


@pytest.mark.parametrize(
    ("text", "characters"),
    [
        ("\u202eevil", "U+202E"),
        ("\u202devil", "U+202D"),
        ("open \u2067never closed", "U+2067"),
        ("closed \u2069without opening", "U+2069"),
        ("\u202bunclosed embedding", "U+202B"),
        ("\u2066crossed\u202c\u2069", "U+202C"),
    ],
)
def test_overrides_and_unbalanced_direction_marks_are_refused(text, characters):
    with pytest.raises(ValidationError) as refused:
        no_bidi_override(text)
    assert refused.value.code == "bidi_override"
    assert f"({characters}" in refused.value.messages[0]


@pytest.mark.parametrize(
    "text",
    [
        "التقرير الوطني المقدم عملا بالقرار 1540 (2004)",
        "Report \u2067تقرير\u2069 (2024)",
        "Annex \u202bملحق\u202c",
        "Rapport national de la France",
        "中华人民共和国国家报告",
    ],
)
def test_ordinary_arabic_and_balanced_isolates_are_accepted(text):
    no_bidi_override(text)


def test_a_poc_posting_a_reversed_title_through_the_api_is_refused_and_nothing_is_written(
    api, poc_chn
):
    before = NationalReport.objects.count(), NationalReport.history.count()
    response = api.as_user(poc_chn).post(
        REPORTS,
        {
            "state": "CHN",
            "kind": ReportKind.FIRST,
            "language": "en",
            "title": REVERSED,
            "document": factories.pdf_upload(),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"title: {MESSAGE}")
    assert (NationalReport.objects.count(), NationalReport.history.count()) == before


def test_the_report_form_refuses_a_reversed_title_too(client, poc_chn):
    client.force_login(poc_chn)
    response = client.post(
        "/my-state/",
        {
            "kind": ReportKind.ADDITIONAL,
            "language": "en",
            "title": REVERSED,
            "document": factories.pdf_upload(),
            "submit": "1",
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not NationalReport.objects.exists()


def test_a_poc_requesting_assistance_with_a_reversed_title_is_refused(api, poc_chn):
    from assistance.models import AssistanceRequest

    response = api.as_user(poc_chn).post(
        "/api/v1/assistance/requests/",
        {"state": "CHN", "title": "Training \u202dlanoitan", "description": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "title" in response.json()["errors"]
    assert "U+202D" in response.json()["errors"]["title"][0]
    assert not AssistanceRequest.objects.exists()


def test_an_arabic_title_is_accepted_through_the_api(api, poc_chn):
    response = api.as_user(poc_chn).post(
        REPORTS,
        {
            "state": "CHN",
            "kind": ReportKind.FIRST,
            "language": "ar",
            "title": "التقرير الوطني الأول",
            "document": factories.pdf_upload(),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert NationalReport.objects.get().title == "التقرير الوطني الأول"
