"""Site-wide pages: the home page's reporting figures, logging in and out, and who may open
the Django admin (the secretariat's tool)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from states.choices import RegionalGroup, ReportKind, ReportStatus
from states.models import MemberState
from states.reports.models import NationalReport
from tests import factories
from tests.helpers import assert_accessible_basics
from tests.personas import PASSWORD


def group_row(response, group: str) -> dict:
    return next(row for row in response.context["groups"] if row["value"] == group)


# --- the home page --------------------------------------------------------------------------------


def test_public_reader_sees_that_no_state_has_reported_yet(client, member_states):
    response = client.get("/")
    assert response.context["total"] == 193
    assert response.context["reported"] == 0
    assertContains(
        response, "<strong>0</strong> of 193 Member States have submitted a first report"
    )
    assertContains(response, "193 States have not yet reported")
    assert_accessible_basics(response)


def test_home_counts_first_reports_overall_and_by_regional_group(
    client, poc_chn, poc_bra, secretariat
):
    factories.report("CHN", by=poc_chn, kind=ReportKind.FIRST, status=ReportStatus.SUBMITTED)
    factories.report(
        "BRA",
        by=poc_bra,
        kind=ReportKind.FIRST,
        status=ReportStatus.PUBLISHED,
        publisher=secretariat,
    )

    response = client.get("/")

    assert response.context["reported"] == 2
    assert response.context["not_reported"] == 191
    assertContains(response, "<strong>2</strong> of 193 Member States")
    assert [row["value"] for row in response.context["groups"]] == list(RegionalGroup.values)
    assert sum(row["total"] for row in response.context["groups"]) == 193
    asia = group_row(response, RegionalGroup.ASIA_PACIFIC)
    latin = group_row(response, RegionalGroup.LATIN_AMERICAN_CARIBBEAN)
    africa = group_row(response, RegionalGroup.AFRICAN)
    assert asia["reported"] == 1
    assert asia["total"] == MemberState.objects.filter(regional_group="Asia-Pacific").count()
    assert latin["reported"] == 1
    assert africa["reported"] == 0
    assert response.content.decode().count('<th scope="row">') == 5


def test_home_does_not_count_drafts_or_additional_reports_as_first_reports(
    client, poc_chn, poc_bra
):
    factories.report("CHN", by=poc_chn, kind=ReportKind.FIRST)
    factories.report("BRA", by=poc_bra, kind=ReportKind.ADDITIONAL, status=ReportStatus.SUBMITTED)
    response = client.get("/")
    assert response.context["reported"] == 0


@pytest.mark.parametrize("persona", [None, "poc_chn", "poc_bra", "expert", "secretariat", "member"])
def test_everyone_reads_the_home_page(client, request, persona, member_states):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assertContains(client.get("/"), "First reports by United Nations regional group")


def test_home_links_each_group_to_its_list_of_states(client, member_states):
    response = client.get("/")
    assertContains(response, "/states/?regional_group=Western%20European%20and%20Others")
    assertContains(response, "/states/?has_first_report=false")


def test_home_queries_stay_constant_as_reports_grow(client, secretariat, member_states):
    states = list(member_states)

    def numbered_report(number: int) -> NationalReport:
        state = states[number % len(states)]
        return NationalReport(
            state=state,
            # One first report per state at most: the rest are additional information.
            kind=ReportKind.FIRST if number < len(states) else ReportKind.ADDITIONAL,
            status=ReportStatus.SUBMITTED,
            submitted_on=date(2010, 1, 1) + timedelta(days=number),
            submitted_by=secretariat,
            created_by=secretariat,
        )

    def add_reports(first: int, count: int) -> None:
        NationalReport.objects.bulk_create(map(numbered_report, range(first, first + count)))

    add_reports(0, 10)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").context["reported"] == 10
    add_reports(10, 990)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/").context["reported"] == 193
    assert NationalReport.objects.count() == 1000
    assert len(few.captured_queries) == len(many.captured_queries)


# --- logging in and out ---------------------------------------------------------------------------


def test_login_page_has_a_labelled_form(client, member_states):
    response = client.get("/login/")
    html = response.content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert_accessible_basics(response)


def test_poc_logs_in_with_their_password_and_goes_home(client, poc_chn):
    response = client.post("/login/", {"username": "li.wei", "password": PASSWORD})
    assert response.status_code == 302
    # Their own home page: what the Committee waits for from their state.
    assert response.url == "/home/"
    assert client.get("/my-state/").status_code == 200


def test_login_returns_to_the_page_asked_for(client, poc_chn):
    response = client.post(
        "/login/", {"username": "li.wei", "password": PASSWORD, "next": "/my-state/"}
    )
    assert response.url == "/my-state/"


def test_login_never_sends_to_another_site(client, poc_chn):
    response = client.post(
        "/login/",
        {"username": "li.wei", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.url == "/home/"


def test_a_wrong_password_is_refused_with_a_message(client, poc_chn):
    response = client.post("/login/", {"username": "li.wei", "password": "wrong-horse"})
    assertContains(response, "Please enter a correct username and password.")
    assertContains(response, 'role="alert"')
    assert "_auth_user_id" not in client.session


def test_a_logged_in_visitor_to_the_login_page_goes_home(client, expert):
    client.force_login(expert)
    assert client.get("/login/").url == "/home/"


def test_logout_is_a_post_and_ends_the_session(client, poc_chn):
    client.force_login(poc_chn)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response.url == "/"
    assert "_auth_user_id" not in client.session
    assert client.get("/my-state/").url.startswith("/login/")


def test_the_header_offers_logout_to_people_logged_in(client, poc_chn):
    anonymous = client.get("/")
    assertContains(anonymous, "Log in")
    client.force_login(poc_chn)
    response = client.get("/")
    assertContains(response, 'action="/logout/"')
    assertContains(response, 'href="/my-state/"')
    assertNotContains(response, 'href="/reports/inbox/"')


# --- the Django admin -----------------------------------------------------------------------------


def test_secretariat_opens_the_admin(client, secretariat):
    client.force_login(secretariat)
    response = client.get("/admin/")
    assertContains(response, "1540 Committee")
    assertContains(response, "/admin/states/nationalreport/")


@pytest.mark.parametrize("persona", ["expert", "member", "poc_chn", "poc_bra"])
def test_only_the_secretariat_opens_the_admin(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_public_reader_is_sent_to_the_admin_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_points_of_contact_cannot_log_in_to_the_admin(client, poc_chn):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "li.wei", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 200
    assertContains(response, "Please enter the correct username and password for a staff account")


# --- pages for what is missing or refused ---------------------------------------------------------


def test_a_missing_page_keeps_the_site_layout(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_accessible_basics(response, status=404)


def test_a_refused_page_keeps_the_site_layout(client, member):
    client.force_login(member)
    response = client.get("/my-state/")
    assert response.status_code == 403
    assertContains(response, "This page is for national points of contact.", status_code=403)
    assert_accessible_basics(response, status=403)
