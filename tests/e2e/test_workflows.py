"""Signed-in work in a real Chromium: Li Wei, point of contact of China, logs in, submits a
national report, an assistance request and an effective practice; Sam of the secretariat
publishes the report and the practice after their confirmation pages."""

from __future__ import annotations

import pytest

from assistance.models import AssistanceArea, AssistanceRequest
from core.demo import minimal_pdf
from states.choices import ReportStatus
from states.practices.models import EffectivePractice
from states.reports.models import NationalReport
from tests.e2e.conftest import axe_violations
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user) -> None:
    page.goto("/login/")
    page.get_by_role("main").get_by_label("Username").fill(user.username)
    page.get_by_role("main").get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_a_poc_submits_a_report_a_request_and_a_practice_and_staff_publish(
    page, member_states, poc_chn, secretariat
):
    AssistanceArea.objects.ensure_taxonomy()  # a live-server test flushed the data migration's rows
    log_in(page, poc_chn)

    # A national report, submitted from the point of contact's own page.
    page.goto("/my-state/")
    page.get_by_role("main").get_by_label("Kind").select_option("additional")
    page.get_by_role("main").get_by_label("Language").select_option("en")
    page.get_by_role("main").get_by_label("Title").fill("Update on border controls")
    page.get_by_role("main").get_by_label("Document").set_input_files(
        files=[
            {
                "name": "update.pdf",
                "mimeType": "application/pdf",
                "buffer": minimal_pdf("Border control update"),
            }
        ]
    )
    page.get_by_role("button", name="Submit to the committee").click()
    assert page.get_by_role("status").inner_text().strip() == (
        "Your report was submitted to the committee."
    )
    report = NationalReport.objects.get(title="Update on border controls")
    assert report.status == ReportStatus.SUBMITTED

    # An assistance request, through the 1540 assistance template.
    page.goto("/assistance/requests/new/")
    page.get_by_role("main").get_by_label("Title").fill("Training for customs officers")
    page.get_by_role("main").get_by_label("Type of help sought").select_option(index=1)
    page.locator("input[name=areas]").first.check()
    page.get_by_role("main").get_by_label("Description of the need").fill(
        "Detection equipment and training."
    )
    page.get_by_role("button", name="Submit the request").click()
    page.wait_for_url(lambda url: "/new/" not in url)
    assert AssistanceRequest.objects.filter(
        title="Training for customs officers", state__iso3="CHN"
    ).exists()

    # An effective practice.
    page.goto("/effective-practices/new/")
    page.get_by_role("main").get_by_label("Title").fill("Single licensing window")
    page.get_by_role("main").get_by_label("Area").select_option("border_export")
    page.get_by_role("main").get_by_label("Summary").fill("One office for every export licence.")
    page.get_by_role("button", name="Submit", exact=True).click()
    assert "the secretariat will publish it" in page.get_by_role("status").inner_text()
    assert not axe_violations(page)
    log_out(page)

    # The secretariat publishes both, each after a confirmation page.
    log_in(page, secretariat)
    page.goto("/reports/inbox/")
    page.get_by_role("link", name="Update on border controls").click()
    page.get_by_role("link", name="Publish…").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Publish this report?"
    page.get_by_role("button", name="Publish", exact=True).click()
    assert "now published" in page.get_by_role("status").inner_text()
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED

    practice = EffectivePractice.objects.get(title="Single licensing window")
    page.goto(practice.get_absolute_url())
    page.get_by_role("link", name="Publish on the website").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    assert "now published" in page.get_by_role("status").inner_text()
    practice.refresh_from_db()
    assert practice.is_published
    log_out(page)

    # The public reader now finds both.
    page.goto("/effective-practices/?state=CHN")
    assert page.get_by_role("link", name="Single licensing window").is_visible()
    page.goto("/states/CHN/")
    assert page.get_by_role("link", name="Update on border controls").is_visible()
