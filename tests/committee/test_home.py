"""Each role's home (/home/): after signing in, every person lands on the worklist of their role;
each count is the length of the list it links to; the public has the public home; the cost is a
fixed number of queries however many rows wait. Also the site-wide navigation (grouped menus,
the same on every page) and the error summary at the top of a form."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from assistance.choices import RequestStatus
from states.choices import ReportStatus
from tests import factories
from tests.assistance import builders
from tests.helpers import assert_accessible_basics, count_queries
from tests.personas import PASSWORD
from tests.workinggroups.fixtures import circulate, in_days, meeting

HOME = "/home/"


@pytest.fixture(autouse=True)
def _groups(working_groups):
    """The working groups the meetings of these tests belong to."""


def worklist(response) -> dict[str, tuple[str, str]]:
    """The worklist of a home page: {label: (count, url)}."""
    html = response.content.decode()
    items = re.findall(
        r'<li><a href="([^"]+)">(?:<span class="worklist-count">(\d+)</span> )?'
        r'<span class="worklist-label">([^<]+)</span>',
        html,
    )
    return {unescape(label): (count, unescape(url)) for url, count, label in items}


def rows_of(client, url: str) -> int:
    """How many rows a list page shows (each list draws its rows in a tbody)."""
    response = client.get(url)
    assert response.status_code == 200
    body = re.search(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S)
    return body.group(1).count("<tr") if body else 0


@pytest.mark.django_db
def test_signing_in_lands_on_the_home_of_ones_role(client, expert):
    assert reverse(settings.LOGIN_REDIRECT_URL) == HOME
    response = client.post("/login/", {"username": expert.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == HOME


@pytest.mark.django_db
def test_the_public_gets_the_public_home(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "title", "task"),
    [
        ("secretariat", "Secretariat worklist", "/reports/inbox/"),
        ("expert", "Expert worklist", "/assistance/requests/"),
        ("member", "Committee member worklist", "/meetings/"),
        ("poc_chn", "Point of contact worklist", "/my-state/"),
    ],
)
def test_each_role_has_its_own_home(client, request, persona, title, task):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(HOME)
    assert_accessible_basics(response)
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert f'href="{task}"' in html


@pytest.mark.django_db
def test_the_secretariat_sees_reports_to_publish_and_this_weeks_meetings(client, secretariat):
    factories.report("CHN", by=secretariat, status=ReportStatus.SUBMITTED)
    factories.report("BRA", by=secretariat, status=ReportStatus.SUBMITTED)
    factories.report("FRA", by=secretariat)  # a draft waits for nobody
    soon = meeting(secretariat, starts_at=in_days(2))
    meeting(secretariat, starts_at=in_days(3), title="Working Group 1: assistance")
    meeting(secretariat, starts_at=in_days(30), title="Next month")
    circulate(secretariat, soon)
    client.force_login(secretariat)
    items = worklist(client.get(HOME))
    assert items["Reports awaiting publication"] == ("2", "/reports/inbox/")
    count, url = items["Meetings this week"]
    assert count == "2"
    assert rows_of(client, url) == 2
    assert items["Meetings this week without documents"][0] == "1"
    assert items["Mail that failed"][1] == "/mail/?status=failed"


@pytest.mark.django_db
def test_the_experts_requests_to_match_are_the_list_they_link_to(client, expert, poc_chn, poc_bra):
    builders.request("CHN", by=poc_chn, staff=expert, status=RequestStatus.CIRCULATED)
    builders.request("BRA", by=poc_bra, staff=expert, status=RequestStatus.CIRCULATED)
    builders.request("CHN", by=poc_chn, title="Not yet circulated")
    client.force_login(expert)
    count, url = worklist(client.get(HOME))["Requests to match"]
    assert count == "2"
    assert url == "/assistance/requests/?status=circulated"
    assert rows_of(client, url) == 2


@pytest.mark.django_db
def test_a_poc_counts_only_their_own_states_work(client, poc_chn, poc_bra):
    factories.report("CHN", by=poc_chn)
    factories.report("BRA", by=poc_bra)
    factories.report("BRA", by=poc_bra)
    builders.request("CHN", by=poc_chn)
    builders.request("BRA", by=poc_bra)
    client.force_login(poc_chn)
    items = worklist(client.get(HOME))
    assert items["Draft reports of your state"] == ("1", "/my-state/")
    count, url = items["Your state's assistance requests"]
    assert (count, url) == ("1", "/assistance/requests/?state=CHN")
    assert rows_of(client, url) == 1
    assert "Brazil" not in client.get(HOME).content.decode()


@pytest.mark.django_db
def test_a_committee_member_sees_this_weeks_meetings_and_their_documents(
    client, member, secretariat
):
    soon = meeting(secretariat, starts_at=in_days(1))
    circulate(secretariat, soon)
    circulate(secretariat, soon, title="Second draft")
    client.force_login(member)
    items = worklist(client.get(HOME))
    assert items["Meetings this week"][0] == "1"
    assert items["Documents circulated for the meetings to come"][0] == "2"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["secretariat", "expert", "member", "poc_chn"])
def test_a_home_costs_the_same_queries_however_much_waits(client, request, persona, secretariat):
    poc_chn = request.getfixturevalue("poc_chn")
    client.force_login(request.getfixturevalue(persona))

    def add(n: int) -> None:
        for i in range(n):
            factories.report("CHN", by=poc_chn)
            builders.request("CHN", by=poc_chn, title=f"Request {i}")
            circulate(secretariat, meeting(secretariat, starts_at=in_days(1), title=f"M {i}"))

    add(1)
    count_queries(client, HOME)  # warm-up: first-request caches are not the point
    few = count_queries(client, HOME)
    add(4)
    assert count_queries(client, HOME) == few


# --- Navigation, favicon, print, error summary ----------------------------------------------------


def top_menus(html: str) -> list[str]:
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    top = re.sub(r"<details class=\"menu\">.*?</details>", "MENU", nav, flags=re.S)
    return re.findall(r"MENU|<a class=\"menu-link\"", top)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [None, "secretariat", "expert", "member", "poc_chn"])
def test_the_navigation_has_at_most_seven_menus_and_a_favicon(client, request, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    html = client.get("/states/").content.decode()
    assert 1 <= len(top_menus(html)) <= 7
    assert "<summary>" in html  # keyboard-operable without a script
    assert 'rel="icon"' in html
    assert ("Outgoing mail" in html) is (persona == "secretariat")


def test_the_favicon_and_the_print_style_exist():
    static = Path(settings.BASE_DIR) / "static"
    assert (static / "favicon.svg").read_text().startswith("<svg")
    css = (static / "css" / "site.css").read_text()
    assert "@media print" in css


@pytest.mark.django_db
def test_a_refused_form_lists_its_errors_at_the_top_linking_to_the_fields(client, poc_chn):
    client.force_login(poc_chn)
    response = client.post("/assistance/requests/new/", {})
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary, html[:3000]
    links = re.findall(r'href="#(id_[a-z_]+)"', summary.group(0))
    assert links
    for field_id in links:
        assert f'id="{field_id}"' in html
    assert html.index("error-summary") < html.index('<div class="field')
