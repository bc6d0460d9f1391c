"""Assistance projects for groups of states and trust-fund contributions (12(e)), through the
pages and the API: who reads and who writes them (the public, the point of contact of another
state, the rightful reader, the secretariat), bad input refused with nothing written, and
lists whose cost does not grow with their rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from assistance import project_services
from assistance.models import AssistanceProject, TrustFundContribution
from tests.assistance import builders
from tests.helpers import Written, assert_accessible_basics, count_queries, ids, login_redirect
from tests.states.test_views import unlabelled_controls

TABLES = (AssistanceProject, AssistanceProject.states.through, TrustFundContribution)


def project(secretariat, *, title="Export control workshop for China and Kenya", **fields):
    values = {
        "states": [builders.state("CHN"), builders.state("KEN")],
        "implementing_organization": builders.organization("WCO"),
        "areas": [builders.area("border-export-control")],
        "start_date": date(2025, 3, 1),
        "end_date": date(2025, 9, 30),
        "budget_amount": Decimal("120000.00"),
        "budget_currency": "USD",
        "status": "completed",
        "is_public": False,
        **fields,
    }
    return project_services.record_project(acting_user=secretariat, title=title, **values)


def contribution(secretariat, *, iso3="JPN", amount="50000.00", **fields):
    return project_services.record_contribution(
        acting_user=secretariat,
        contributor_state=builders.state(iso3),
        amount=Decimal(amount),
        currency="USD",
        purpose="Regional workshops",
        **{"date_received": date(2025, 1, 15), **fields},
    )


@pytest.fixture
def private_project(secretariat):
    return project(secretariat)


@pytest.fixture
def public_project(secretariat):
    return project(
        secretariat,
        title="Legislative review for Brazil",
        states=[builders.state("BRA")],
        is_public=True,
    )


# --- Reading: the public, the POC of another state, the rightful reader --------------------------


def test_the_public_sees_public_projects_only(client, private_project, public_project):
    response = client.get("/assistance/projects/")

    assert_accessible_basics(response)
    assertContains(response, public_project.title)
    assertNotContains(response, private_project.title)
    assert client.get(private_project.get_absolute_url()).status_code == 404
    assert client.get(public_project.get_absolute_url()).status_code == 200


def test_a_poc_sees_the_projects_of_their_state_not_another_states(
    client, poc_chn, poc_bra, private_project
):
    client.force_login(poc_bra)
    assert client.get(private_project.get_absolute_url()).status_code == 404
    assertNotContains(client.get("/assistance/projects/"), private_project.title)

    client.force_login(poc_chn)
    response = client.get(private_project.get_absolute_url())
    assert_accessible_basics(response)
    assertContains(response, "Kenya")
    assertNotContains(response, "/edit/")


@pytest.mark.parametrize("persona", ["expert", "member", "secretariat"])
def test_experts_members_and_the_secretariat_read_every_project(
    client, request, persona, private_project
):
    client.force_login(request.getfixturevalue(persona))
    assertContains(client.get("/assistance/projects/"), private_project.title)
    assert client.get(private_project.get_absolute_url()).status_code == 200


def test_contributions_are_not_public_and_a_poc_sees_their_states_only(
    client, secretariat, poc_bra, poc_chn
):
    chinas = contribution(secretariat, iso3="CHN", amount="1000")
    assert login_redirect(client.get("/assistance/trust-fund/"))
    assert login_redirect(client.get(chinas.get_absolute_url()))

    client.force_login(poc_bra)
    assertContains(client.get("/assistance/trust-fund/"), "0 contributions")
    assert client.get(chinas.get_absolute_url()).status_code == 404

    client.force_login(poc_chn)
    response = client.get(chinas.get_absolute_url())
    assert_accessible_basics(response)
    assertContains(response, "1000")


# --- Writing through the pages --------------------------------------------------------------------


def test_the_secretariat_records_a_project_for_a_group_of_states_with_history(client, secretariat):
    client.force_login(secretariat)
    form = client.get("/assistance/projects/new/")
    assert_accessible_basics(form)
    assert unlabelled_controls(form) == []

    response = client.post(
        "/assistance/projects/new/",
        {
            "title": "CARICOM export control workshop",
            "states": ["JAM", "TTO", "BRB"],
            "implementing_organization": builders.organization("WCO").pk,
            "areas": [builders.area("border-export-control").pk],
            "start_date": "2025-05-01",
            "end_date": "2025-05-03",
            "budget_amount": "85000",
            "budget_currency": "USD",
            "status": "completed",
            "is_public": "on",
        },
    )

    made = AssistanceProject.objects.get()
    assert response.url == made.get_absolute_url()
    assert sorted(made.states.values_list("iso3", flat=True)) == ["BRB", "JAM", "TTO"]
    assert len(made.state_ids) == 3
    assert {row.history_user for row in made.history.all()} == {secretariat}
    before = made.history.count()

    client.post(
        f"/assistance/projects/{made.pk}/edit/",
        {
            "title": "CARICOM export control workshop",
            "states": ["JAM", "TTO"],
            "implementing_organization": builders.organization("WCO").pk,
            "start_date": "2025-05-01",
            "status": "completed",
        },
    )
    made.refresh_from_db()
    assert len(made.state_ids) == 2
    assert made.history.count() > before
    assert made.history.first().history_change_reason == "Details changed"


PROJECT = {
    "title": "A project",
    "states": ["JAM"],
    "implementing_state": "FRA",
    "start_date": "2025-05-01",
    "status": "planned",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"budget_amount": "-5", "budget_currency": "USD"}, "cannot be negative"),
        ({"budget_amount": "5", "budget_currency": "XXY"}, "not an ISO 4217 currency code"),
        ({"end_date": "2025-04-01"}, "cannot end before it starts"),
        ({"states": ["ZZZ"]}, "Choose member states from the list"),
        ({"states": []}, "Name at least one beneficiary state"),
        ({"start_date": "someday"}, "Enter a valid date"),
        ({"implementing_state": ""}, "an organisation or a state"),
    ],
)
def test_a_bad_project_is_refused_on_the_page_with_nothing_written(
    client, secretariat, change, message
):
    client.force_login(secretariat)
    written = Written(*TABLES)

    response = client.post("/assistance/projects/new/", {**PROJECT, **change})

    assertContains(response, message)
    assert written.unchanged()


@pytest.mark.parametrize("persona", ["expert", "poc_chn", "member"])
def test_only_the_secretariat_writes_projects_and_contributions(
    client, request, persona, public_project
):
    client.force_login(request.getfixturevalue(persona))
    written = Written(*TABLES)

    assert client.get("/assistance/projects/new/").status_code == 403
    assert client.post("/assistance/projects/new/", PROJECT).status_code == 403
    assert (
        client.post(f"/assistance/projects/{public_project.pk}/edit/", PROJECT).status_code == 403
    )
    assert client.post("/assistance/trust-fund/new/", {}).status_code == 403
    assert written.unchanged()


def test_anonymous_is_sent_to_log_in_to_write(client, public_project):
    assert login_redirect(client.get("/assistance/projects/new/"))
    assert login_redirect(client.post(f"/assistance/projects/{public_project.pk}/edit/", {}))
    assert login_redirect(client.get("/assistance/trust-fund/new/"))


CONTRIBUTION = {
    "contributor_state": "JPN",
    "amount": "250000",
    "currency": "USD",
    "date_received": "2025-02-10",
    "fund": "untf-disarmament",
    "purpose": "Assistance to the Caribbean",
}


def test_the_secretariat_records_a_contribution(client, secretariat, public_project):
    client.force_login(secretariat)
    form = client.get("/assistance/trust-fund/new/")
    assert_accessible_basics(form)
    assert unlabelled_controls(form) == []

    response = client.post(
        "/assistance/trust-fund/new/", {**CONTRIBUTION, "project": public_project.pk}
    )

    made = TrustFundContribution.objects.get()
    assert response.url == made.get_absolute_url()
    assert made.amount == Decimal("250000")
    assert {row.history_user for row in made.history.all()} == {secretariat}
    page = client.get(made.get_absolute_url())
    assertContains(page, "UN Trust Fund for Global and Regional Disarmament Activities")
    assertContains(client.get(public_project.get_absolute_url()), "250000")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount": "-100"}, "must be above zero"),
        ({"amount": "0"}, "must be above zero"),
        ({"amount": "lots"}, "Enter a number"),
        ({"currency": "DOLLARS"}, "not an ISO 4217 currency code"),
        ({"contributor_state": "ZZZ"}, "Choose a member state from the list"),
        ({"contributor_state": ""}, "exactly one contributor"),
        ({"date_received": "2999-01-01"}, "cannot be in the future"),
        ({"fund": "other"}, "Name the fund"),
    ],
)
def test_a_bad_contribution_is_refused_on_the_page_with_nothing_written(
    client, secretariat, change, message
):
    client.force_login(secretariat)
    written = Written(*TABLES)

    response = client.post("/assistance/trust-fund/new/", {**CONTRIBUTION, **change})

    assertContains(response, message)
    assert written.unchanged()


FUND = "trust-fund-contributions"


# --- The API -------------------------------------------------------------------------------------


def test_the_api_lists_projects_by_the_same_rules(
    api, poc_chn, poc_bra, member, private_project, public_project
):
    assert ids(api.get("/api/v1/assistance/projects/")) == {public_project.pk}
    assert ids(api.as_user(poc_bra).get("/api/v1/assistance/projects/")) == {public_project.pk}
    assert ids(api.as_user(poc_chn).get("/api/v1/assistance/projects/")) == {
        public_project.pk,
        private_project.pk,
    }
    assert ids(api.as_user(member).get("/api/v1/assistance/projects/?state=KEN")) == {
        private_project.pk
    }
    assert (
        api.as_user(poc_bra).get(f"/api/v1/assistance/projects/{private_project.pk}/").status_code
        == 404
    )


def test_the_api_records_a_project_and_a_contribution(api, secretariat):
    api.as_user(secretariat)
    made = api.post(
        "/api/v1/assistance/projects/",
        {
            "title": "Two-state legislative review",
            "states": ["GHA", "TGO"],
            "implementing_state": "FRA",
            "areas": ["border-export-control"],
            "start_date": "2025-06-01",
            "budget_amount": "40000.00",
            "budget_currency": "EUR",
            "status": "ongoing",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    assert sorted(made.json()["states"]) == ["GHA", "TGO"]

    given = api.post(
        "/api/v1/assistance/trust-fund-contributions/",
        {**CONTRIBUTION, "project": made.json()["id"]},
        format="json",
    )
    assert given.status_code == 201, given.content
    assert given.json()["contributor_name"] == "Japan"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("projects", {**PROJECT, "budget_amount": "-1", "budget_currency": "USD"}, "budget_amount"),
        (
            "projects",
            {**PROJECT, "budget_amount": "1", "budget_currency": "ABC"},
            "budget_currency",
        ),
        ("projects", {**PROJECT, "end_date": "2020-01-01"}, "end_date"),
        ("projects", {**PROJECT, "states": ["ZZZ"]}, "states"),
        ("projects", {**PROJECT, "start_date": 12}, "start_date"),
        ("trust-fund-contributions", {**CONTRIBUTION, "amount": "-1"}, "amount"),
        ("trust-fund-contributions", {**CONTRIBUTION, "currency": "usd"}, "currency"),
        (
            "trust-fund-contributions",
            {**CONTRIBUTION, "contributor_state": "ZZZ"},
            "contributor_state",
        ),
        (
            "trust-fund-contributions",
            {**CONTRIBUTION, "date_received": "2999-01-01"},
            "date_received",
        ),
    ],
)
def test_bad_input_to_the_api_is_a_400_with_nothing_written(api, secretariat, path, body, field):
    written = Written(*TABLES)

    response = api.as_user(secretariat).post(f"/api/v1/assistance/{path}/", body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert written.unchanged()


@pytest.mark.parametrize("persona", [None, "poc_bra", "expert"])
def test_the_api_refuses_writes_to_all_but_the_secretariat(api, request, persona):
    user = request.getfixturevalue(persona) if persona else None
    written = Written(*TABLES)

    projects = api.as_user(user).post("/api/v1/assistance/projects/", PROJECT, format="json")
    given = api.as_user(user).post(
        "/api/v1/assistance/trust-fund-contributions/", CONTRIBUTION, format="json"
    )

    assert projects.status_code in (401, 403)
    assert given.status_code in (401, 403)
    assert written.unchanged()


def test_contributions_are_not_public_on_the_api(api, secretariat, poc_bra):
    contribution(secretariat, iso3="CHN")
    assert api.get("/api/v1/assistance/trust-fund-contributions/").status_code in (200, 401, 403)
    answer = api.get("/api/v1/assistance/trust-fund-contributions/")
    if answer.status_code == 200:
        assert answer.json()["results"] == []
    assert ids(api.as_user(poc_bra).get("/api/v1/assistance/trust-fund-contributions/")) == set()


# --- Constant queries -----------------------------------------------------------------------------


def test_the_lists_cost_the_same_for_two_rows_or_twenty(client, api, secretariat):
    client.force_login(secretariat)
    api.as_user(secretariat)
    for number in range(2):
        project(secretariat, title=f"Project {number}", is_public=True)
        contribution(secretariat, amount=str(1000 + number))
    urls = ["/assistance/projects/", "/assistance/trust-fund/"]
    few = [count_queries(client, url) for url in urls]
    few_api = [
        count_queries(api, "/api/v1/assistance/projects/"),
        count_queries(api, "/api/v1/assistance/trust-fund-contributions/"),
    ]
    for number in range(2, 20):
        project(secretariat, title=f"Project {number}", is_public=True)
        contribution(secretariat, iso3="DEU", amount=str(1000 + number))

    assert [count_queries(client, url) for url in urls] == few
    assert [
        count_queries(api, "/api/v1/assistance/projects/"),
        count_queries(api, "/api/v1/assistance/trust-fund-contributions/"),
    ] == few_api


def test_a_page_of_projects_is_paginated(client, secretariat):
    for number in range(51):
        project(secretariat, title=f"Project {number:02d}", is_public=True)
    first = client.get("/assistance/projects/")
    assertContains(first, "51 projects")
    assert first.content.decode().count("/assistance/projects/") >= 50
    assert client.get("/assistance/projects/?page=2").status_code == 200


def test_contributions_and_projects_dated_today_at_the_latest(secretariat):
    today = timezone.localdate()
    with pytest.raises(Exception, match="future"):
        contribution(secretariat, date_received=today + timedelta(days=1))
