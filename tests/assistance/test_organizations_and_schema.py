"""The organisations endpoint (outreach, read-only), the demo data command, and the assistance
endpoints in the OpenAPI schema."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assistance.models import (
    AssistanceOffer,
    AssistanceProject,
    AssistanceRequest,
    Match,
    TrustFundContribution,
)
from outreach.models import Organization
from tests.assistance import builders


def test_public_reader_lists_organisations_and_filters_them(api, db):
    builders.organization("IAEA")
    builders.organization("OSCE", kind="regional", offers_assistance=False)

    everyone = api.get("/api/v1/organizations/").json()["results"]
    regional = api.get("/api/v1/organizations/", {"kind": "regional"}).json()["results"]

    assert [o["acronym"] for o in everyone] == ["IAEA", "OSCE"]
    assert set(everyone[0]) == {
        "id",
        "name",
        "acronym",
        "kind",
        "website",
        "offers_assistance",
        "active",
    }
    assert [o["acronym"] for o in regional] == ["OSCE"]
    assert api.get("/api/v1/organizations/", {"kind": "global"}).status_code == 400
    assert api.get("/api/v1/organizations/", {"offers_assistance": "maybe"}).status_code == 400


def test_organisations_are_read_only_in_the_api(api, expert, db):
    assert api.as_user(expert).post("/api/v1/organizations/", {"name": "X"}).status_code == 405
    assert Organization.objects.count() == 0


def test_listing_organisations_takes_the_same_queries_for_ten_or_a_thousand(api, db):
    def add(start, stop):
        Organization.objects.bulk_create(
            Organization(name=f"Organisation {n}", kind="regional") for n in range(start, stop)
        )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/organizations/", {"page_size": 200}).status_code == 200
        return len(queries)

    add(0, 10)
    with_ten = count()
    add(10, 1000)
    assert count() == with_ten


def test_seed_assistance_refuses_to_run_with_debug_off(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_assistance")


def test_seed_assistance_is_safe_to_run_again(settings, member_states):
    settings.DEBUG = True
    call_command("seed_assistance", scale=1, stdout=StringIO())
    counts = (AssistanceRequest.objects.count(), AssistanceOffer.objects.count())
    matches = Match.objects.count()
    # 300 demo requests and the CARICOM group request (9(b)).
    assert counts == (301, 200)
    assert AssistanceRequest.objects.filter(requester_kind="organization", posted=True).count() == 1
    assert matches > 50

    call_command("seed_assistance", scale=1, stdout=StringIO())

    assert (AssistanceRequest.objects.count(), AssistanceOffer.objects.count()) == counts
    assert Match.objects.count() == matches  # every match was made the first time
    # Projects for groups of states and trust-fund contributions (12(e)), made once, in the past;
    # every demo offer has its terms.
    assert AssistanceProject.objects.count() == 3
    assert TrustFundContribution.objects.count() == 3
    assert not TrustFundContribution.objects.filter(date_received__gt=timezone.localdate())
    assert not AssistanceOffer.objects.filter(title__startswith="Demo offer ", contact_name="")


ASSISTANCE_PATHS = [
    "/api/v1/assistance/areas/",
    "/api/v1/assistance/areas/{code}/",
    "/api/v1/assistance/requests/",
    "/api/v1/assistance/requests/{id}/",
    "/api/v1/assistance/requests/{id}/transition/",
    "/api/v1/assistance/requests/{id}/suggestions/",
    "/api/v1/assistance/offers/",
    "/api/v1/assistance/offers/{id}/withdraw/",
    "/api/v1/assistance/matches/",
    "/api/v1/assistance/matches/{id}/transition/",
    "/api/v1/assistance/matches/{id}/follow-ups/",
    "/api/v1/assistance/matches/{id}/feedback/",
    "/api/v1/assistance/digests/",
    "/api/v1/assistance/digests/{id}/pdf/",
    "/api/v1/organizations/",
]


def test_the_schema_lists_the_assistance_endpoints_with_summaries(api, db):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    for path in ASSISTANCE_PATHS:
        assert path in schema["paths"], path
        for method, operation in schema["paths"][path].items():
            if method in {"get", "post", "put", "patch", "delete"}:
                assert operation.get("summary"), f"{method} {path}"
    parameters = schema["paths"]["/api/v1/assistance/requests/"]["get"]["parameters"]
    assert {"area", "region", "weapon_type", "status", "matched"} <= {p["name"] for p in parameters}
