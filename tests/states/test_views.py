"""The HTML pages of the states app, read as the personas use them: the public reader, Li Wei
(point of contact of China), Ana Souza (point of contact of Brazil), Eva of the Group of
Experts, Sam of the secretariat and Mo, a committee member.

Another state's draft does not exist for a reader (404); a page that exists but is not theirs to
use is refused (403); an anonymous visitor to a page that needs an account is sent to log in.
"""

from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser
from itertools import cycle

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from core.choices import Language
from states.choices import RegionalGroup, ReportKind, ReportStatus
from states.models import MemberState
from states.reports import services
from states.reports.models import NationalReport, ReportDocument
from tests import factories
from tests.helpers import assert_accessible_basics, count_queries, fake_states, login_redirect

# --- helpers -------------------------------------------------------------------------------


def admin_login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith("/admin/login/")


def row_count(response) -> int:
    """Rows of the page's data tables: each row is headed by a ``<th scope="row">``."""
    return response.content.decode().count('<th scope="row">')


def report_count() -> int:
    return NationalReport.objects.count()


def downloaded(response) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


class _FormAudit(HTMLParser):
    """Collects the ids of the visible form controls and the ``for`` of every label."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[str | None] = []
        self.labelled: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "label" and attributes.get("for"):
            self.labelled.add(attributes["for"])
        elif tag in {"select", "textarea"} or (
            tag == "input" and attributes.get("type") not in {"hidden", "submit", "button"}
        ):
            self.controls.append(attributes.get("id"))


def unlabelled_controls(response) -> list[str | None]:
    audit = _FormAudit()
    audit.feed(response.content.decode())
    assert audit.controls, "the page has no form controls to check"
    return [
        control for control in audit.controls if control is None or control not in audit.labelled
    ]


def bulk_reports(count: int, *, by, status: str, states: list[MemberState]) -> None:
    """``count`` additional reports spread over ``states``, written straight to the table: the
    query-count tests need many rows quickly, not the workflow."""
    published_at = timezone.now() if status == ReportStatus.PUBLISHED else None
    submitted = status != ReportStatus.DRAFT
    reports = NationalReport.objects.bulk_create(
        NationalReport(
            state=state,
            kind=ReportKind.ADDITIONAL,
            title=f"Addendum {number}",
            status=status,
            submitted_on=date(2020, 1, 1) + timedelta(days=number) if submitted else None,
            submitted_by=by if submitted else None,
            published_at=published_at,
            created_by=by,
        )
        for number, state in zip(range(count), cycle(states), strict=False)
    )
    # Each in English, the original, and in French: a page lists every language of each.
    ReportDocument.objects.bulk_create(
        ReportDocument(
            report=report,
            language=language,
            original=language == Language.ENGLISH,
            file=f"reports/{report.state.iso3}/dummy-{report.pk}-{language}.pdf",
        )
        for report in reports
        for language in (Language.ENGLISH, Language.FRENCH)
    )


# --- fixtures: China's reports at each step --------------------------------------------------


@pytest.fixture
def china_draft(poc_chn):
    return factories.report("CHN", by=poc_chn, title="China draft addendum")


@pytest.fixture
def china_submitted(poc_chn):
    return factories.report(
        "CHN", by=poc_chn, status=ReportStatus.SUBMITTED, title="China submitted addendum"
    )


@pytest.fixture
def china_published(poc_chn, secretariat):
    return factories.report(
        "CHN",
        by=poc_chn,
        status=ReportStatus.PUBLISHED,
        publisher=secretariat,
        title="China published addendum",
    )


# --- the list of member states ----------------------------------------------------------------


def test_public_reader_sees_the_member_states_fifty_to_a_page(client, member_states):
    response = client.get("/states/")
    assertContains(response, "193 states")
    assertContains(response, "Page 1 of 4")
    assert row_count(response) == 50
    assertContains(response, "Afghanistan")


def test_public_reader_reaches_the_last_page_of_states(client, member_states):
    response = client.get("/states/?page=4")
    assert row_count(response) == 193 - 150
    assertContains(response, "Zimbabwe")


def test_state_list_keeps_the_filters_in_the_page_links(client, member_states):
    response = client.get("/states/?has_first_report=false")
    assertContains(response, "has_first_report=false&amp;page=2")


def test_public_reader_filters_states_by_regional_group(client, member_states):
    group = RegionalGroup.WESTERN_EUROPEAN_OTHERS
    expected = MemberState.objects.filter(regional_group=group).count()
    response = client.get("/states/", {"regional_group": group})
    assertContains(response, f"{expected} states")
    assertContains(response, "France")
    assertNotContains(response, "Brazil")


def test_public_reader_filters_states_that_have_a_first_report(client, poc_chn, poc_bra):
    factories.report("CHN", by=poc_chn, kind=ReportKind.FIRST, status=ReportStatus.SUBMITTED)
    factories.report("BRA", by=poc_bra, kind=ReportKind.FIRST)  # a draft does not count

    with_report = client.get("/states/", {"has_first_report": "true"})
    without_report = client.get("/states/", {"has_first_report": "false"})

    assertContains(with_report, "1 state<")
    assertContains(with_report, "China")
    assertContains(without_report, "192 states")
    assert ">China<" not in without_report.content.decode()


def test_public_reader_searches_states_by_name_or_code(client, member_states):
    by_code = client.get("/states/", {"q": "chn"})
    by_name = client.get("/states/", {"q": "brazil"})
    assert row_count(by_code) == 1
    assertContains(by_code, "China")
    assert row_count(by_name) == 1
    assertContains(by_name, "Brazil")


@pytest.mark.parametrize(
    "query",
    [{"regional_group": "Atlantis"}, {"has_first_report": "maybe"}],
    ids=["unknown-group", "not-true-or-false"],
)
def test_an_invalid_filter_shows_the_error_and_no_states(client, member_states, query):
    response = client.get("/states/", query)
    assertContains(response, "Select a valid choice")
    assertContains(response, "No member state matches these filters.")
    assert row_count(response) == 0


def test_state_list_has_a_labelled_filter_form(client, member_states):
    response = client.get("/states/")
    assert unlabelled_controls(response) == []


@pytest.mark.parametrize("url", ["/states/", "/states/?q=Testland"], ids=["all", "searched"])
def test_state_list_queries_stay_constant_as_states_grow(client, member_states, url):
    # Searched, the page grows from 10 rows to a full page of 50: a query per row would show.
    fake_states(10)
    client.get(url)
    few = count_queries(client, url)
    fake_states(990)
    many = count_queries(client, url)
    assert MemberState.objects.count() == 193 + 1000
    assert few == many


@pytest.mark.parametrize("persona", [None, "poc_bra", "poc_chn", "expert", "secretariat", "member"])
@pytest.mark.parametrize("url", ["/states/", "/states/CHN/"])
def test_everyone_reads_the_states_pages(client, request, persona, url, member_states):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assertContains(client.get(url), "China")


# --- a state's page ---------------------------------------------------------------------------


def test_public_reader_sees_a_states_published_reports_only(
    client, china_draft, china_submitted, china_published
):
    response = client.get("/states/CHN/")
    assertContains(response, "<h1>China</h1>", html=False)
    assertContains(response, "China published addendum")
    assertNotContains(response, "China draft addendum")
    assertNotContains(response, "China submitted addendum")


def test_poc_sees_own_states_drafts_on_its_page(client, poc_chn, china_draft, china_published):
    client.force_login(poc_chn)
    response = client.get("/states/CHN/")
    assertContains(response, "China draft addendum")
    assertContains(response, "China published addendum")


def test_poc_cannot_see_another_states_drafts_on_its_page(
    client, poc_bra, china_draft, china_submitted, china_published
):
    client.force_login(poc_bra)
    response = client.get("/states/CHN/")
    assertContains(response, "China published addendum")
    assertNotContains(response, "China draft addendum")
    assertNotContains(response, "China submitted addendum")


@pytest.mark.parametrize("persona", ["expert", "secretariat"])
def test_staff_see_every_states_drafts_on_its_page(
    client, request, persona, china_draft, china_submitted
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/states/CHN/")
    assertContains(response, "China draft addendum")
    assertContains(response, "China submitted addendum")
    assertContains(response, "File a report for this state")


def test_committee_member_sees_only_published_reports_on_a_states_page(
    client, member, china_draft, china_published
):
    client.force_login(member)
    response = client.get("/states/CHN/")
    assertContains(response, "China published addendum")
    assertNotContains(response, "China draft addendum")


def test_state_page_shows_the_date_of_the_first_report(client, poc_chn):
    factories.report(
        "CHN",
        by=poc_chn,
        kind=ReportKind.FIRST,
        status=ReportStatus.SUBMITTED,
    )
    response = client.get("/states/chn/")
    assertContains(response, timezone.localdate().strftime("%B %Y"))
    assertNotContains(response, "Not yet submitted")


def test_unknown_state_page_is_not_found(client, member_states):
    assert client.get("/states/XYZ/").status_code == 404


def test_state_page_queries_stay_constant_as_reports_grow(client, secretariat):
    china = factories.state("CHN")
    bulk_reports(10, by=secretariat, status=ReportStatus.PUBLISHED, states=[china])
    client.get("/states/CHN/")
    few = count_queries(client, "/states/CHN/")
    bulk_reports(190, by=secretariat, status=ReportStatus.PUBLISHED, states=[china])
    many = count_queries(client, "/states/CHN/")
    assert china.reports.count() == 200
    assert few == many


# --- a report's page --------------------------------------------------------------------------


def test_public_reader_opens_a_published_report(client, china_published):
    response = client.get(f"/reports/{china_published.pk}/")
    assertContains(response, "China published addendum")
    assertContains(response, f"/reports/{china_published.pk}/document/")


@pytest.mark.parametrize("step", ["china_draft", "china_submitted"])
def test_public_reader_cannot_open_an_unpublished_report(client, request, step):
    report = request.getfixturevalue(step)
    assert client.get(f"/reports/{report.pk}/").status_code == 404


@pytest.mark.parametrize("step", ["china_draft", "china_submitted"])
def test_poc_cannot_read_another_states_unpublished_report(client, request, poc_bra, step):
    report = request.getfixturevalue(step)
    client.force_login(poc_bra)
    assert client.get(f"/reports/{report.pk}/").status_code == 404


def test_poc_reads_own_states_draft_with_submit_and_delete_buttons(client, poc_chn, china_draft):
    client.force_login(poc_chn)
    response = client.get(f"/reports/{china_draft.pk}/")
    assertContains(response, "China draft addendum")
    assertContains(response, f'action="/reports/{china_draft.pk}/submit/"')
    assertContains(response, f'href="/reports/{china_draft.pk}/delete/"')
    assertNotContains(response, f"/reports/{china_draft.pk}/publish/")


@pytest.mark.parametrize(("persona", "status"), [("expert", 200), ("member", 404)])
def test_who_else_may_read_a_draft_report(client, request, china_draft, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/reports/{china_draft.pk}/").status_code == status


def test_secretariat_sees_the_publish_button_on_a_submitted_report(
    client, secretariat, china_submitted
):
    client.force_login(secretariat)
    response = client.get(f"/reports/{china_submitted.pk}/")
    assertContains(response, f'href="/reports/{china_submitted.pk}/publish/"')
    assertNotContains(response, f"/reports/{china_submitted.pk}/delete/")


@pytest.mark.parametrize("persona", [None, "poc_bra", "poc_chn", "expert", "secretariat", "member"])
def test_everyone_reads_a_published_report_and_its_document(
    client, request, persona, china_published
):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/reports/{china_published.pk}/").status_code == 200
    response = client.get(f"/reports/{china_published.pk}/document/")
    assert response.status_code == 200
    assert downloaded(response).startswith(b"%PDF")


def test_unknown_report_is_not_found(client, member_states):
    assert client.get("/reports/999999/").status_code == 404


# --- downloading a report's document ----------------------------------------------------------


def test_public_reader_downloads_a_published_reports_document(client, china_published):
    response = client.get(f"/reports/{china_published.pk}/document/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        f"CHN-additional-report-{china_published.submitted_on:%Y-%m-%d}-en.pdf"
        in (response["Content-Disposition"])
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert downloaded(response).startswith(b"%PDF")


def test_public_reader_cannot_download_a_draft(client, china_draft):
    assert client.get(f"/reports/{china_draft.pk}/document/").status_code == 404


def test_poc_cannot_download_another_states_draft(client, poc_bra, china_draft):
    client.force_login(poc_bra)
    assert client.get(f"/reports/{china_draft.pk}/document/").status_code == 404


def test_poc_downloads_own_states_draft(client, poc_chn, china_draft):
    client.force_login(poc_chn)
    response = client.get(f"/reports/{china_draft.pk}/document/")
    assert response.status_code == 200
    assert "CHN-additional-report-draft-en.pdf" in response["Content-Disposition"]
    assert downloaded(response).startswith(b"%PDF")


@pytest.mark.parametrize(("persona", "status"), [("expert", 200), ("member", 404)])
def test_who_else_may_download_a_draft(client, request, china_draft, persona, status):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/reports/{china_draft.pk}/document/")
    assert response.status_code == status
    if status == 200:
        assert downloaded(response).startswith(b"%PDF")


# --- the point of contact's own state ---------------------------------------------------------


def report_form(**overrides):
    data = {
        "kind": ReportKind.ADDITIONAL,
        "language": Language.ENGLISH,
        "title": "Addendum on export controls",
        "document": factories.pdf_upload(),
        "submit": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_public_reader_is_asked_to_log_in_for_my_state(client, member_states):
    assert login_redirect(client.get("/my-state/"))


@pytest.mark.parametrize("persona", ["expert", "secretariat", "member"])
def test_my_state_is_refused_to_people_who_are_not_points_of_contact(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/my-state/").status_code == 403


def test_poc_sees_own_states_reports_and_not_another_states(client, poc_chn, poc_bra, china_draft):
    factories.report("BRA", by=poc_bra, title="Brazil draft addendum")
    client.force_login(poc_chn)
    response = client.get("/my-state/")
    assertContains(response, "China: national reports")
    assertContains(response, "China draft addendum")
    assertNotContains(response, "Brazil draft addendum")


def test_poc_submits_a_report_for_own_state(client, poc_chn):
    client.force_login(poc_chn)
    response = client.post("/my-state/", report_form(), follow=True)
    report = NationalReport.objects.get()
    assert response.redirect_chain == [("/my-state/", 302)]
    assertContains(response, "Your report was submitted to the committee.")
    assert report.state.iso3 == "CHN"
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == poc_chn
    assert report.submitted_on == timezone.localdate()


def test_poc_saves_a_draft_for_own_state(client, poc_chn):
    client.force_login(poc_chn)
    response = client.post("/my-state/", report_form(submit=None, draft="1"), follow=True)
    assertContains(response, "Your draft was saved.")
    report = NationalReport.objects.get()
    assert report.status == ReportStatus.DRAFT
    assert report.submitted_on is None


def test_poc_uploads_a_word_document(client, poc_chn):
    client.force_login(poc_chn)
    client.post("/my-state/", report_form(document=factories.docx_upload()))
    assert NationalReport.objects.get().original.file_extension == "docx"


def test_poc_cannot_file_for_another_state_through_my_state(client, poc_bra):
    client.force_login(poc_bra)
    client.post("/my-state/", report_form(state="CHN"))
    assert NationalReport.objects.get().state.iso3 == "BRA"


def test_poc_uploading_an_image_named_pdf_is_told_and_nothing_is_written(client, poc_chn):
    client.force_login(poc_chn)
    before = report_count()
    response = client.post("/my-state/", report_form(document=factories.fake_pdf_upload()))
    assertContains(response, "is not a PDF or Word document")
    assertContains(response, 'class="field has-error"')
    assert report_count() == before


def test_poc_uploading_an_oversize_document_is_told_and_nothing_is_written(
    client, poc_chn, settings
):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(poc_chn)
    before = report_count()
    document = factories.pdf_upload(text="x" * 4000)
    response = client.post("/my-state/", report_form(document=document))
    # Refused while the body is read, before the form (core/uploads.py): a page that says so.
    assertContains(response, "the largest document accepted is 1.0\xa0KB", status_code=400)
    assert report_count() == before


@pytest.mark.parametrize("missing", ["document", "kind", "language"])
def test_poc_leaving_out_a_required_field_is_told_and_nothing_is_written(client, poc_chn, missing):
    client.force_login(poc_chn)
    before = report_count()
    response = client.post("/my-state/", report_form(**{missing: None}))
    assertContains(response, "This field is required.")
    assert response.context["form"].errors[missing]
    assert report_count() == before


def test_poc_posting_an_empty_form_is_told_what_is_missing(client, poc_chn):
    client.force_login(poc_chn)
    response = client.post("/my-state/", {})
    assertContains(response, "This field is required.")
    assert report_count() == 0


@pytest.mark.parametrize("button", ["submit", "draft"])
def test_poc_cannot_file_a_second_first_report(client, poc_chn, button):
    factories.report("CHN", by=poc_chn, kind=ReportKind.FIRST, status=ReportStatus.SUBMITTED)
    client.force_login(poc_chn)
    before = report_count()
    form = report_form(**{"kind": ReportKind.FIRST, "submit": None, button: "1"})
    response = client.post("/my-state/", form)
    assertContains(response, "China has already submitted its first report")
    assert report_count() == before


def test_my_state_form_labels_every_field(client, poc_chn):
    client.force_login(poc_chn)
    response = client.get("/my-state/")
    html = response.content.decode()
    for name in ["kind", "language", "title", "document"]:
        assert f'<label for="id_{name}">' in html
        assert f'id="id_{name}"' in html
    assert unlabelled_controls(response) == []
    assert 'enctype="multipart/form-data"' in html
    assert 'name="submit"' in html
    assert 'name="draft"' in html


# --- submitting a draft -----------------------------------------------------------------------


def test_poc_submits_own_states_draft(client, poc_chn, china_draft):
    client.force_login(poc_chn)
    response = client.post(f"/reports/{china_draft.pk}/submit/", follow=True)
    assert response.redirect_chain == [(f"/reports/{china_draft.pk}/", 302)]
    assertContains(response, "The report was submitted to the committee.")
    china_draft.refresh_from_db()
    assert china_draft.status == ReportStatus.SUBMITTED


def test_poc_cannot_submit_another_states_draft(client, poc_bra, china_draft):
    client.force_login(poc_bra)
    assert client.post(f"/reports/{china_draft.pk}/submit/").status_code == 404
    china_draft.refresh_from_db()
    assert china_draft.status == ReportStatus.DRAFT


def test_public_reader_is_asked_to_log_in_to_submit(client, china_draft):
    assert login_redirect(client.post(f"/reports/{china_draft.pk}/submit/"))
    china_draft.refresh_from_db()
    assert china_draft.status == ReportStatus.DRAFT


def test_committee_member_cannot_submit_a_states_draft(client, member, china_draft):
    client.force_login(member)
    assert client.post(f"/reports/{china_draft.pk}/submit/").status_code == 404


def test_submitting_is_a_post_only_action(client, poc_chn, china_draft):
    client.force_login(poc_chn)
    assert client.get(f"/reports/{china_draft.pk}/submit/").status_code == 405


def test_poc_submitting_a_report_twice_is_told_it_is_already_submitted(
    client, poc_chn, china_submitted
):
    client.force_login(poc_chn)
    response = client.post(f"/reports/{china_submitted.pk}/submit/", follow=True)
    assertContains(response, "already “Submitted”; only a draft can be submitted")


def test_poc_submitting_a_second_first_report_is_told_why_not(client, poc_chn):
    factories.report("CHN", by=poc_chn, kind=ReportKind.FIRST, status=ReportStatus.SUBMITTED)
    draft = NationalReport.objects.create(
        state=factories.state("CHN"), kind=ReportKind.FIRST, created_by=poc_chn
    )
    client.force_login(poc_chn)
    response = client.post(f"/reports/{draft.pk}/submit/", follow=True)
    assertContains(response, "China has already submitted its first report")
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


# --- publishing -------------------------------------------------------------------------------


def test_secretariat_is_asked_to_confirm_before_publishing(client, secretariat, china_submitted):
    client.force_login(secretariat)
    response = client.get(f"/reports/{china_submitted.pk}/publish/")
    assertContains(response, "Publish this report?")
    china_submitted.refresh_from_db()
    assert china_submitted.status == ReportStatus.SUBMITTED


def test_secretariat_publishes_a_submitted_report(client, secretariat, china_submitted):
    client.force_login(secretariat)
    response = client.post(f"/reports/{china_submitted.pk}/publish/", follow=True)
    assert response.redirect_chain == [(f"/reports/{china_submitted.pk}/", 302)]
    assertContains(response, "The report is now published on the website.")
    china_submitted.refresh_from_db()
    assert china_submitted.status == ReportStatus.PUBLISHED
    assert client.get("/states/CHN/").status_code == 200


def test_publishing_never_redirects_to_another_site(client, secretariat, china_submitted):
    client.force_login(secretariat)
    response = client.post(
        f"/reports/{china_submitted.pk}/publish/", {"next": "https://evil.example/phish"}
    )
    assert response.status_code == 302
    assert response.url == f"/reports/{china_submitted.pk}/"


def test_publishing_returns_to_the_page_on_this_site_it_was_asked_to(
    client, secretariat, china_submitted
):
    client.force_login(secretariat)
    response = client.post(f"/reports/{china_submitted.pk}/publish/", {"next": "/reports/inbox/"})
    assert response.url == "/reports/inbox/"


def test_secretariat_publishing_a_draft_is_told_why_not(client, secretariat, china_draft):
    client.force_login(secretariat)
    response = client.post(f"/reports/{china_draft.pk}/publish/", follow=True)
    assertContains(response, "Only a submitted report can be published")
    china_draft.refresh_from_db()
    assert china_draft.status == ReportStatus.DRAFT


@pytest.mark.parametrize("method", ["get", "post"])
def test_expert_cannot_publish(client, expert, china_submitted, method):
    client.force_login(expert)
    response = getattr(client, method)(f"/reports/{china_submitted.pk}/publish/")
    assert response.status_code == 403
    china_submitted.refresh_from_db()
    assert china_submitted.status == ReportStatus.SUBMITTED


def test_poc_cannot_publish_own_states_report(client, poc_chn, china_submitted):
    client.force_login(poc_chn)
    assert client.post(f"/reports/{china_submitted.pk}/publish/").status_code == 403
    china_submitted.refresh_from_db()
    assert china_submitted.status == ReportStatus.SUBMITTED


def test_poc_cannot_publish_another_states_report(client, poc_bra, china_submitted):
    client.force_login(poc_bra)
    assert client.get(f"/reports/{china_submitted.pk}/publish/").status_code == 404
    assert client.post(f"/reports/{china_submitted.pk}/publish/").status_code == 404
    china_submitted.refresh_from_db()
    assert china_submitted.status == ReportStatus.SUBMITTED


def test_public_reader_is_asked_to_log_in_to_publish(client, china_submitted):
    assert login_redirect(client.post(f"/reports/{china_submitted.pk}/publish/"))
    china_submitted.refresh_from_db()
    assert china_submitted.status == ReportStatus.SUBMITTED


# --- deleting a draft -------------------------------------------------------------------------


def test_poc_is_asked_to_confirm_before_deleting_a_draft(client, poc_chn, china_draft):
    client.force_login(poc_chn)
    response = client.get(f"/reports/{china_draft.pk}/delete/")
    assertContains(response, "Delete this draft?")
    assert NationalReport.objects.filter(pk=china_draft.pk).exists()


def test_poc_deletes_own_states_draft(client, poc_chn, china_draft):
    client.force_login(poc_chn)
    response = client.post(f"/reports/{china_draft.pk}/delete/", follow=True)
    assert response.redirect_chain == [("/my-state/", 302)]
    assertContains(response, "The draft was deleted.")
    assert not NationalReport.objects.filter(pk=china_draft.pk).exists()


def test_poc_cannot_delete_another_states_draft(client, poc_bra, china_draft):
    client.force_login(poc_bra)
    assert client.get(f"/reports/{china_draft.pk}/delete/").status_code == 404
    assert client.post(f"/reports/{china_draft.pk}/delete/").status_code == 404
    assert NationalReport.objects.filter(pk=china_draft.pk).exists()


def test_public_reader_is_asked_to_log_in_to_delete(client, china_draft):
    assert login_redirect(client.post(f"/reports/{china_draft.pk}/delete/"))
    assert NationalReport.objects.filter(pk=china_draft.pk).exists()


def test_committee_member_cannot_delete_a_states_draft(client, member, china_draft):
    client.force_login(member)
    assert client.post(f"/reports/{china_draft.pk}/delete/").status_code == 404
    assert NationalReport.objects.filter(pk=china_draft.pk).exists()


@pytest.mark.parametrize("persona", ["poc_chn", "secretariat"])
@pytest.mark.parametrize("step", ["china_submitted", "china_published"])
def test_a_submitted_or_published_report_cannot_be_deleted(client, request, persona, step):
    report = request.getfixturevalue(step)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/reports/{report.pk}/delete/").status_code == 403
    assert client.post(f"/reports/{report.pk}/delete/").status_code == 403
    assert NationalReport.objects.filter(pk=report.pk).exists()


def test_expert_deletes_a_draft_and_returns_to_the_inbox(client, expert, china_draft):
    client.force_login(expert)
    response = client.post(f"/reports/{china_draft.pk}/delete/")
    assert response.url == "/reports/inbox/"
    assert not NationalReport.objects.filter(pk=china_draft.pk).exists()


# --- the secretariat's inbox ------------------------------------------------------------------


def test_secretariat_sees_submitted_reports_awaiting_publication(
    client, secretariat, china_draft, china_submitted, china_published
):
    client.force_login(secretariat)
    response = client.get("/reports/inbox/")
    assertContains(response, "China submitted addendum")
    assertNotContains(response, "China draft addendum")
    assertNotContains(response, "China published addendum")
    assertContains(response, f'href="/reports/{china_submitted.pk}/publish/"')
    assertContains(response, "li.wei")


def test_inbox_lists_the_oldest_submission_first(client, secretariat):
    for title, days_ago in [("Recent", 1), ("Old", 300), ("Middle", 30)]:
        factories.report(
            "CHN",
            by=secretariat,
            status=ReportStatus.SUBMITTED,
            title=title,
            submitted_on=timezone.localdate() - timedelta(days=days_ago),
        )
    client.force_login(secretariat)
    html = client.get("/reports/inbox/").content.decode()
    assert html.index(">Old<") < html.index(">Middle<") < html.index(">Recent<")


def test_expert_sees_the_inbox_without_publish_buttons(client, expert, china_submitted):
    client.force_login(expert)
    response = client.get("/reports/inbox/")
    assertContains(response, "China submitted addendum")
    assertNotContains(response, f"/reports/{china_submitted.pk}/publish/")


@pytest.mark.parametrize("persona", ["poc_chn", "poc_bra", "member"])
def test_inbox_is_refused_to_points_of_contact_and_members(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/reports/inbox/").status_code == 403


def test_public_reader_is_asked_to_log_in_for_the_inbox(client, member_states):
    assert login_redirect(client.get("/reports/inbox/"))


def test_inbox_queries_stay_constant_as_submissions_grow(client, secretariat, member_states):
    states = list(member_states)
    bulk_reports(10, by=secretariat, status=ReportStatus.SUBMITTED, states=states)
    client.force_login(secretariat)
    client.get("/reports/inbox/")
    few = count_queries(client, "/reports/inbox/")
    bulk_reports(990, by=secretariat, status=ReportStatus.SUBMITTED, states=states)
    many = count_queries(client, "/reports/inbox/")
    assert NationalReport.objects.awaiting_publication().count() == 1000
    assert few == many


# --- filing a report on a state's behalf ------------------------------------------------------


def on_behalf_form(**overrides):
    details = {"state": "CHN", "symbol": "S/AC.44/2018/1", "submitted_on": "2018-03-01"}
    return report_form(**{**details, **overrides})


def test_secretariat_opens_the_form_with_the_state_chosen(client, secretariat):
    client.force_login(secretariat)
    response = client.get("/reports/new/?state=CHN")
    assertContains(response, '<option value="CHN" selected>China</option>', html=True)
    assert unlabelled_controls(response) == []


def test_secretariat_records_a_report_received_by_note_verbale(client, secretariat):
    client.force_login(secretariat)
    response = client.post("/reports/new/", on_behalf_form())
    report = NationalReport.objects.get()
    assert response.status_code == 302
    assert response.url == f"/reports/{report.pk}/"
    assert report.state.iso3 == "CHN"
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_on == date(2018, 3, 1)
    assert report.symbol == "S/AC.44/2018/1"
    assert report.submitted_by == secretariat


def test_expert_saves_a_draft_on_a_states_behalf(client, expert):
    client.force_login(expert)
    client.post("/reports/new/", on_behalf_form(submit=None, draft="1"))
    report = NationalReport.objects.get()
    assert report.status == ReportStatus.DRAFT
    assert report.created_by == expert


def test_a_submission_date_in_the_future_is_refused(client, secretariat):
    client.force_login(secretariat)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post("/reports/new/", on_behalf_form(submitted_on=tomorrow.isoformat()))
    assertContains(response, "The date of submission cannot be in the future.")
    assert report_count() == 0


def test_an_unknown_state_is_refused(client, secretariat):
    client.force_login(secretariat)
    response = client.post("/reports/new/", {**on_behalf_form(), "state": "XYZ"})
    assertContains(response, "Choose a member state from the list.")
    assert report_count() == 0


def test_an_image_named_pdf_is_refused_on_a_states_behalf(client, secretariat):
    client.force_login(secretariat)
    response = client.post("/reports/new/", on_behalf_form(document=factories.fake_pdf_upload()))
    assertContains(response, "is not a PDF or Word document")
    assert report_count() == 0


@pytest.mark.parametrize("persona", ["poc_chn", "poc_bra", "member"])
def test_only_staff_file_reports_on_a_states_behalf(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/reports/new/").status_code == 403
    assert client.post("/reports/new/", on_behalf_form()).status_code == 403
    assert report_count() == 0


def test_public_reader_is_asked_to_log_in_to_file_on_a_states_behalf(client, member_states):
    assert login_redirect(client.get("/reports/new/"))


# --- history ----------------------------------------------------------------------------------


@pytest.fixture
def retitled_draft(china_draft, poc_chn):
    return services.update_draft_report(china_draft, acting_user=poc_chn, title="New title")


@pytest.mark.parametrize("persona", ["secretariat", "expert"])
def test_staff_see_who_changed_what_in_a_reports_history(client, request, persona, retitled_draft):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/reports/{retitled_draft.pk}/")
    assertContains(response, 'id="history-heading"')
    history = response.content.decode().split('id="history-heading"', 1)[1]
    assert "<code>title</code>" in history
    assert "China draft addendum → New title" in history
    assert "li.wei" in history
    assert "Draft edited" in history
    assert "Draft created" in history


def test_poc_does_not_see_the_history_section(client, poc_chn, retitled_draft):
    client.force_login(poc_chn)
    response = client.get(f"/reports/{retitled_draft.pk}/")
    assertNotContains(response, 'id="history-heading"')


def test_public_reader_does_not_see_the_history_section(client, china_published):
    response = client.get(f"/reports/{china_published.pk}/")
    assertNotContains(response, 'id="history-heading"')
    assertNotContains(response, "li.wei")


def test_secretariat_opens_a_reports_history_in_the_admin(client, secretariat, retitled_draft):
    client.force_login(secretariat)
    response = client.get(f"/admin/states/nationalreport/{retitled_draft.pk}/history/")
    assertContains(response, "li.wei")


@pytest.mark.parametrize("persona", ["poc_chn", "expert"])
def test_the_admin_history_is_for_the_secretariat_only(client, request, persona, retitled_draft):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/admin/states/nationalreport/{retitled_draft.pk}/history/")
    assert admin_login_redirect(response)


# --- accessibility basics ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        (None, "/states/", 200),
        (None, "/states/?regional_group=Atlantis", 200),
        (None, "/states/CHN/", 200),
        (None, "/reports/{published}/", 200),
        ("poc_chn", "/my-state/", 200),
        ("poc_chn", "/reports/{draft}/", 200),
        ("poc_chn", "/reports/{draft}/delete/", 200),
        ("secretariat", "/reports/inbox/", 200),
        ("secretariat", "/reports/new/", 200),
        ("secretariat", "/reports/{submitted}/publish/", 200),
        ("secretariat", "/reports/{draft}/", 200),
        ("poc_bra", "/reports/{draft}/", 404),
        ("member", "/reports/inbox/", 403),
    ],
)
def test_every_page_has_one_main_a_heading_and_a_language(
    client, request, persona, url, status, china_draft, china_submitted, china_published
):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    url = url.format(
        draft=china_draft.pk, submitted=china_submitted.pk, published=china_published.pk
    )
    # A refusal (403) or a report hidden from another state (404) keeps the site layout too.
    assert_accessible_basics(client.get(url), status=status)


def test_a_refusal_page_says_why(client, member):
    client.force_login(member)
    response = client.get("/reports/inbox/")
    assert response.status_code == 403
    assertContains(
        response, "The reports inbox is for the secretariat and experts.", status_code=403
    )
