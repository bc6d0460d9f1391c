"""Effective practices and national action plans over the API and on the pages: the public
reader sees published ones by state and area; Li Wei (China) submits for China and is refused
for Brazil; Ana Souza (Brazil) cannot see China's submissions; Sam publishes after a
confirmation page; lists keep their query count from 10 to 1,000 rows."""

from __future__ import annotations

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from states.practices import services
from states.practices.choices import SubmissionStatus
from states.practices.models import EffectivePractice, NationalActionPlan
from tests import factories
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

PRACTICES = "/api/v1/effective-practices/"
PLANS = "/api/v1/action-plans/"
YEAR = timezone.localdate().year


def counts() -> tuple[int, ...]:
    return (
        EffectivePractice.objects.count(),
        EffectivePractice.history.count(),
        NationalActionPlan.objects.count(),
        NationalActionPlan.history.count(),
    )


def practice(
    iso3: str, by, *, publisher=None, title: str = "Licensing practice", area="border_export"
):
    item = services.submit_effective_practice(
        factories.state(iso3), acting_user=by, title=title, area=area, summary="How it works."
    )
    if publisher:
        item = services.publish_effective_practice(item, acting_user=publisher)
    return item


def plan_payload(**overrides) -> dict:
    return {
        "state": "CHN",
        "title": "Action plan",
        "area": "legislation",
        "summary": "Steps.",
        "period_start": YEAR,
        "period_end": YEAR + 2,
        **overrides,
    }


# --- API -------------------------------------------------------------------------------------


def test_poc_submits_a_plan_with_its_document_for_their_own_state(api, poc_chn):
    response = api.as_user(poc_chn).post(
        PLANS, plan_payload(document=factories.pdf_upload("plan.pdf")), format="multipart"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted" and body["submitted_by"] == "li.wei"
    assert body["document_url"].endswith(f"/api/v1/action-plans/{body['id']}/document/")
    download = api.get(body["document_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["anonymous", "poc_bra", "expert", "secretariat"])
def test_nobody_else_submits_chinas_practice_or_plan(api, who, request):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    before = counts()
    for url, payload in [
        (PRACTICES, {"state": "CHN", "title": "T", "area": "legislation", "summary": "S"}),
        (PLANS, plan_payload()),
    ]:
        response = api.as_user(user).post(url, payload, format="json")
        assert response.status_code in (401, 403)
        if user is not None:
            assert "own state" in response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"state": "XYZ"}, "state: There is no member state"),
        ({"state": 12}, "state: Give the state"),
        ({"area": "weather"}, "area"),
        ({"title": ""}, "title"),
        ({"period_start": "soon"}, "period_start"),
        ({"period_start": 1990}, "period_start: Give a year between 2004"),
        ({"period_end": YEAR - 1}, "period_end: The plan cannot end before it starts."),
        ({"summary": None}, "summary"),
    ],
)
def test_bad_plan_input_is_a_clear_400_that_writes_nothing(api, poc_chn, overrides, message):
    before = counts()
    response = api.as_user(poc_chn).post(PLANS, plan_payload(**overrides), format="json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)
    assert counts() == before


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (factories.fake_pdf_upload, "document: “plan.pdf” is not a PDF"),
        (lambda name: factories.pdf_upload(name), "document: The file is"),
    ],
)
def test_a_wrong_or_too_large_document_is_refused(api, poc_chn, settings, upload, message):
    settings.UPLOAD_MAX_BYTES = 200
    before = counts()
    response = api.as_user(poc_chn).post(
        PLANS, plan_payload(document=upload("plan.pdf")), format="multipart"
    )
    assert response.status_code == 400 and response.json()["detail"].startswith(message)
    assert counts() == before


def test_visibility_and_publication_over_the_api(api, poc_chn, poc_bra, secretariat):
    item = practice("CHN", poc_chn)
    assert api.get(PRACTICES).json()["count"] == 0
    assert api.as_user(poc_bra).get(f"{PRACTICES}{item.pk}/").status_code == 404
    assert api.as_user(poc_chn).get(f"{PRACTICES}{item.pk}/").status_code == 200
    response = api.as_user(poc_chn).post(f"{PRACTICES}{item.pk}/publish/")
    assert response.status_code == 403
    response = api.as_user(secretariat).post(f"{PRACTICES}{item.pk}/publish/")
    assert response.json()["status"] == "published"
    response = api.as_user(secretariat).post(f"{PRACTICES}{item.pk}/publish/")
    assert response.status_code == 409
    listed = api.as_user(None).get(PRACTICES, {"state": "chn", "area": "border_export"}).json()
    assert [p["id"] for p in listed["results"]] == [item.pk]
    assert api.get(PRACTICES, {"area": "nonsense"}).status_code == 400


def test_poc_withdraws_over_the_api(api, poc_chn, poc_bra):
    item = practice("CHN", poc_chn)
    assert api.as_user(poc_bra).post(f"{PRACTICES}{item.pk}/withdraw/").status_code == 404
    response = api.as_user(poc_chn).post(f"{PRACTICES}{item.pk}/withdraw/")
    assert response.json()["status"] == "withdrawn"


# --- pages -----------------------------------------------------------------------------------


def test_public_list_shows_published_items_by_state_and_area(client, poc_chn, poc_bra, secretariat):
    practice("CHN", poc_chn, publisher=secretariat, title="China practice")
    practice("BRA", poc_bra, publisher=secretariat, title="Brazil practice", area="enforcement")
    practice("BRA", poc_bra, title="Brazil unpublished")
    response = client.get("/effective-practices/")
    assertContains(response, "China practice")
    assertContains(response, "Brazil practice")
    assertNotContains(response, "Brazil unpublished")
    response = client.get("/effective-practices/", {"state": "BRA", "area": "enforcement"})
    assertNotContains(response, "China practice")
    assertContains(response, "Brazil practice")
    assertContains(client.get("/effective-practices/", {"state": "12"}), "three-letter ISO code")
    assertContains(client.get("/action-plans/"), "Nothing published matches")


def test_poc_submits_a_practice_through_the_form(client, poc_chn):
    client.force_login(poc_chn)
    assertContains(client.get("/effective-practices/new/"), "Share an effective practice of China")
    response = client.post(
        "/effective-practices/new/",
        {"title": "Catch-all", "area": "border_export", "language": "en", "summary": "Text."},
    )
    item = EffectivePractice.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert item.state.iso3 == "CHN" and item.status == SubmissionStatus.SUBMITTED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "This field is required."),
        ({"title": "T", "area": "weather", "language": "en", "summary": "S"}, "valid choice"),
    ],
)
def test_the_practice_form_explains_bad_input_and_writes_nothing(client, poc_chn, data, message):
    client.force_login(poc_chn)
    before = counts()
    assertContains(client.post("/effective-practices/new/", data), message)
    assert counts() == before


def test_the_plan_form_refuses_a_wrong_file_and_bad_years(client, poc_chn):
    client.force_login(poc_chn)
    before = counts()
    data = {
        "title": "Plan",
        "area": "legislation",
        "language": "en",
        "summary": "S",
        "period_start": YEAR,
        "period_end": YEAR - 1,
    }
    assertContains(client.post("/action-plans/new/", data), "cannot end before it starts")
    response = client.post(
        "/action-plans/new/",
        {**data, "period_end": YEAR, "document": factories.fake_pdf_upload("p.pdf")},
    )
    assertContains(response, "is not a PDF or Word document")
    assert counts() == before


@pytest.mark.parametrize("who", ["anonymous", "expert", "secretariat"])
def test_only_a_poc_opens_the_submission_forms(client, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get("/action-plans/new/")
    assert response.status_code == (302 if who == "anonymous" else 403)


def test_secretariat_publishes_after_a_confirmation_page(client, poc_chn, secretariat):
    item = practice("CHN", poc_chn)
    client.force_login(poc_chn)
    assert client.get(f"/effective-practices/{item.pk}/publish/").status_code == 403
    client.force_login(secretariat)
    assertContains(client.get(item.get_absolute_url()), "Publish on the website")
    assertContains(client.get(f"/effective-practices/{item.pk}/publish/"), "Publish this on")
    item.refresh_from_db()
    assert item.status == SubmissionStatus.SUBMITTED  # the GET changed nothing
    client.post(f"/effective-practices/{item.pk}/publish/")
    item.refresh_from_db()
    assert item.status == SubmissionStatus.PUBLISHED


def test_another_states_submission_does_not_exist_for_a_poc(client, poc_chn, poc_bra):
    item = practice("CHN", poc_chn)
    client.force_login(poc_bra)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get(f"/effective-practices/{item.pk}/withdraw/").status_code == 404


def _bulk(n: int, user, start: int = 0) -> None:
    states = list(factories.state("CHN").__class__.objects.all()[:50])
    for model in (EffectivePractice, NationalActionPlan):
        extra = {"period_start": YEAR, "period_end": YEAR} if model is NationalActionPlan else {}
        model.objects.bulk_create(
            model(
                state=states[i % len(states)],
                title=f"Item {i}",
                area="legislation",
                summary="S",
                status=SubmissionStatus.PUBLISHED,
                submitted_by=user,
                **extra,
            )
            for i in range(start, start + n)
        )


def test_lists_keep_their_query_count_from_10_to_1000_rows(client, api, poc_chn):
    urls = ["/effective-practices/", "/action-plans/"]
    _bulk(10, poc_chn)
    small = [count_queries(client, u) for u in urls] + [
        count_queries(api, PRACTICES),
        count_queries(api, PLANS),
    ]
    _bulk(990, poc_chn, start=10)
    large = [count_queries(client, u) for u in urls] + [
        count_queries(api, PRACTICES),
        count_queries(api, PLANS),
    ]
    assert small == large
