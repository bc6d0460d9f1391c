"""What the website's search finds beyond reports and pages (issue 17): published versions of
the 1540 matrices (field texts, legal references, remarks), member states (by their names in
the six languages), assistance requests published with their state's consent and public offers;
and its facets (kind, state, year, language), with their counts, on the page and in the API.

What a reader may not see is never found: only public records are indexed, so a point of
contact never finds another state's draft, nor an unpublished request, by searching. PostgreSQL
only (its text search and the Chinese bigrams); CI runs it there."""

from __future__ import annotations

import html

import pytest
from django.db import connection

from assistance.models import AssistanceArea
from core import search as registry
from outreach import search
from outreach.choices import SearchKind
from states.choices import ReportStatus
from states.matrices.choices import MatrixStatus
from states.models import MemberState
from states.practices import services as practice_services
from tests import factories
from tests.assistance import builders
from tests.states import conftest as matrices

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL text search"),
]

# The matrix fixtures of the states tests: a small template, matrices built through the services.
template = matrices.template
build_matrix = matrices.build_matrix

SEARCH = "/api/v1/search/"
# A field of the small test template: "Prohibition on non-State actors to acquire (nuclear
# weapons): national legal framework".
NUCLEAR_FIELD = "OP2-N-ACQ-LF"


@pytest.fixture(autouse=True)
def areas(db):
    AssistanceArea.objects.ensure_taxonomy()


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Run the on-commit indexing of whatever is built inside ``with indexed():``."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(api, user=None, **params) -> list[tuple[str, str]]:
    response = api.as_user(user).get(SEARCH, params)
    assert response.status_code == 200, response.content
    return [(result["kind"], result["title"]) for result in response.json()["results"]]


def kinds(api, user=None, **params) -> set[str]:
    return {kind for kind, _title in found(api, user, **params)}


@pytest.fixture
def chinas_published_matrix(build_matrix, indexed):
    with indexed():
        return build_matrix("CHN", MatrixStatus.PUBLISHED, marks={NUCLEAR_FIELD: "X"})


@pytest.fixture
def chinas_nuclear_report(poc_chn, secretariat, indexed):
    with indexed():
        return factories.report(
            "CHN",
            by=poc_chn,
            status=ReportStatus.PUBLISHED,
            publisher=secretariat,
            title="Nuclear security legislation",
            text="The nuclear material accounting act of 2019.",
        )


# --- one test per kind of result ----------------------------------------------------------


def test_nuclear_finds_a_published_matrixs_field_and_a_report(
    api, chinas_published_matrix, chinas_nuclear_report
):
    results = found(api, q="nuclear")
    assert ("matrix", "China — matrix version 1") in results
    assert ("report", "Nuclear security legislation") in results
    matrix = next(r for r in api.get(SEARCH, {"q": "nuclear", "kind": "matrix"}).json()["results"])
    assert matrix["url"] == chinas_published_matrix.get_absolute_url()
    assert "<mark>nuclear</mark>" in matrix["snippet_html"]


def test_a_matrixs_legal_reference_is_searched(api, chinas_published_matrix):
    # The builder gives an X mark the legal reference "Act <code>, art. 1".
    assert found(api, q=f'"Act {NUCLEAR_FIELD}"') == [("matrix", "China — matrix version 1")]


def test_a_matrix_that_is_not_published_is_found_by_nobody(
    api,
    build_matrix,
    indexed,
    poc_chn,
    poc_bra,
    expert,
):
    with indexed():
        build_matrix("BRA", MatrixStatus.APPROVED, marks={NUCLEAR_FIELD: "X"})
    for reader in (None, poc_chn, poc_bra, expert):
        assert "matrix" not in kinds(api, reader, q="nuclear")


def test_a_matrixs_empty_fields_are_not_indexed(api, build_matrix, indexed):
    with indexed():
        build_matrix("FRA", MatrixStatus.PUBLISHED, marks={NUCLEAR_FIELD: "X"})
    # Every matrix has the chemical weapons convention's field; this one says nothing there.
    assert "matrix" not in kinds(api, q="chemical")


def test_a_state_is_found_by_its_name_in_chinese(api):
    china = MemberState.objects.get(iso3="CHN")
    assert china.name_zh_hans
    search.index(SearchKind.STATE, china.pk)
    results = api.get(SEARCH, {"q": china.name_zh_hans, "kind": "state"}).json()["results"]
    assert [(r["url"], r["language"]) for r in results] == [(china.get_absolute_url(), "zh")]


def test_a_state_is_found_by_its_formal_name_and_follows_a_rename(api, indexed):
    chad = MemberState.objects.get(iso3="TCD")
    search.index(SearchKind.STATE, chad.pk)
    assert found(api, q=chad.formal_name_en, kind="state") == [("state", chad.name_en)]
    with indexed():
        chad.formal_name_en = "The Republic of Chad (renamed)"
        chad.save(update_fields=["formal_name_en"])
    assert found(api, q="renamed", kind="state") == [("state", chad.name_en)]


def test_a_public_request_is_found_and_an_unpublished_one_is_not(api, indexed, poc_chn, poc_bra):
    with indexed():
        builders.request("CHN", by=poc_chn, title="Centrifuge inspection help", consent=True)
        builders.request("CHN", by=poc_chn, title="Centrifuge secret help", consent=False)
    for reader in (None, poc_bra):
        assert found(api, reader, q="centrifuge") == [
            ("assistance_request", "Centrifuge inspection help")
        ]


def test_a_request_whose_consent_is_withdrawn_leaves_the_index(api, indexed, poc_chn):
    with indexed():
        request = builders.request("CHN", by=poc_chn, title="Isotope tracing help", consent=True)
    assert kinds(api, q="isotope") == {"assistance_request"}
    with indexed():
        request.publication_consent = False
        request.posted = False
        request.save(update_fields=["publication_consent", "posted"])
    assert found(api, q="isotope") == []


def test_a_public_offer_is_found_and_a_private_one_is_not(api, indexed, expert, poc_bra):
    with indexed():
        builders.offer(by=expert, provider_state="FRA", title="Radiation portal training")
        builders.offer(
            by=expert, provider_state="FRA", title="Radiation private training", is_public=False
        )
    for reader in (None, poc_bra):
        assert found(api, reader, q="radiation") == [
            ("assistance_offer", "Radiation portal training")
        ]


def test_a_published_action_plan_is_found(api, indexed, poc_chn, secretariat):
    with indexed():
        plan = practice_services.submit_action_plan(
            factories.state("CHN"),
            acting_user=poc_chn,
            title="Biosecurity action plan",
            area="border_export",
            summary="Steps for the biosecurity of laboratories.",
            period_start=2024,
            period_end=2026,
        )
    assert found(api, q="biosecurity") == []
    with indexed():
        practice_services.publish_action_plan(plan, acting_user=secretariat)
    assert found(api, q="biosecurity") == [("action_plan", "Biosecurity action plan")]


def test_every_kind_of_result_is_registered_and_rebuilt():
    assert set(registry.registered()) == set(SearchKind.values)


# --- what a reader may not see is never found -----------------------------------------------


def test_a_poc_never_finds_another_states_draft(
    api,
    indexed,
    poc_chn,
    poc_bra,
    build_matrix,
):
    with indexed():
        factories.report("CHN", by=poc_chn, status=ReportStatus.DRAFT, text="Nuclear draft text.")
        build_matrix("CHN", MatrixStatus.DRAFT, marks={NUCLEAR_FIELD: "X"})
        builders.request("CHN", by=poc_chn, title="Nuclear unpublished need")
    assert found(api, poc_bra, q="nuclear") == []
    # Not even its own state's: the index holds only what is public.
    assert found(api, poc_chn, q="nuclear") == []


def test_the_search_page_says_only_what_is_published_is_searched(client):
    page = client.get("/search/").content.decode()
    assert "Only what is published is searched" in page


# --- facets ---------------------------------------------------------------------------------


@pytest.fixture
def nuclear_everywhere(chinas_published_matrix, chinas_nuclear_report, indexed, poc_bra, expert):
    """China's published matrix (2026) and report; Brazil's public request for nuclear help."""
    with indexed():
        builders.request("BRA", by=poc_bra, title="Nuclear forensics help", consent=True)
        builders.offer(by=expert, provider_state="FRA", title="Nuclear customs training")


def test_facets_narrow_the_results_by_kind_state_year_and_language(
    api, nuclear_everywhere, chinas_nuclear_report
):
    assert kinds(api, q="nuclear") == {
        "matrix",
        "report",
        "assistance_request",
        "assistance_offer",
    }
    assert kinds(api, q="nuclear", kind="report") == {"report"}
    assert kinds(api, q="nuclear", state="CHN") == {"matrix", "report"}
    assert kinds(api, q="nuclear", state="bra") == {"assistance_request"}
    assert kinds(api, q="nuclear", state="CHN", kind="matrix") == {"matrix"}
    assert kinds(api, q="nuclear", language="fr") == set()
    assert len(found(api, q="nuclear", language="en")) == 4
    report = chinas_nuclear_report
    assert kinds(api, q="nuclear", kind="report", year=str(report.submitted_on.year)) == {"report"}
    assert found(api, q="nuclear", year="1999") == []


def test_the_api_counts_each_facets_values(api, nuclear_everywhere):
    body = api.get(SEARCH, {"q": "nuclear", "state": "CHN"}).json()
    facets = body["facets"]
    assert body["count"] == 2
    counts = {f["value"]: f["count"] for f in facets["kind"]}
    assert counts == {"matrix": 1, "report": 1}
    # A facet's counts are those of the search narrowed by the other facets only.
    states = {f["value"]: (f["count"], f["selected"]) for f in facets["state"]}
    assert states == {"CHN": (2, True), "BRA": (1, False), "FRA": (1, False)}
    assert {f["value"]: f["count"] for f in facets["language"]} == {"en": 2}
    assert sum(f["count"] for f in facets["year"]) == 2
    assert {f["label"] for f in facets["kind"]} == {"Matrix", "National report"}


def test_the_states_are_named_in_the_readers_language(api, nuclear_everywhere):
    china = MemberState.objects.get(iso3="CHN")
    body = api.get(SEARCH, {"q": "nuclear", "state": "CHN"}, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert {result["state_name"] for result in body["results"]} == {china.name_zh_hans}
    assert china.name_zh_hans in {facet["label"] for facet in body["facets"]["state"]}


def test_the_search_page_shows_the_facets_counts_as_links(client, nuclear_everywhere):
    page = client.get("/search/", {"q": "nuclear"}).content.decode()
    assert 'href="?q=nuclear&amp;state=CHN"' in page
    assert 'National report</a> <span class="muted">(1)</span>' in page
    narrowed = client.get("/search/", {"q": "nuclear", "kind": "matrix"}).content.decode()
    assert "China — matrix version 1" in narrowed
    assert "Nuclear security legislation" not in narrowed
    # The chosen value lets go of itself.
    assert 'href="?q=nuclear" aria-current="true"' in narrowed


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "everything"}, "kind: Choose one of"),
        ({"state": "XXX"}, "state: Give a member state's three-letter code"),
        ({"state": "CN"}, "state: Give a member state's three-letter code"),
        ({"year": "20x4"}, "year: Give a year as four digits"),
        ({"year": "-1"}, "year: Give a year as four digits"),
        ({"language": "zh-hans"}, "language: Choose one of: ar, zh, en"),
        ({"language": ["en", "fr"]}, "language: Give one value at most"),
    ],
)
def test_a_bad_facet_value_is_a_clear_400_and_a_message_on_the_page(api, client, params, message):
    response = api.get(SEARCH, {"q": "nuclear", **params})
    assert response.status_code == 400
    assert message in response.json()["detail"]
    page = client.get("/search/", {"q": "nuclear", **params})
    assert page.status_code == 200
    assert html.escape(message.split(": ", 1)[1]) in page.content.decode()
