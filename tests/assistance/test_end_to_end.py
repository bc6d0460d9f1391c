"""Done-when 1, end to end: Li Wei (point of contact of China) submits two requests, one on the
page with consent to publish, one through the API without; Sam of the secretariat acknowledges
and circulates them; Eva the expert opens the suggestions, proposes the best offer, records the
delivery and China's feedback; the public database shows the consented request as matched and
never shows the other."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from assistance.models import AssistanceRequest
from tests.assistance import builders


def test_a_request_goes_from_the_poc_to_a_delivered_match_and_the_public_database(
    client, api, poc_chn, secretariat, expert, iaea
):
    # The offers on record: the IAEA's fits China best; France's serves other regions.
    best = builders.offer(
        by=expert,
        provider_organization=iaea,
        title="IAEA border monitoring",
        area_codes=("border-export-control", "nuclear-security"),
        weapon_types=("nuclear",),
        regions=("Asia-Pacific",),
    )
    builders.offer(
        by=expert, provider_state="FRA", title="French customs course", regions=("African",)
    )

    # 1. Li Wei submits one request on the page (published) and one through the API (not).
    client.force_login(poc_chn)
    client.post(
        "/assistance/requests/new/",
        {
            "title": "Radiation portal monitors",
            "assistance_type": "equipment",
            "areas": [builders.area("border-export-control").pk],
            "weapon_types": ["nuclear"],
            "description": "Portal monitors at two border crossings.",
            "publication_consent": "on",
        },
    )
    on_page = AssistanceRequest.objects.get(title="Radiation portal monitors")
    by_api = api.as_user(poc_chn).post(
        "/api/v1/assistance/requests/",
        {
            "state": "CHN",
            "title": "Nuclear security legislation",
            "assistance_type": "legislative",
            "areas": ["nuclear-security"],
            "weapon_types": ["nuclear"],
            "description": "Review of the draft law.",
            "publication_consent": False,
        },
    )
    assert by_api.status_code == 201
    private_id = by_api.json()["id"]

    # 2. The secretariat acknowledges and circulates both: one on the page, one by the API.
    client.force_login(secretariat)
    for step in ("authenticated", "acknowledged", "circulated"):
        client.post(f"/assistance/requests/{on_page.pk}/status/", {"to_status": step})
        moved = api.as_user(secretariat).post(
            f"/api/v1/assistance/requests/{private_id}/transition/", {"to_status": step}
        )
        assert moved.status_code == 200
    on_page.refresh_from_db()
    assert on_page.status == "circulated"
    # China consented: the page's request is posted on the website; the other is not.
    client.post(f"/assistance/requests/{on_page.pk}/status/", {"to_status": "posted"})
    on_page.refresh_from_db()
    assert (on_page.status, on_page.posted) == ("posted", True)

    # 3. The expert opens the suggestions and proposes the best offer for each.
    client.force_login(expert)
    panel = client.get(on_page.get_absolute_url())
    assertContains(panel, "IAEA border monitoring")
    suggestions = api.as_user(expert).get(f"/api/v1/assistance/requests/{private_id}/suggestions/")
    assert suggestions.json()[0]["offer"]["id"] == best.pk
    assert "Areas in common: Nuclear security" in suggestions.json()[0]["explanation"]
    page_suggestions = api.as_user(expert).get(
        f"/api/v1/assistance/requests/{on_page.pk}/suggestions/"
    )
    assert page_suggestions.json()[0]["offer"]["id"] == best.pk

    proposed = client.post(f"/assistance/requests/{on_page.pk}/propose/{best.pk}/")
    match_url = proposed.url
    created = api.as_user(expert).post(
        "/api/v1/assistance/matches/", {"request": private_id, "offer": best.pk}
    )
    assert created.status_code == 201
    api_match = f"/api/v1/assistance/matches/{created.json()['id']}/"

    # 4. Providers contacted, agreed, delivered; China's feedback recorded.
    for step in ("contacted", "agreed", "delivered"):
        client.post(f"{match_url}status/", {"to_status": step})
        api.as_user(expert).post(f"{api_match}transition/", {"to_status": step})
    client.post(f"{match_url}feedback/", {"need_met": "yes", "feedback": "Installed and used"})
    feedback = api.as_user(expert).post(f"{api_match}feedback/", {"need_met": "partly"})
    assert feedback.json()["need_met"] == "partly"
    match_page = client.get(match_url)
    assertContains(match_page, "Installed and used")
    assertContains(match_page, timezone.localdate().strftime("%-d %B %Y"))

    # 5. The public database: the consented request, matched; never the other.
    client.logout()
    api.force_authenticate(user=None)
    public_page = client.get("/assistance/requests/")
    assertContains(public_page, "Radiation portal monitors")
    assertContains(public_page, "<strong>Matched</strong>", html=True)
    assertNotContains(public_page, "Nuclear security legislation")
    public_api = api.get("/api/v1/assistance/requests/").json()["results"]
    assert [(r["title"], r["matched"]) for r in public_api] == [("Radiation portal monitors", True)]
    assert api.get(f"/api/v1/assistance/requests/{private_id}/").status_code == 404
    exported = client.get("/assistance/requests.csv", {"matched": "true"})
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
    assert [(row[4], row[-1]) for row in rows[1:]] == [("Radiation portal monitors", "yes")]
    offer_row = api.get(f"/api/v1/assistance/offers/{best.pk}/").json()
    assert offer_row["matched"] is True  # through the published request
