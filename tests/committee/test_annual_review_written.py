"""The annual review as the Committee writes it (8(a), issue 16): the secretariat drafts its
chapters with the generated figures placed in them, circulates it, the experts and the members
comment, the secretariat answers, the Committee's adoption is recorded and the review is issued
with its symbol; the worker builds its PDF: the chapters' text, the figures with their numbers in
place, then the annex. Everything through the pages, as the people do it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from committee.work import written_reviews
from committee.work.choices import ReviewPdfStatus, WrittenReviewStatus
from committee.work.models import ReviewChapter, ReviewComment, WrittenReview
from core.models import DocumentSymbol
from core.symbols import format_symbol
from states.models import MemberState
from tests.helpers import count_queries, pdf_text
from tests.personas import PASSWORD
from tests.workinggroups.fixtures import all_but, first_reports

pytestmark = pytest.mark.django_db

NOT_REPORTED = ["TCD", "COM", "GNQ", "GNB", "MLI", "SOM", "SSD", "TLS", "MRT", "KIR"]
INTRODUCTION = "In 2018 the Committee continued its dialogue with the States that had not reported."
CONCLUSION = "The Committee will keep encouraging the remaining States to submit a first report."
OUTLOOK = "The Committee expects more States to report in the coming year."


def signed_in(user) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def reported(secretariat):
    """183 of the 193 states had reported by 2018."""
    first_reports(all_but(*NOT_REPORTED), by=secretariat, submitted_on=date(2010, 5, 1))


def open_draft(secretariat, **changes) -> WrittenReview:
    values = {"title": "Annual review 2018", "language": "en", "as_at": date(2018, 12, 31)}
    return written_reviews.create_written_review(
        2018, acting_user=secretariat, **{**values, **changes}
    )


def with_chapter(review, secretariat, text: str = INTRODUCTION) -> ReviewChapter:
    return written_reviews.save_chapter(
        review, title="Reporting", text=text, acting_user=secretariat
    )


def circulated(secretariat) -> WrittenReview:
    review = open_draft(secretariat)
    with_chapter(review, secretariat)
    return written_reviews.circulate_review(review, acting_user=secretariat)


def adopted(secretariat) -> WrittenReview:
    review = circulated(secretariat)
    return written_reviews.record_adoption(
        review, adopted_on=timezone.localdate(), acting_user=secretariat
    )


# --- The whole way, through the pages ----------------------------------------------------------


def test_a_review_goes_from_chapters_drafted_through_comments_to_adoption_and_issue(
    reported, secretariat, expert, member, django_capture_on_commit_callbacks
):
    sam, eva, mo, public = (
        signed_in(secretariat),
        signed_in(expert),
        signed_in(member),
        signed_in(None),
    )
    response = sam.post(
        "/annual-reviews/written/",
        {"year": "2018", "language": "en", "title": "Annual review 2018", "as_at": "2018-12-31"},
    )
    assert response.status_code == 302, response.content[:2000]
    review = WrittenReview.objects.get(year=2018, language="en")
    assert review.status == WrittenReviewStatus.DRAFT

    # The editor offers the figures to place.
    editor = sam.get(f"/annual-reviews/written/{review.pk}/chapters/new/")
    assert editor.status_code == 200
    assert "[[figure:first_reports_by_region]]" in editor.text

    text = f"{INTRODUCTION}\n\n[[figure:first_reports_by_region]]\n\n{CONCLUSION}"
    response = sam.post(
        f"/annual-reviews/written/{review.pk}/chapters/new/",
        {"title": "Reporting by States", "text": text},
    )
    assert response.status_code == 302, response.content[:2000]
    response = sam.post(
        f"/annual-reviews/written/{review.pk}/chapters/new/",
        {"title": "Outlook", "text": f"{OUTLOOK}\n[[figure:reporting_in_figures]]"},
    )
    assert response.status_code == 302, response.content[:2000]
    first, second = review.chapters.order_by("position")
    assert (first.position, second.position) == (1, 2)
    assert first.history.first().history_user == secretariat

    # The draft shows the figures in place, to the committee side only.
    page = sam.get(review.get_absolute_url())
    assert page.status_code == 200
    assert "183 of the 193 Member States had submitted a first report" in page.text
    assert public.get(review.get_absolute_url()).status_code == 404

    assert sam.post(f"/annual-reviews/written/{review.pk}/circulate/").status_code == 302
    review.refresh_from_db()
    assert review.status == WrittenReviewStatus.CIRCULATED
    assert review.circulated_on == timezone.localdate()

    response = eva.post(
        f"/annual-reviews/written/chapters/{first.pk}/comment/",
        {"text": "Name the regional group with the most States left to report."},
    )
    assert response.status_code == 302, response.content[:2000]
    response = mo.post(
        f"/annual-reviews/written/chapters/{second.pk}/comment/",
        {"text": "Our delegation supports the outlook."},
    )
    assert response.status_code == 302, response.content[:2000]
    comment = ReviewComment.objects.get(author=expert)
    response = sam.post(
        f"/annual-reviews/written/comments/{comment.pk}/answer/",
        {"answer": "The table shows it by group.", "resolved": "on"},
    )
    assert response.status_code == 302, response.content[:2000]
    comment.refresh_from_db()
    assert comment.resolved and comment.answered_by == secretariat

    # A reviser changes the first chapter after a comment: its history keeps both texts.
    revised = text.replace("continued", "pursued")
    response = sam.post(
        f"/annual-reviews/written/chapters/{first.pk}/",
        {"title": "Reporting by States", "text": revised, "position": "1"},
    )
    assert response.status_code == 302, response.content[:2000]
    assert first.history.count() == 2

    today = timezone.localdate()
    assert sam.get(f"/annual-reviews/written/{review.pk}/adopt/").status_code == 200
    response = sam.post(
        f"/annual-reviews/written/{review.pk}/adopt/",
        {"adopted_on": today.isoformat(), "note": "at its 145th meeting"},
    )
    assert response.status_code == 302, response.content[:2000]
    review.refresh_from_db()
    assert review.status == WrittenReviewStatus.ADOPTED
    assert (review.adopted_on, review.adoption_recorded_by) == (today, secretariat)

    issue_page = sam.get(f"/annual-reviews/written/{review.pk}/issue/")
    symbol = format_symbol(today.year, 1)
    assert symbol in issue_page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = sam.post(f"/annual-reviews/written/{review.pk}/issue/", {"symbol": symbol})
    assert response.status_code == 302, response.content[:2000]
    review.refresh_from_db()
    assert review.status == WrittenReviewStatus.ISSUED
    assert (review.symbol, review.issued_on) == (symbol, today)
    assert DocumentSymbol.objects.get(symbol=symbol).object_id == review.pk
    assert review.pdf_status == ReviewPdfStatus.READY

    # The public reads the issued review and its PDF, not the comments.
    listing = public.get("/annual-reviews/written/")
    assert "Annual review 2018" in listing.text
    page = public.get(review.get_absolute_url())
    assert page.status_code == 200
    assert "Our delegation supports" not in page.text
    download = public.get(f"/annual-reviews/written/{review.pk}/download/")
    assert download.status_code == 200
    pdf = pdf_text(b"".join(download.streaming_content), flat=True)

    assert INTRODUCTION.replace("continued", "pursued") in pdf
    assert CONCLUSION in pdf and OUTLOOK in pdf
    assert symbol in pdf
    assert "183 of the 193 Member States had submitted a first report; 10 had not." in pdf
    # The figure's numbers, from the same computation as the generated review.
    for group in MemberState.objects.first_reports_by_regional_group(as_at=date(2018, 12, 31)):
        assert f"{group['label']} {group['total']} {group['reported']} {group['not_reported']}" in (
            pdf
        )
    # In place: the figure between the two paragraphs, then the annex.
    assert (
        pdf.index("pursued") < pdf.index("First reports by regional group") < pdf.index(CONCLUSION)
    )
    assert pdf.index(OUTLOOK) < pdf.rindex("Annex: reporting record of each Member State")
    assert "Tuvalu" in pdf.split("Annex: reporting record of each Member State")[-1]


# --- Who may open what -------------------------------------------------------------------------

PERSONAS = ["anonymous", "poc_bra", "member", "expert", "secretariat"]


def _person(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


def _status(client, method: str, url: str, data=None) -> int:
    return (client.post(url, data or {}) if method == "post" else client.get(url)).status_code


# For each page: what each persona gets (302 to the login page for the public on staff pages;
# "not found" for a draft the reader may not open).
ON_A_DRAFT = {
    "list": ("get", "/annual-reviews/written/", [200, 200, 200, 200, 200]),
    "detail": ("get", "/annual-reviews/written/{review}/", [404, 404, 200, 200, 200]),
    "chapter-new": (
        "get",
        "/annual-reviews/written/{review}/chapters/new/",
        [302, 404, 403, 403, 200],
    ),
    "chapter": ("get", "/annual-reviews/written/chapters/{chapter}/", [302, 404, 403, 403, 200]),
    "download": ("get", "/annual-reviews/written/{review}/download/", [404, 404, 404, 404, 404]),
    "create": ("post", "/annual-reviews/written/", [403, 403, 403, 403, 400]),
    "circulate": (
        "post",
        "/annual-reviews/written/{review}/circulate/",
        [302, 404, 403, 403, 302],
    ),
}
ON_A_CIRCULATED = {
    "comment": (
        "post",
        "/annual-reviews/written/chapters/{chapter}/comment/",
        [302, 404, 302, 302, 403],
    ),
    "answer": (
        "post",
        "/annual-reviews/written/comments/{comment}/answer/",
        [302, 404, 403, 403, 302],
    ),
    "adopt": ("get", "/annual-reviews/written/{review}/adopt/", [302, 404, 403, 403, 200]),
}
ON_AN_ADOPTED = {
    "issue": ("get", "/annual-reviews/written/{review}/issue/", [302, 404, 403, 403, 200]),
}
ON_AN_ISSUED = {
    "detail": ("get", "/annual-reviews/written/{review}/", [200, 200, 200, 200, 200]),
    "download": ("get", "/annual-reviews/written/{review}/download/", [200, 200, 200, 200, 200]),
    "chapter": ("get", "/annual-reviews/written/chapters/{chapter}/", [302, 403, 403, 403, 200]),
}


def _urls(review, chapter, comment=None):
    return {"review": review.pk, "chapter": chapter.pk, "comment": comment.pk if comment else 0}


@pytest.mark.parametrize("page", ON_A_DRAFT)
@pytest.mark.parametrize("who", PERSONAS)
def test_who_opens_the_pages_of_a_draft(page, who, request, secretariat):
    review = open_draft(secretariat)
    chapter = with_chapter(review, secretariat)
    method, url, expected = ON_A_DRAFT[page]
    data = {"text": "x", "answer": "y", "title": ""}
    got = _status(
        signed_in(_person(request, who)), method, url.format(**_urls(review, chapter)), data
    )
    assert got == expected[PERSONAS.index(who)]


@pytest.mark.parametrize("page", ON_A_CIRCULATED)
@pytest.mark.parametrize("who", PERSONAS)
def test_who_opens_the_pages_of_a_circulated_review(page, who, request, secretariat, expert):
    review = circulated(secretariat)
    chapter = review.chapters.get()
    comment = written_reviews.comment_on_chapter(chapter, "A comment.", acting_user=expert)
    method, url, expected = ON_A_CIRCULATED[page]
    data = {"text": "Another comment.", "answer": "Answered."}
    client = signed_in(_person(request, who))
    got = _status(client, method, url.format(**_urls(review, chapter, comment)), data)
    assert got == expected[PERSONAS.index(who)]


@pytest.mark.parametrize("page", ON_AN_ADOPTED)
@pytest.mark.parametrize("who", PERSONAS)
def test_who_opens_the_issue_page(page, who, request, secretariat):
    review = adopted(secretariat)
    method, url, expected = ON_AN_ADOPTED[page]
    client = signed_in(_person(request, who))
    assert (
        _status(client, method, url.format(**_urls(review, review.chapters.get())))
        == (expected[PERSONAS.index(who)])
    )


@pytest.mark.parametrize("page", ON_AN_ISSUED)
@pytest.mark.parametrize("who", PERSONAS)
def test_everyone_reads_an_issued_review(
    page, who, request, secretariat, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(written_reviews, "render_pdf", lambda template, context: b"%PDF-1.4 x")
    with django_capture_on_commit_callbacks(execute=True):
        review = written_reviews.issue_review(adopted(secretariat), acting_user=secretariat)
    method, url, expected = ON_AN_ISSUED[page]
    client = signed_in(_person(request, who))
    assert (
        _status(client, method, url.format(**_urls(review, review.chapters.get())))
        == (expected[PERSONAS.index(who)])
    )


def test_the_poc_of_china_reads_issued_reviews_only(poc_chn, secretariat):
    draft = open_draft(secretariat)
    client = signed_in(poc_chn)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Annual review 2018" not in client.get("/annual-reviews/written/").text
    with_chapter(draft, secretariat)
    written_reviews.circulate_review(draft, acting_user=secretariat)
    review = written_reviews.record_adoption(
        draft, adopted_on=timezone.localdate(), acting_user=secretariat
    )
    written_reviews.issue_review(review, acting_user=secretariat)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert "Annual review 2018" in client.get("/annual-reviews/written/").text


# --- Wrong input: refused, said, nothing written -------------------------------------------------


def test_a_chapter_without_a_title_is_refused(secretariat):
    review = open_draft(secretariat)
    response = signed_in(secretariat).post(
        f"/annual-reviews/written/{review.pk}/chapters/new/", {"title": "  ", "text": "Some text."}
    )
    assert response.status_code == 400
    assert "Give a title." in response.text
    assert not ReviewChapter.objects.exists()


def test_an_unknown_figure_is_refused_by_its_name(secretariat):
    review = open_draft(secretariat)
    response = signed_in(secretariat).post(
        f"/annual-reviews/written/{review.pk}/chapters/new/",
        {"title": "Reporting", "text": "Text.\n\n[[figure:first_reports_by_planet]]"},
    )
    assert response.status_code == 400
    assert "first_reports_by_planet" in response.text
    assert not ReviewChapter.objects.exists()


def test_a_place_out_of_range_is_refused(secretariat):
    review = open_draft(secretariat)
    response = signed_in(secretariat).post(
        f"/annual-reviews/written/{review.pk}/chapters/new/",
        {"title": "Reporting", "text": "Text.", "position": "many"},
    )
    assert response.status_code == 400
    assert not ReviewChapter.objects.exists()


def test_a_draft_is_not_adopted_before_it_is_circulated(secretariat):
    review = open_draft(secretariat)
    with_chapter(review, secretariat)
    response = signed_in(secretariat).post(
        f"/annual-reviews/written/{review.pk}/adopt/",
        {"adopted_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert "once it has been circulated for comments" in response.text
    review.refresh_from_db()
    assert review.status == WrittenReviewStatus.DRAFT and review.adopted_on is None


def test_an_empty_draft_is_not_circulated(secretariat):
    review = open_draft(secretariat)
    response = signed_in(secretariat).post(f"/annual-reviews/written/{review.pk}/circulate/")
    assert response.status_code == 400
    assert "Write at least one chapter" in response.text
    review.refresh_from_db()
    assert review.status == WrittenReviewStatus.DRAFT


def test_nobody_comments_after_adoption(secretariat, expert):
    review = adopted(secretariat)
    chapter = review.chapters.get()
    response = signed_in(expert).post(
        f"/annual-reviews/written/chapters/{chapter.pk}/comment/", {"text": "Too late?"}
    )
    assert response.status_code == 400
    assert "while the review is circulated" in response.text
    assert not ReviewComment.objects.exists()


def test_nobody_comments_on_a_draft_not_yet_circulated(secretariat, member):
    review = open_draft(secretariat)
    chapter = with_chapter(review, secretariat)
    response = signed_in(member).post(
        f"/annual-reviews/written/chapters/{chapter.pk}/comment/", {"text": "Early."}
    )
    assert response.status_code == 400
    assert not ReviewComment.objects.exists()


def test_an_empty_comment_is_refused(secretariat, expert):
    chapter = circulated(secretariat).chapters.get()
    response = signed_in(expert).post(
        f"/annual-reviews/written/chapters/{chapter.pk}/comment/", {"text": " "}
    )
    assert response.status_code == 400
    assert "Write the comment." in response.text
    assert not ReviewComment.objects.exists()


def test_an_adoption_in_the_future_is_refused(secretariat):
    review = circulated(secretariat)
    tomorrow = timezone.localdate() + timedelta(days=1)
    client = signed_in(secretariat)
    response = client.post(
        f"/annual-reviews/written/{review.pk}/adopt/", {"adopted_on": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    assert "is in the future" in response.text
    response = client.post(f"/annual-reviews/written/{review.pk}/adopt/", {"adopted_on": "soon"})
    assert response.status_code == 400
    assert "Give the day as a date" in response.text
    review.refresh_from_db()
    assert review.status == WrittenReviewStatus.CIRCULATED and review.adopted_on is None


def test_an_adoption_before_the_circulation_is_refused(secretariat):
    review = circulated(secretariat)
    response = signed_in(secretariat).post(
        f"/annual-reviews/written/{review.pk}/adopt/",
        {"adopted_on": (timezone.localdate() - timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 400
    assert "was circulated on" in response.text
    review.refresh_from_db()
    assert review.adopted_on is None


def test_an_issue_in_the_future_or_out_of_sequence_is_refused(secretariat):
    review = adopted(secretariat)
    client = signed_in(secretariat)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        f"/annual-reviews/written/{review.pk}/issue/", {"issued_on": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    assert "is in the future" in response.text
    wrong = format_symbol(timezone.localdate().year, 7)
    response = client.post(f"/annual-reviews/written/{review.pk}/issue/", {"symbol": wrong})
    assert response.status_code == 400
    assert "out of sequence" in response.text
    review.refresh_from_db()
    assert review.status == WrittenReviewStatus.ADOPTED and not review.symbol
    assert not DocumentSymbol.objects.exists()


def test_a_draft_is_not_issued(secretariat):
    review = circulated(secretariat)
    response = signed_in(secretariat).post(f"/annual-reviews/written/{review.pk}/issue/", {})
    assert response.status_code == 400
    assert "Only a review the Committee has adopted is issued." in response.text
    assert not DocumentSymbol.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "next", "language": "en", "title": "R"}, "Give the year as a number"),
        ({"year": "2018", "language": "xx", "title": "R"}, "is not one of the six official"),
        ({"year": "2018", "language": "en", "title": ""}, "This field is required."),
        ({"year": "2018", "language": "en", "title": "R", "as_at": "2019-01-05"}, "a day of"),
        ({"year": "2018", "language": "en", "title": "R", "as_at": "2099-01-01"}, "in the future"),
        ({"year": "2099", "language": "en", "title": "R"}, "must be between"),
    ],
)
def test_a_new_draft_with_wrong_input_is_refused(secretariat, data, message):
    response = signed_in(secretariat).post("/annual-reviews/written/", data)
    assert response.status_code == 400
    assert message in response.text
    assert not WrittenReview.objects.exists()


def test_a_second_draft_of_the_same_year_and_language_is_refused(secretariat):
    open_draft(secretariat)
    response = signed_in(secretariat).post(
        "/annual-reviews/written/", {"year": "2018", "language": "en", "title": "Again"}
    )
    assert response.status_code == 400
    assert "already open" in response.text
    assert WrittenReview.objects.count() == 1


def test_the_text_no_longer_changes_once_adopted(secretariat):
    review = adopted(secretariat)
    chapter = review.chapters.get()
    response = signed_in(secretariat).post(
        f"/annual-reviews/written/chapters/{chapter.pk}/", {"title": "Changed", "text": "New."}
    )
    assert response.status_code == 400
    chapter.refresh_from_db()
    assert chapter.title == "Reporting"


# --- Cost ---------------------------------------------------------------------------------------


def test_the_list_costs_the_same_queries_however_many_reviews(secretariat, member):
    client = signed_in(member)
    open_draft(secretariat)
    one = count_queries(client, "/annual-reviews/written/")
    for language in ["fr", "es", "ru", "ar", "zh"]:
        open_draft(secretariat, language=language)
    assert count_queries(client, "/annual-reviews/written/") == one


def test_a_review_page_costs_the_same_queries_however_many_chapters_and_comments(
    secretariat, expert, member
):
    review = open_draft(secretariat)
    with_chapter(review, secretariat, "Text.\n\n[[figure:events_by_kind]]")
    written_reviews.circulate_review(review, acting_user=secretariat)
    client = signed_in(secretariat)
    one = count_queries(client, review.get_absolute_url())
    for number in range(4):
        chapter = with_chapter(review, secretariat, f"Text {number}.\n\n[[figure:events_by_kind]]")
        written_reviews.comment_on_chapter(chapter, "A comment.", acting_user=expert)
        written_reviews.comment_on_chapter(chapter, "Another.", acting_user=member)
    assert count_queries(client, review.get_absolute_url()) == one


# --- The read-only API of issued reviews -------------------------------------------------------


def issued(secretariat, on_commit, monkeypatch, **changes) -> WrittenReview:
    monkeypatch.setattr(written_reviews, "render_pdf", lambda template, context: b"%PDF-1.4 x")
    review = open_draft(secretariat, **changes)
    with_chapter(review, secretariat, f"{INTRODUCTION}\n\n[[figure:events_by_kind]]")
    written_reviews.circulate_review(review, acting_user=secretariat)
    written_reviews.record_adoption(
        review, adopted_on=timezone.localdate(), acting_user=secretariat
    )
    with on_commit(execute=True):
        return written_reviews.issue_review(review, acting_user=secretariat)


@pytest.mark.parametrize("who", PERSONAS)
def test_the_api_lists_issued_reviews_to_everyone_and_never_a_draft(
    who, request, api, secretariat, django_capture_on_commit_callbacks, monkeypatch
):
    review = issued(secretariat, django_capture_on_commit_callbacks, monkeypatch)
    draft = open_draft(secretariat, language="fr")
    client = api.as_user(_person(request, who))
    listing = client.get("/api/v1/issued-reviews/")
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [review.pk]
    detail = client.get(f"/api/v1/issued-reviews/{review.pk}/")
    assert detail.status_code == 200
    body = detail.json()
    assert body["status"] == "issued" and body["symbol"] == review.symbol
    assert body["issued_on"] == timezone.localdate().isoformat()
    assert body["chapters"][0]["text"].startswith(INTRODUCTION)
    assert client.get(f"/api/v1/issued-reviews/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/issued-reviews/{review.pk}/document/").status_code == 200


def test_the_api_refuses_writes(api, secretariat, django_capture_on_commit_callbacks, monkeypatch):
    review = issued(secretariat, django_capture_on_commit_callbacks, monkeypatch)
    client = api.as_user(secretariat)
    assert client.post("/api/v1/issued-reviews/", {"year": 2018}).status_code == 405
    assert client.delete(f"/api/v1/issued-reviews/{review.pk}/").status_code == 405
    assert WrittenReview.objects.count() == 1


def test_the_api_list_costs_the_same_queries_however_many_reviews(
    api, secretariat, django_capture_on_commit_callbacks, monkeypatch
):
    client = api.as_user(None)
    issued(secretariat, django_capture_on_commit_callbacks, monkeypatch)
    one = count_queries(client, "/api/v1/issued-reviews/")
    for language in ["fr", "es", "ru"]:
        issued(secretariat, django_capture_on_commit_callbacks, monkeypatch, language=language)
    assert count_queries(client, "/api/v1/issued-reviews/") == one


# --- The demo ----------------------------------------------------------------------------------


def test_the_demo_issues_last_years_review_once(
    secretariat, expert, member, django_capture_on_commit_callbacks, monkeypatch
):
    from committee.work.demo import seed_written_review

    monkeypatch.setattr(written_reviews, "render_pdf", lambda template, context: b"%PDF-1.4 x")
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_written_review(secretariat, expert, member) == 1
    review = WrittenReview.objects.get()
    assert review.status == WrittenReviewStatus.ISSUED and review.has_pdf
    assert review.year == timezone.localdate().year - 1
    assert review.issued_on <= timezone.localdate()
    assert seed_written_review(secretariat, expert, member) == 0
