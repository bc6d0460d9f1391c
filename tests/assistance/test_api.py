"""The assistance endpoints: who sees which request, offer, match and digest; who may write
what; bad input refused with a clear message and nothing written; query counts that do not
grow with the rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assistance.choices import AREAS, RequestStatus
from assistance.models import AssistanceOffer, AssistanceRequest, AssistanceRequestStatusChange
from tests.assistance import builders
from tests.assistance.builders import ASSISTANCE_TABLES
from tests.helpers import Written, count_queries, ids

API = "/api/v1/assistance/"
REQUESTS = f"{API}requests/"
OFFERS = f"{API}offers/"
MATCHES = f"{API}matches/"
DIGESTS = f"{API}digests/"


def new_request(**overrides) -> dict:
    return {
        "state": "CHN",
        "title": "Help with control lists",
        "assistance_type": "advice",
        "description": "We need advice on adopting control lists.",
        "areas": ["control-lists", "border-export-control"],
        "weapon_types": ["nuclear", "chemical"],
        "publication_consent": True,
        **overrides,
    }


# --- Areas ----------------------------------------------------------------------------------------


def test_public_reader_lists_the_twelve_areas_with_their_matrix_sections(api):
    response = api.get(f"{API}areas/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 12
    assert rows[0] == {
        "code": "legislative-drafting",
        "name": "Legislative drafting",
        "description": AREAS[0].descriptions["en"],
        "matrix_sections": ["OP2", "OP3AB", "OP3CD"],
    }
    assert api.get(f"{API}areas/nuclear-security/").json()["matrix_sections"] == ["OP3AB"]


# --- Requests: submitting -------------------------------------------------------------------------


def test_poc_submits_a_request_for_their_state(api, poc_chn):
    response = api.as_user(poc_chn).post(REQUESTS, new_request())

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "CHN"
    assert body["status"] == "received"
    assert body["channel"] == "template"
    assert body["areas"] == ["border-export-control", "control-lists"]
    assert body["matched"] is False
    assert body["status_history"][0]["to_status"] == "received"
    assert body["status_history"][0]["changed_by"] == poc_chn.username


def test_poc_cannot_submit_a_request_for_another_state(api, poc_bra):
    written = Written(*ASSISTANCE_TABLES)

    response = api.as_user(poc_bra).post(REQUESTS, new_request(state="CHN"))

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You can only submit assistance requests for your own state."
    }
    assert written.unchanged()


def test_public_reader_cannot_submit_a_request(api, member_states):
    written = Written(*ASSISTANCE_TABLES)
    assert api.post(REQUESTS, new_request()).status_code in (401, 403)
    assert written.unchanged()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": None}, "title", "may not be null"),
        ({"areas": "control-lists"}, "areas", "Expected a list"),
        ({"areas": ["no-such-area"]}, "areas", "no area of assistance with the code"),
        ({"areas": []}, "areas", "at least one area"),
        ({"weapon_types": "nuclear"}, "weapon_types", "Expected a list"),
        ({"weapon_types": ["laser"]}, "weapon_types", "not a valid choice"),
        ({"assistance_type": 7}, "assistance_type", "not a valid choice"),
        ({"state": "XXX"}, "state", "no member state with the code"),
        ({"state": 12}, "state", "three-letter ISO code"),
        ({"date_received": "2003-01-01"}, "date_received", "before resolution 1540"),
        ({"date_received": "yesterday"}, "date_received", "wrong format"),
        ({"publication_consent": "perhaps"}, "publication_consent", "valid boolean"),
    ],
)
def test_a_bad_request_is_refused_with_a_clear_message_and_nothing_written(
    api, secretariat, overrides, field, message
):
    written = Written(*ASSISTANCE_TABLES)

    response = api.as_user(secretariat).post(REQUESTS, new_request(**overrides))

    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"], body
    assert message in str(body["errors"][field])
    assert body["detail"].startswith(field)
    assert written.unchanged()


def test_missing_fields_are_named(api, poc_chn):
    written = Written(*ASSISTANCE_TABLES)

    response = api.as_user(poc_chn).post(REQUESTS, {})

    assert response.status_code == 400
    assert {"state", "title", "assistance_type", "description", "areas"} <= set(
        response.json()["errors"]
    )
    assert written.unchanged()


def test_a_request_cannot_move_to_another_state(api, poc_chn, chinas_request):
    written = Written(*ASSISTANCE_TABLES)
    response = api.as_user(poc_chn).patch(f"{REQUESTS}{chinas_request.pk}/", {"state": "BRA"})
    assert response.status_code == 400
    assert "another state" in response.json()["detail"]
    assert written.unchanged()


# --- Requests: who sees what ----------------------------------------------------------------------


@pytest.fixture
def three_requests(chinas_request, chinas_public_request, brazils_request):
    return {
        "chn_private": chinas_request.pk,
        "chn_public": chinas_public_request.pk,
        "bra_private": brazils_request.pk,
    }


def test_public_reader_sees_only_consented_requests(api, three_requests):
    assert ids(api.get(REQUESTS)) == {three_requests["chn_public"]}
    assert api.get(f"{REQUESTS}{three_requests['chn_private']}/").status_code == 404


def test_poc_sees_their_states_requests_and_the_published_ones(api, poc_bra, three_requests):
    assert ids(api.as_user(poc_bra).get(REQUESTS)) == {
        three_requests["bra_private"],
        three_requests["chn_public"],
    }


def test_poc_cannot_read_another_states_unpublished_request(api, poc_bra, three_requests):
    response = api.as_user(poc_bra).get(f"{REQUESTS}{three_requests['chn_private']}/")
    assert response.status_code == 404


def test_experts_see_every_request(api, expert, three_requests):
    assert ids(api.as_user(expert).get(REQUESTS)) == set(three_requests.values())


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "Asia-Pacific"}, {"chn_private", "chn_public"}),
        ({"state": "bra"}, {"bra_private"}),
        ({"area": "border-export-control"}, {"chn_private", "chn_public", "bra_private"}),
        ({"area": "training"}, set()),
        ({"weapon_type": "nuclear"}, {"chn_private", "chn_public", "bra_private"}),
        ({"weapon_type": "biological"}, set()),
        ({"status": "received"}, {"chn_private", "chn_public", "bra_private"}),
        ({"matched": "true"}, set()),
        ({"stale": "false"}, {"chn_private", "chn_public", "bra_private"}),
    ],
)
def test_experts_filter_requests(api, expert, three_requests, params, expected):
    response = api.as_user(expert).get(REQUESTS, params)
    assert ids(response) == {three_requests[name] for name in expected}


@pytest.mark.parametrize(
    "params",
    [
        {"area": "nowhere"},
        {"region": "Atlantis"},
        {"weapon_type": "laser"},
        {"status": "lost"},
        {"matched": "maybe"},
        {"received_after": "13/01/2020"},
        {"state": "12"},
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api, member_states, params):
    response = api.get(REQUESTS, params)
    assert response.status_code == 400
    assert next(iter(params)) in response.json()["errors"]


# --- Requests: moving them on ---------------------------------------------------------------------


def test_staff_acknowledge_and_circulate_a_request(api, secretariat, chinas_request):
    url = f"{REQUESTS}{chinas_request.pk}/transition/"
    client = api.as_user(secretariat)

    assert client.post(url, {"to_status": "authenticated"}).json()["status"] == "authenticated"
    assert client.post(url, {"to_status": "acknowledged"}).json()["status"] == "acknowledged"
    response = client.post(url, {"to_status": "circulated", "reason": "Sent to providers"})

    assert response.status_code == 200
    history = response.json()["status_history"]
    assert [step["to_status"] for step in history] == [
        "received",
        "authenticated",
        "acknowledged",
        "circulated",
    ]
    assert history[-1]["reason"] == "Sent to providers"
    assert history[-1]["changed_by"] == secretariat.username


def test_poc_cannot_move_their_request_on_but_may_withdraw_it(api, poc_chn, chinas_request):
    url = f"{REQUESTS}{chinas_request.pk}/transition/"
    written = Written(*ASSISTANCE_TABLES)
    refused = api.as_user(poc_chn).post(url, {"to_status": "acknowledged"})
    assert refused.status_code == 403
    assert written.unchanged()

    assert api.as_user(poc_chn).post(url, {"to_status": "withdrawn"}).status_code == 200


def test_another_poc_cannot_touch_the_request(api, poc_bra, chinas_request):
    written = Written(*ASSISTANCE_TABLES)
    for method, suffix, data in [
        ("post", "transition/", {"to_status": "withdrawn"}),
        ("patch", "", {"title": "Taken"}),
        ("get", "suggestions/", None),
    ]:
        response = getattr(api.as_user(poc_bra), method)(
            f"{REQUESTS}{chinas_request.pk}/{suffix}", data
        )
        assert response.status_code == 404
    assert written.unchanged()


def test_a_step_not_allowed_is_a_conflict_and_a_bad_one_a_400(api, expert, chinas_request):
    url = f"{REQUESTS}{chinas_request.pk}/transition/"
    written = Written(*ASSISTANCE_TABLES)

    conflict = api.as_user(expert).post(url, {"to_status": "completed"})
    bad = api.as_user(expert).post(url, {"to_status": "lost"})
    missing = api.as_user(expert).post(url, {})

    assert conflict.status_code == 409
    assert (
        conflict.json()["detail"]
        == "A request whose status is “Received” cannot move to “Completed”. "
        "Its next step is “Authenticated”."
    )
    assert bad.status_code == 400
    assert "to_status" in bad.json()["errors"]
    assert missing.status_code == 400
    assert written.unchanged()


# --- Suggestions ----------------------------------------------------------------------------------


def test_an_expert_reads_the_explained_suggestions(api, expert, circulated_request, public_offer):
    response = api.as_user(expert).get(f"{REQUESTS}{circulated_request.pk}/suggestions/")

    assert response.status_code == 200
    [suggestion] = response.json()
    assert suggestion["offer"]["id"] == public_offer.pk
    assert suggestion["offer"]["provider"] == "IAEA"
    assert suggestion["score"] == 3 + 1 + 1 + 2
    assert [reason["factor"] for reason in suggestion["reasons"]] == [
        "areas",
        "kind",  # a training offer for a legislative request: no points, said in words
        "weapon_types",
        "region",
        "validity",
    ]
    assert "Areas in common: Border and export control (+3)" in suggestion["explanation"]


def test_suggestions_are_for_experts_and_staff(api, poc_chn, circulated_request):
    url = f"{REQUESTS}{circulated_request.pk}/suggestions/"
    assert api.as_user(poc_chn).get(url).status_code == 403
    api.force_authenticate(user=None)
    assert api.get(url).status_code in (401, 403)


@pytest.mark.parametrize("limit", ["0", "51", "ten"])
def test_a_bad_suggestion_limit_is_a_400(api, expert, circulated_request, limit):
    url = f"{REQUESTS}{circulated_request.pk}/suggestions/"
    response = api.as_user(expert).get(url, {"limit": limit})
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]


# --- Offers ---------------------------------------------------------------------------------------


def new_offer(**overrides) -> dict:
    return {
        "title": "Customs training",
        "assistance_type": "training",
        "description": "Two weeks of training for customs officers.",
        "areas": ["border-export-control"],
        "regions": ["African"],
        "states_served": ["KEN"],
        **overrides,
    }


def test_an_expert_records_an_organisations_offer(api, expert, iaea):
    response = api.as_user(expert).post(OFFERS, new_offer(provider_organization=iaea.pk))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["provider_name"] == "IAEA"
    assert body["provider_state"] is None
    assert body["regions"] == ["African"]
    assert body["states_served"] == ["KEN"]
    assert body["matched"] is False


@pytest.mark.parametrize("both", [True, False])
def test_an_offer_with_both_or_neither_provider_is_a_clear_400(api, expert, iaea, both):
    providers = {"provider_state": "FRA", "provider_organization": iaea.pk} if both else {}
    written = Written(*ASSISTANCE_TABLES)

    response = api.as_user(expert).post(OFFERS, new_offer(**providers))

    assert response.status_code == 400
    body = response.json()
    assert "provider" in body["errors"]
    assert body["detail"].startswith("provider: An offer comes from exactly one provider")
    assert written.unchanged()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"regions": ["Atlantis"]}, "regions"),
        ({"valid_until": "2001-01-01"}, "valid_until"),
        ({"states_served": ["XXX"]}, "states_served"),
        ({"provider_organization": 999999}, "provider_organization"),
        ({"areas": []}, "areas"),
    ],
)
def test_a_bad_offer_is_refused_and_nothing_written(api, expert, iaea, overrides, field):
    written = Written(*ASSISTANCE_TABLES)
    response = api.as_user(expert).post(
        OFFERS, {**new_offer(provider_organization=iaea.pk), **overrides}
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert written.unchanged()


def test_poc_cannot_record_another_states_offer(api, poc_bra):
    written = Written(*ASSISTANCE_TABLES)
    response = api.as_user(poc_bra).post(OFFERS, new_offer(provider_state="CHN"))
    assert response.status_code == 403
    assert response.json()["detail"] == "You can only record offers of your own state."
    assert written.unchanged()


def test_public_reader_sees_public_offers_only(api, public_offer, private_offer):
    assert ids(api.get(OFFERS)) == {public_offer.pk}
    assert api.get(f"{OFFERS}{private_offer.pk}/").status_code == 404


def test_the_offering_states_poc_sees_its_private_offer(api, poc_bra, public_offer, expert):
    brazils = builders.offer(by=expert, provider_state="BRA", is_public=False)
    assert ids(api.as_user(poc_bra).get(OFFERS)) == {public_offer.pk, brazils.pk}


def test_the_matched_indicator_counts_only_published_requests_for_the_public(
    api, expert, poc_chn, public_offer
):
    private = builders.request("CHN", by=poc_chn, staff=expert, status="circulated")
    builders.match(private, public_offer, by=expert, status="agreed")

    assert api.get(f"{OFFERS}{public_offer.pk}/").json()["matched"] is False
    assert api.as_user(expert).get(f"{OFFERS}{public_offer.pk}/").json()["matched"] is True
    assert ids(api.as_user(expert).get(OFFERS, {"matched": "true"})) == {public_offer.pk}


def test_an_offer_is_withdrawn_not_deleted(api, expert, public_offer):
    response = api.as_user(expert).post(f"{OFFERS}{public_offer.pk}/withdraw/")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert api.as_user(expert).delete(f"{OFFERS}{public_offer.pk}/").status_code == 405
    assert api.as_user(expert).post(f"{OFFERS}{public_offer.pk}/withdraw/").status_code == 409


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "African"}, {"kenya_only", "open"}),
        ({"region": "Asia-Pacific"}, {"asia", "open"}),
        # An offer that names no weapon type concerns them all.
        ({"weapon_type": "chemical"}, {"kenya_only", "open", "chemical"}),
        ({"area": "training"}, {"asia"}),
        ({"provider_state": "FRA"}, {"kenya_only", "chemical"}),
    ],
)
def test_offers_are_filtered_by_region_weapon_type_area_and_provider(
    api, expert, iaea, params, expected
):
    made = {
        "kenya_only": builders.offer(by=expert, provider_state="FRA", states_served=("KEN",)),
        "asia": builders.offer(
            by=expert,
            provider_organization=iaea,
            regions=("Asia-Pacific",),
            area_codes=("training",),
            weapon_types=("nuclear",),
        ),
        "open": builders.offer(by=expert, provider_organization=iaea),
        "chemical": builders.offer(
            by=expert,
            provider_state="FRA",
            weapon_types=("chemical",),
            regions=("Eastern European",),
        ),
    }
    assert ids(api.get(OFFERS, params)) == {made[name].pk for name in expected}


# --- Matches --------------------------------------------------------------------------------------


def test_an_expert_proposes_and_follows_a_match_through_the_api(
    api, expert, circulated_request, public_offer
):
    client = api.as_user(expert)
    created = client.post(
        MATCHES, {"request": circulated_request.pk, "offer": public_offer.pk, "note": "Fits"}
    )
    assert created.status_code == 201, created.json()
    url = f"{MATCHES}{created.json()['id']}/"

    for step in ["contacted", "agreed"]:
        assert client.post(f"{url}transition/", {"to_status": step}).status_code == 200
    delivered = client.post(
        f"{url}transition/",
        {"to_status": "delivered", "delivered_on": timezone.localdate().isoformat()},
    )
    note = client.post(f"{url}follow-ups/", {"note": "The course took place"})
    feedback = client.post(f"{url}feedback/", {"need_met": "partly", "feedback": "More needed"})

    assert delivered.json()["status"] == "delivered"
    assert note.status_code == 201
    body = feedback.json()
    assert (body["need_met"], body["feedback"]) == ("partly", "More needed")
    assert [n["note"] for n in body["follow_ups"]] == ["Fits", "The course took place"]
    assert AssistanceRequest.objects.get(pk=circulated_request.pk).status == "matched"


def test_a_poc_cannot_act_on_matches(api, poc_chn, expert, circulated_request, public_offer):
    match = builders.match(circulated_request, public_offer, by=expert, status="agreed")
    client = api.as_user(poc_chn)
    written = Written(*ASSISTANCE_TABLES)

    assert client.get(f"{MATCHES}{match.pk}/").status_code == 200  # their own state's request
    for suffix, data in [
        ("transition/", {"to_status": "delivered"}),
        ("follow-ups/", {"note": "mine"}),
        ("feedback/", {"need_met": "yes"}),
    ]:
        assert client.post(f"{MATCHES}{match.pk}/{suffix}", data).status_code == 403
    created = client.post(MATCHES, {"request": circulated_request.pk, "offer": public_offer.pk})
    assert created.status_code == 403, created.json()
    assert written.unchanged()


def test_matches_are_never_public_and_hidden_from_other_states(
    api, poc_bra, member, expert, circulated_request, public_offer
):
    match = builders.match(circulated_request, public_offer, by=expert)
    assert api.get(MATCHES).status_code in (401, 403)
    assert ids(api.as_user(poc_bra).get(MATCHES)) == set()
    assert api.as_user(poc_bra).get(f"{MATCHES}{match.pk}/").status_code == 404
    assert ids(api.as_user(member).get(MATCHES)) == set()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"offer": 1}, "request"),
        ({"request": "abc", "offer": 1}, "request"),
        ({"request": 999999, "offer": 1}, "request"),
    ],
)
def test_a_bad_match_proposal_is_a_400(api, expert, member_states, data, field):
    written = Written(*ASSISTANCE_TABLES)
    response = api.as_user(expert).post(MATCHES, data)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert written.unchanged()


def test_bad_match_steps_are_refused(api, expert, circulated_request, public_offer):
    match = builders.match(circulated_request, public_offer, by=expert, status="agreed")
    url = f"{MATCHES}{match.pk}/"
    written = Written(*ASSISTANCE_TABLES)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    future = api.as_user(expert).post(
        f"{url}transition/", {"to_status": "delivered", "delivered_on": tomorrow}
    )
    early = api.as_user(expert).post(f"{url}feedback/", {"need_met": "yes"})
    wrong = api.as_user(expert).post(f"{url}feedback/", {"need_met": "sort of"})
    empty = api.as_user(expert).post(f"{url}follow-ups/", {"note": ""})

    assert future.status_code == 400
    assert "future" in future.json()["detail"]
    assert early.status_code == 409
    assert wrong.status_code == 400
    assert empty.status_code == 400
    assert written.unchanged()


# --- Digests --------------------------------------------------------------------------------------


def test_digests_are_for_the_committee(api, member, poc_chn, expert):
    assert api.get(DIGESTS).status_code in (401, 403)
    assert api.as_user(poc_chn).get(DIGESTS).json()["count"] == 0
    assert api.as_user(member).get(DIGESTS).status_code == 200
    written = Written(*ASSISTANCE_TABLES)
    assert api.as_user(member).post(DIGESTS, {"year": 2026, "quarter": 1}).status_code == 403
    assert api.as_user(poc_chn).post(DIGESTS, {"year": 2026, "quarter": 1}).status_code == 403
    assert written.unchanged()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"year": 2026, "quarter": 5}, "quarter"),
        ({"year": "next", "quarter": 1}, "year"),
        ({"year": 2003, "quarter": 4}, "year"),
        ({"year": 2099, "quarter": 1}, "year"),
        ({"quarter": 1}, "year"),
    ],
)
def test_a_bad_digest_quarter_is_refused(api, expert, member_states, data, field):
    written = Written(*ASSISTANCE_TABLES)
    response = api.as_user(expert).post(DIGESTS, data)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert written.unchanged()


def test_an_expert_asks_for_a_digest_and_it_is_built_in_process(
    api, expert, member, poc_chn, django_capture_on_commit_callbacks, mailoutbox
):
    builders.request("CHN", by=poc_chn)
    year, quarter = timezone.now().year, (timezone.now().month - 1) // 3 + 1

    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(expert).post(DIGESTS, {"year": year, "quarter": quarter})

    assert response.status_code == 202
    digest = api.as_user(member).get(f"{DIGESTS}{response.json()['id']}/").json()
    assert digest["build_status"] == "done"
    assert digest["build_progress"] == 100
    assert digest["figures"]["headline"][0] == {
        "key": "new_requests",
        "label": "New requests received",
        "value": 1,
        "previous": 0,
        "change": 1,
    }
    pdf = api.as_user(member).get(digest["pdf_url"])
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert [message.bcc for message in mailoutbox] == [[member.email]]


# --- Query counts ---------------------------------------------------------------------------------


def bulk_requests(count: int, *, by) -> None:
    states = list(builders.state(code) for code in ("CHN", "BRA", "KEN", "FRA"))
    made = AssistanceRequest.objects.bulk_create(
        AssistanceRequest(
            state=states[number % 4],
            title=f"Request {number}",
            date_received=timezone.localdate(),
            channel="template",
            assistance_type="training",
            description="…",
            weapon_types=["nuclear"],
            publication_consent=True,
            created_by=by,
        )
        for number in range(count)
    )
    area = builders.area("training")
    AssistanceRequest.areas.through.objects.bulk_create(
        AssistanceRequest.areas.through(assistancerequest_id=r.pk, assistancearea_id=area.pk)
        for r in made
    )
    AssistanceRequestStatusChange.objects.bulk_create(
        AssistanceRequestStatusChange(request=r, to_status=RequestStatus.RECEIVED, changed_by=by)
        for r in made
    )


def bulk_offers(count: int, *, by) -> None:
    iaea = builders.organization("IAEA")
    made = AssistanceOffer.objects.bulk_create(
        AssistanceOffer(
            provider_organization=iaea,
            title=f"Offer {number}",
            assistance_type="training",
            description="…",
            created_by=by,
        )
        for number in range(count)
    )
    area = builders.area("training")
    AssistanceOffer.areas.through.objects.bulk_create(
        AssistanceOffer.areas.through(assistanceoffer_id=o.pk, assistancearea_id=area.pk)
        for o in made
    )


def bulk_matches(count: int, *, by) -> None:
    from assistance.models import Match

    bulk_requests(count, by=by)
    bulk_offers(count, by=by)
    requests = list(AssistanceRequest.objects.order_by("-id")[:count])
    offers = list(AssistanceOffer.objects.order_by("-id")[:count])
    Match.objects.bulk_create(
        Match(request=r, offer=o, proposed_by=by) for r, o in zip(requests, offers, strict=True)
    )


@pytest.mark.parametrize(
    ("url", "add"),
    [(REQUESTS, bulk_requests), (OFFERS, bulk_offers), (MATCHES, bulk_matches)],
)
@pytest.mark.parametrize("reader", [None, "expert", "poc_chn"])
def test_lists_take_the_same_queries_for_ten_or_a_thousand_rows(
    api, secretariat, request, url, add, reader
):
    if url == MATCHES and reader is None:
        pytest.skip("matches are never public")
    if reader:
        api.as_user(request.getfixturevalue(reader))
    count_queries(api, url, {"page_size": 200})  # warm-up
    add(10, by=secretariat)
    with_ten = count_queries(api, url, {"page_size": 200})
    add(990, by=secretariat)
    with_a_thousand = count_queries(api, url, {"page_size": 200})

    assert with_ten == with_a_thousand
    assert with_a_thousand <= 8
