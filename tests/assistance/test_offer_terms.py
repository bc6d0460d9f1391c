"""An offer's terms as the assistance template asks them (9(b)): contact person, languages,
period of availability, budget range with its currency, and who may receive it; through the
page and the API, and bad input refused with nothing written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytest_django.asserts import assertContains

from assistance.models import AssistanceOffer
from tests.assistance import builders
from tests.assistance.builders import ASSISTANCE_TABLES
from tests.helpers import Written


def offer_data(iaea) -> dict:
    return {
        "provider_organization": iaea.pk,
        "title": "IAEA course in French and Spanish",
        "assistance_type": "training",
        "description": "…",
        "areas": [builders.area("nuclear-security").pk],
        "contact_name": "Marie Curie",
        "contact_email": "m.curie@example.org",
        "contact_phone": "+43 1 2600 0",
        "languages": ["fr", "es", "other"],
        "other_languages": "Portuguese",
        "available_from": "2026-01-01",
        "available_to": "2026-06-30",
        "budget_min": "10000",
        "budget_max": "50000",
        "budget_currency": "EUR",
        "eligibility": "region",
        "eligibility_details": "States of the African Group",
        "is_public": "on",
    }


def test_an_offer_with_its_terms_through_the_page(client, expert, iaea):
    client.force_login(expert)
    response = client.post("/assistance/offers/new/", offer_data(iaea))

    offer = AssistanceOffer.objects.get()
    assert response.url == offer.get_absolute_url()
    assert offer.languages == ["fr", "es", "other"]
    assert (offer.budget_min, offer.budget_max) == (Decimal("10000"), Decimal("50000"))
    page = client.get(offer.get_absolute_url())
    assertContains(page, "Marie Curie")
    assertContains(page, "French, Spanish, Portuguese")
    assertContains(page, "10000.00 – 50000.00 EUR")
    assertContains(page, "States of a region: States of the African Group")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"available_to": "2025-12-31"}, "ends before it begins"),
        ({"budget_min": "-1"}, "cannot be negative"),
        ({"budget_max": "-1"}, "cannot be negative"),
        ({"budget_min": "60000"}, "upper bound is below its lower bound"),
        ({"budget_currency": "EURO"}, "not an ISO 4217 currency code"),
        ({"budget_currency": ""}, "Give the currency of the budget"),
        ({"languages": ["xx"]}, "Select a valid choice"),
        ({"contact_email": "not an address"}, "Enter a valid email address"),
        ({"eligibility": "friends"}, "Select a valid choice"),
        ({"budget_min": "a lot"}, "Enter a number"),
    ],
)
def test_bad_terms_are_refused_on_the_page_with_nothing_written(
    client, expert, iaea, change, message
):
    client.force_login(expert)
    written = Written(*ASSISTANCE_TABLES)

    response = client.post("/assistance/offers/new/", {**offer_data(iaea), **change})

    assertContains(response, message)
    assert written.unchanged()


API_OFFER = {
    "provider_state": "FRA",
    "title": "French legislative help",
    "assistance_type": "legislative",
    "description": "…",
    "areas": ["border-export-control"],
    "contact_name": "Jean Dupont",
    "contact_email": "j.dupont@example.org",
    "languages": ["fr", "ar"],
    "available_from": "2026-01-01",
    "available_to": "2026-12-31",
    "budget_min": "0",
    "budget_max": "25000.00",
    "budget_currency": "EUR",
    "eligibility": "groups",
    "eligibility_details": "Francophone states",
}


def test_an_offer_with_its_terms_through_the_api(api, expert):
    response = api.as_user(expert).post("/api/v1/assistance/offers/", API_OFFER, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["languages"] == ["fr", "ar"]
    assert body["budget_currency"] == "EUR"
    assert body["eligibility"] == "groups"
    read = api.get(f"/api/v1/assistance/offers/{body['id']}/").json()
    assert read["contact_name"] == "Jean Dupont"
    assert read["budget_max"] == "25000.00"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"available_to": "2025-01-01"}, "available_to"),
        ({"budget_min": "-5"}, "budget_min"),
        ({"budget_min": "30000"}, "budget_max"),
        ({"budget_currency": "XYZ"}, "budget_currency"),
        ({"budget_currency": ""}, "budget_currency"),
        ({"languages": ["klingon"]}, "languages"),
        ({"languages": "fr"}, "languages"),
        ({"eligibility": "nobody"}, "eligibility"),
    ],
)
def test_bad_terms_on_the_api_are_a_400_with_nothing_written(api, expert, change, field):
    written = Written(*ASSISTANCE_TABLES)

    response = api.as_user(expert).post(
        "/api/v1/assistance/offers/", {**API_OFFER, **change}, format="json"
    )

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert written.unchanged()


def test_the_terms_are_corrected_by_the_offering_state_only(api, poc_chn, poc_bra):
    offer = builders.offer(by=poc_chn, provider_state="CHN", title="Chinese training")
    url = f"/api/v1/assistance/offers/{offer.pk}/"

    refused = api.as_user(poc_bra).patch(url, {"contact_name": "Someone"}, format="json")
    assert refused.status_code in (403, 404)
    changed = api.as_user(poc_chn).patch(
        url, {"contact_name": "Li Wei", "languages": ["zh", "en"]}, format="json"
    )
    assert changed.status_code == 200, changed.content
    offer.refresh_from_db()
    assert (offer.contact_name, offer.languages) == ("Li Wei", ["zh", "en"])
