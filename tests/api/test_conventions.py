"""The API's conventions (issue 17), the same on every endpoint: ordering, several values for a
filter, incremental sync by ``updated_at``, 401 for a bad token, JSON 404 for an unknown address,
gzip for large answers, CORS for public reads, and a schema with one tag per resource and every
error documented."""

from __future__ import annotations

import gzip
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from states.choices import ReportStatus
from states.reports.models import NationalReport
from tests import factories
from tests.helpers import ids

STATES = "/api/v1/states/"
REPORTS = "/api/v1/reports/"
CONTACTS = "/api/v1/points-of-contact/"


@pytest.fixture
def reports(poc_chn, poc_bra, secretariat):
    """A draft of China's, a submitted report of Brazil's, a published one of France's."""
    return {
        "CHN": factories.report("CHN", by=poc_chn),
        "BRA": factories.report("BRA", by=poc_bra, status=ReportStatus.SUBMITTED),
        "FRA": factories.report("FRA", by=secretariat, status=ReportStatus.PUBLISHED),
    }


# --- ordering ------------------------------------------------------------------------------------


def test_states_come_in_the_order_asked_for(api, member_states):
    forward = api.get(STATES, {"ordering": "iso3"}).json()["results"]
    backward = api.get(STATES, {"ordering": "-iso3"}).json()["results"]

    assert forward[0]["iso3"] == "AFG"
    assert backward[0]["iso3"] == "ZWE"


def test_reports_can_be_ordered_by_several_fields(api, secretariat, reports):
    response = api.as_user(secretariat).get(REPORTS, {"ordering": "status,-id"})

    assert response.status_code == 200
    statuses = [row["status"] for row in response.json()["results"]]
    assert statuses == sorted(statuses)


def test_ordering_by_a_field_not_offered_is_a_400_naming_those_that_are(api, member_states):
    response = api.get(STATES, {"ordering": "formal_name"})

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("ordering: ")
    assert "formal_name" in detail
    assert "iso3" in detail


def test_a_point_of_contact_list_cannot_be_ordered_by_email(api, secretariat):
    response = api.as_user(secretariat).get(CONTACTS, {"ordering": "-email"})

    assert response.status_code == 400
    assert "email" in response.json()["errors"]["ordering"][0]


def test_ordering_given_twice_is_a_400(api, member_states):
    response = api.get(f"{STATES}?ordering=iso3&ordering=name")

    assert response.status_code == 400
    assert response.json()["detail"] == "ordering: Give one value."


# --- several values for a filter -----------------------------------------------------------------


def test_two_states_in_a_filter_mean_either(api, secretariat, reports):
    response = api.as_user(secretariat).get(f"{REPORTS}?state=BRA&state=chn")

    assert ids(response) == {reports["BRA"].pk, reports["CHN"].pk}


def test_states_may_also_be_given_separated_by_commas(api, secretariat, reports):
    response = api.as_user(secretariat).get(REPORTS, {"state": "BRA,FRA"})

    assert ids(response) == {reports["BRA"].pk, reports["FRA"].pk}


def test_one_bad_code_among_several_is_a_400(api, secretariat, reports):
    response = api.as_user(secretariat).get(f"{REPORTS}?state=BRA&state=Brazil")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("state: ")


def test_two_statuses_mean_either(api, secretariat, reports):
    response = api.as_user(secretariat).get(f"{REPORTS}?status=draft&status=published")

    assert ids(response) == {reports["CHN"].pk, reports["FRA"].pk}


def test_two_regional_groups_mean_either(api, member_states):
    both = api.get(
        f"{STATES}?regional_group=African&regional_group=Asia-Pacific&page_size=200"
    ).json()

    groups = {row["regional_group"] for row in both["results"]}
    assert groups == {"African", "Asia-Pacific"}


def test_a_filter_of_one_value_given_twice_is_a_400(api, member_states):
    response = api.get(f"{STATES}?has_first_report=true&has_first_report=false")

    assert response.status_code == 400
    assert response.json()["detail"] == "has_first_report: Give one value."


def test_a_search_given_twice_is_a_400_not_the_last_one(api, member_states):
    response = api.get(f"{STATES}?q=China&q=Brazil")

    assert response.status_code == 400
    assert response.json()["errors"] == {"q": ["Give one value."]}


def test_the_assistance_page_keeps_one_box_and_one_select_for_the_same_filters(client, secretariat):
    client.force_login(secretariat)

    response = client.get(
        "/assistance/requests/?state=BRA&state=CHN&status=received&status=acknowledged"
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="BRA, CHN"' in page
    status = re.search(r'<select name="status"[^>]*>', page)
    assert status is not None
    assert "multiple" not in status.group()
    assert '<option value="received" selected>' in page


# --- incremental sync ----------------------------------------------------------------------------


def test_a_client_fetches_only_what_changed_since_its_last_sync(api, secretariat, reports):
    last_sync = timezone.now()
    NationalReport.objects.exclude(pk=reports["BRA"].pk).update(
        updated_at=last_sync - timedelta(days=2)
    )
    NationalReport.objects.filter(pk=reports["BRA"].pk).update(
        updated_at=last_sync + timedelta(minutes=1)
    )
    client = api.as_user(secretariat)

    changed = client.get(REPORTS, {"updated_at__gte": last_sync.isoformat()})
    before = client.get(REPORTS, {"updated_at__lte": last_sync.isoformat()})

    assert ids(changed) == {reports["BRA"].pk}
    assert ids(before) == {reports["CHN"].pk, reports["FRA"].pk}


def test_a_sync_time_that_is_not_a_date_is_a_400(api, secretariat, reports):
    response = api.as_user(secretariat).get(REPORTS, {"updated_at__gte": "yesterday"})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("updated_at__gte: ")


def test_only_lists_whose_model_has_updated_at_offer_the_sync_filters(schema):
    def names(path):
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    assert {"updated_at__gte", "updated_at__lte"} <= names(REPORTS)
    assert {"updated_at__gte", "updated_at__lte"} <= names("/api/v1/assistance/requests/")
    # Member states have no updated_at (yet): no filter that would answer everything.
    assert "updated_at__gte" not in names(STATES)


# --- authentication and unknown addresses --------------------------------------------------------


def test_a_bad_token_is_answered_401_with_the_scheme_to_use(api, member_states):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    response = api.get(CONTACTS)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "detail" in response.json()


def test_an_unknown_api_address_is_a_json_404(api, db):
    for path in ("/api/v1/nothing/", "/api/nothing", "/api/v1/states/ABC/nothing/"):
        response = api.get(path)

        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path
        assert response.json() == {"detail": "Not found."}, path


def test_an_api_address_without_its_final_slash_is_sent_on(api, db):
    response = api.get("/api/v1/states", {"regional_group": "African"})

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/states/?regional_group=African"


def test_a_post_to_an_unknown_api_address_is_a_json_404(api, secretariat):
    response = api.as_user(secretariat).post("/api/v1/nothing", {})

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# --- gzip and CORS -------------------------------------------------------------------------------


def test_a_large_list_is_compressed_for_a_client_that_accepts_gzip(api, member_states):
    response = api.get(STATES, {"page_size": 200}, HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    data = json.loads(gzip.decompress(response.content))
    assert data["count"] == 193


def test_a_list_is_not_compressed_for_a_client_that_does_not_accept_gzip(api, member_states):
    response = api.get(STATES, {"page_size": 200})

    assert not response.has_header("Content-Encoding")


def test_pages_carrying_a_csrf_token_are_never_compressed(client, api, member_states):
    # BREACH: the website's pages and the browsable API hold the CSRF token.
    page = client.get("/states/", HTTP_ACCEPT_ENCODING="gzip")
    browsable = api.get(
        STATES, {"page_size": 200}, HTTP_ACCEPT="text/html", HTTP_ACCEPT_ENCODING="gzip"
    )

    assert page.status_code == browsable.status_code == 200
    assert not page.has_header("Content-Encoding")
    assert not browsable.has_header("Content-Encoding")


def test_any_site_may_read_a_public_list_without_credentials(api, member_states):
    response = api.get(STATES, HTTP_ORIGIN="https://example.org")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.has_header("Access-Control-Allow-Credentials")


def test_another_site_cannot_read_the_answer_to_a_write(api, poc_chn):
    response = api.as_user(poc_chn).post(
        REPORTS, {"state": "CHN"}, format="multipart", HTTP_ORIGIN="https://example.org"
    )

    assert response.status_code == 400
    assert not response.has_header("Access-Control-Allow-Origin")


def test_the_preflight_of_a_write_allows_only_reading(api, db):
    response = api.options(
        REPORTS,
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )

    assert "POST" not in response["Access-Control-Allow-Methods"]


def test_website_pages_carry_no_cors_header(client, member_states):
    response = client.get("/states/", HTTP_ORIGIN="https://example.org")

    assert not response.has_header("Access-Control-Allow-Origin")


# --- the schema ----------------------------------------------------------------------------------

HTTP_METHODS = {"get", "put", "patch", "post", "delete"}


@pytest.fixture
def schema(api, db) -> dict:
    return api.get("/api/schema/", {"format": "json"}).json()


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def test_every_operation_has_one_tag_and_each_resource_its_own(schema):
    tags = {path: operation["tags"] for path, _method, operation in operations(schema)}

    assert all(len(names) == 1 for names in tags.values())
    assert tags["/api/v1/states/"] == ["Member states"]
    assert tags["/api/v1/reports/{id}/submit/"] == ["National reports"]
    assert tags["/api/v1/points-of-contact/"] == ["National points of contact"]
    assert tags["/api/v1/assistance/requests/"] == ["Assistance requests"]
    assert tags["/api/v1/assistance/offers/"] == ["Assistance offers"]
    assert len({names[0] for names in tags.values()}) >= 20


def test_every_operation_documents_401_and_429_with_the_error_body(schema):
    for path, method, operation in operations(schema):
        for code in ("401", "429"):
            body = operation["responses"][code]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/Error"}, (method, path, code)


def test_an_objects_address_documents_404_and_a_write_400_and_403(schema):
    report = schema["paths"]["/api/v1/reports/{id}/"]
    create = schema["paths"]["/api/v1/reports/"]["post"]["responses"]

    assert "404" in report["get"]["responses"]
    assert {"400", "403"} <= set(report["patch"]["responses"])
    assert create["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationError"
    }
    errors = schema["components"]["schemas"]["ValidationError"]["properties"]
    assert set(errors) == {"detail", "errors"}


def test_a_step_that_can_conflict_documents_409_with_its_reason(schema):
    submit = schema["paths"]["/api/v1/reports/{id}/submit/"]["post"]["responses"]["409"]

    assert submit["description"] == "Not a draft"
    assert submit["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_a_public_read_documents_no_403(schema):
    assert "403" not in schema["paths"]["/api/v1/states/"]["get"]["responses"]


def test_lists_document_ordering_with_the_fields_offered(schema):
    parameters = schema["paths"]["/api/v1/reports/"]["get"]["parameters"]
    ordering = next(p for p in parameters if p["name"] == "ordering")
    state = next(p for p in parameters if p["name"] == "state")

    assert "submitted_on" in ordering["description"]
    assert state["schema"] == {"type": "array", "items": {"type": "string"}}


# --- url and display_url -------------------------------------------------------------------------


def test_a_states_url_is_its_api_object_and_display_url_its_page(api, member_states):
    china = api.get(f"{STATES}CHN/").json()

    assert china["url"] == "http://testserver/api/v1/states/CHN/"
    assert china["display_url"] == "http://testserver/states/CHN/"
    assert api.get(china["url"]).json()["iso3"] == "CHN"


def test_every_url_of_a_list_leads_to_the_object_in_the_api(api, member_states):
    rows = api.get(STATES, {"regional_group": "African"}).json()["results"]

    assert all(row["url"].startswith("http://testserver/api/v1/states/") for row in rows)
    assert all("/api/" not in row["display_url"] for row in rows)
