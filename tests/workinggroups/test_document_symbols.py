"""A working paper issued as the Committee's own document at its circulation (issue 15): it takes
the next UN symbol of the year, in the same sequence as the national reports
(core/symbols.py); a symbol entered for it is checked the same way; a symbol the document
already carries (a Council document) is recorded as it is. Refusals write nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pytest_django.asserts import assertContains

from core import symbols
from core.models import DocumentSymbol, DocumentSymbolCounter
from states.choices import ReportStatus
from tests import factories
from tests.helpers import Written
from tests.workinggroups.fixtures import MEETING_TABLES, in_days, meeting
from workinggroups import services
from workinggroups.models import MeetingDocument

YEAR = timezone.localdate().year


def symbol(number: int) -> str:
    return f"S/AC.44/{YEAR}/{number}"


@pytest.fixture
def upcoming(secretariat, working_groups):
    return meeting(secretariat, starts_at=in_days(7))


def written() -> Written:
    return Written(*MEETING_TABLES, DocumentSymbol, DocumentSymbolCounter)


def paper(**fields) -> dict:
    return {"title": "Working paper on reporting", "file": factories.pdf_upload(), **fields}


def test_a_working_paper_issued_by_the_committee_takes_the_next_symbol(secretariat, upcoming):
    document = services.circulate_document(
        upcoming, acting_user=secretariat, issue_symbol=True, **paper()
    )

    assert document.symbol == symbol(1)
    assert DocumentSymbol.objects.get().document == document
    assert document.history.count() == 1


def test_reports_and_working_papers_share_the_years_sequence(secretariat, poc_chn, upcoming):
    factories.report("CHN", by=poc_chn, status=ReportStatus.PUBLISHED, publisher=secretariat)

    document = services.circulate_document(
        upcoming, acting_user=secretariat, issue_symbol=True, symbol=symbol(2), **paper()
    )

    assert document.symbol == symbol(2)
    assert symbols.proposed_symbol() == symbol(3)


def test_a_symbol_the_document_already_carries_is_recorded_as_it_is(secretariat, upcoming):
    document = services.circulate_document(
        upcoming, acting_user=secretariat, symbol=" S/2018/1034 ", **paper()
    )

    assert document.symbol == "S/2018/1034"
    assert not DocumentSymbol.objects.exists()


def test_a_symbol_of_this_years_series_not_issued_is_refused(secretariat, upcoming):
    counts = written()

    with pytest.raises(ValidationError) as refusal:
        services.circulate_document(upcoming, acting_user=secretariat, symbol=symbol(3), **paper())

    assert "has not been issued" in refusal.value.message_dict["symbol"][0]
    assert counts.unchanged()


def test_a_working_paper_issued_before_is_circulated_again_under_its_symbol(secretariat, upcoming):
    first = services.circulate_document(
        upcoming, acting_user=secretariat, issue_symbol=True, **paper()
    )
    later = meeting(secretariat, starts_at=in_days(14), title="Working Group 1: follow-up")

    again = services.circulate_document(
        later, acting_user=secretariat, symbol=first.symbol, **paper()
    )

    assert again.symbol == first.symbol == symbol(1)
    assert DocumentSymbol.objects.count() == 1


@pytest.mark.parametrize(
    ("entered", "message"),
    [
        (symbol(2), "is out of sequence"),
        ("S/AC.44/2018/(02)/1", "is not a symbol of the Committee"),
    ],
)
def test_a_symbol_entered_for_an_issue_is_checked_and_nothing_is_written(
    secretariat, upcoming, settings, entered, message
):
    counts = written()

    with pytest.raises(ValidationError) as refusal:
        services.circulate_document(
            upcoming, acting_user=secretariat, issue_symbol=True, symbol=entered, **paper()
        )

    assert message in refusal.value.message_dict["symbol"][0]
    assert counts.unchanged()
    assert not list((settings.MEDIA_ROOT / "meetings").glob("**/*.pdf"))


def test_the_secretariat_issues_a_working_paper_from_the_meeting_page(
    client, secretariat, upcoming
):
    client.force_login(secretariat)

    response = client.post(
        f"/meetings/{upcoming.pk}/documents/", {"language": "en", "issue_symbol": "on", **paper()}
    )

    assert response.status_code == 302
    assert MeetingDocument.objects.get().symbol == symbol(1)
    page = client.get(f"/meetings/{upcoming.pk}/")
    assertContains(page, symbol(1))
    assertContains(page, "Issue it as a document of the Committee, under the next UN symbol")


def test_a_refused_symbol_on_the_page_is_explained_and_nothing_written(
    client, secretariat, upcoming
):
    client.force_login(secretariat)
    counts = written()

    response = client.post(
        f"/meetings/{upcoming.pk}/documents/",
        {"language": "en", "issue_symbol": "on", "symbol": symbol(4), **paper()},
    )

    assertContains(response, "is out of sequence", status_code=400)
    assert counts.unchanged()


def test_the_api_issues_a_working_paper(api, secretariat, upcoming):
    response = api.as_user(secretariat).post(
        f"/api/v1/meetings/{upcoming.pk}/documents/",
        {"issue_symbol": "true", **paper()},
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["symbol"] == symbol(1)
    assert "issue_symbol" not in response.json()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"issue_symbol": "true", "symbol": symbol(9)}, "is out of sequence"),
        ({"issue_symbol": "maybe"}, "Must be a valid boolean."),
    ],
)
def test_the_api_refuses_a_bad_issue_with_400_and_writes_nothing(
    api, secretariat, upcoming, data, message
):
    counts = written()

    response = api.as_user(secretariat).post(
        f"/api/v1/meetings/{upcoming.pk}/documents/", {**paper(), **data}, format="multipart"
    )

    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert counts.unchanged()


@pytest.mark.parametrize("persona", [None, "poc_chn", "poc_bra", "member", "expert"])
def test_only_the_secretariat_issues_a_working_paper(api, request, upcoming, persona):
    user = request.getfixturevalue(persona) if persona else None
    counts = written()

    response = api.as_user(user).post(
        f"/api/v1/meetings/{upcoming.pk}/documents/",
        {"issue_symbol": "true", **paper()},
        format="multipart",
    )

    assert response.status_code in (401, 403, 404)
    assert counts.unchanged()
