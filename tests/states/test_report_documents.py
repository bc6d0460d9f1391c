"""A national report in several languages (issue 13): one document per language, one of them the
original. The services that add, replace and mark a version, their refusals (which write
nothing), the report's page that lists the versions and takes a new one, the downloads, and
the search entry of each language."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from pytest_django.asserts import assertContains

from states.choices import ReportKind, ReportStatus
from states.reports import services
from states.reports.models import NationalReport, ReportDocument
from states.search import report_entry
from tests import factories
from tests.helpers import Written, count_queries, login_redirect


def chinese_report(poc, *, status: str = ReportStatus.DRAFT, publisher=None) -> NationalReport:
    """China's first report, written in Chinese."""
    return factories.report(
        "CHN",
        by=poc,
        kind=ReportKind.FIRST,
        language="zh",
        status=status,
        publisher=publisher,
        title="First report of China",
        text="Chinese original",
    )


def french(text: str = "Version francaise"):
    return factories.pdf_upload(name="rapport.pdf", text=text)


def written() -> Written:
    return Written(NationalReport, ReportDocument)


def languages(report: NationalReport) -> list[tuple[str, bool]]:
    return list(
        ReportDocument.objects.filter(report=report)
        .order_by("-original", "language")
        .values_list("language", "original")
    )


@pytest.fixture
def chinas_draft(poc_chn):
    return chinese_report(poc_chn)


@pytest.fixture
def chinas_published(poc_chn, secretariat):
    return chinese_report(poc_chn, status=ReportStatus.PUBLISHED, publisher=secretariat)


# --- the services ------------------------------------------------------------------------------


def test_a_report_is_filed_with_its_document_as_the_original(chinas_draft):
    assert languages(chinas_draft) == [("zh", True)]
    original = chinas_draft.original
    assert original.file.name.startswith("reports/CHN/")
    assert original.history.get().history_change_reason == "Draft created"


def test_a_poc_adds_a_french_version_to_chinas_chinese_report(poc_chn, chinas_draft):
    version = services.add_report_document(
        chinas_draft, language="fr", document=french(), acting_user=poc_chn
    )

    assert languages(chinas_draft) == [("zh", True), ("fr", False)]
    assert version.file.name.startswith("reports/CHN/")
    assert version.file.name.endswith(".pdf")
    assert version.file.name != chinas_draft.original.file.name
    record = version.history.get()
    assert (record.history_user, record.history_change_reason) == (poc_chn, "Document added (fr)")


def test_a_poc_adds_a_version_to_a_submitted_report_before_its_publication(poc_chn):
    report = chinese_report(poc_chn, status=ReportStatus.SUBMITTED)
    services.add_report_document(report, language="en", document=french(), acting_user=poc_chn)
    assert languages(report) == [("zh", True), ("en", False)]


def test_the_secretariat_adds_a_translation_to_a_published_report(secretariat, chinas_published):
    services.add_report_document(
        chinas_published, language="fr", document=french(), acting_user=secretariat
    )
    assert languages(chinas_published) == [("zh", True), ("fr", False)]


@pytest.mark.parametrize("persona", ["poc_chn", "expert"])
def test_only_the_secretariat_adds_a_translation_to_a_published_report(
    request, persona, chinas_published
):
    counts = written()
    with pytest.raises(PermissionDenied) as refused:
        services.add_report_document(
            chinas_published,
            language="fr",
            document=french(),
            acting_user=request.getfixturevalue(persona),
        )
    assert str(refused.value) == (
        "Only the secretariat adds or replaces a document of a published report."
    )
    assert counts.unchanged()


@pytest.mark.parametrize("persona", ["poc_bra", "member"])
def test_nobody_else_adds_a_version_to_chinas_report(request, persona, chinas_draft):
    counts = written()
    with pytest.raises(PermissionDenied) as refused:
        services.add_report_document(
            chinas_draft,
            language="fr",
            document=french(),
            acting_user=request.getfixturevalue(persona),
        )
    assert "your own state's reports" in str(refused.value)
    assert counts.unchanged()


def test_a_second_document_in_a_language_the_report_has_is_refused(
    poc_chn, secretariat, chinas_draft
):
    services.add_report_document(
        chinas_draft, language="fr", document=french(), acting_user=poc_chn
    )
    counts = written()
    for language in ("fr", "zh"):
        with pytest.raises(ValidationError) as refused:
            services.add_report_document(
                chinas_draft, language=language, document=french(), acting_user=secretariat
            )
        [message] = refused.value.message_dict["language"]
        assert message.startswith("This report already has a document in ")
        assert "replace that one instead of adding a second" in message
    assert counts.unchanged()


def test_a_version_that_is_not_a_pdf_or_word_document_is_refused(poc_chn, chinas_draft):
    counts = written()
    with pytest.raises(ValidationError, match="is not a PDF or Word document"):
        services.add_report_document(
            chinas_draft,
            language="fr",
            document=factories.fake_pdf_upload(),
            acting_user=poc_chn,
        )
    assert counts.unchanged()


def test_a_version_over_the_size_limit_is_refused(poc_chn, chinas_draft, settings):
    settings.UPLOAD_MAX_BYTES = 100
    counts = written()
    with pytest.raises(ValidationError, match="the largest document accepted is 100"):
        services.add_report_document(
            chinas_draft, language="fr", document=french(), acting_user=poc_chn
        )
    assert counts.unchanged()


def test_a_language_that_is_not_one_of_the_six_is_refused(poc_chn, chinas_draft):
    counts = written()
    with pytest.raises(ValidationError) as refused:
        services.add_report_document(
            chinas_draft, language="de", document=french(), acting_user=poc_chn
        )
    assert "language" in refused.value.message_dict
    assert counts.unchanged()


def test_a_version_is_replaced_by_a_corrected_file(poc_chn, chinas_draft):
    version = services.add_report_document(
        chinas_draft, language="fr", document=french(), acting_user=poc_chn
    )
    before = version.file.name

    services.replace_report_document(
        version, document=factories.docx_upload(text="Version corrigée"), acting_user=poc_chn
    )

    version.refresh_from_db()
    assert version.file.name != before
    assert version.file.name.endswith(".docx")
    assert languages(chinas_draft) == [("zh", True), ("fr", False)]
    assert version.history.first().history_change_reason == "Document replaced"


def test_replacing_is_refused_like_adding(poc_chn, poc_bra, chinas_published):
    original = chinas_published.original
    counts = written()
    for outsider in (poc_chn, poc_bra):
        with pytest.raises(PermissionDenied):
            services.replace_report_document(original, document=french(), acting_user=outsider)
    assert counts.unchanged()


def test_marking_another_version_as_the_original_moves_the_mark(poc_chn, chinas_draft):
    version = services.add_report_document(
        chinas_draft, language="fr", document=french(), acting_user=poc_chn
    )

    services.mark_original(version, acting_user=poc_chn)

    assert languages(chinas_draft) == [("fr", True), ("zh", False)]
    assert version.history.first().history_change_reason == "Marked as the original"
    chinese = chinas_draft.documents.get(language="zh")
    assert chinese.history.first().history_change_reason == "No longer the original"


def test_marking_the_original_again_changes_nothing(poc_chn, chinas_draft):
    counts = written()
    services.mark_original(chinas_draft.original, acting_user=poc_chn)
    assert counts.unchanged()


def test_only_the_secretariat_marks_the_original_of_a_published_report(
    poc_chn, secretariat, chinas_published
):
    version = services.add_report_document(
        chinas_published, language="fr", document=french(), acting_user=secretariat
    )
    with pytest.raises(PermissionDenied, match="Only the secretariat"):
        services.mark_original(version, acting_user=poc_chn)
    services.mark_original(version, acting_user=secretariat)
    assert languages(chinas_published) == [("fr", True), ("zh", False)]


def test_the_database_allows_one_original_and_one_document_per_language(chinas_draft):
    for language, original in (("fr", True), ("zh", False)):
        with pytest.raises(IntegrityError), transaction.atomic():
            ReportDocument.objects.create(
                report=chinas_draft, language=language, original=original, file="reports/x.pdf"
            )
    assert languages(chinas_draft) == [("zh", True)]


def test_changing_a_drafts_language_to_one_it_has_a_version_in_is_refused(poc_chn, chinas_draft):
    services.add_report_document(
        chinas_draft, language="fr", document=french(), acting_user=poc_chn
    )
    with pytest.raises(ValidationError) as refused:
        services.update_draft_report(chinas_draft, acting_user=poc_chn, language="fr")
    assert "already has a document in French" in refused.value.message_dict["language"][0]
    services.update_draft_report(chinas_draft, acting_user=poc_chn, language="en")
    assert languages(chinas_draft) == [("en", True), ("fr", False)]


def test_deleting_a_draft_deletes_its_versions_with_who_did_it(poc_chn, chinas_draft):
    version = services.add_report_document(
        chinas_draft, language="fr", document=french(), acting_user=poc_chn
    )
    services.discard_draft_report(chinas_draft, acting_user=poc_chn)
    assert not ReportDocument.objects.exists()
    deleted = ReportDocument.history.filter(id=version.pk, history_type="-").get()
    assert deleted.history_user == poc_chn


# --- the search ----------------------------------------------------------------------------------


def test_a_published_report_is_searched_in_each_of_its_languages(secretariat, chinas_published):
    services.add_report_document(
        chinas_published, language="fr", document=french(), acting_user=secretariat
    )
    entries = report_entry(chinas_published.pk)
    assert [(entry["language"], entry["document"].language) for entry in entries] == [
        ("zh", "zh"),
        ("fr", "fr"),
    ]
    assert {entry["title"] for entry in entries} == {"First report of China"}


def test_an_unpublished_report_is_not_searched(chinas_draft):
    assert not report_entry(chinas_draft.pk)


# --- the report's page ---------------------------------------------------------------------------


def report_page(report: NationalReport, prefix: str = "") -> str:
    return f"{prefix}/reports/{report.pk}/"


def download(report: NationalReport, language: str | None = None) -> str:
    query = f"?language={language}" if language else ""
    return f"/reports/{report.pk}/document/{query}"


@pytest.fixture
def in_three_languages(chinas_published, secretariat):
    """China's published Chinese report with its French and English versions."""
    for language in ("fr", "en"):
        services.add_report_document(
            chinas_published,
            language=language,
            document=factories.pdf_upload(text=f"Version {language}"),
            acting_user=secretariat,
        )
    return chinas_published


@pytest.mark.parametrize(
    ("prefix", "order"),
    [
        ("", ["en", "zh", "fr"]),
        ("/fr", ["fr", "zh", "en"]),
        ("/zh-hans", ["zh", "en", "fr"]),
        ("/ru", ["zh", "en", "fr"]),
    ],
    ids=["english", "french", "chinese", "russian"],
)
def test_the_page_lists_every_version_the_readers_language_first_then_the_original(
    client, in_three_languages, prefix, order
):
    response = client.get(report_page(in_three_languages, prefix))

    assert re.findall(r'\?language=(\w+)" hreflang="\1"', response.content.decode()) == order


def test_the_original_is_marked(client, in_three_languages):
    response = client.get(report_page(in_three_languages))
    html = response.content.decode()
    chinese = html.index('?language=zh"')
    assert chinese < html.index(">Original</span>") < html.index('?language=fr"')
    assert html.count(">Original</span>") == 1


@pytest.mark.parametrize("language", ["zh", "fr", "en"])
def test_the_public_downloads_each_version(client, in_three_languages, language):
    response = client.get(download(in_three_languages, language))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    date = f"{in_three_languages.submitted_on:%Y-%m-%d}"
    assert f"CHN-first-report-{date}-{language}.pdf" in response["Content-Disposition"]
    text = b"".join(response.streaming_content)
    assert text.startswith(b"%PDF")


def test_the_download_without_a_language_is_the_original(client, in_three_languages):
    response = client.get(download(in_three_languages))
    assert "-zh.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("language", ["ar", "de"])
def test_a_language_the_report_is_not_in_is_not_found(client, in_three_languages, language):
    assert client.get(download(in_three_languages, language)).status_code == 404


@pytest.mark.parametrize("persona", [None, "poc_bra", "member"])
def test_an_unpublished_reports_versions_are_not_found_for_others(
    client, request, persona, poc_chn, chinas_draft
):
    services.add_report_document(
        chinas_draft, language="fr", document=french(), acting_user=poc_chn
    )
    if persona:
        client.force_login(request.getfixturevalue(persona))
    for language in ("fr", "zh", None):
        assert client.get(download(chinas_draft, language)).status_code == 404
    assert client.get(report_page(chinas_draft)).status_code == 404


def test_the_poc_downloads_their_drafts_french_version(client, poc_chn, chinas_draft):
    services.add_report_document(
        chinas_draft, language="fr", document=french(), acting_user=poc_chn
    )
    client.force_login(poc_chn)
    response = client.get(download(chinas_draft, "fr"))
    assert response.status_code == 200
    assert "CHN-first-report-draft-fr.pdf" in response["Content-Disposition"]


# --- adding a version on the page --------------------------------------------------------------


def version_form(**overrides):
    return {"language": "fr", "document": french(), **overrides}


def has_the_form(response) -> bool:
    return 'name="document"' in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "report", "shown"),
    [
        ("poc_chn", "chinas_draft", True),
        ("expert", "chinas_draft", True),
        ("secretariat", "chinas_published", True),
        ("poc_chn", "chinas_published", False),
        ("expert", "chinas_published", False),
        ("poc_bra", "chinas_published", False),
        ("member", "chinas_published", False),
        (None, "chinas_published", False),
    ],
)
def test_the_form_to_add_a_version_is_shown_to_who_may_use_it(
    client, request, persona, report, shown
):
    report = request.getfixturevalue(report)
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(report_page(report))
    assert response.status_code == 200
    assert has_the_form(response) is shown


def test_the_poc_adds_a_french_version_on_the_page(client, poc_chn, chinas_draft):
    client.force_login(poc_chn)

    response = client.post(report_page(chinas_draft), version_form(), follow=True)

    assert response.redirect_chain == [(report_page(chinas_draft), 302)]
    assertContains(response, "The report in French was added.")
    assert languages(chinas_draft) == [("zh", True), ("fr", False)]
    assertContains(response, 'hreflang="fr"')


def test_the_secretariat_adds_a_translation_to_a_published_report_on_the_page(
    client, secretariat, chinas_published
):
    client.force_login(secretariat)
    response = client.post(report_page(chinas_published), version_form(language="ru"))
    assert response.status_code == 302
    assert languages(chinas_published) == [("zh", True), ("ru", False)]


def test_the_public_posting_a_version_is_asked_to_log_in(client, chinas_published):
    counts = written()
    response = client.post(report_page(chinas_published), version_form())
    assert login_redirect(response)
    assert counts.unchanged()


@pytest.mark.parametrize("persona", ["poc_chn", "poc_bra", "expert", "member"])
def test_a_published_reports_translation_is_refused_with_why(
    client, request, persona, chinas_published
):
    client.force_login(request.getfixturevalue(persona))
    counts = written()
    response = client.post(report_page(chinas_published), version_form())
    assertContains(
        response,
        "Only the secretariat adds or replaces a document of a published report.",
        status_code=403,
    )
    assert counts.unchanged()


def test_another_states_poc_cannot_post_to_a_draft_they_cannot_see(client, poc_bra, chinas_draft):
    client.force_login(poc_bra)
    counts = written()
    assert client.post(report_page(chinas_draft), version_form()).status_code == 404
    assert counts.unchanged()


def test_a_second_document_in_a_language_is_refused_on_the_page(client, poc_chn, chinas_draft):
    client.force_login(poc_chn)
    counts = written()
    response = client.post(report_page(chinas_draft), version_form(language="zh"))
    assertContains(response, "This report already has a document in Chinese")
    assertContains(response, 'class="error" role="alert"')
    assert counts.unchanged()


def test_a_file_that_is_not_a_document_is_refused_on_the_page(client, poc_chn, chinas_draft):
    client.force_login(poc_chn)
    counts = written()
    response = client.post(
        report_page(chinas_draft), version_form(document=factories.fake_pdf_upload())
    )
    assertContains(response, "is not a PDF or Word document")
    assert counts.unchanged()


def test_a_file_over_the_limit_is_refused_on_the_page(client, poc_chn, chinas_draft, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(poc_chn)
    counts = written()
    response = client.post(report_page(chinas_draft), version_form(document=french("x" * 4000)))
    assertContains(response, "the largest document accepted is 1.0\xa0KB", status_code=400)
    assert counts.unchanged()


def test_a_version_without_a_file_or_language_is_told_what_is_missing(
    client, poc_chn, chinas_draft
):
    client.force_login(poc_chn)
    counts = written()
    response = client.post(report_page(chinas_draft), {"language": ""})
    assertContains(response, "This field is required.", count=2)
    assert counts.unchanged()


def test_the_my_state_form_takes_the_first_document_and_its_language(client, poc_chn):
    client.force_login(poc_chn)
    response = client.get("/my-state/")
    assertContains(response, "The language of this document, the original.")
    client.post(
        "/my-state/",
        {"kind": ReportKind.FIRST, "language": "zh", "document": french(), "draft": "1"},
    )
    assert languages(NationalReport.objects.get()) == [("zh", True)]


def test_the_states_tables_list_each_reports_languages(client, poc_chn, secretariat):
    report = chinese_report(poc_chn, status=ReportStatus.PUBLISHED, publisher=secretariat)
    services.add_report_document(report, language="fr", document=french(), acting_user=secretariat)
    assertContains(client.get("/states/CHN/"), "<td>Chinese, French</td>", html=False)
    client.force_login(poc_chn)
    assertContains(client.get("/my-state/"), "<td>Chinese, French</td>", html=False)


def test_my_state_queries_stay_constant_as_reports_and_versions_grow(client, poc_chn):
    client.force_login(poc_chn)

    def file(count: int) -> None:
        for number in range(count):
            report = factories.report("CHN", by=poc_chn, title=f"Addendum {number}")
            services.add_report_document(
                report, language="fr", document=french(), acting_user=poc_chn
            )

    file(2)
    count_queries(client, "/my-state/")
    few = count_queries(client, "/my-state/")
    file(8)
    assert count_queries(client, "/my-state/") == few


def test_the_french_page_reads_in_french(client, poc_chn, chinas_draft):
    client.force_login(poc_chn)
    response = client.get(report_page(chinas_draft, "/fr"))
    assertContains(response, "Ajouter le rapport dans une autre langue")
    assertContains(response, ">Original</span>")
    refused = client.post(report_page(chinas_draft, "/fr"), version_form(language="zh"))
    assertContains(refused, "Ce rapport a déjà un document dans cette langue (Chinois)")
