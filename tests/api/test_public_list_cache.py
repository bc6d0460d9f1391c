"""The API lists that anonymous readers get come from the public page cache, are forgotten when
what they show changes, and are never served to a signed-in client, a token holder included."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests import factories
from tests.api.test_auth_token import issued_token_client

pytestmark = pytest.mark.usefixtures("page_cache_on")


def test_the_second_anonymous_read_of_a_list_comes_from_the_cache(api, member_states):
    first = api.get("/api/v1/states/", {"regional_group": "Asia-Pacific"})
    second = api.get("/api/v1/states/", {"regional_group": "Asia-Pacific"})
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.json() == second.json()
    other_filter = api.get("/api/v1/states/", {"regional_group": "Eastern European"})
    assert other_filter["X-Page-Cache"] == "miss"
    assert other_filter.json()["count"] != first.json()["count"]


def test_a_published_report_shows_in_the_cached_list_at_once(
    api, member_states, poc_chn, secretariat, django_capture_on_commit_callbacks
):
    assert api.get("/api/v1/reports/").json()["count"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        factories.report("CHN", by=poc_chn, status="published", publisher=secretariat)
    fresh = api.get("/api/v1/reports/")
    assert fresh["X-Page-Cache"] == "miss"
    assert fresh.json()["count"] == 1


@pytest.mark.parametrize("signed_in", ["session", "token"])
def test_a_signed_in_client_gets_the_live_list_with_its_own_drafts(
    api, member_states, poc_chn, signed_in
):
    factories.report("CHN", by=poc_chn, title="China draft")
    api.get("/api/v1/reports/")
    assert api.get("/api/v1/reports/")["X-Page-Cache"] == "hit"

    if signed_in == "session":
        client = APIClient()
        client.force_login(poc_chn)
    else:
        client = issued_token_client(poc_chn)
    response = client.get("/api/v1/reports/")
    assert "X-Page-Cache" not in response
    assert [row["title"] for row in response.json()["results"]] == ["China draft"]


def test_throttling_still_applies_to_cached_answers(api, settings, member_states):
    settings.API_THROTTLE_RATES = {"anonymous": "2/minute", "signed_in": None}
    statuses = [api.get("/api/v1/states/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_each_language_and_format_is_answered_as_asked(api, member_states):
    api.get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="en")
    assert api.get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="fr")["X-Page-Cache"] == "miss"
    assert api.get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="fr")["X-Page-Cache"] == "hit"
    api.get("/api/v1/states/")
    browsable = api.get("/api/v1/states/", HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200
    assert browsable["Content-Type"].startswith("text/html")
    assert b"Afghanistan" in browsable.content


def test_an_address_with_parameters_the_list_does_not_read_is_answered_live(api, member_states):
    for junk in ({"zzz": "1"}, {"zzz": "2"}, {"regional_group": "African", "utm": "x"}):
        response = api.get("/api/v1/states/", junk)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    api.get("/api/v1/states/", {"page_size": 10, "regional_group": "African"})
    known = api.get("/api/v1/states/", {"regional_group": "African", "page_size": 10})
    assert known["X-Page-Cache"] == "hit"
    assert len(known.json()["results"]) == 10


def test_a_warm_cache_never_shows_a_draft_to_the_public_or_another_state(
    api, member_states, poc_chn, poc_bra
):
    factories.report("CHN", by=poc_chn, title="China draft")
    for _ in range(2):
        assert api.get("/api/v1/reports/").json()["count"] == 0
    api.as_user(poc_bra)
    response = api.get("/api/v1/reports/")
    assert "X-Page-Cache" not in response
    assert response.json()["count"] == 0


def test_a_refused_filter_is_answered_each_time_and_never_kept(api, member_states):
    from states.models import MemberState

    states_before = MemberState.objects.count()
    for _ in range(2):
        response = api.get("/api/v1/states/", {"regional_group": "Atlantis"})
        assert response.status_code == 400
        assert "regional_group" in response.json()["errors"]
        assert "X-Page-Cache" not in response
    assert MemberState.objects.count() == states_before
