"""Issue 11, point 2: a request a state did not consent to publish must not reach another state
through a match. Palau's unpublished request is matched with China's offer; China's point of
contact sees the offer side of the match, never Palau, the request's title, the reasons of its
steps or the experts' follow-up notes. Palau's point of contact, the secretariat and the experts
see the whole file (Match.FIELD_PERMISSIONS)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser

from assistance import services
from assistance.choices import MatchStatus
from assistance.models import AssistanceOffer, AssistanceRequest
from core.choices import Role
from tests.assistance import builders
from tests.personas import make_user

SECRETS = ["PLW", "Palau", "Palau private request", "chase the mission", "call the embassy"]


@pytest.fixture
def poc_plw(member_states):
    return make_user("palau.poc", Role.POC, "PLW")


@pytest.fixture
def palau_match(poc_plw, poc_chn, expert):
    request = builders.request("PLW", by=poc_plw, title="Palau private request", consent=False)
    offer = builders.offer(by=poc_chn, provider_state="CHN", title="China export control offer")
    match = services.propose_match(request, offer, acting_user=expert, note="chase the mission")
    match = services.move_match(
        match, MatchStatus.CONTACTED, acting_user=expert, reason="chase the mission"
    )
    services.add_follow_up(match, acting_user=expert, note="call the embassy")
    return match


def _leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def test_the_offering_states_poc_gets_the_offer_side_of_the_match_only(api, poc_chn, palau_match):
    client = api.as_user(poc_chn)
    detail = client.get(f"/api/v1/assistance/matches/{palau_match.pk}/")
    listing = client.get("/api/v1/assistance/matches/")

    assert detail.status_code == 200
    assert detail.json()["provider_name"] == "China"
    assert detail.json()["offer"] == palau_match.offer_id
    assert not {"request", "requesting_state", "status_history", "follow_ups"} & set(detail.json())
    assert _leaks(json.dumps(detail.json(), ensure_ascii=False)) == []
    assert [row["id"] for row in listing.json()["results"]] == [palau_match.pk]
    assert _leaks(json.dumps(listing.json(), ensure_ascii=False)) == []


def test_the_offering_states_poc_cannot_find_the_request_by_filtering_matches(
    api, poc_chn, palau_match
):
    client = api.as_user(poc_chn)
    by_state = client.get("/api/v1/assistance/matches/", {"state": "PLW"})
    by_request = client.get("/api/v1/assistance/matches/", {"request": palau_match.request_id})

    assert by_state.json()["count"] == 0
    assert by_request.json()["count"] == 0


def test_the_offering_states_poc_does_not_see_the_request_on_the_match_and_offer_pages(
    client, poc_chn, palau_match
):
    client.force_login(poc_chn)
    match_page = client.get(f"/assistance/matches/{palau_match.pk}/")
    offer_page = client.get(f"/assistance/offers/{palau_match.offer_id}/")

    assert match_page.status_code == 200
    assert "China export control offer" in match_page.text
    assert _leaks(match_page.text) == []
    assert offer_page.status_code == 200
    assert _leaks(offer_page.text) == []


def test_the_offering_state_sees_the_request_side_once_the_request_is_published(
    api, poc_chn, secretariat, palau_match
):
    services.update_request(palau_match.request, acting_user=secretariat, publication_consent=True)
    for step in ("authenticated", "acknowledged", "circulated", "posted"):
        services.move_request(palau_match.request, step, acting_user=secretariat)
    body = api.as_user(poc_chn).get(f"/api/v1/assistance/matches/{palau_match.pk}/").json()

    assert body["requesting_state"] == "PLW"
    assert body["request"] == palau_match.request_id
    # The file stays the committee's work with the requesting state.
    assert "follow_ups" not in body
    assert "status_history" not in body


@pytest.mark.parametrize("reader", ["poc_plw", "secretariat", "expert"])
def test_the_requesting_state_and_the_staff_see_the_whole_match(
    api, client, request, reader, palau_match
):
    user = request.getfixturevalue(reader)
    body = api.as_user(user).get(f"/api/v1/assistance/matches/{palau_match.pk}/").json()
    client.force_login(user)
    page = client.get(f"/assistance/matches/{palau_match.pk}/").text

    assert body["requesting_state"] == "PLW"
    assert "call the embassy" in [note["note"] for note in body["follow_ups"]]
    assert "chase the mission" in [step["reason"] for step in body["status_history"]]
    assert set(_leaks(page)) == {
        "Palau",
        "Palau private request",
        "chase the mission",
        "call the embassy",
    }


def test_the_public_and_other_states_do_not_see_the_match_at_all(api, poc_bra, palau_match):
    assert api.as_user(None).get(f"/api/v1/assistance/matches/{palau_match.pk}/").status_code in (
        401,
        403,
    )
    assert (
        api.as_user(poc_bra).get(f"/api/v1/assistance/matches/{palau_match.pk}/").status_code == 404
    )


# --- The offer side (reviewer's finding 2 on issue 11) -----------------------------------------


@pytest.fixture
def chinas_private_offer_for_palau(poc_plw, poc_chn, expert):
    """Palau's request matched with China's non-public offer: Palau sees the request side and the
    file, never China's offer or that China is its provider."""
    request = builders.request("PLW", by=poc_plw, title="Palau border request")
    offer = builders.offer(
        by=poc_chn, provider_state="CHN", title="China private offer", is_public=False
    )
    return services.propose_match(request, offer, acting_user=expert)


def test_the_requesting_states_poc_gets_the_request_side_of_the_match_only(
    api, client, poc_plw, chinas_private_offer_for_palau
):
    match = chinas_private_offer_for_palau
    body = api.as_user(poc_plw).get(f"/api/v1/assistance/matches/{match.pk}/").json()
    listing = api.as_user(poc_plw).get("/api/v1/assistance/matches/").json()
    client.force_login(poc_plw)
    match_page = client.get(match.get_absolute_url()).text
    request_page = client.get(match.request.get_absolute_url()).text

    assert body["request"] == match.request_id
    assert not {"offer", "provider_name"} & set(body)
    assert not {"offer", "provider_name"} & set(listing["results"][0])
    assert "China" not in json.dumps(listing, ensure_ascii=False)
    for page in (match_page, request_page):
        assert "China private offer" not in page
        assert "An offer its provider has not published" in page
    assert "Palau border request" in match_page


def test_the_requesting_states_poc_cannot_find_the_offer_by_filtering_matches(
    api, poc_plw, chinas_private_offer_for_palau
):
    match = chinas_private_offer_for_palau
    client = api.as_user(poc_plw)

    assert client.get("/api/v1/assistance/matches/", {"offer": match.offer_id}).json()["count"] == 0
    assert client.get(f"/api/v1/assistance/offers/{match.offer_id}/").status_code == 404


def test_the_offering_state_and_the_staff_see_the_offer_side(
    api, poc_chn, expert, chinas_private_offer_for_palau
):
    match = chinas_private_offer_for_palau
    for reader in (poc_chn, expert):
        body = api.as_user(reader).get(f"/api/v1/assistance/matches/{match.pk}/").json()
        assert body["offer"] == match.offer_id
        assert body["provider_name"] == "China"
    by_offer = api.as_user(poc_chn).get("/api/v1/assistance/matches/", {"offer": match.offer_id})
    assert by_offer.json()["count"] == 1


def test_the_requesting_state_sees_the_offer_side_once_the_offer_is_public(
    api, poc_plw, secretariat, chinas_private_offer_for_palau
):
    match = chinas_private_offer_for_palau
    services.update_offer(match.offer, acting_user=secretariat, is_public=True)
    body = api.as_user(poc_plw).get(f"/api/v1/assistance/matches/{match.pk}/").json()

    assert body["offer"] == match.offer_id
    assert body["provider_name"] == "China"


@pytest.mark.parametrize("reader", [None, "poc_chn", "poc_bra", "poc_plw", "member", "expert"])
def test_a_row_is_readable_one_by_one_exactly_when_its_list_shows_it(
    request, reader, poc_plw, poc_bra, poc_chn, expert, palau_match, chinas_private_offer_for_palau
):
    """One rule per model: the permission on a single row (used by a match's field policy) and
    the lists' visible_to are derived from the same declaration and cannot disagree."""
    builders.request("BRA", by=poc_bra, title="Brazil public request", consent=True)
    builders.request("BRA", by=poc_bra, title="Brazil private request")
    builders.offer(by=poc_bra, provider_state="BRA", title="Brazil private", is_public=False)
    builders.offer(by=expert, title="IAEA private", is_public=False)
    user = request.getfixturevalue(reader) if reader else AnonymousUser()

    for model, perm in (
        (AssistanceRequest, "assistance.read_request"),
        (AssistanceOffer, "assistance.read_offer"),
    ):
        listed = set(model.objects.visible_to(user).values_list("pk", flat=True))
        readable = {row.pk for row in model.objects.all() if user.has_perm(perm, row)}
        assert readable == listed, model.__name__
        everything = set(model.objects.values_list("pk", flat=True))
        # The staff see every row, every other reader fewer: the case tells the rules apart.
        assert (listed == everything) == (reader == "expert"), model.__name__
