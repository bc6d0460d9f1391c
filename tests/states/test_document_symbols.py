"""UN document symbols (issue 15): a national report is published under ``S/AC.44/<year>/<n>``,
the next of the year proposed, an entered one checked; the year's numbers have no gap and no
duplicate, even with publications at the same moment (the register and its counter,
core/symbols.py); refusals say why and write nothing."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone
from pytest_django.asserts import assertContains
from rest_framework.test import APIClient

from core import symbols
from core.models import DocumentSymbol, DocumentSymbolCounter
from states.choices import ReportStatus
from states.reports import services
from states.reports.models import NationalReport
from tests import factories
from tests.helpers import Written, login_redirect

YEAR = timezone.localdate().year


def symbol(number: int, year: int = YEAR) -> str:
    return f"S/AC.44/{year}/{number}"


def submitted(poc, iso3: str = "CHN", title: str = "China submitted addendum") -> NationalReport:
    return factories.report(iso3, by=poc, status=ReportStatus.SUBMITTED, title=title)


class Untouched:
    """A refused publication leaves the report submitted, issues no symbol, and moves no
    counter."""

    def __init__(self, report: NationalReport) -> None:
        self.report = report
        self.written = Written(NationalReport, DocumentSymbol, DocumentSymbolCounter)
        self.next = symbols.proposed_symbol()

    def __bool__(self) -> bool:
        self.report.refresh_from_db()
        return (
            self.written.unchanged()
            and symbols.proposed_symbol() == self.next
            and self.report.status == ReportStatus.SUBMITTED
            and self.report.symbol == ""
        )


@pytest.fixture
def chinas_submitted(poc_chn):
    return submitted(poc_chn)


@pytest.fixture
def one_issued(poc_chn, secretariat):
    """A report published before: this year's first symbol is taken."""
    report = submitted(poc_chn, title="Published before")
    return services.publish_report(report, acting_user=secretariat)


# --- the service ---------------------------------------------------------------------------------


def test_a_poc_submitted_report_is_published_under_the_next_symbol_of_the_year(
    secretariat, poc_chn, chinas_submitted
):
    assert symbols.proposed_symbol() == symbol(1)

    report = services.publish_report(chinas_submitted, acting_user=secretariat)

    assert report.symbol == symbol(1)
    report.refresh_from_db()
    assert report.symbol == symbol(1)
    issued = DocumentSymbol.objects.get()
    assert (issued.year, issued.number, issued.document, issued.issued_by) == (
        YEAR,
        1,
        report,
        secretariat,
    )
    assert report.history.first().symbol == symbol(1)
    assert symbols.proposed_symbol() == symbol(2)


def test_the_next_reports_take_the_next_numbers(secretariat, poc_chn, poc_bra):
    published = [
        services.publish_report(submitted(poc, iso3), acting_user=secretariat)
        for poc, iso3 in ((poc_chn, "CHN"), (poc_bra, "BRA"), (poc_chn, "CHN"))
    ]

    assert [report.symbol for report in published] == [symbol(1), symbol(2), symbol(3)]


def test_the_staff_may_enter_the_next_symbol(secretariat, one_issued, chinas_submitted):
    report = services.publish_report(
        chinas_submitted, acting_user=secretariat, symbol=f"  {symbol(2)} "
    )

    assert report.symbol == symbol(2)


@pytest.mark.parametrize(
    ("entered", "message"),
    [
        (symbol(3), f"{symbol(3)} is out of sequence: it would leave a gap. The next one is"),
        (symbol(1), f"{symbol(1)} has already been issued to another document. The next one is"),
        (symbol(2, YEAR - 1), "is not of this year"),
        (symbol(2, YEAR + 1), "is not of this year"),
    ],
    ids=["gap", "duplicate", "last-year", "next-year"],
)
def test_a_symbol_out_of_sequence_or_already_issued_is_refused_with_the_next_one(
    secretariat, one_issued, chinas_submitted, entered, message
):
    untouched = Untouched(chinas_submitted)

    with pytest.raises(ValidationError) as refusal:
        services.publish_report(chinas_submitted, acting_user=secretariat, symbol=entered)

    (text,) = refusal.value.message_dict["symbol"]
    assert message in text
    assert text.endswith(f"The next one is {symbol(2)}.")
    assert untouched


@pytest.mark.parametrize(
    "entered",
    [
        "S/AC.44/26/2",
        f"S/AC.44/{YEAR}/02",
        f"S/AC.44/{YEAR}/0",
        f"S/AC.44/{YEAR}/(02)/2",
        f"s/ac.44/{YEAR}/2",
        f"A/RES/{YEAR}/2",
        "2",
        f"S/AC.44/{YEAR}/2/",
    ],
)
def test_a_symbol_in_the_wrong_form_is_refused(secretariat, one_issued, chinas_submitted, entered):
    untouched = Untouched(chinas_submitted)

    with pytest.raises(ValidationError) as refusal:
        services.publish_report(chinas_submitted, acting_user=secretariat, symbol=entered)

    assert refusal.value.message_dict["symbol"] == [
        f"“{entered}” is not a symbol of the Committee: write it as {symbol(1)} "
        "(the year, then the number)."
    ]
    assert untouched


def test_a_publication_that_fails_gives_its_number_back(secretariat, poc_chn, chinas_submitted):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.publish_report(chinas_submitted, acting_user=secretariat)
        raise RuntimeError("the rest of the publication failed")

    assert not DocumentSymbol.objects.exists()
    assert services.publish_report(chinas_submitted, acting_user=secretariat).symbol == symbol(1)


def test_a_report_filed_with_the_symbol_it_was_issued_under_keeps_it(secretariat, poc_chn):
    report = services.create_report(
        factories.state("CHN"),
        kind="additional",
        language="en",
        document=factories.pdf_upload(),
        acting_user=secretariat,
        symbol="S/AC.44/2004/(02)/5",
    )
    services.submit_report(report, acting_user=secretariat)

    published = services.publish_report(report, acting_user=secretariat)

    assert published.symbol == "S/AC.44/2004/(02)/5"
    assert not DocumentSymbol.objects.exists()
    assert symbols.proposed_symbol() == symbol(1)


def test_another_symbol_for_a_report_filed_with_one_is_refused(secretariat):
    report = services.create_report(
        factories.state("CHN"),
        kind="additional",
        language="en",
        document=factories.pdf_upload(),
        acting_user=secretariat,
        symbol="S/AC.44/2018/7",
    )
    services.submit_report(report, acting_user=secretariat)

    with pytest.raises(ValidationError) as refusal:
        services.publish_report(report, acting_user=secretariat, symbol=symbol(1))

    assert "filed with the symbol S/AC.44/2018/7" in refusal.value.message_dict["symbol"][0]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_poc_cannot_record_a_symbol_on_their_report(poc_chn):
    written = Written(NationalReport)

    with pytest.raises(ValidationError) as refusal:
        services.create_report(
            factories.state("CHN"),
            kind="additional",
            language="en",
            document=factories.pdf_upload(),
            acting_user=poc_chn,
            symbol=symbol(1),
        )

    assert refusal.value.message_dict["symbol"] == [
        "The secretariat gives a report its symbol when it is published."
    ]
    assert written.unchanged()


def test_a_poc_cannot_put_a_symbol_on_their_draft(poc_chn):
    draft = factories.report("CHN", by=poc_chn)

    with pytest.raises(ValidationError):
        services.update_draft_report(draft, acting_user=poc_chn, symbol=symbol(1))

    draft.refresh_from_db()
    assert draft.symbol == ""


def test_recording_a_symbol_the_register_issued_to_another_document_is_refused(
    secretariat, one_issued
):
    written = Written(NationalReport)

    with pytest.raises(ValidationError) as refusal:
        services.create_report(
            factories.state("BRA"),
            kind="additional",
            language="en",
            document=factories.pdf_upload(),
            acting_user=secretariat,
            symbol=symbol(1),
        )

    assert refusal.value.message_dict["symbol"] == [
        f"{symbol(1)} has already been issued to another document of the Committee."
    ]
    assert written.unchanged()


@pytest.mark.parametrize("year", [YEAR, YEAR + 1])
def test_recording_a_symbol_of_the_registers_own_years_is_refused(secretariat, year):
    written = Written(NationalReport)

    with pytest.raises(ValidationError) as refusal:
        services.create_report(
            factories.state("BRA"),
            kind="additional",
            language="en",
            document=factories.pdf_upload(),
            acting_user=secretariat,
            symbol=symbol(5, year),
        )

    assert refusal.value.message_dict["symbol"] == [
        f"{symbol(5, year)} has not been issued: this year's symbols are given when a document "
        f"is issued. The next one is {symbol(1)}."
    ]
    assert written.unchanged()


@pytest.mark.parametrize("persona", ["expert", "poc_chn", "member"])
def test_only_the_secretariat_publishes_and_issues_a_symbol(request, persona, chinas_submitted):
    untouched = Untouched(chinas_submitted)

    with pytest.raises(PermissionDenied):
        services.publish_report(
            chinas_submitted, acting_user=request.getfixturevalue(persona), symbol=symbol(1)
        )

    assert untouched


def test_the_database_refuses_a_duplicate_or_a_symbol_that_is_not_its_number(
    secretariat, one_issued, chinas_submitted
):
    issued = DocumentSymbol.objects.get()
    other = {
        "content_type": issued.content_type,
        "object_id": chinas_submitted.pk,
        "issued_by": secretariat,
    }
    rows = [
        {"year": YEAR, "number": 1, "symbol": symbol(1)},  # issued again
        {"year": YEAR, "number": 2, "symbol": symbol(1)},  # the text of another number
        {"year": YEAR, "number": 2, "symbol": symbol(2, YEAR - 1)},  # of another year
        {"year": YEAR, "number": 0, "symbol": symbol(0)},
        # A second symbol for the same report.
        {"year": YEAR, "number": 2, "symbol": symbol(2), "object_id": one_issued.pk},
    ]
    for row in rows:
        with pytest.raises(IntegrityError), transaction.atomic():
            DocumentSymbol.objects.create(**{**other, **row})


def test_issuing_a_second_symbol_to_a_document_is_refused(secretariat, one_issued):
    with pytest.raises(ValidationError) as refusal:
        symbols.issue_symbol(one_issued, acting_user=secretariat)

    assert refusal.value.message_dict["symbol"] == [
        f"This document already has a symbol: {symbol(1)}."
    ]
    assert DocumentSymbol.objects.count() == 1


# --- publishing on the page ----------------------------------------------------------------------


def publish_page(report: NationalReport, prefix: str = "") -> str:
    return f"{prefix}/reports/{report.pk}/publish/"


def test_the_confirmation_proposes_the_next_symbol(
    client, secretariat, one_issued, chinas_submitted
):
    client.force_login(secretariat)

    response = client.get(publish_page(chinas_submitted))

    assertContains(response, "UN document symbol")
    assertContains(response, f'value="{symbol(2)}"')


def test_the_secretariat_publishes_under_the_symbol_entered(
    client, secretariat, one_issued, chinas_submitted
):
    client.force_login(secretariat)

    response = client.post(publish_page(chinas_submitted), {"symbol": symbol(2)}, follow=True)

    assertContains(
        response, f"The report is now published on the website. Its symbol is {symbol(2)}."
    )
    assertContains(response, f"<dd>{symbol(2)}</dd>", html=True)
    chinas_submitted.refresh_from_db()
    assert (chinas_submitted.status, chinas_submitted.symbol) == (ReportStatus.PUBLISHED, symbol(2))


@pytest.mark.parametrize(
    ("entered", "message"),
    [
        (symbol(5), "is out of sequence"),
        (symbol(1), "has already been issued to another document"),
        ("S/AC.44/1/2", "is not a symbol of the Committee"),
        ("x" * 61, "Ensure this value has at most 60 characters"),
    ],
    ids=["gap", "duplicate", "form", "too-long"],
)
def test_a_refused_symbol_is_shown_on_the_form_and_nothing_is_published(
    client, secretariat, one_issued, chinas_submitted, entered, message
):
    client.force_login(secretariat)
    untouched = Untouched(chinas_submitted)

    response = client.post(publish_page(chinas_submitted), {"symbol": entered})

    assertContains(response, message)
    assertContains(response, 'class="error" role="alert"')
    assert untouched


def test_a_report_filed_with_a_symbol_shows_it_instead_of_the_field(client, secretariat):
    report = services.create_report(
        factories.state("CHN"),
        kind="additional",
        language="en",
        document=factories.pdf_upload(),
        acting_user=secretariat,
        symbol="S/AC.44/2018/7",
    )
    services.submit_report(report, acting_user=secretariat)
    client.force_login(secretariat)

    response = client.get(publish_page(report))

    assertContains(response, "S/AC.44/2018/7")
    assert 'name="symbol"' not in response.content.decode()


def test_the_public_is_asked_to_log_in_to_publish(client, chinas_submitted):
    untouched = Untouched(chinas_submitted)

    assert login_redirect(client.get(publish_page(chinas_submitted)))
    assert login_redirect(client.post(publish_page(chinas_submitted), {"symbol": symbol(1)}))
    assert untouched


@pytest.mark.parametrize(("persona", "status"), [("poc_bra", 404), ("poc_chn", 403)])
def test_points_of_contact_cannot_publish_or_see_the_proposed_symbol(
    client, request, persona, status, chinas_submitted
):
    client.force_login(request.getfixturevalue(persona))
    untouched = Untouched(chinas_submitted)

    assert client.get(publish_page(chinas_submitted)).status_code == status
    assert client.post(publish_page(chinas_submitted), {"symbol": symbol(1)}).status_code == status
    assert untouched


@pytest.mark.parametrize("prefix", ["/fr", "/ar"])
def test_the_confirmation_reads_in_the_readers_language(
    client, secretariat, chinas_submitted, prefix
):
    client.force_login(secretariat)

    response = client.get(publish_page(chinas_submitted, prefix))

    assert response.status_code == 200
    assert "UN document symbol" not in response.content.decode()


# --- publishing through the API ------------------------------------------------------------------


def publish_endpoint(report: NationalReport) -> str:
    return f"/api/v1/reports/{report.pk}/publish/"


def test_the_api_publishes_under_the_next_symbol_when_none_is_given(
    api, secretariat, chinas_submitted
):
    response = api.as_user(secretariat).post(publish_endpoint(chinas_submitted), format="json")

    assert response.status_code == 200, response.content
    assert response.json()["symbol"] == symbol(1)
    assert response.json()["status"] == "published"


def test_the_api_publishes_under_the_symbol_given(api, secretariat, one_issued, chinas_submitted):
    response = api.as_user(secretariat).post(
        publish_endpoint(chinas_submitted), {"symbol": symbol(2)}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["symbol"] == symbol(2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"symbol": symbol(3)}, "is out of sequence"),
        ({"symbol": symbol(1)}, "has already been issued to another document"),
        ({"symbol": "S/AC.44/twenty/2"}, "is not a symbol of the Committee"),
        ({"symbol": ["S/AC.44"]}, "Not a valid string."),
        ({"symbol": "x" * 61}, "Ensure this field has no more than 60 characters."),
    ],
    ids=["gap", "duplicate", "form", "not-a-string", "too-long"],
)
def test_the_api_refuses_a_bad_symbol_with_400_and_writes_nothing(
    api, secretariat, one_issued, chinas_submitted, data, message
):
    untouched = Untouched(chinas_submitted)

    response = api.as_user(secretariat).post(
        publish_endpoint(chinas_submitted), data, format="json"
    )

    assert response.status_code == 400
    assert message in response.json()["errors"]["symbol"][0]
    assert untouched


@pytest.mark.parametrize(
    ("persona", "status"),
    [(None, 403), ("poc_bra", 404), ("poc_chn", 403), ("expert", 403), ("member", 404)],
)
def test_only_the_secretariat_publishes_through_the_api(
    api, request, persona, status, chinas_submitted
):
    user = request.getfixturevalue(persona) if persona else None
    untouched = Untouched(chinas_submitted)

    response = api.as_user(user).post(
        publish_endpoint(chinas_submitted), {"symbol": symbol(1)}, format="json"
    )

    assert response.status_code in ({401, 403} if persona is None else {status})
    assert untouched


def test_the_api_refuses_a_symbol_recorded_by_a_poc(api, poc_chn):
    written = Written(NationalReport)

    response = api.as_user(poc_chn).post(
        "/api/v1/reports/",
        {
            "state": "CHN",
            "kind": "additional",
            "language": "en",
            "symbol": symbol(1),
            "document": factories.pdf_upload(),
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["errors"]["symbol"] == [
        "The secretariat gives a report its symbol when it is published."
    ]
    assert written.unchanged()


# --- publications at the same moment (Done when, 2) ----------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent sessions need PostgreSQL (CI runs it)"
)
def test_twenty_reports_published_at_once_from_four_sessions_get_twenty_symbols_without_gaps(
    transactional_db, member_states, poc_chn, poc_bra, secretariat
):
    """Four sessions of the secretariat, each on its own connection to the database, publish
    twenty reports through the API at the same moment; every publication commits for real."""
    reports = [
        submitted(poc, iso3, title=f"Addendum {number}")
        for number, (poc, iso3) in enumerate([(poc_chn, "CHN"), (poc_bra, "BRA")] * 10)
    ]
    start = threading.Barrier(4)
    answers: list[tuple[int, int]] = []
    failures: list[BaseException] = []

    def session(batch: list[NationalReport]) -> None:
        client = APIClient()
        client.force_authenticate(user=secretariat)
        try:
            start.wait(timeout=30)
            for report in batch:
                response = client.post(publish_endpoint(report), format="json")
                answers.append((report.pk, response.status_code))
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            connections.close_all()

    sessions = [threading.Thread(target=session, args=(reports[index::4],)) for index in range(4)]
    for thread in sessions:
        thread.start()
    for thread in sessions:
        thread.join(timeout=120)

    assert not failures
    assert sorted(answers) == sorted((report.pk, 200) for report in reports)
    published = NationalReport.objects.filter(pk__in=[report.pk for report in reports])
    assert set(published.values_list("status", flat=True)) == {ReportStatus.PUBLISHED}
    numbers = sorted(DocumentSymbol.objects.filter(year=YEAR).values_list("number", flat=True))
    assert numbers == list(range(1, 21))
    assert sorted(published.values_list("symbol", flat=True)) == sorted(
        symbol(number) for number in range(1, 21)
    )
    assert DocumentSymbolCounter.objects.get(year=YEAR).last_number == 20
