"""The public assistance database is cached for anonymous readers and forgotten when a request
or an offer changes."""

from __future__ import annotations

import pytest

from tests.assistance import builders

pytestmark = pytest.mark.usefixtures("page_cache_on")


def test_the_public_lists_and_pages_come_from_the_cache(
    client, chinas_public_request, public_offer
):
    for path in (
        "/assistance/requests/",
        "/assistance/offers/",
        chinas_public_request.get_absolute_url(),
        public_offer.get_absolute_url(),
    ):
        first, second = client.get(path), client.get(path)
        assert (first.status_code, second.status_code) == (200, 200), path
        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit"), path
        assert first.content == second.content


def test_a_new_public_request_shows_at_once(
    client, chinas_public_request, poc_bra, django_capture_on_commit_callbacks
):
    client.get("/assistance/requests/")
    with django_capture_on_commit_callbacks(execute=True):
        builders.request("BRA", by=poc_bra, title="Brazil border controls", consent=True)
    fresh = client.get("/assistance/requests/")
    assert fresh["X-Page-Cache"] == "miss"
    assert b"Brazil border controls" in fresh.content


def test_staff_see_the_live_list_not_the_public_cache(client, chinas_request, expert):
    client.get("/assistance/requests/")
    client.force_login(expert)
    response = client.get("/assistance/requests/")
    assert "X-Page-Cache" not in response
    assert b"China private request" in response.content


def test_a_warm_cache_never_opens_a_private_request_to_the_public_or_another_state(
    client, chinas_public_request, chinas_request, poc_bra, poc_chn
):
    client.get(chinas_public_request.get_absolute_url())
    for _ in range(2):
        refused = client.get(chinas_request.get_absolute_url())
        assert refused.status_code == 404
        assert "X-Page-Cache" not in refused
    client.force_login(poc_bra)
    assert client.get(chinas_request.get_absolute_url()).status_code == 404
    listing = client.get("/assistance/requests/")
    assert b"China private request" not in listing.content
    client.force_login(poc_chn)
    own = client.get(chinas_request.get_absolute_url())
    assert own.status_code == 200
    assert "X-Page-Cache" not in own
