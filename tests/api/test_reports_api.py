"""The national reports endpoint: who sees which report, who may write what, the workflow from
draft to publication, refusals that change nothing, and query counts that do not grow."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from states.choices import ReportKind, ReportStatus
from states.models import MemberState
from states.reports import services
from states.reports.models import NationalReport, ReportDocument
from tests import factories
from tests.helpers import Written, count_queries, ids

REPORTS = "/api/v1/reports/"


def detail(report: NationalReport) -> str:
    return f"{REPORTS}{report.pk}/"


def new_report(**overrides) -> dict:
    """The fields of a multipart POST that starts China's first report."""
    return {
        "state": "CHN",
        "kind": ReportKind.FIRST,
        "language": "zh",
        "title": "First report of China",
        "document": factories.pdf_upload(),
        **overrides,
    }


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def chinas_draft(poc_chn):
    return factories.report("CHN", by=poc_chn, kind=ReportKind.FIRST, title="China draft")


@pytest.fixture
def chinas_submitted(poc_chn):
    return factories.report(
        "CHN", by=poc_chn, status=ReportStatus.SUBMITTED, title="China submitted"
    )


@pytest.fixture
def chinas_published(poc_chn, secretariat):
    return factories.report(
        "CHN",
        by=poc_chn,
        status=ReportStatus.PUBLISHED,
        publisher=secretariat,
        title="China published",
    )


@pytest.fixture
def brazils_draft(poc_bra):
    return factories.report("BRA", by=poc_bra, title="Brazil draft")


@pytest.fixture
def every_status(chinas_draft, chinas_submitted, chinas_published, brazils_draft):
    return {
        "chn_draft": chinas_draft.pk,
        "chn_submitted": chinas_submitted.pk,
        "chn_published": chinas_published.pk,
        "bra_draft": brazils_draft.pk,
    }


# --- A point of contact files their state's report ------------------------------------------------


def test_poc_creates_a_draft_by_multipart_upload_and_submits_it(api, poc_chn):
    client = api.as_user(poc_chn)

    created = client.post(REPORTS, new_report(), format="multipart")

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["state"] == "CHN"
    assert body["kind"] == "first"
    assert body["language"] == "zh"
    assert body["status"] == "draft"
    assert body["submitted_on"] is None
    assert body["submitted_by"] is None
    assert "document" not in body
    assert body["document_url"].startswith("http://testserver/api/v1/reports/")
    report = NationalReport.objects.get(pk=body["id"])
    assert report.created_by == poc_chn
    assert report.original.file.name.startswith("reports/CHN/")

    submitted = client.post(f"{REPORTS}{report.pk}/submit/")

    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_by"] == poc_chn.username
    assert submitted.json()["submitted_on"] == timezone.localdate().isoformat()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == poc_chn


def test_poc_submits_with_the_date_the_report_was_sent(api, poc_chn, chinas_draft):
    sent = timezone.localdate() - timedelta(days=3)

    response = api.as_user(poc_chn).post(
        f"{detail(chinas_draft)}submit/", {"submitted_on": sent.isoformat()}
    )

    assert response.status_code == 200
    assert response.json()["submitted_on"] == sent.isoformat()


def test_poc_changes_the_title_of_their_draft(api, poc_chn, chinas_draft):
    response = api.as_user(poc_chn).patch(detail(chinas_draft), {"title": "Revised"})

    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Revised"
    chinas_draft.refresh_from_db()
    assert chinas_draft.title == "Revised"
    assert chinas_draft.history.first().history_user == poc_chn


def test_poc_replaces_the_document_of_their_draft(api, poc_chn, chinas_draft):
    old_name = chinas_draft.original.file.name

    response = api.as_user(poc_chn).patch(
        detail(chinas_draft), {"document": factories.docx_upload()}, format="multipart"
    )

    assert response.status_code == 200, response.json()
    chinas_draft.refresh_from_db()
    assert chinas_draft.original.file.name != old_name
    assert chinas_draft.original.file.name.endswith(".docx")


def test_a_report_cannot_move_to_another_state(api, poc_chn, chinas_draft):
    written = Written(NationalReport)

    response = api.as_user(poc_chn).patch(detail(chinas_draft), {"state": "BRA"})

    assert response.status_code == 400
    assert "state" in response.json()["errors"]
    assert written.unchanged()


def test_poc_deletes_their_own_draft(api, poc_chn, chinas_draft):
    response = api.as_user(poc_chn).delete(detail(chinas_draft))

    assert response.status_code == 204
    assert not NationalReport.objects.filter(pk=chinas_draft.pk).exists()
    assert NationalReport.history.filter(id=chinas_draft.pk).latest().history_type == "-"


def test_a_submitted_report_cannot_be_deleted(api, poc_chn, secretariat, chinas_submitted):
    written = Written(NationalReport)

    for user in (poc_chn, secretariat):
        response = api.as_user(user).delete(detail(chinas_submitted))

        assert response.status_code == 403
        assert "draft" in response.json()["detail"]
    assert written.unchanged()


def test_a_submitted_report_cannot_be_changed(api, poc_chn, chinas_submitted):
    written = Written(NationalReport)

    response = api.as_user(poc_chn).patch(detail(chinas_submitted), {"title": "Rewritten"})

    assert response.status_code == 403
    assert "draft" in response.json()["detail"]
    assert written.unchanged()


def test_poc_sees_their_states_drafts_and_submissions_and_all_published(api, poc_chn, every_status):
    response = api.as_user(poc_chn).get(REPORTS)

    assert ids(response) == {
        every_status["chn_draft"],
        every_status["chn_submitted"],
        every_status["chn_published"],
    }


# --- The point of contact of another state --------------------------------------------------------


def test_poc_cannot_read_another_states_draft(api, poc_bra, chinas_draft):
    response = api.as_user(poc_bra).get(detail(chinas_draft))

    assert response.status_code == 404
    assert response.json() == {"detail": "No NationalReport matches the given query."}


def test_poc_cannot_read_another_states_submission(api, poc_bra, chinas_submitted):
    assert api.as_user(poc_bra).get(detail(chinas_submitted)).status_code == 404


def test_poc_reads_another_states_published_report(api, poc_bra, chinas_published):
    response = api.as_user(poc_bra).get(detail(chinas_published))

    assert response.status_code == 200
    assert response.json()["state"] == "CHN"


def test_poc_cannot_file_a_report_for_another_state(api, poc_bra):
    written = Written(NationalReport)

    response = api.as_user(poc_bra).post(REPORTS, new_report(state="CHN"), format="multipart")

    assert response.status_code == 403
    assert response.json() == {"detail": "You can only file reports for your own state."}
    assert written.unchanged()


@pytest.mark.parametrize(
    ("method", "suffix", "data"),
    [
        ("get", "", None),
        ("patch", "", {"title": "Taken over"}),
        ("put", "", {"state": "CHN", "kind": "first", "language": "en"}),
        ("post", "submit/", None),
        ("post", "publish/", None),
        ("get", "document/", None),
        ("delete", "", None),
    ],
)
def test_poc_cannot_touch_another_states_draft(api, poc_bra, chinas_draft, method, suffix, data):
    written = Written(NationalReport)

    response = getattr(api.as_user(poc_bra), method)(f"{detail(chinas_draft)}{suffix}", data)

    assert response.status_code == 404
    assert written.unchanged()
    chinas_draft.refresh_from_db()
    assert chinas_draft.status == ReportStatus.DRAFT
    assert chinas_draft.title == "China draft"


def test_poc_cannot_change_another_states_published_report(api, poc_bra, chinas_published):
    written = Written(NationalReport)

    response = api.as_user(poc_bra).patch(detail(chinas_published), {"title": "Taken over"})

    assert response.status_code == 403
    assert response.json()["detail"]
    assert written.unchanged()


def test_poc_does_not_see_another_states_drafts_in_the_list(api, poc_bra, every_status):
    response = api.as_user(poc_bra).get(REPORTS)

    assert ids(response) == {every_status["bra_draft"], every_status["chn_published"]}


# --- The public reader and committee members ------------------------------------------------------


def test_public_reader_lists_only_published_reports(api, every_status):
    assert ids(api.get(REPORTS)) == {every_status["chn_published"]}


def test_public_reader_gets_404_for_a_draft(api, chinas_draft, chinas_submitted):
    assert api.get(detail(chinas_draft)).status_code == 404
    assert api.get(detail(chinas_submitted)).status_code == 404


def test_public_reader_reads_a_published_report(api, chinas_published):
    response = api.get(detail(chinas_published))

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert response.json()["published_at"]


def test_public_reader_cannot_file_a_report(api, member_states):
    written = Written(NationalReport)

    response = api.post(REPORTS, new_report(), format="multipart")

    assert response.status_code in (401, 403)
    assert "credentials" in response.json()["detail"]
    assert written.unchanged()


def test_public_reader_cannot_submit_publish_or_delete(api, chinas_published):
    for method, suffix in [("post", "submit/"), ("post", "publish/"), ("delete", "")]:
        response = getattr(api, method)(f"{detail(chinas_published)}{suffix}")
        assert response.status_code in (401, 403)


def test_committee_member_sees_only_published_reports(api, member, every_status):
    response = api.as_user(member).get(REPORTS)

    assert ids(response) == {every_status["chn_published"]}
    assert api.as_user(member).get(f"{REPORTS}{every_status['chn_draft']}/").status_code == 404


def test_committee_member_cannot_file_a_report(api, member):
    written = Written(NationalReport)

    response = api.as_user(member).post(REPORTS, new_report(), format="multipart")

    assert response.status_code == 403
    assert response.json()["detail"]
    assert written.unchanged()


# --- Experts and the secretariat ------------------------------------------------------------------


def test_expert_sees_every_report(api, expert, every_status):
    assert ids(api.as_user(expert).get(REPORTS)) == set(every_status.values())


def test_expert_files_a_report_on_behalf_of_any_state(api, expert):
    received = date(2019, 5, 6)

    response = api.as_user(expert).post(
        REPORTS,
        new_report(state="fra", language="fr", submitted_on=received.isoformat()),
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["state"] == "FRA"
    assert response.json()["submitted_on"] == "2019-05-06"

    submitted = api.as_user(expert).post(f"{REPORTS}{response.json()['id']}/submit/")

    assert submitted.status_code == 200
    assert submitted.json()["submitted_on"] == "2019-05-06"
    assert submitted.json()["submitted_by"] == expert.username


def test_expert_cannot_publish(api, expert, chinas_submitted):
    written = Written(NationalReport)

    response = api.as_user(expert).post(f"{detail(chinas_submitted)}publish/")

    assert response.status_code == 403
    assert response.json() == {"detail": "Only the secretariat publishes reports."}
    assert written.unchanged()


def test_poc_cannot_publish_their_own_report(api, poc_chn, chinas_submitted):
    response = api.as_user(poc_chn).post(f"{detail(chinas_submitted)}publish/")

    assert response.status_code == 403
    chinas_submitted.refresh_from_db()
    assert chinas_submitted.status == ReportStatus.SUBMITTED


def test_secretariat_publishes_a_submitted_report_and_the_public_then_sees_it(
    api, secretariat, chinas_submitted
):
    assert api.get(detail(chinas_submitted)).status_code == 404

    response = api.as_user(secretariat).post(f"{detail(chinas_submitted)}publish/")

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert response.json()["published_at"]
    api.force_authenticate(user=None)
    public = api.get(detail(chinas_submitted))
    assert public.status_code == 200
    assert public.json()["status"] == "published"


def test_publishing_twice_is_a_conflict(api, secretariat, chinas_published):
    written = Written(NationalReport)

    response = api.as_user(secretariat).post(f"{detail(chinas_published)}publish/")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Only a submitted report can be published; its status is “Published”."
    }
    assert written.unchanged()


def test_publishing_a_draft_is_a_conflict(api, secretariat, chinas_draft):
    response = api.as_user(secretariat).post(f"{detail(chinas_draft)}publish/")

    assert response.status_code == 409
    assert "“Draft”" in response.json()["detail"]


@pytest.mark.parametrize("report", ["chinas_submitted", "chinas_published"])
def test_submitting_a_report_that_is_not_a_draft_is_a_conflict(
    api, poc_chn, secretariat, request, report
):
    report = request.getfixturevalue(report)
    written = Written(NationalReport)

    response = api.as_user(poc_chn).post(f"{detail(report)}submit/")

    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"This report's status is already “{report.get_status_display()}”; only a draft can be "
        "submitted."
    )
    assert written.unchanged()


# --- The document ---------------------------------------------------------------------------------


def test_poc_downloads_their_drafts_document_from_document_url(api, poc_chn, chinas_draft):
    client = api.as_user(poc_chn)
    url = client.get(detail(chinas_draft)).json()["document_url"]

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "CHN-first-report-draft-en.pdf" in response["Content-Disposition"]
    assert downloaded(response).startswith(b"%PDF")


def test_public_reader_downloads_a_published_report(api, chinas_published):
    url = api.get(detail(chinas_published)).json()["document_url"]

    response = api.get(url)

    assert response.status_code == 200
    assert downloaded(response).startswith(b"%PDF")


def test_another_states_poc_cannot_download_a_draft(api, poc_chn, poc_bra, chinas_draft):
    url = api.as_user(poc_chn).get(detail(chinas_draft)).json()["document_url"]

    assert api.as_user(poc_bra).get(url).status_code == 404
    api.force_authenticate(user=None)
    assert api.get(url).status_code == 404


def test_a_docx_report_is_accepted_and_served_as_docx(api, poc_chn):
    client = api.as_user(poc_chn)

    response = client.post(
        REPORTS, new_report(document=factories.docx_upload()), format="multipart"
    )

    assert response.status_code == 201, response.json()
    assert NationalReport.objects.get().original.file.name.endswith(".docx")
    download = client.get(response.json()["document_url"])
    assert download["Content-Type"].endswith("wordprocessingml.document")
    assert downloaded(download).startswith(b"PK")


def test_a_pdf_uploaded_under_another_name_is_stored_as_pdf(api, poc_chn):
    response = api.as_user(poc_chn).post(
        REPORTS,
        new_report(document=factories.pdf_upload(name="report.docx")),
        format="multipart",
    )

    assert response.status_code == 201
    assert NationalReport.objects.get().original.file.name.endswith(".pdf")


# --- Refused input changes nothing ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "in_detail"),
    [
        ({"document": factories.fake_pdf_upload}, "document", "not a PDF or Word document"),
        ({"document": None}, "document", "No file was submitted"),
        ({"kind": None}, "kind", "required"),
        ({"kind": "interim"}, "kind", "interim"),
        ({"language": "xx"}, "language", "xx"),
        ({"language": None}, "language", "required"),
        ({"state": "XXX"}, "state", "XXX"),
        ({"state": "12"}, "state", "three-letter ISO code"),
        ({"state": "China"}, "state", "three-letter ISO code"),
        ({"state": None}, "state", "required"),
    ],
    ids=[
        "png-named-pdf",
        "missing-document",
        "missing-kind",
        "unknown-kind",
        "invalid-language",
        "missing-language",
        "unknown-state",
        "malformed-state-12",
        "state-by-name",
        "missing-state",
    ],
)
def test_bad_input_is_a_400_that_names_the_field_and_writes_nothing(
    api, poc_chn, overrides, field, in_detail
):
    data = new_report()
    for name, value in overrides.items():
        if value is None:
            del data[name]
        else:
            data[name] = value() if callable(value) else value
    written = Written(NationalReport)

    response = api.as_user(poc_chn).post(REPORTS, data, format="multipart")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert field in body["errors"], body
    assert body["detail"].startswith(f"{field}: ")
    assert in_detail in body["detail"]
    assert written.unchanged()


def test_an_oversize_document_is_a_400_that_says_the_limit(api, poc_chn, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    big = factories.pdf_upload(text="x" * 2000)
    assert big.size > 1024
    written = Written(NationalReport)

    response = api.as_user(poc_chn).post(REPORTS, new_report(document=big), format="multipart")

    assert response.status_code == 400
    body = response.json()
    assert "document" in body["errors"]
    assert "the largest document accepted is 1.0\xa0KB" in body["detail"]
    assert written.unchanged()


def test_an_empty_document_is_refused(api, poc_chn):
    empty = SimpleUploadedFile("report.pdf", b"", content_type="application/pdf")
    written = Written(NationalReport)

    response = api.as_user(poc_chn).post(REPORTS, new_report(document=empty), format="multipart")

    assert response.status_code == 400
    assert "document" in response.json()["errors"]
    assert "empty" in response.json()["detail"]
    assert written.unchanged()


def test_a_replacement_document_is_checked_too(api, poc_chn, chinas_draft):
    written = Written(NationalReport)

    response = api.as_user(poc_chn).patch(
        detail(chinas_draft), {"document": factories.fake_pdf_upload()}, format="multipart"
    )

    assert response.status_code == 400
    assert "document" in response.json()["errors"]
    assert written.unchanged()


def test_expert_cannot_date_a_report_in_the_future(api, expert):
    tomorrow = timezone.localdate() + timedelta(days=1)
    written = Written(NationalReport)

    response = api.as_user(expert).post(
        REPORTS, new_report(submitted_on=tomorrow.isoformat()), format="multipart"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "submitted_on: The date of submission cannot be in the future.",
        "errors": {"submitted_on": ["The date of submission cannot be in the future."]},
    }
    assert written.unchanged()


def test_a_report_cannot_be_submitted_with_a_future_date(api, poc_chn, chinas_draft):
    tomorrow = timezone.localdate() + timedelta(days=1)
    written = Written(NationalReport)

    response = api.as_user(poc_chn).post(
        f"{detail(chinas_draft)}submit/", {"submitted_on": tomorrow.isoformat()}
    )

    assert response.status_code == 400
    assert "submitted_on" in response.json()["errors"]
    assert "future" in response.json()["detail"]
    assert written.unchanged()
    chinas_draft.refresh_from_db()
    assert chinas_draft.status == ReportStatus.DRAFT


def test_a_report_cannot_be_submitted_with_a_malformed_date(api, poc_chn, chinas_draft):
    written = Written(NationalReport)

    response = api.as_user(poc_chn).post(
        f"{detail(chinas_draft)}submit/", {"submitted_on": "last tuesday"}
    )

    assert response.status_code == 400
    assert "submitted_on" in response.json()["errors"]
    assert written.unchanged()


def test_a_second_first_report_is_refused_when_filed(api, poc_chn):
    factories.report("CHN", by=poc_chn, kind=ReportKind.FIRST, status=ReportStatus.SUBMITTED)
    written = Written(NationalReport)

    response = api.as_user(poc_chn).post(REPORTS, new_report(), format="multipart")

    assert response.status_code == 400
    body = response.json()
    assert "kind" in body["errors"]
    assert "China has already submitted its first report" in body["detail"]
    assert "additional" in body["detail"]
    assert written.unchanged()


def test_a_second_first_report_is_refused_on_submission(api, poc_chn, secretariat):
    """Two drafts of a first report, started before either was submitted (the state's own and
    one the secretariat filed from a note verbale): only one of them can be submitted."""
    client = api.as_user(poc_chn)
    own = client.post(REPORTS, new_report(), format="multipart").json()["id"]
    on_behalf = factories.report("CHN", by=secretariat, kind=ReportKind.FIRST).pk
    assert client.post(f"{REPORTS}{own}/submit/").status_code == 200
    written = Written(NationalReport)

    response = client.post(f"{REPORTS}{on_behalf}/submit/")

    assert response.status_code == 400
    body = response.json()
    assert "kind" in body["errors"]
    assert "China has already submitted its first report" in body["detail"]
    assert written.unchanged()
    assert NationalReport.objects.get(pk=on_behalf).status == ReportStatus.DRAFT


def test_a_draft_cannot_become_a_second_first_report(api, poc_chn):
    factories.report("CHN", by=poc_chn, kind=ReportKind.FIRST, status=ReportStatus.SUBMITTED)
    addendum = factories.report("CHN", by=poc_chn, kind=ReportKind.ADDITIONAL)
    written = Written(NationalReport)

    response = api.as_user(poc_chn).patch(detail(addendum), {"kind": "first"})

    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
    assert written.unchanged()


# --- Documents in several languages ---------------------------------------------------------------


def documents_of(report: NationalReport) -> str:
    return f"{detail(report)}documents/"


def french_version(**overrides) -> dict:
    return {
        "language": "fr",
        "document": factories.pdf_upload(text="Version francaise"),
        **overrides,
    }


@pytest.fixture
def chinese_draft(poc_chn):
    """China's first report, written in Chinese, still a draft."""
    return factories.report("CHN", by=poc_chn, kind=ReportKind.FIRST, language="zh")


def test_a_report_shows_its_documents_with_the_original_first(api, poc_chn, secretariat):
    report = factories.report(
        "CHN", by=poc_chn, language="zh", status=ReportStatus.PUBLISHED, publisher=secretariat
    )
    services.add_report_document(
        report, language="ar", document=factories.pdf_upload(), acting_user=secretariat
    )

    body = api.get(detail(report)).json()

    assert body["language"] == "zh"
    base = f"http://testserver{detail(report)}document/"
    assert body["documents"] == [
        {"language": "zh", "original": True, "url": f"{base}?language=zh"},
        {"language": "ar", "original": False, "url": f"{base}?language=ar"},
    ]
    assert body["document_url"] == f"{base}?language=zh"
    listed = api.get(REPORTS).json()["results"]
    assert [row["documents"] for row in listed] == [body["documents"]]


def test_poc_adds_a_french_version_to_their_chinese_report(api, poc_chn, chinese_draft):
    client = api.as_user(poc_chn)

    response = client.post(documents_of(chinese_draft), french_version(), format="multipart")

    assert response.status_code == 201, response.json()
    url = f"http://testserver{detail(chinese_draft)}document/?language=fr"
    assert response.json() == {"language": "fr", "original": False, "url": url}
    assert [
        (row["language"], row["original"])
        for row in client.get(detail(chinese_draft)).json()["documents"]
    ] == [("zh", True), ("fr", False)]
    download = client.get(url)
    assert download.status_code == 200
    assert "CHN-first-report-draft-fr.pdf" in download["Content-Disposition"]
    assert downloaded(download).startswith(b"%PDF")
    version = ReportDocument.objects.get(report=chinese_draft, language="fr")
    assert version.history.get().history_user == poc_chn


def test_the_secretariat_adds_a_translation_to_a_published_report(
    api, secretariat, chinas_published
):
    response = api.as_user(secretariat).post(
        documents_of(chinas_published), french_version(), format="multipart"
    )

    assert response.status_code == 201, response.json()
    public = api.as_user(None).get(detail(chinas_published)).json()
    assert {row["language"] for row in public["documents"]} == {"en", "fr"}


@pytest.mark.parametrize("persona", ["poc_chn", "expert", "poc_bra", "member"])
def test_only_the_secretariat_adds_a_translation_to_a_published_report(
    api, request, persona, chinas_published
):
    written = Written(ReportDocument)

    response = api.as_user(request.getfixturevalue(persona)).post(
        documents_of(chinas_published), french_version(), format="multipart"
    )

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the secretariat adds or replaces a document of a published report."
    }
    assert written.unchanged()


def test_the_public_cannot_add_a_version(api, chinas_published):
    written = Written(ReportDocument)

    response = api.post(documents_of(chinas_published), french_version(), format="multipart")

    assert response.status_code in (401, 403)
    assert "credentials" in response.json()["detail"]
    assert written.unchanged()


@pytest.mark.parametrize("persona", [None, "poc_bra", "member"])
def test_an_unpublished_reports_versions_do_not_exist_for_others(
    api, request, persona, poc_chn, chinese_draft
):
    services.add_report_document(
        chinese_draft, language="fr", document=factories.pdf_upload(), acting_user=poc_chn
    )
    url = api.as_user(poc_chn).get(detail(chinese_draft)).json()["documents"][1]["url"]
    written = Written(ReportDocument)
    client = api.as_user(request.getfixturevalue(persona) if persona else None)

    assert client.get(url).status_code == 404
    assert client.get(f"{detail(chinese_draft)}document/").status_code == 404
    response = client.post(
        documents_of(chinese_draft), french_version(language="ru"), format="multipart"
    )
    assert response.status_code in ((401, 403) if persona is None else (404,))
    assert written.unchanged()


def test_a_second_document_in_a_language_is_a_400_that_says_so(api, poc_chn, chinese_draft):
    written = Written(ReportDocument)

    response = api.as_user(poc_chn).post(
        documents_of(chinese_draft), french_version(language="zh"), format="multipart"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["language"] == [
        "This report already has a document in Chinese: replace that one instead of adding a "
        "second."
    ]
    assert body["detail"].startswith("language: This report already has a document in Chinese")
    assert written.unchanged()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"document": factories.fake_pdf_upload}, "document", "not a PDF or Word document"),
        ({"document": None}, "document", "No file was submitted"),
        ({"language": "de"}, "language", "not a valid choice"),
        ({"language": None}, "language", "required"),
    ],
    ids=["image-named-pdf", "missing-document", "invalid-language", "missing-language"],
)
def test_a_bad_version_is_a_400_naming_the_field_and_writes_nothing(
    api, poc_chn, chinese_draft, overrides, field, message
):
    data = french_version()
    for name, value in overrides.items():
        if value is None:
            data.pop(name)
        else:
            data[name] = value() if callable(value) else value
    written = Written(ReportDocument)

    response = api.as_user(poc_chn).post(documents_of(chinese_draft), data, format="multipart")

    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"][field])
    assert written.unchanged()


def test_an_oversize_version_is_a_400_that_says_the_limit(api, poc_chn, chinese_draft, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    written = Written(ReportDocument)
    big = factories.pdf_upload(text="x" * 4000)

    response = api.as_user(poc_chn).post(
        documents_of(chinese_draft), french_version(document=big), format="multipart"
    )

    assert response.status_code == 400
    assert "the largest document accepted is 1.0\xa0KB" in response.json()["detail"]
    assert written.unchanged()


# --- Filters --------------------------------------------------------------------------------------


@pytest.fixture
def library(poc_chn, poc_bra, secretariat):
    """Published reports of China (Asia-Pacific) and Brazil (Latin America), in several
    languages, kinds and years, plus one French draft."""

    def published(iso3, by, kind, language, day):
        return factories.report(
            iso3,
            by=by,
            kind=kind,
            language=language,
            submitted_on=day,
            status=ReportStatus.PUBLISHED,
            publisher=secretariat,
        ).pk

    return {
        "chn_first": published("CHN", poc_chn, ReportKind.FIRST, "zh", date(2004, 10, 28)),
        "chn_2010": published("CHN", poc_chn, ReportKind.ADDITIONAL, "en", date(2010, 3, 1)),
        "bra_first": published("BRA", poc_bra, ReportKind.FIRST, "es", date(2004, 11, 2)),
        "bra_2016": published("BRA", poc_bra, ReportKind.ADDITIONAL, "en", date(2016, 6, 30)),
        "fra_draft": factories.report("FRA", by=secretariat, language="fr").pk,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "CHN"}, {"chn_first", "chn_2010"}),
        ({"state": "bra"}, {"bra_first", "bra_2016"}),
        ({"kind": "first"}, {"chn_first", "bra_first"}),
        ({"language": "en"}, {"chn_2010", "bra_2016"}),
        ({"status": "draft"}, {"fra_draft"}),
        ({"status": "published", "state": "FRA"}, set()),
        ({"regional_group": "Asia-Pacific"}, {"chn_first", "chn_2010"}),
        ({"regional_group": "Western European and Others"}, {"fra_draft"}),
        ({"submitted_on_after": "2005-01-01"}, {"chn_2010", "bra_2016"}),
        ({"submitted_on_before": "2004-12-31"}, {"chn_first", "bra_first"}),
        (
            {"submitted_on_after": "2004-11-01", "submitted_on_before": "2010-03-01"},
            {"bra_first", "chn_2010"},
        ),
    ],
)
def test_secretariat_filters_reports(api, secretariat, library, params, expected):
    response = api.as_user(secretariat).get(REPORTS, params)

    assert ids(response) == {library[name] for name in expected}


def test_filters_never_widen_what_the_public_sees(api, library):
    assert ids(api.get(REPORTS, {"status": "draft"})) == set()
    assert ids(api.get(REPORTS, {"state": "FRA"})) == set()


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"submitted_on_after": "yesterday"}, "submitted_on_after"),
        ({"submitted_on_before": "2024-13-01"}, "submitted_on_before"),
        ({"state": "12"}, "state"),
        ({"kind": "interim"}, "kind"),
        ({"status": "lost"}, "status"),
        ({"language": "xx"}, "language"),
        ({"regional_group": "Atlantis"}, "regional_group"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api, member_states, params, parameter):
    response = api.get(REPORTS, params)

    assert response.status_code == 400
    body = response.json()
    assert parameter in body["errors"]
    assert body["detail"].startswith(f"{parameter}")


def test_a_page_that_is_not_a_number_is_not_found(api, member_states):
    response = api.get(REPORTS, {"page": "abc"})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_a_page_past_the_end_is_not_found(api, member_states):
    assert api.get(REPORTS, {"page": 2}).status_code == 404


# --- History --------------------------------------------------------------------------------------


def test_history_names_the_acting_user_of_each_step(api, poc_chn, secretariat):
    created = api.as_user(poc_chn).post(REPORTS, new_report(), format="multipart")
    report_url = f"{REPORTS}{created.json()['id']}/"
    api.as_user(poc_chn).post(f"{report_url}submit/")
    api.as_user(secretariat).post(f"{report_url}publish/")

    report = NationalReport.objects.get(pk=created.json()["id"])
    steps = list(report.history.order_by("history_date", "history_id"))

    assert [record.status for record in steps] == ["draft", "submitted", "published"]
    assert [record.history_user for record in steps] == [poc_chn, poc_chn, secretariat]
    assert [record.history_change_reason for record in steps] == [
        "Draft created",
        "Submitted",
        "Published",
    ]


def test_a_refused_step_leaves_no_history(api, poc_bra, expert, chinas_submitted):
    before = list(chinas_submitted.history.values_list("history_id", flat=True))

    api.as_user(expert).post(f"{detail(chinas_submitted)}publish/")
    api.as_user(poc_bra).post(f"{detail(chinas_submitted)}submit/")

    assert list(chinas_submitted.history.values_list("history_id", flat=True)) == before


# --- Query counts ---------------------------------------------------------------------------------


def add_published_reports(how_many: int, *, by) -> None:
    """Rows straight into the table: published additional reports of a few states."""
    states = itertools.cycle(MemberState.objects.filter(iso3__in=["CHN", "BRA", "FRA", "KEN"]))
    languages = itertools.cycle(["ar", "zh", "en", "fr", "ru", "es"])
    reports = NationalReport.objects.bulk_create(
        NationalReport(
            state=next(states),
            kind=ReportKind.ADDITIONAL,
            status=ReportStatus.PUBLISHED,
            submitted_on=date(2010, 1, 1) + timedelta(days=number),
            published_at=timezone.now(),
            created_by=by,
            submitted_by=by,
        )
        for number in range(how_many)
    )
    # Each with its original and, unless that is English, an English version.
    versions = []
    for report in reports:
        original = next(languages)
        versions.append(ReportDocument(report=report, language=original, original=True))
        if original != "en":
            versions.append(ReportDocument(report=report, language="en", original=False))
    for version in versions:
        version.file = "reports/XXX/placeholder.pdf"
    ReportDocument.objects.bulk_create(versions)


@pytest.mark.parametrize("reader", [None, "secretariat", "poc_chn"])
def test_listing_reports_takes_the_same_queries_for_ten_or_a_thousand(
    api, secretariat, request, reader
):
    if reader:
        api.as_user(request.getfixturevalue(reader))
    params = {"page_size": 200}
    count_queries(api, REPORTS, params)  # warm-up: one-off lookups are not what is measured

    add_published_reports(10, by=secretariat)
    with_ten = count_queries(api, REPORTS, params)
    add_published_reports(990, by=secretariat)
    with_a_thousand = count_queries(api, REPORTS, params)

    assert NationalReport.objects.count() == 1000
    assert with_ten == with_a_thousand
    assert with_a_thousand <= 3  # the count, the page and the page's documents


def test_filtered_list_of_reports_takes_the_same_queries_as_rows_grow(api, secretariat):
    params = {"page_size": 200, "regional_group": "Asia-Pacific", "language": "zh"}
    count_queries(api, REPORTS, params)

    add_published_reports(10, by=secretariat)
    with_ten = count_queries(api, REPORTS, params)
    add_published_reports(990, by=secretariat)

    assert count_queries(api, REPORTS, params) == with_ten


def test_a_download_answers_a_client_that_asks_for_a_pdf(api, poc_chn):
    draft = factories.report("CHN", by=poc_chn)
    url = f"/api/v1/reports/{draft.pk}/document/"
    response = api.as_user(poc_chn).get(url, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    refused = api.as_user(None).get(url, HTTP_ACCEPT="application/pdf")
    assert refused.status_code == 404
    assert json.loads(refused.content) == {"detail": "No NationalReport matches the given query."}
