"""The Committee's legend and header wherever a matrix is read, in the reader's language: the
public matrix page, its PDF, the CSV and XLSX exports and the statistics page (issue 14). The
marks are indicators of fact, never of compliance, and the statistics count fields marked.
The header: "APPROVED 1540 COMMITTEE MATRIX" or "DRAFT", the state, the national reports the
version draws on with their dates, the date of the Committee's approval."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader
from pytest_django.asserts import assertContains, assertNotContains

from core.choices import Language
from core.pdf import locale_of
from states.choices import ReportKind, ReportStatus
from states.matrices import legend, pdfs
from states.matrices import services as services
from states.matrices.choices import MatrixStatus
from states.matrices.header import APPROVED_TITLE, DRAFT_TITLE
from tests import factories

pytestmark = pytest.mark.django_db

LOCALES = ["en", "fr", "es", "ru", "zh-hans", "ar"]


def _in(locale: str, text) -> str:
    with translation.override(locale):
        return str(text)


def _prefix(locale: str) -> str:
    return "" if locale == "en" else f"/{locale}"


def _flat(text: str) -> str:
    # What a PDF's text layer gives back: Arabic in its presentation forms (NFKC folds them),
    # lines broken anywhere (spaces and line ends dropped).
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def published(build_matrix):
    return build_matrix("CHN", MatrixStatus.PUBLISHED, marks={"OP1-N-NPT": "X"})


# --- The legend -----------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_the_public_matrix_page_has_the_legend_in_the_readers_language(client, published, locale):
    response = client.get(f"{_prefix(locale)}/matrices/{published.pk}/")

    assertContains(response, escape(_in(locale, legend.INTRODUCTION)))
    for line in legend.LINES:
        assertContains(response, escape(_in(locale, line.meaning)))
    if locale != "en":
        assertNotContains(response, escape(_in("en", legend.INTRODUCTION)))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_csv_and_xlsx_exports_carry_the_legend_in_the_readers_language(
    client, published, locale
):
    csv = _body(client.get(f"{_prefix(locale)}/matrices/{published.pk}/export.csv")).decode()
    workbook = load_workbook(
        io.BytesIO(_body(client.get(f"{_prefix(locale)}/matrices/{published.pk}/export.xlsx")))
    )
    cells = {
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value
    }

    introduction = _in(locale, legend.INTRODUCTION)
    assert introduction in csv
    assert any(introduction in cell for cell in cells)
    for line in legend.LINES:
        assert _in(locale, line.meaning) in csv


@pytest.mark.parametrize("locale", LOCALES)
def test_the_statistics_page_has_the_legend_and_counts_fields_marked(client, published, locale):
    response = client.get(f"{_prefix(locale)}/matrices/statistics/")

    assertContains(response, escape(_in(locale, legend.INTRODUCTION)))
    assertNotContains(response, "measure in place")


@pytest.mark.parametrize("language", Language.values)
def test_the_pdf_has_the_legend_and_the_header_in_its_language(client, published, language):
    locale = locale_of(language)
    pdfs.build_pdf(published.pk, language)

    response = client.get(f"{_prefix(locale)}/matrices/{published.pk}/export.pdf")

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(_body(response)))
    text = _flat("".join(page.extract_text() for page in reader.pages))
    assert reader.metadata.title == f"{_in(locale, APPROVED_TITLE)} — {_in(locale, _state(locale))}"
    assert _flat(_in(locale, legend.TITLE)) in text
    assert "OP1-N-NPT" in text
    if language not in (Language.ARABIC,):
        # Arabic comes back from the text layer in visual order: its words are checked through
        # the document's title above.
        assert _flat(_in(locale, APPROVED_TITLE)) in text
        assert _flat(_in(locale, legend.LINES[0].meaning)) in text


def _state(locale: str) -> str:
    from states.models import MemberState

    with translation.override(locale):
        return MemberState.objects.get(iso3="CHN").name


# --- The header -----------------------------------------------------------------------------------


@pytest.fixture
def reports(member_states, poc_chn, secretariat):
    """China's first report and an addendum, both received."""
    first = factories.report(
        "CHN",
        by=poc_chn,
        kind=ReportKind.FIRST,
        status=ReportStatus.PUBLISHED,
        submitted_on=date(2004, 10, 28),
        publisher=secretariat,
    )
    addendum = factories.report(
        "CHN", by=poc_chn, status=ReportStatus.SUBMITTED, submitted_on=date(2013, 6, 3)
    )
    return first, addendum


def test_a_draft_is_titled_draft_and_lists_the_reports_it_draws_on(
    client, build_matrix, expert, reports
):
    matrix = build_matrix("CHN", MatrixStatus.DRAFT)
    client.force_login(expert)

    response = client.get(matrix.get_absolute_url())

    assertContains(response, _in("en", DRAFT_TITLE))
    assertNotContains(response, _in("en", APPROVED_TITLE))
    assertContains(response, "China")
    for report in reports:
        assertContains(response, date_format(report.submitted_on))
    assertContains(response, "Not yet approved")


def test_an_approved_matrix_is_titled_approved_with_its_approval_date(
    client, build_matrix, reports
):
    matrix = build_matrix("CHN", MatrixStatus.PUBLISHED)
    approved_on = timezone.localtime(matrix.approved_at).date()

    response = client.get(matrix.get_absolute_url())
    french = client.get(f"/fr/matrices/{matrix.pk}/")

    assertContains(response, _in("en", APPROVED_TITLE))
    assertNotContains(response, _in("en", DRAFT_TITLE))
    with translation.override("en"):
        assertContains(response, date_format(approved_on))
    assertContains(response, "First report of 28 October 2004")
    assertContains(response, "Additional report / addendum of 3 June 2013")
    assertContains(french, _in("fr", APPROVED_TITLE))
    assertContains(french, "Premier rapport du 28 octobre 2004")
    with translation.override("fr"):
        assertContains(french, date_format(approved_on))


def test_the_pdf_header_lists_the_report_dates_and_the_approval(client, build_matrix, reports):
    matrix = build_matrix("CHN", MatrixStatus.PUBLISHED)
    pdfs.build_pdf(matrix.pk, Language.ENGLISH)

    response = client.get(f"/matrices/{matrix.pk}/export.pdf")

    pages = PdfReader(io.BytesIO(_body(response))).pages
    text = _flat("".join(page.extract_text() for page in pages))
    assert _flat("APPROVED 1540 COMMITTEE MATRIX") in text
    assert _flat("First report of 28 October 2004") in text
    assert _flat("Additional report / addendum of 3 June 2013") in text
    assert _flat(date_format(timezone.localtime(matrix.approved_at).date())) in text


def test_a_new_draft_draws_on_the_reports_received_and_not_on_a_draft_report(
    build_matrix, reports, poc_chn
):
    unsent = factories.report("CHN", by=poc_chn)  # still a draft of the state's

    matrix = build_matrix("CHN", MatrixStatus.DRAFT)

    assert set(matrix.source_reports.all()) == set(reports)
    assert unsent not in matrix.source_reports.all()


# --- The experts correct the reports drawn on -----------------------------------------------------


def test_the_expert_changes_the_reports_drawn_on(client, build_matrix, expert, reports):
    first, addendum = reports
    matrix = build_matrix("CHN", MatrixStatus.DRAFT)
    client.force_login(expert)
    url = f"/matrices/{matrix.pk}/sources/"

    assertContains(client.get(url), "First report of 28 October 2004")
    response = client.post(url, {"source_reports": [first.pk]})

    assert response.status_code == 302
    assert list(matrix.source_reports.all()) == [first]
    assert matrix.history.first().history_change_reason == "National reports drawn on"


@pytest.mark.parametrize(
    "posted", [{"source_reports": ["nope"]}, {"source_reports": ["999999"]}, "another state"]
)
def test_a_bad_report_is_refused_with_a_message_and_nothing_is_written(
    client, build_matrix, expert, reports, poc_bra, posted
):
    matrix = build_matrix("CHN", MatrixStatus.DRAFT)
    if posted == "another state":
        other = factories.report(
            "BRA", by=poc_bra, status=ReportStatus.SUBMITTED, submitted_on=date(2005, 1, 4)
        )
        posted = {"source_reports": [other.pk]}
    before = set(matrix.source_reports.values_list("pk", flat=True))
    history = matrix.history.count()
    client.force_login(expert)

    response = client.post(f"/matrices/{matrix.pk}/sources/", posted)

    assertContains(response, "Choose among the national reports of this state.", status_code=400)
    assert set(matrix.source_reports.values_list("pk", flat=True)) == before
    assert matrix.history.count() == history


def test_the_service_refuses_another_states_report(build_matrix, expert, poc_bra):
    matrix = build_matrix("CHN", MatrixStatus.DRAFT)
    other = factories.report(
        "BRA", by=poc_bra, status=ReportStatus.SUBMITTED, submitted_on=date(2005, 1, 4)
    )

    with pytest.raises(services.ValidationError) as refused:
        services.set_source_reports(matrix, [other], acting_user=expert)

    assert "source_reports" in refused.value.message_dict
    assert not matrix.source_reports.filter(pk=other.pk).exists()


@pytest.mark.parametrize(
    ("persona", "status", "expected"),
    [
        (None, MatrixStatus.DRAFT, "login"),
        ("poc_bra", MatrixStatus.DRAFT, 404),
        ("poc_chn", MatrixStatus.SENT, 403),
        ("member", MatrixStatus.PUBLISHED, 403),
        ("expert", MatrixStatus.DRAFT, 200),
        ("expert", MatrixStatus.PUBLISHED, 302),  # no longer editable: back to the matrix
    ],
)
def test_only_the_experts_change_the_reports_of_a_version_being_prepared(
    client, build_matrix, request, persona, status, expected
):
    matrix = build_matrix("CHN", status)
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = client.get(f"/matrices/{matrix.pk}/sources/")

    if expected == "login":
        assert response.status_code == 302 and "login" in response.url
    else:
        assert response.status_code == expected


# --- The list: one row per state ------------------------------------------------------------------


def test_the_public_list_shows_each_states_latest_published_matrix_once(
    client, build_matrix, secretariat
):
    older = build_matrix("CHN", MatrixStatus.PUBLISHED)
    newer = build_matrix("CHN", MatrixStatus.PUBLISHED)
    brazil = build_matrix("BRA", MatrixStatus.PUBLISHED)
    build_matrix("BRA", MatrixStatus.DRAFT)

    response = client.get("/matrices/")

    assertContains(response, f'href="{newer.get_absolute_url()}"', count=1)
    assertContains(response, f'href="{brazil.get_absolute_url()}"', count=1)
    assertNotContains(response, f'href="{older.get_absolute_url()}"')
    assert response.context["page"].paginator.count == 2


def test_the_experts_also_see_their_working_versions(client, build_matrix, expert):
    published = build_matrix("CHN", MatrixStatus.PUBLISHED)
    draft = build_matrix("CHN", MatrixStatus.DRAFT)
    client.force_login(expert)

    response = client.get("/matrices/")

    assertContains(response, f'href="{published.get_absolute_url()}"')
    assertContains(response, f'href="{draft.get_absolute_url()}"')


def test_the_state_picker_names_the_states_in_the_readers_language(client, build_matrix):
    china = build_matrix("CHN", MatrixStatus.PUBLISHED)
    brazil = build_matrix("BRA", MatrixStatus.PUBLISHED)

    picked = client.get("/matrices/", {"state": "CHN"})
    french = client.get("/fr/matrices/")
    unknown = client.get("/matrices/", {"state": "XXX"})

    assertContains(picked, '<option value="CHN" selected>China</option>', html=True)
    assertContains(picked, f'href="{china.get_absolute_url()}"')
    assertNotContains(picked, f'href="{brazil.get_absolute_url()}"')
    assertContains(french, '<option value="CHN">Chine</option>', html=True)
    assertNotContains(french, 'name="state" type="text"')
    assertContains(unknown, "Select a valid choice")


def test_the_public_list_takes_the_same_queries_for_10_or_500_states(client, template, expert):
    from tests.helpers import count_queries
    from tests.states.conftest import fake_published_matrices

    fake_published_matrices(10, template, expert, marks=("",))
    few = count_queries(client, "/matrices/")
    fake_published_matrices(490, template, expert, marks=("",))
    many = count_queries(client, "/matrices/")

    assert few == many


# --- The annual review's chapter on the matrices --------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_the_annual_reviews_matrix_chapter_counts_fields_marked_under_the_legend(published, locale):
    from django.template.loader import render_to_string

    from committee.work.annual_review import ReviewPeriod, matrix_statistics

    period = ReviewPeriod(year=timezone.localdate().year, as_at=timezone.localdate())
    with translation.override(locale):
        chapter = matrix_statistics(period)
        text = render_to_string(chapter.template, {"data": chapter.data, "period": period})

    assert escape(_in(locale, legend.INTRODUCTION)) in text
    assert '<h3 id="matrix-legend-title">' in text  # under the chapter's own heading
    assert "measure in place" not in text
