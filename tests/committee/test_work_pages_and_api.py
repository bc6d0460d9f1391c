"""The annual review and reminders pages and the annual-review API, as the personas use them:
the secretariat builds and drafts; experts and members read the reviews; points of contact and
the public see none of it. Plus the OpenAPI contract of the committee's own endpoints."""

from __future__ import annotations

from datetime import date

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from committee.work import reviews, services
from committee.work.choices import AnnualReviewStatus
from committee.work.models import AnnualReview, NoteVerbaleTemplate, ReportingReminder
from core.demo import minimal_pdf
from states.models import MemberState
from tests.helpers import (
    Written,
    assert_accessible_basics,
    count_queries,
    fake_states,
    login_redirect,
)
from tests.workinggroups.fixtures import all_but, first_reports


@pytest.fixture
def no_pdf(monkeypatch):
    monkeypatch.setattr(services, "render_pdf", lambda template, context: minimal_pdf("x"))


@pytest.fixture
def built(secretariat, no_pdf, django_capture_on_commit_callbacks) -> AnnualReview:
    with django_capture_on_commit_callbacks(execute=True):
        review = reviews.request_annual_review(2018, acting_user=secretariat)
    review.refresh_from_db()
    return review


@pytest.fixture
def queued(secretariat, monkeypatch) -> AnnualReview:
    from committee.work import tasks

    monkeypatch.setattr(tasks.build_annual_review, "delay", lambda review_id: None)
    return reviews.request_annual_review(2019, acting_user=secretariat)


# --- annual review pages --------------------------------------------------------------------------


def test_the_secretariat_starts_a_build_and_follows_it(
    client, secretariat, no_pdf, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    page = client.get("/annual-reviews/")
    assert_accessible_basics(page)
    assertContains(page, "No review has been built yet.")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/annual-reviews/", {"year": "2018", "as_at": "2018-12-01"})

    review = AnnualReview.objects.get()
    assert response.url == review.get_absolute_url()
    detail = client.get(review.get_absolute_url())
    assert_accessible_basics(detail)
    assertContains(detail, "Download the PDF")
    assert "Refresh" not in detail
    download = client.get(f"/annual-reviews/{review.pk}/download/")
    assert download["Content-Disposition"].endswith('"1540-annual-review-2018-v1.pdf"')
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # read to the end: closed


def test_a_running_build_shows_its_progress_and_reloads_itself(client, member, queued):
    client.force_login(member)

    detail = client.get(queued.get_absolute_url())
    listing = client.get("/annual-reviews/")

    assert detail["Refresh"] == "3"
    assert listing["Refresh"] == "3"
    assertContains(detail, '<progress max="100" value="0"')
    assertNotContains(listing, "Start the build")  # members read, they do not build
    assert client.get(f"/annual-reviews/{queued.pk}/download/").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "twenty"}, "Give the year as a number"),
        ({"year": "1999"}, "greater than or equal to 2004"),
        ({"year": "2018", "as_at": "2019-02-01"}, "between 2018-01-01 and 2018-12-31"),
        ({"year": "2018", "as_at": "31/12/2018"}, "Enter a valid date."),
        ({}, "This field is required."),
    ],
)
def test_a_bad_build_request_is_explained_and_nothing_written(client, secretariat, data, message):
    client.force_login(secretariat)
    written = Written(AnnualReview)

    response = client.post("/annual-reviews/", data)

    assertContains(response, message, status_code=400)
    assert written.unchanged()


@pytest.mark.parametrize("persona", ["expert", "member"])
def test_experts_and_members_read_but_cannot_build(client, request, built, persona):
    client.force_login(request.getfixturevalue(persona))
    written = Written(AnnualReview)

    assertContains(client.get("/annual-reviews/"), "2018, version 1")
    assert client.post("/annual-reviews/", {"year": "2018"}).status_code == 403
    assert client.get(f"/annual-reviews/{built.pk}/download/").status_code == 200
    assert written.unchanged()


def test_points_of_contact_and_the_public_see_no_review(client, poc_chn, built):
    for url in [
        "/annual-reviews/",
        f"/annual-reviews/{built.pk}/",
        f"/annual-reviews/{built.pk}/download/",
    ]:
        assert login_redirect(client.get(url))
    client.force_login(poc_chn)
    assert client.get("/annual-reviews/").status_code == 403
    assert client.get(f"/annual-reviews/{built.pk}/").status_code == 404
    assert client.get(f"/annual-reviews/{built.pk}/download/").status_code == 404


# --- annual review API ----------------------------------------------------------------------------


def test_the_api_starts_a_build_and_reports_its_status(
    api, secretariat, no_pdf, django_capture_on_commit_callbacks
):
    client = api.as_user(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/v1/annual-reviews/", {"year": 2018, "as_at": "2018-10-31"})

    assert started.status_code == 202, started.json()
    assert (started.json()["version"], started.json()["status"]) == (1, "queued")
    done = client.get(f"/api/v1/annual-reviews/{started.json()['id']}/").json()
    assert done["status"] == "ready"
    assert done["document_url"].endswith(f"/api/v1/annual-reviews/{done['id']}/document/")
    file = client.get(f"/api/v1/annual-reviews/{done['id']}/document/")
    assert file.status_code == 200
    assert b"".join(file.streaming_content).startswith(b"%PDF")  # read to the end: closed


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"year": "MMXVIII"}, "year"),
        ({"year": 2003}, "year"),
        ({"year": 2018, "as_at": "2017-06-01"}, "as_at"),
        ({"year": 2018, "as_at": "June"}, "as_at"),
        ({}, "year"),
    ],
)
def test_a_bad_api_build_request_is_a_clear_400(api, secretariat, data, field):
    written = Written(AnnualReview)

    response = api.as_user(secretariat).post("/api/v1/annual-reviews/", data)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert response.json()["detail"]
    assert written.unchanged()


def test_a_second_build_while_one_runs_is_a_409(api, secretariat, queued):
    response = api.as_user(secretariat).post("/api/v1/annual-reviews/", {"year": 2019})

    assert response.status_code == 409
    assert "still being built" in response.json()["detail"]


@pytest.mark.parametrize("persona", [None, "poc_chn", "member", "expert"])
def test_only_the_secretariat_builds_through_the_api(api, request, member_states, persona):
    user = request.getfixturevalue(persona) if persona else None
    written = Written(AnnualReview)

    response = api.as_user(user).post("/api/v1/annual-reviews/", {"year": 2018})

    assert response.status_code in (401, 403)
    assert written.unchanged()


def test_the_api_lists_reviews_to_the_committee_side_only(api, member, poc_chn, built):
    assert api.as_user(member).get("/api/v1/annual-reviews/").json()["count"] == 1
    assert api.as_user(poc_chn).get("/api/v1/annual-reviews/").json()["count"] == 0
    assert api.as_user(poc_chn).get(f"/api/v1/annual-reviews/{built.pk}/").status_code == 404
    assert api.as_user(None).get("/api/v1/annual-reviews/").status_code in (401, 403)


def test_review_lists_keep_their_queries_from_10_to_1000_builds(client, api, secretariat, built):
    client.force_login(secretariat)
    api.as_user(secretariat)

    def add(count: int, start: int) -> None:
        AnnualReview.objects.bulk_create(
            AnnualReview(
                year=2017,
                version=start + n,
                as_at=date(2017, 12, 31),
                status=AnnualReviewStatus.READY,
                document="annual-reviews/x.pdf",
                requested_by=secretariat,
            )
            for n in range(count)
        )

    add(10, 1)
    count_queries(api, "/api/v1/annual-reviews/")
    few = (
        count_queries(client, "/annual-reviews/"),
        count_queries(api, "/api/v1/annual-reviews/?page_size=200"),
    )
    add(990, 11)
    many = (
        count_queries(client, "/annual-reviews/"),
        count_queries(api, "/api/v1/annual-reviews/?page_size=200"),
    )

    assert few == many


# --- reminders pages ------------------------------------------------------------------------------


@pytest.fixture
def five_to_remind(secretariat):
    first_reports(all_but("TCD", "GNB", "SSD", "TUV", "SOM"), by=secretariat)


def test_the_reminders_list_is_exactly_the_states_without_a_first_report(
    client, secretariat, five_to_remind
):
    client.force_login(secretariat)

    response = client.get("/reminders/")

    assert_accessible_basics(response)
    listed = [state.iso3 for state in response.context["states"]]
    assert listed == list(MemberState.objects.without_first_report().values_list("iso3", flat=True))
    assert len(listed) == 5
    assertContains(response, "Never", count=5)


def test_drafting_from_the_page_dates_the_last_reminder(client, secretariat, five_to_remind):
    client.force_login(secretariat)

    response = client.post("/reminders/", {"states": ["TCD", "SOM"]})

    assert response.status_code == 302
    page = client.get("/reminders/")
    assertContains(page, "Never", count=3)
    chad = next(s for s in page.context["states"] if s.iso3 == "TCD")
    assert chad.last_reminder == ReportingReminder.objects.get(state__iso3="TCD").drafted_at
    reminder = ReportingReminder.objects.get(state__iso3="SOM")
    download = client.get(f"/reminders/{reminder.pk}/download/")
    assert download["Content-Disposition"].startswith('attachment; filename="note-verbale-SOM-')
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # read to the end: closed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose at least one state."),
        ({"states": ["CHN"]}, "CHN is not among the states without a first report"),
        ({"states": ["XXX"]}, "XXX is not among the states without a first report"),
    ],
)
def test_a_bad_selection_is_explained_and_nothing_drafted(
    client, secretariat, five_to_remind, data, message
):
    client.force_login(secretariat)

    response = client.post("/reminders/", data)

    assertContains(response, message, status_code=400)
    assert not ReportingReminder.objects.exists()


@pytest.mark.parametrize("persona", ["expert", "member", "poc_chn"])
def test_only_the_secretariat_opens_the_reminders(
    client, request, secretariat, five_to_remind, persona
):
    reminder = services.draft_reporting_reminders(
        MemberState.objects.filter(iso3="TCD"), acting_user=secretariat
    )[0]
    client.force_login(request.getfixturevalue(persona))

    assert client.get("/reminders/").status_code == 403
    assert client.post("/reminders/", {"states": ["SOM"]}).status_code == 403
    assert client.get("/reminders/wording/").status_code == 403
    assert client.get(f"/reminders/{reminder.pk}/download/").status_code == 404
    assert ReportingReminder.objects.count() == 1


def test_the_public_is_asked_to_log_in_for_the_reminders(client, member_states):
    assert login_redirect(client.get("/reminders/"))
    assert login_redirect(client.get("/reminders/wording/"))


def test_the_wording_page_saves_a_good_text_and_explains_a_bad_one(
    client, secretariat, member_states
):
    client.force_login(secretariat)
    assert_accessible_basics(client.get("/reminders/wording/"))

    bad = client.post("/reminders/wording/", {"subject": "Reminder", "body": "{{ request.user }}"})
    good = client.post("/reminders/wording/", {"subject": "Reminder", "body": "Dear {{ state }}"})

    assertContains(bad, "{{ request.user }}, which is not available", status_code=400)
    assert good.status_code == 302
    assert NoteVerbaleTemplate.objects.get().body == "Dear {{ state }}"
    assert NoteVerbaleTemplate.history.filter(history_type="~").count() == 1


def test_the_reminders_list_keeps_its_queries_from_10_to_1000_states(
    client, secretariat, member_states
):
    client.force_login(secretariat)
    first_reports(all_but(*MemberState.objects.values_list("iso3", flat=True)[:10]), by=secretariat)

    few = count_queries(client, "/reminders/")
    fake_states(990)
    many = count_queries(client, "/reminders/")

    assert few == many


# --- the OpenAPI contract -------------------------------------------------------------------------

CONTRACT_PATHS = [
    "/api/v1/programme/",
    "/api/v1/programme/{id}/",
    "/api/v1/programme/{id}/progress/",
    "/api/v1/working-groups/",
    "/api/v1/working-groups/{number}/",
    "/api/v1/working-groups/{number}/chair/",
    "/api/v1/meetings/",
    "/api/v1/meetings/{id}/",
    "/api/v1/meetings/{id}/cancel/",
    "/api/v1/meetings/{id}/outcome/",
    "/api/v1/meetings/{meeting_pk}/documents/",
    "/api/v1/meetings/{meeting_pk}/documents/{id}/",
    "/api/v1/meetings/{meeting_pk}/documents/{id}/file/",
    "/api/v1/annual-reviews/",
    "/api/v1/annual-reviews/{id}/",
    "/api/v1/annual-reviews/{id}/document/",
    "/api/v1/dashboard/",
    "/api/v1/dashboard/{key}/",
]


def test_the_committees_endpoints_are_in_the_schema_with_summaries(api, db):
    schema = api.get("/api/schema/", {"format": "json"}).json()

    for path in CONTRACT_PATHS:
        assert path in schema["paths"], path
        for method, operation in schema["paths"][path].items():
            if method in {"get", "post", "put", "patch", "delete"}:
                assert operation.get("summary"), f"{method.upper()} {path}"
