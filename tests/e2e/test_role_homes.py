"""Each role's home in a real Chromium (issue 17, done-when points 1 and 6): every person signs in
through the form and lands on the worklist of their role, from which their three most common
tasks are at most two clicks away (a link of the home, or a menu of the navigation and a link
in it); the public reader, without signing in, reaches theirs from the public home. The menus
open with the keyboard, and axe-core finds no serious or critical violation on the homes, in
English and in Arabic, nor on a form showing its error summary."""

from __future__ import annotations

import pytest

from assistance.models import AssistanceArea
from states.choices import ReportStatus
from tests import factories
from tests.e2e.conftest import axe_violations
from tests.e2e.test_rtl_layout import sign_in
from tests.e2e.test_workflows import log_in
from tests.workinggroups.fixtures import in_days, meeting
from workinggroups.services import establish_working_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# For each role: its three most common tasks, as (menu of the navigation, link, address reached).
TASKS = {
    "secretariat": [
        ("States", "Reports inbox", "/reports/inbox/"),
        ("Administration", "Outgoing mail", "/mail/"),
        ("Meetings & programme", "Meetings", "/meetings/"),
    ],
    "expert": [
        ("Matrices", "1540 matrices", "/matrices/"),
        ("Assistance", "Assistance requests", "/assistance/requests/"),
        ("Assistance", "Assistance dashboard", "/assistance/dashboard/"),
    ],
    "member": [
        ("Meetings & programme", "Meetings", "/meetings/"),
        ("Assistance", "Assistance digests", "/assistance/digests/"),
        ("Meetings & programme", "Dashboard", "/dashboard/"),
    ],
    "poc_chn": [
        ("States", "My state", "/my-state/"),
        ("Matrices", "1540 matrices", "/matrices/"),
        ("Assistance", "Assistance requests", "/assistance/requests/"),
    ],
    "public": [
        ("States", "Member states", "/states/"),
        ("Matrices", "1540 matrices", "/matrices/"),
        ("Assistance", "Assistance requests", "/assistance/requests/"),
    ],
}


@pytest.fixture
def some_work(member_states, poc_chn, secretariat):
    """Something on each worklist: a report to publish, a draft, a meeting this week."""
    AssistanceArea.objects.ensure_taxonomy()  # a live-server test flushed the migration's rows
    establish_working_groups()
    factories.report("BRA", by=secretariat, status=ReportStatus.SUBMITTED)
    factories.report("CHN", by=poc_chn, title="Draft update on export controls")
    meeting(secretariat, starts_at=in_days(2))


def reach_through_menu(tab, home: str, menu: str, link: str, address: str) -> None:
    """From the home page: one click opens the menu, a second follows its link."""
    tab.goto(home)
    nav = tab.get_by_role("navigation", name="Main")
    nav.locator("summary", has_text=menu).click()
    nav.get_by_role("link", name=link, exact=True).click()
    tab.wait_for_url(lambda url: url.endswith(address))


@pytest.mark.parametrize("persona", ["secretariat", "expert", "member", "poc_chn"])
def test_each_role_signs_in_and_reaches_its_tasks_in_two_clicks(
    page, live_server, settings, some_work, request, persona
):
    settings.TWO_FACTOR_REQUIRED = False  # the second factor is tested with the sign-in
    user = request.getfixturevalue(persona)
    log_in(page, user)
    assert page.url == f"{live_server.url}/home/"
    for menu, link, address in TASKS[persona]:
        reach_through_menu(page, "/home/", menu, link, address)
    # The home's own task links: one click each.
    page.goto("/home/")
    tasks = page.locator("#tasks + .task-list a")
    assert tasks.count() == 3
    for index in range(3):
        page.goto("/home/")
        target = page.locator("#tasks + .task-list a").nth(index).get_attribute("href")
        page.locator("#tasks + .task-list a").nth(index).click()
        page.wait_for_url(lambda url, target=target: url.endswith(target))


def test_the_public_reaches_its_tasks_from_the_public_home(page, some_work):
    for menu, link, address in TASKS["public"]:
        reach_through_menu(page, "/", menu, link, address)
    page.goto("/home/")
    assert page.url.endswith("/")  # the public has the public home


def test_a_menu_opens_with_the_keyboard(page, some_work):
    page.goto("/")
    summary = page.get_by_role("navigation", name="Main").locator("summary", has_text="Matrices")
    summary.focus()
    page.keyboard.press("Enter")
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name="1540 matrices")
    assert link.is_visible()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.endswith("/matrices/"))


@pytest.mark.parametrize("language", ["", "/ar"])
def test_axe_finds_nothing_serious_on_the_homes(
    page, live_server, settings, some_work, poc_chn, expert, secretariat, member, language
):
    settings.TWO_FACTOR_REQUIRED = False
    found = {}
    for user in (None, poc_chn, expert, secretariat, member):
        sign_in(page, user, live_server.url)
        address = f"{language}/home/" if user else f"{language}/"
        page.set_viewport_size({"width": 1366, "height": 768})
        page.goto(address)
        found[f"{user or 'public'} {address}"] = axe_violations(page)
        # A menu open, as a keyboard user leaves it.
        page.get_by_role("navigation").locator("summary").first.click()
        found[f"{user or 'public'} {address} (menu open)"] = axe_violations(page)
    sign_in(page, poc_chn, live_server.url)
    page.goto(f"{language}/assistance/requests/new/")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector(".error-summary")
    found[f"error summary {language}"] = axe_violations(page)
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def test_the_error_summary_links_to_its_fields(page, some_work, poc_chn, live_server):
    sign_in(page, poc_chn, live_server.url)
    page.goto("/assistance/requests/new/")
    page.locator("form button[type=submit]").last.click()
    summary = page.locator(".error-summary")
    first = summary.locator("a").first
    target = first.get_attribute("href")
    first.click()
    assert page.evaluate("document.activeElement.id") == target.removeprefix("#")


@pytest.mark.parametrize("language", ["", "/ar"])
def test_axe_finds_nothing_serious_on_the_other_new_pages(
    page, live_server, settings, some_work, poc_chn, secretariat, language
):
    """The other pages issue 17 added: the account page (tokens, recovery codes), the password
    change, the password reset's pages, and the search page with its facets."""
    settings.TWO_FACTOR_REQUIRED = False
    found = {}
    sign_in(page, None, live_server.url)
    for path in (
        "/password-reset/",
        "/password-reset/sent/",
        "/password-reset/done/",
        "/search/?q=nuclear",
    ):
        page.goto(f"{language}{path}")
        found[f"public {language}{path}"] = axe_violations(page)
    # The page the mailed link opens: the form that sets the new password.
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    link = reverse(
        "committee:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(poc_chn.pk)),
            "token": default_token_generator.make_token(poc_chn),
        },
    )
    page.goto(f"{language}{link}")
    page.wait_for_selector("input[type=password]")
    found[f"public {language} reset link"] = axe_violations(page)
    for user in (poc_chn, secretariat):
        sign_in(page, user, live_server.url)
        for path in ("/account/", "/account/password/"):
            page.goto(f"{language}{path}")
            found[f"{user} {language}{path}"] = axe_violations(page)
    assert not any(found.values()), {k: v for k, v in found.items() if v}
