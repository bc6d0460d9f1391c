"""What the hand-run fuzzer (scripts/fuzz-api, issue 11) found against the production settings,
each answered once here: answers that broke the schema they document, and server errors."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from knox.models import AuthToken
from schemathesis.specs.openapi.checks import response_schema_conformance

from assistance.choices import RequestStatus
from assistance.models import AssistanceArea
from committee.work import services
from committee.work.models import WorkItem
from committee.wsgi import application
from states.reports.models import NationalReport
from tests.assistance import builders

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_transaction_open():
    """As in test_fuzz.py: schemathesis calls the WSGI application, whose request signals would
    close the test's own transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def answers_as_documented(path: str, *, user=None, **path_parameters):
    case = schema[path]["GET"].Case(path_parameters=path_parameters or None)
    # The WSGI transport does not undo gzip as an HTTP client does (core/api.py).
    headers = {"Accept-Encoding": "identity"}
    if user is not None:
        headers["Authorization"] = f"Token {AuthToken.objects.create(user=user)[1]}"
    response = case.call_and_validate(headers=headers, checks=[response_schema_conformance])
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def programme(db):
    return services.load_programme_of_work(services.read_programme_file())


def test_a_work_item_with_no_parent_answers_as_the_schema_documents(programme):
    top = WorkItem.objects.filter(parent=None).first()

    assert answers_as_documented("/api/v1/programme/{id}/", id=top.pk)["parent"] is None
    answers_as_documented("/api/v1/programme/")


def test_a_match_whose_need_is_not_yet_judged_answers_as_the_schema_documents(
    member_states, poc_chn, expert
):
    AssistanceArea.objects.ensure_taxonomy()
    the_request = builders.request(
        "CHN", by=poc_chn, staff=expert, status=RequestStatus.CIRCULATED, consent=True
    )
    match = builders.match(the_request, builders.offer(by=expert), by=expert)

    for user in (poc_chn, expert):
        shown = answers_as_documented("/api/v1/assistance/matches/{id}/", user=user, id=match.pk)
        assert shown["need_met"] == ""
        answers_as_documented("/api/v1/assistance/matches/", user=user)


def test_every_read_only_field_over_a_nullable_or_blank_column_says_so_in_the_schema(api, db):
    """The class of the two findings above: DRF drops allow_blank from read-only fields and a
    field declared by hand says nothing of null; the column decides (core/schema.py)."""
    components = api.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]

    assert components["WorkItem"]["properties"]["parent"]["nullable"] is True
    for field in ("sent_by", "approved_by", "published_by"):
        assert components["Matrix"]["properties"][field]["nullable"] is True
    assert components["NationalReport"]["properties"]["submitted_by"]["nullable"] is True
    need_met = components["Match"]["properties"]["need_met"]["oneOf"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in need_met


@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary="])
def test_a_multipart_body_with_no_valid_boundary_is_refused_with_a_clear_message(
    api, poc_chn, content_type
):
    before = NationalReport.objects.count()

    response = api.as_user(poc_chn).generic(
        "POST", "/api/v1/reports/", b"--x\r\n\r\n", content_type=content_type
    )

    assert response.status_code == 400
    assert "could not be read as multipart/form-data" in response.json()["detail"]
    assert NationalReport.objects.count() == before


def test_a_page_given_a_broken_multipart_body_is_refused_in_words(client, poc_chn):
    client.force_login(poc_chn)

    response = client.generic("POST", "/login/", b"--x", content_type="multipart/form-data")

    assert response.status_code == 400
    assert "could not be read as multipart/form-data" in response.content.decode()


def test_an_unknown_path_answers_404_when_static_files_were_never_collected(
    client, settings, tmp_path, member_states
):
    """The 404 page links the site's stylesheet: with the manifest storage and no collectstatic,
    every unknown API path answered 500 in production (the fuzzer's /api/v1/states/%C2%84/)."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "core.staticfiles.StaticFilesStorage"},
    }
    client.raise_request_exception = False

    for path in ["/api/v1/states/%C2%84/", "/api/v1/matrices/0.5/send/", "/no-such-page/"]:
        assert client.get(path).status_code == 404


def test_an_offer_changed_by_patch_is_answered_as_a_read_shows_it(member_states, expert):
    """The service returns the offer without the queryset's ``matched``; a partial update then
    skipped the field that the schema requires: DRF drops a read-only field it cannot read under
    a partial update instead of using its default."""
    AssistanceArea.objects.ensure_taxonomy()
    offer = builders.offer(by=expert)
    token = AuthToken.objects.create(user=expert)[1]
    case = schema["/api/v1/assistance/offers/{id}/"]["PATCH"].Case(
        path_parameters={"id": offer.pk},
        body={"title": "A clearer title"},
        media_type="application/json",
    )

    response = case.call_and_validate(
        headers={"Authorization": f"Token {token}"}, checks=[response_schema_conformance]
    )

    assert response.status_code == 200
    assert response.json()["matched"] is False
    assert response.json()["title"] == "A clearer title"


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_a_nul_in_a_form_sent_by_put_or_patch_is_refused_and_nothing_is_written(
    api, member_states, poc_chn, method, encoding
):
    """Django parses a form body for POST only; DRF parses it for PUT and PATCH as well, so the
    NUL check passed them by and PostgreSQL refused the NUL (in the look-up of an area by its
    slug) with a 500."""
    AssistanceArea.objects.ensure_taxonomy()
    the_request = builders.request("CHN", by=poc_chn, title="Help with export controls")
    client = api.as_user(poc_chn)
    url = f"/api/v1/assistance/requests/{the_request.pk}/"
    if encoding == "urlencoded":
        body = {
            "data": "title=Help%00me&areas=training%00",
            "content_type": "application/x-www-form-urlencoded",
        }
    else:
        body = {"data": {"title": "Help\x00me", "areas": ["training\x00"]}, "format": "multipart"}

    response = getattr(client, method)(url, **body)

    assert response.status_code == 400
    assert (
        response.json()["detail"] == "The request contains NUL characters, which no field accepts."
    )
    the_request.refresh_from_db()
    assert the_request.title == "Help with export controls"


def test_a_form_sent_by_patch_without_a_nul_still_reaches_the_api(api, member_states, poc_chn):
    AssistanceArea.objects.ensure_taxonomy()
    the_request = builders.request("CHN", by=poc_chn, title="Help with export controls")

    response = api.as_user(poc_chn).patch(
        f"/api/v1/assistance/requests/{the_request.pk}/",
        {"title": "Help with border controls"},
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    the_request.refresh_from_db()
    assert the_request.title == "Help with border controls"
