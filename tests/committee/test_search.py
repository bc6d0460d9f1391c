"""The website's full-text search (outreach/search.py): a phrase that appears only inside a
published report's PDF finds that report, with a snippet; the same phrase in a report that is
not published is found by nobody. PostgreSQL ranks with ts_rank and cuts snippets with
ts_headline (CI runs this file on PostgreSQL); SQLite uses the simpler fallback."""

from __future__ import annotations

import pytest

from outreach import search
from outreach.choices import EventStatus, SearchKind
from outreach.models import SearchEntry
from states.choices import ReportStatus
from states.practices import services as practice_services
from states.reports import services as report_services
from tests import factories
from tests.helpers import count_queries
from tests.outreach.conftest import days

pytestmark = pytest.mark.django_db

PHRASE = "centrifuge cascade tamper seals"
SEARCH = "/api/v1/search/"


@pytest.fixture
def published(poc_chn, secretariat, django_capture_on_commit_callbacks):
    """China's report whose PDF alone carries the phrase, published (and so indexed)."""
    with django_capture_on_commit_callbacks(execute=True):
        return factories.report(
            "CHN",
            by=poc_chn,
            status=ReportStatus.PUBLISHED,
            publisher=secretariat,
            title="Additional information on export controls",
            text=f"Customs inspectors verify the {PHRASE} at every border post.",
        )


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [result["title"] for result in response.json()["results"]]


def test_a_phrase_only_in_a_published_reports_pdf_finds_it_with_a_snippet(api, published):
    response = api.get(SEARCH, {"q": PHRASE})
    assert titles(response) == ["Additional information on export controls"]
    result = response.json()["results"][0]
    assert result["kind"] == "report"
    assert result["url"] == published.get_absolute_url()
    assert result["state_name"] == "China"
    assert "centrifuge" in result["snippet"]
    assert "<mark>centrifuge</mark>" in result["snippet_html"]


def test_the_search_page_shows_the_report_and_its_snippet_to_the_public_reader(client, published):
    response = client.get("/search/", {"q": PHRASE})
    page = response.content.decode()
    assert response.status_code == 200
    assert published.get_absolute_url() in page
    assert "<mark>centrifuge</mark>" in page


@pytest.mark.parametrize("status", [ReportStatus.DRAFT, ReportStatus.SUBMITTED])
def test_the_same_phrase_in_an_unpublished_report_is_not_found(
    status, api, client, poc_bra, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.report("BRA", by=poc_bra, status=status, text=f"Our {PHRASE} are new.")
    assert titles(api.get(SEARCH, {"q": PHRASE})) == []
    # Not even the secretariat finds drafts here: the website's search is of published things.
    assert titles(api.as_user(secretariat).get(SEARCH, {"q": PHRASE})) == []
    assert "Nothing published matches" in client.get("/search/", {"q": PHRASE}).content.decode()


def test_the_text_of_a_word_document_is_searched_too(
    poc_chn, secretariat, api, django_capture_on_commit_callbacks
):
    report = report_services.create_report(
        factories.state("CHN"),
        kind="additional",
        language="en",
        document=factories.docx_upload(text="Biosafety level four laboratories"),
        acting_user=poc_chn,
        title="Word report",
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_services.submit_report(report, acting_user=poc_chn)
        report_services.publish_report(report, acting_user=secretariat)
    assert titles(api.get(SEARCH, {"q": "biosafety laboratories"})) == ["Word report"]


def test_faq_events_practices_and_plans_are_found_and_leave_when_unpublished(
    api,
    secretariat,
    poc_chn,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    from outreach import services as outreach_services

    with django_capture_on_commit_callbacks(execute=True):
        faq = outreach_services.create_faq(
            acting_user=secretariat,
            question_en="What is a dual-use licence?",
            answer_en="A permit for dual-use goods.",
            published=True,
        )
        for title, status, start in [
            ("Dual-use industry outreach", EventStatus.HELD, days(-10)),
            ("Dual-use planned meeting", EventStatus.PLANNED, days(10)),
        ]:
            outreach_services.create_event(
                acting_user=secretariat,
                title=title,
                status=status,
                kind="industry",
                region="europe",
                start_date=start,
                end_date=start,
            )
        practice = practice_services.submit_effective_practice(
            factories.state("CHN"),
            acting_user=poc_chn,
            title="Dual-use catch-all clause",
            area="border_export",
            summary="Licensing of unlisted dual-use items.",
        )
        practice_services.publish_effective_practice(practice, acting_user=secretariat)
    found = {r["kind"] for r in api.get(SEARCH, {"q": "dual-use"}).json()["results"]}
    assert found == {"faq", "event", "practice"}
    assert titles(api.get(SEARCH, {"q": "dual-use", "kind": "faq"})) == [
        "What is a dual-use licence?"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        outreach_services.set_faq_published(faq, False, acting_user=secretariat)
    assert "faq" not in {r["kind"] for r in api.get(SEARCH, {"q": "dual-use"}).json()["results"]}


def test_a_result_title_is_shown_in_the_readers_language(
    api, secretariat, django_capture_on_commit_callbacks
):
    from outreach import services as outreach_services

    with django_capture_on_commit_callbacks(execute=True):
        outreach_services.create_faq(
            acting_user=secretariat,
            question_en="Who must report?",
            answer_en="Every State reports.",
            question_fr="Qui doit faire rapport ?",
            published=True,
        )
    response = api.get(SEARCH, {"q": "report"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert titles(response) == ["Qui doit faire rapport ?"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "q: Give one or more words"),
        ({"q": "   "}, "q: Give one or more words"),
        ({"q": "x", "kind": "everything"}, "kind: Choose one of"),
    ],
)
def test_a_search_without_words_or_with_an_unknown_kind_is_a_clear_400(api, params, message):
    response = api.get(SEARCH, params)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)


def test_the_search_page_explains_an_unknown_kind(client):
    response = client.get("/search/", {"q": "x", "kind": "everything"})
    assert "Choose what to search in" in response.content.decode()


def test_indexing_is_idempotent_and_removes_what_is_no_longer_public(published):
    search.index(SearchKind.REPORT, published.pk)
    search.index(SearchKind.REPORT, published.pk)
    assert SearchEntry.objects.filter(kind="report").count() == 1
    assert search.index(SearchKind.REPORT, 10**9) is None


def test_text_extraction_survives_a_damaged_document():
    assert search.extract_text(b"%PDF-1.4 garbage", "pdf") == ""
    assert search.extract_text(b"not a zip", "docx") == ""
    assert search.extract_text(b"\xd0\xcf\x11\xe0", "doc") == ""


def _entries(n: int) -> None:
    SearchEntry.objects.bulk_create(
        SearchEntry(
            kind="faq",
            object_id=i,
            title=f"Question {i} on export licensing",
            title_en=f"Question {i} on export licensing",
            body=f"Export licensing answer number {i}.",
            url=f"/faq/#faq-{i}",
        )
        for i in range(n)
    )
    if search.is_postgresql():
        from django.contrib.postgres.search import SearchVector

        SearchEntry.objects.update(vector=SearchVector("title", "body", config=search.TS_CONFIG))


def test_search_queries_stay_constant_from_10_to_1000_entries(api, client):
    _entries(10)
    small = (
        count_queries(api, SEARCH, {"q": "export licensing"}),
        count_queries(client, "/search/", {"q": "export licensing"}),
    )
    SearchEntry.objects.all().delete()
    _entries(1000)
    large = (
        count_queries(api, SEARCH, {"q": "export licensing"}),
        count_queries(client, "/search/", {"q": "export licensing"}),
    )
    assert small == large


@pytest.mark.celery
def test_a_real_worker_indexes_a_report_when_it_is_published(celery_worker, api):
    from core.models import User
    from tests.conftest import wait_until

    poc = User.objects.create_user("poc.worker", role="poc", state=factories.state("CHN"))
    staff = User.objects.create_user("staff.worker", role="secretariat")
    report = factories.report(
        "CHN", by=poc, status=ReportStatus.PUBLISHED, publisher=staff, text=f"The {PHRASE}."
    )
    wait_until(lambda: SearchEntry.objects.filter(kind="report", object_id=report.pk).exists())
    assert titles(api.get(SEARCH, {"q": PHRASE}))
