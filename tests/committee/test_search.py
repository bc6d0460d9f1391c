"""The website's full-text search (outreach/search.py): a phrase that appears only inside a
published report's PDF finds that report, with a snippet; the same phrase in a report that is
not published is found by nobody. PostgreSQL ranks with ts_rank and cuts snippets with
ts_headline (CI runs this file on PostgreSQL); SQLite uses the simpler fallback.

In every language: each text is stemmed with its own language's configuration ("workshops"
finds "workshop", "ateliers régionaux" finds "atelier régional"), Chinese is found by its
character pairs (a two-character word), and the reader's language's results come first. Those
tests need PostgreSQL's text search and are skipped on SQLite."""

from __future__ import annotations

import pytest
from django.db import connection

from outreach import search
from outreach.choices import EventStatus, SearchKind
from outreach.models import SearchEntry
from states.choices import ReportStatus
from states.models import MemberState
from states.practices import services as practice_services
from states.reports import services as report_services
from tests import factories
from tests.helpers import count_queries
from tests.outreach.conftest import days

pytestmark = pytest.mark.django_db

PHRASE = "centrifuge cascade tamper seals"
SEARCH = "/api/v1/search/"
# Stemming and Chinese bigrams are PostgreSQL's (SQLite's fallback matches words as typed).
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL text search"
)


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
    assert "Choose one of: report, faq" in response.content.decode()


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
            indexed_title=f"Question {i} on export licensing",
            body=f"Export licensing answer number {i}.",
            url=f"/faq/#faq-{i}",
        )
        for i in range(n)
    )
    if search.is_postgresql():
        SearchEntry.objects.update(vector=search.vector_for("en"))


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


# --- every language --------------------------------------------------------------------------


def _publish_report(state, by, publisher, *, language, title, text, capture):
    report = report_services.create_report(
        factories.state(state),
        kind="additional",
        language=language,
        document=factories.docx_upload(text=text),
        acting_user=by,
        title=title,
    )
    with capture(execute=True):
        report_services.submit_report(report, acting_user=by)
        report_services.publish_report(report, acting_user=publisher)
    return report


@on_postgresql
def test_workshops_finds_a_report_that_says_workshop(
    api, poc_chn, secretariat, django_capture_on_commit_callbacks
):
    _publish_report(
        "CHN",
        poc_chn,
        secretariat,
        language="en",
        title="Outreach report",
        text="China held a regional workshop on export controls.",
        capture=django_capture_on_commit_callbacks,
    )
    response = api.get(SEARCH, {"q": "workshops"})
    assert titles(response) == ["Outreach report"]
    assert "<mark>workshop</mark>" in response.json()["results"][0]["snippet_html"]


@on_postgresql
def test_a_french_plural_finds_the_singular_in_the_french_text(
    api, secretariat, django_capture_on_commit_callbacks
):
    from outreach import services as outreach_services

    with django_capture_on_commit_callbacks(execute=True):
        outreach_services.create_faq(
            acting_user=secretariat,
            question_en="Does the Committee train points of contact?",
            answer_en="Yes, at regional training courses.",
            question_fr="Le Comité forme-t-il les points de contact ?",
            answer_fr="Oui, lors d'un atelier régional de formation.",
            published=True,
        )
    response = api.get(SEARCH, {"q": "ateliers régionaux"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert titles(response) == ["Le Comité forme-t-il les points de contact ?"]
    result = response.json()["results"][0]
    assert result["language"] == "fr"
    assert "<mark>atelier</mark>" in result["snippet_html"]
    # The English reader finds it too, in the French text, under the English title.
    assert titles(api.get(SEARCH, {"q": "ateliers régionaux"})) == [
        "Does the Committee train points of contact?"
    ]


@on_postgresql
def test_a_chinese_report_is_found_by_a_two_character_word(
    api, poc_chn, poc_bra, secretariat, django_capture_on_commit_callbacks
):
    report = _publish_report(
        "CHN",
        poc_chn,
        secretariat,
        language="zh",
        title="中国执行第1540号决议的补充资料",
        text="中国加强核安保和出口管制，防止大规模毁灭性武器扩散。",
        capture=django_capture_on_commit_callbacks,
    )
    # The same word in a report nobody published is found by nobody.
    with django_capture_on_commit_callbacks(execute=True):
        factories.report("BRA", by=poc_bra, status=ReportStatus.SUBMITTED, text="Draft")
    for word in ("核安", "出口管制", "扩散", "1540"):
        response = api.get(SEARCH, {"q": word}, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert titles(response) == ["中国执行第1540号决议的补充资料"], word
    result = api.get(SEARCH, {"q": "核安"}).json()["results"][0]
    assert result["url"] == report.get_absolute_url()
    assert result["language"] == "zh"
    assert "<mark>核安</mark>" in result["snippet_html"]
    # Two characters that follow each other nowhere in it do not find it.
    for word in ("安核", "化学", "核安 化学", "核安 -出口"):
        assert titles(api.get(SEARCH, {"q": word})) == [], word


@on_postgresql
def test_a_stale_row_that_is_not_public_is_not_found_in_chinese_either(api, secretariat):
    entry = SearchEntry.objects.create(
        kind="report",
        object_id=10**6,
        language="zh",
        title="核安全报告",
        title_en="核安全报告",
        indexed_title="核安全报告",
        body="核安全",
        url="/reports/x/",
        public=False,
    )
    SearchEntry.objects.filter(pk=entry.pk).update(**search.chinese_vectors("核安全报告", "核安全"))
    assert titles(api.get(SEARCH, {"q": "核安"})) == []
    assert titles(api.as_user(secretariat).get(SEARCH, {"q": "核安"})) == []
    SearchEntry.objects.filter(pk=entry.pk).update(public=True)
    assert titles(api.get(SEARCH, {"q": "核安"})) == ["核安全报告"]


@on_postgresql
def test_the_readers_language_comes_first_and_a_record_is_listed_once(
    api, secretariat, django_capture_on_commit_callbacks
):
    from outreach import services as outreach_services

    with django_capture_on_commit_callbacks(execute=True):
        # In English, "1540" is in the question itself: the best match in any language.
        outreach_services.create_faq(
            acting_user=secretariat,
            question_en="What does resolution 1540 require?",
            answer_en="Laws and their enforcement.",
            published=True,
        )
        # In French only in the answer; its English text does not say it.
        outreach_services.create_faq(
            acting_user=secretariat,
            question_en="Who reports?",
            answer_en="Every State.",
            question_fr="Qui fait rapport ?",
            answer_fr="Chaque État, en application de la résolution 1540.",
            published=True,
        )
        # Both languages say it: one result, in the reader's language.
        outreach_services.create_faq(
            acting_user=secretariat,
            question_en="Is there a 1540 Committee?",
            answer_en="Yes.",
            question_fr="Existe-t-il un Comité 1540 ?",
            answer_fr="Oui.",
            published=True,
        )
    english = api.get(SEARCH, {"q": "1540"}).json()["results"]
    assert [r["language"] for r in english] == ["en", "en", "fr"]
    assert english[-1]["title"] == "Who reports?"
    french = api.get(SEARCH, {"q": "1540"}, HTTP_ACCEPT_LANGUAGE="fr").json()["results"]
    assert [r["language"] for r in french] == ["fr", "fr", "en"]
    assert {r["title"] for r in french[:2]} == {
        "Qui fait rapport ?",
        "Existe-t-il un Comité 1540 ?",
    }
    assert french[-1]["title"] == "What does resolution 1540 require?"


@on_postgresql
def test_a_cooperation_page_is_found_in_each_of_its_languages(
    client, secretariat, django_capture_on_commit_callbacks
):
    from outreach import services as outreach_services

    with django_capture_on_commit_callbacks(execute=True):
        outreach_services.save_cooperation_page(
            acting_user=secretariat,
            slug="counter-terrorism",
            title_en="Cooperation with the counter-terrorism committees",
            body_en="Joint briefings to the Security Council.",
            title_zh_hans="与反恐委员会的合作",
            body_zh_hans="向安全理事会联合通报。",
            published=True,
        )
    chinese = client.get("/zh-hans/search/", {"q": "通报"}).content.decode()
    # The result leads to the page in the reader's language, under its Chinese title.
    assert '<a href="/zh-hans/cooperation/counter-terrorism/">与反恐委员会的合作</a>' in chinese
    english = client.get("/search/", {"q": "briefing"}).content.decode()
    assert '<a href="/cooperation/counter-terrorism/">Cooperation with the' in english


def test_a_search_too_long_is_a_clear_400(api):
    response = api.get(SEARCH, {"q": "x" * (search.MAX_QUERY_CHARS + 1)})
    assert response.status_code == 400
    assert response.json()["detail"] == "q: Your search is too long: use at most 200 characters."


@pytest.mark.parametrize("path", [SEARCH, "/search/"])
def test_a_search_with_a_nul_character_is_refused_with_a_clear_400(api, path):
    response = api.get(path, {"q": "nuclear\x00security"})
    assert response.status_code == 400
    assert "NUL characters" in response.content.decode()


def test_other_control_characters_are_dropped_from_the_search(api, published):
    words = PHRASE.replace(" ", "\x01 \x02", 1)
    assert titles(api.get(SEARCH, {"q": words})) == ["Additional information on export controls"]
    # Nothing but control characters is no words at all.
    response = api.get(SEARCH, {"q": "\x03\x7f"})
    assert response.status_code == 400
    assert response.json()["detail"] == "q: Give one or more words to search for."


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("x" * (search.MAX_QUERY_CHARS + 1), "Your search is too long"),
        ("   ", "Give one or more words to search for."),
    ],
)
def test_the_search_page_says_what_is_wrong_with_the_words(client, q, message):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'class="search-results"' not in response.content.decode()


def test_the_search_page_without_words_introduces_the_search(client):
    page = client.get("/search/").content.decode()
    assert "Search the published national reports" in page
    assert 'role="alert"' not in page


@on_postgresql
def test_a_report_in_two_languages_is_found_in_each_and_listed_once(
    api, poc_chn, secretariat, django_capture_on_commit_callbacks
):
    report = _publish_report(
        "CHN",
        poc_chn,
        secretariat,
        language="en",
        title="Export control report",
        text="Licensing of dual-use exports under resolution 1540.",
        capture=django_capture_on_commit_callbacks,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_services.add_report_document(
            report,
            language="zh",
            document=factories.docx_upload(text="依照第1540号决议实行两用物项出口许可。"),
            acting_user=secretariat,
        )
    assert set(
        SearchEntry.objects.filter(kind="report", object_id=report.pk).values_list(
            "language", flat=True
        )
    ) == {"en", "zh"}
    assert titles(api.get(SEARCH, {"q": "licensed"})) == ["Export control report"]
    assert titles(api.get(SEARCH, {"q": "许可"})) == ["Export control report"]
    # Words from the two texts together: no single text holds them all.
    assert titles(api.get(SEARCH, {"q": "licensed 许可"})) == []
    # "1540" is in both: one result, from the text in the reader's language.
    for reader, language in [("zh-hans", "zh"), ("en", "en")]:
        found = api.get(SEARCH, {"q": "1540"}, HTTP_ACCEPT_LANGUAGE=reader).json()["results"]
        assert [(r["title"], r["language"]) for r in found] == [("Export control report", language)]


def test_rebuild_search_index_remakes_every_entry_in_each_language(
    secretariat, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    from outreach import services as outreach_services

    with django_capture_on_commit_callbacks(execute=True):
        outreach_services.create_faq(
            acting_user=secretariat,
            question_en="Who reports?",
            answer_en="Every State.",
            answer_ru="Каждое государство.",
            published=True,
        )
    SearchEntry.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    # The question and every member state (each a record of the search too).
    states = MemberState.objects.count()
    assert f"Indexed {1 + states} published records." in out.getvalue()
    faq = SearchEntry.objects.filter(kind="faq")
    assert set(faq.values_list("language", flat=True)) == {"en", "ru"}
    # The Russian entry keeps the English question: its title to search and to show.
    russian = faq.get(language="ru")
    assert (russian.indexed_title, russian.body) == ("Who reports?", "Каждое государство.")
