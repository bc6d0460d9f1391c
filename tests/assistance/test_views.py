"""The assistance pages as the personas use them: the public reader, Li Wei (point of contact of
China), Ana Souza (point of contact of Brazil), Eva the expert, Sam of the secretariat and Mo the
committee member. Another state's unpublished request does not exist for a reader (404); a page
that exists but is not theirs is refused (403); an anonymous visitor is sent to log in."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from assistance.models import AssistanceOffer, AssistanceRequest, Match, QuarterlyDigest
from tests.assistance import builders
from tests.assistance.builders import ASSISTANCE_TABLES
from tests.assistance.test_api import bulk_matches, bulk_offers, bulk_requests
from tests.helpers import Written, assert_accessible_basics, count_queries, login_redirect
from tests.states.test_views import unlabelled_controls

# --- The public database --------------------------------------------------------------------------


def test_public_reader_sees_consented_requests_with_the_matched_indicator(
    client, expert, poc_chn, chinas_request, public_offer
):
    published = builders.request(
        "CHN", by=poc_chn, staff=expert, status="circulated", consent=True, title="Published one"
    )
    builders.match(published, public_offer, by=expert, status="agreed")

    response = client.get("/assistance/requests/")

    assert_accessible_basics(response)
    assertContains(response, "Published one")
    assertContains(response, "<strong>Matched</strong>", html=True)
    assertNotContains(response, chinas_request.title)


def test_public_reader_filters_the_database_and_gets_an_empty_state(client, chinas_public_request):
    assertContains(client.get("/assistance/requests/", {"region": "Asia-Pacific"}), "1 request")
    empty = client.get("/assistance/requests/", {"weapon_type": "biological"})
    assertContains(empty, "No request matches these filters.")
    bad = client.get("/assistance/requests/", {"region": "Atlantis"})
    assertContains(bad, "Select a valid choice")


def test_public_reader_sees_public_offers_only(client, public_offer, private_offer):
    response = client.get("/assistance/offers/")
    assert_accessible_basics(response)
    assertContains(response, public_offer.title)
    assertNotContains(response, private_offer.title)
    assert client.get(f"/assistance/offers/{private_offer.pk}/").status_code == 404
    assertContains(client.get(f"/assistance/offers/{public_offer.pk}/"), public_offer.title)


def test_csv_export_follows_the_filters_and_visibility(client, chinas_request, poc_bra):
    consented = builders.request("BRA", by=poc_bra, consent=True, title="Brazil, published")

    response = client.get("/assistance/requests.csv", {"region": "Latin American and Caribbean"})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "iso3", "state"]
    assert [(row[0], row[4], row[-1]) for row in rows[1:]] == [
        (str(consented.pk), "Brazil, published", "no")
    ]
    assert client.get("/assistance/requests.csv", {"status": "lost"}).status_code == 400


def test_offers_csv_marks_matched_offers(client, expert, public_offer, chinas_public_request):
    builders.match(chinas_public_request, public_offer, by=expert, status="agreed")
    response = client.get("/assistance/offers.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][2] == public_offer.title
    assert rows[1][-1] == "yes"


# --- A request's page -----------------------------------------------------------------------------


def test_poc_of_another_state_and_public_cannot_see_an_unpublished_request(
    client, poc_bra, chinas_request
):
    url = f"/assistance/requests/{chinas_request.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(poc_bra)
    assert client.get(url).status_code == 404


def test_poc_sees_their_request_with_its_history_but_no_suggestions(
    client, poc_chn, chinas_request, public_offer
):
    client.force_login(poc_chn)
    response = client.get(f"/assistance/requests/{chinas_request.pk}/")
    assert_accessible_basics(response)
    assertContains(response, "Status history")
    assertContains(response, "Withdrawn…")
    assertNotContains(response, "Suggested offers")
    assertNotContains(response, "Acknowledged</button>")


def test_public_reader_sees_a_published_request_without_its_history(client, chinas_public_request):
    response = client.get(f"/assistance/requests/{chinas_public_request.pk}/")
    assert_accessible_basics(response)
    assertNotContains(response, "Status history")
    assertNotContains(response, "Move the request on")


def test_expert_sees_the_suggestions_panel_and_proposes_a_match(
    client, expert, circulated_request, public_offer
):
    client.force_login(expert)
    page = client.get(f"/assistance/requests/{circulated_request.pk}/")
    assertContains(page, "Suggested offers")
    assertContains(page, "Areas in common: Border and export control (+3)")

    response = client.post(
        f"/assistance/requests/{circulated_request.pk}/propose/{public_offer.pk}/"
    )

    match = Match.objects.get()
    assert response.status_code == 302
    assert response.url == f"/assistance/matches/{match.pk}/"


def test_a_poc_cannot_propose_a_match_on_the_page(
    client, poc_chn, circulated_request, public_offer
):
    client.force_login(poc_chn)
    written = Written(*ASSISTANCE_TABLES)
    response = client.post(
        f"/assistance/requests/{circulated_request.pk}/propose/{public_offer.pk}/"
    )
    assert response.status_code == 403
    assert written.unchanged()


def test_poc_submits_a_request_on_the_page(client, poc_chn):
    client.force_login(poc_chn)
    form = client.get("/assistance/requests/new/")
    assert_accessible_basics(form)
    assert unlabelled_controls(form) == []
    area = builders.area("border-export-control")

    response = client.post(
        "/assistance/requests/new/",
        {
            "title": "Border control help",
            "assistance_type": "training",
            "areas": [area.pk],
            "weapon_types": ["nuclear"],
            "description": "Training for customs officers.",
            "publication_consent": "on",
        },
    )

    created = AssistanceRequest.objects.get()
    assert response.url == created.get_absolute_url()
    assert (created.state.iso3, created.publication_consent) == ("CHN", True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose at least one area"),
        ({"areas": ["999"]}, "Select a valid choice"),
        ({"weapon_types": ["laser"]}, "Select a valid choice"),
        ({"assistance_type": "money"}, "Select a valid choice"),
    ],
)
def test_a_bad_request_form_says_what_is_wrong_and_writes_nothing(client, poc_chn, data, message):
    client.force_login(poc_chn)
    written = Written(*ASSISTANCE_TABLES)
    response = client.post("/assistance/requests/new/", {"title": "T", "description": "D", **data})
    assertContains(response, message)
    assert written.unchanged()


def test_staff_record_a_request_for_a_state_with_a_date_in_range(client, secretariat):
    client.force_login(secretariat)
    area = builders.area("training")
    base = {
        "state": "KEN",
        "channel": "note_verbale",
        "title": "Kenya's request",
        "assistance_type": "training",
        "areas": [area.pk],
        "description": "By note verbale.",
    }
    written = Written(*ASSISTANCE_TABLES)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    assertContains(
        client.post("/assistance/requests/new/", {**base, "date_received": future}), "future"
    )
    assertContains(
        client.post("/assistance/requests/new/", {**base, "date_received": "2001-01-01"}),
        "before resolution 1540",
    )
    assertContains(
        client.post("/assistance/requests/new/", {**base, "state": "XXX"}), "Choose a member state"
    )
    assert written.unchanged()

    client.post("/assistance/requests/new/", {**base, "date_received": "2018-03-01"})
    assert AssistanceRequest.objects.get().state.iso3 == "KEN"


def test_anonymous_and_committee_members_cannot_submit_requests(client, member):
    assert login_redirect(client.get("/assistance/requests/new/"))
    client.force_login(member)
    assert client.get("/assistance/requests/new/").status_code == 403


def test_staff_acknowledge_on_the_page_and_confirm_before_closing(
    client, secretariat, chinas_request
):
    client.force_login(secretariat)
    url = f"/assistance/requests/{chinas_request.pk}/status/"
    client.post(url, {"to_status": "authenticated"})
    client.post(url, {"to_status": "acknowledged"})
    chinas_request.refresh_from_db()
    assert chinas_request.status == "acknowledged"

    confirm = client.get(url, {"to_status": "closed"})
    assert_accessible_basics(confirm)
    assertContains(confirm, "cannot be reopened")
    chinas_request.refresh_from_db()
    assert chinas_request.status == "acknowledged"

    client.post(url, {"to_status": "closed", "reason": "No longer needed"})
    chinas_request.refresh_from_db()
    assert chinas_request.status == "closed"


def test_a_step_refused_on_the_page_changes_nothing(client, poc_bra, poc_chn, chinas_request):
    url = f"/assistance/requests/{chinas_request.pk}/status/"
    written = Written(*ASSISTANCE_TABLES)
    client.force_login(poc_bra)
    assert client.post(url, {"to_status": "withdrawn"}).status_code == 404
    client.force_login(poc_chn)
    response = client.post(url, {"to_status": "acknowledged"})
    assertContains(
        response, "Only the secretariat and the experts move requests on.", status_code=403
    )
    bad = client.post(url, {"to_status": "lost"}, follow=True)
    assertContains(bad, "Choose a status the request can move to.")
    assert written.unchanged()


# --- Offers ---------------------------------------------------------------------------------------


def test_expert_records_an_offer_and_withdraws_it_after_confirming(client, expert, iaea):
    client.force_login(expert)
    form = client.get("/assistance/offers/new/")
    assert_accessible_basics(form)
    assert unlabelled_controls(form) == []
    data = {
        "provider_organization": iaea.pk,
        "title": "IAEA training",
        "assistance_type": "training",
        "description": "…",
        "areas": [builders.area("nuclear-security").pk],
        "regions": ["African"],
        "is_public": "on",
    }
    written = Written(*ASSISTANCE_TABLES)
    both = client.post("/assistance/offers/new/", {**data, "provider_state": "FRA"})
    assertContains(both, "exactly one provider")
    past = client.post("/assistance/offers/new/", {**data, "valid_until": "2020-01-01"})
    assertContains(past, "past date")
    assert written.unchanged()

    created = client.post("/assistance/offers/new/", data)
    offer = AssistanceOffer.objects.get()
    assert created.url == offer.get_absolute_url()

    confirm = client.get(f"/assistance/offers/{offer.pk}/withdraw/")
    assertContains(confirm, "cannot be made active again")
    client.post(f"/assistance/offers/{offer.pk}/withdraw/", {"reason": "Ended"})
    offer.refresh_from_db()
    assert offer.status == "withdrawn"


def test_poc_offers_for_their_own_state_only(client, poc_bra):
    client.force_login(poc_bra)
    form = client.get("/assistance/offers/new/")
    assertNotContains(form, "Offering organisation")
    client.post(
        "/assistance/offers/new/",
        {
            "title": "Brazilian course",
            "assistance_type": "training",
            "description": "…",
            "areas": [builders.area("training").pk],
        },
    )
    assert AssistanceOffer.objects.get().provider_state.iso3 == "BRA"


def test_another_poc_cannot_withdraw_an_offer(client, poc_chn, public_offer):
    client.force_login(poc_chn)
    assert client.get(f"/assistance/offers/{public_offer.pk}/withdraw/").status_code == 403
    assert client.post(f"/assistance/offers/{public_offer.pk}/withdraw/").status_code == 403
    public_offer.refresh_from_db()
    assert public_offer.status == "active"


# --- Matches --------------------------------------------------------------------------------------


def test_expert_follows_a_match_on_its_page(client, expert, circulated_request, public_offer):
    match = builders.match(circulated_request, public_offer, by=expert, status="agreed")
    client.force_login(expert)
    url = f"/assistance/matches/{match.pk}/"
    assert_accessible_basics(client.get(url))

    client.post(f"{url}status/", {"to_status": "delivered"})
    client.post(f"{url}notes/", {"note": "Workshop held"})
    client.post(f"{url}feedback/", {"need_met": "yes", "feedback": "Thanks"})
    page = client.get(url)

    assertContains(page, "Workshop held")
    assertContains(page, "Thanks")
    match.refresh_from_db()
    assert (match.status, match.need_met) == ("delivered", "yes")

    confirm = client.get(f"{url}status/", {"to_status": "closed"})
    assertContains(confirm, "cannot be reopened")
    match.refresh_from_db()
    assert match.status == "delivered"


def test_match_pages_are_hidden_from_the_public_and_other_states(
    client, poc_chn, poc_bra, expert, circulated_request, public_offer
):
    match = builders.match(circulated_request, public_offer, by=expert)
    url = f"/assistance/matches/{match.pk}/"
    assert login_redirect(client.get(url))
    client.force_login(poc_bra)
    assert client.get(url).status_code == 404
    client.force_login(poc_chn)
    page = client.get(url)
    assert page.status_code == 200
    assertNotContains(page, "Add the note")
    written = Written(*ASSISTANCE_TABLES)
    assert client.post(f"{url}status/", {"to_status": "contacted"}).status_code == 403
    client.post(f"{url}notes/", {"note": "mine"})
    client.post(f"{url}feedback/", {"need_met": "yes"})
    assert written.unchanged()


def test_a_bad_delivery_date_on_the_page_is_refused(
    client, expert, circulated_request, public_offer
):
    match = builders.match(circulated_request, public_offer, by=expert, status="agreed")
    client.force_login(expert)
    written = Written(*ASSISTANCE_TABLES)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        f"/assistance/matches/{match.pk}/status/",
        {"to_status": "delivered", "delivered_on": tomorrow},
        follow=True,
    )
    assertContains(response, "cannot be in the future")
    bad = client.post(
        f"/assistance/matches/{match.pk}/status/",
        {"to_status": "delivered", "delivered_on": "soon"},
        follow=True,
    )
    assertContains(bad, "Enter a valid date")
    assert written.unchanged()


# --- Dashboard ------------------------------------------------------------------------------------


def test_the_dashboard_flags_stale_requests_for_staff_only(
    client, expert, poc_chn, member, chinas_request
):
    AssistanceRequest.objects.filter(pk=chinas_request.pk).update(
        last_activity_at=timezone.now() - timedelta(days=120)
    )
    assert login_redirect(client.get("/assistance/dashboard/"))
    for persona in (poc_chn, member):
        client.force_login(persona)
        assert client.get("/assistance/dashboard/").status_code == 403
    client.force_login(expert)
    response = client.get("/assistance/dashboard/")
    assert_accessible_basics(response)
    assertContains(response, "1 stale request")
    assertContains(response, chinas_request.title)


def test_the_dashboard_has_helpful_empty_states(client, expert):
    client.force_login(expert)
    response = client.get("/assistance/dashboard/")
    assertContains(response, "Nothing is stale")
    assertContains(response, "No match is open.")


# --- Digests --------------------------------------------------------------------------------------


def test_digest_pages_are_for_the_committee(client, member, poc_chn, expert):
    assert login_redirect(client.get("/assistance/digests/"))
    client.force_login(poc_chn)
    assert client.get("/assistance/digests/").status_code == 403
    client.force_login(member)
    page = client.get("/assistance/digests/")
    assert_accessible_basics(page)
    assertContains(page, "No digest has been built yet")
    assertNotContains(page, "Build or rebuild")
    written = Written(*ASSISTANCE_TABLES)
    assert client.post("/assistance/digests/", {"year": 2026, "quarter": 1}).status_code == 403
    assert written.unchanged()


def test_staff_build_a_digest_and_see_its_progress_then_its_figures(
    client, expert, poc_chn, django_capture_on_commit_callbacks
):
    builders.request("CHN", by=poc_chn)
    client.force_login(expert)
    year, quarter = timezone.now().year, (timezone.now().month - 1) // 3 + 1

    # Without the worker having run, the page shows the progress and refreshes itself.
    response = client.post("/assistance/digests/", {"year": year, "quarter": quarter})
    digest = QuarterlyDigest.objects.get()
    waiting = client.get(response.url)
    assertContains(waiting, "Building")
    assert waiting["Refresh"] == "3"

    QuarterlyDigest.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/assistance/digests/", {"year": year, "quarter": quarter})
    page = client.get(response.url)
    assert_accessible_basics(page)
    assert "Refresh" not in page
    assertContains(page, "New requests received: 1 (previous quarter: 0)")
    assert (
        client.get(f"/assistance/digests/{QuarterlyDigest.objects.get().pk}/pdf/").status_code
        == 200
    )
    assert digest.pk


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": 2026, "quarter": 5}, "Select a valid choice"),
        ({"year": 1999, "quarter": 1}, "greater than or equal to 2004"),
        ({"year": 2099, "quarter": 1}, "between 2004 and the current one"),
        ({"year": "soon", "quarter": 1}, "Enter a whole number"),
    ],
)
def test_a_bad_digest_quarter_on_the_page_is_refused(client, expert, data, message):
    client.force_login(expert)
    written = Written(*ASSISTANCE_TABLES)
    # A refused build is a bad request; the form says why.
    assertContains(client.post("/assistance/digests/", data), message, status_code=400)
    assert written.unchanged()


# --- Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "add"),
    [
        ("/assistance/requests/", bulk_requests),
        ("/assistance/offers/", bulk_offers),
        ("/assistance/dashboard/", bulk_matches),
        ("/assistance/requests/?region=Asia-Pacific&weapon_type=nuclear", bulk_requests),
    ],
)
def test_list_pages_take_the_same_queries_for_ten_or_a_thousand_rows(client, secretariat, url, add):
    client.force_login(secretariat)
    count_queries(client, url)
    add(10, by=secretariat)
    with_ten = count_queries(client, url)
    add(990, by=secretariat)
    assert count_queries(client, url) == with_ten


def test_the_digest_list_takes_the_same_queries_for_ten_or_forty_digests(client, member):
    client.force_login(member)

    def add(years):
        QuarterlyDigest.objects.bulk_create(
            QuarterlyDigest(year=year, quarter=q) for year in years for q in (1, 2, 3, 4)
        )

    count_queries(client, "/assistance/digests/")
    add(range(2010, 2013))
    with_twelve = count_queries(client, "/assistance/digests/")
    add(range(2013, 2023))
    assert count_queries(client, "/assistance/digests/") == with_twelve


def test_the_nav_shows_assistance_links_by_role(client, expert, poc_chn):
    assert re.search(r'href="/assistance/requests/"', client.get("/").content.decode())
    client.force_login(poc_chn)
    assertNotContains(client.get("/"), "/assistance/dashboard/")
    client.force_login(expert)
    assertContains(client.get("/"), "/assistance/dashboard/")
