"""Country visits and training courses in a real Chromium (issue 16, "Done when" 5): Eva of the
Group of Experts takes a visit to China from the state's invitation to the follow-up, and a
training course with participants from three states, through the pages; the points of contact
of China and of Brazil then read what the rules give them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core.demo import minimal_pdf
from outreach.models import Organization
from outreach.visits.choices import CourseStatus, VisitStatus
from outreach.visits.models import CountryVisit, TrainingCourse
from tests.e2e.conftest import axe_violations
from tests.e2e.test_workflows import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def day(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def test_a_visit_goes_from_invitation_to_follow_up_through_the_pages(
    page, member_states, expert, poc_chn, poc_bra
):
    Organization.objects.create(name="International Atomic Energy Agency", acronym="IAEA")
    log_in(page, expert)
    page.goto("/visits/")
    page.get_by_role("link", name="Record an invitation").click()
    main = page.get_by_role("main")
    main.get_by_label("Host state").select_option(label="China")
    main.get_by_label("Date of the invitation").fill(day(-60))
    main.get_by_label("Reference of the invitation").fill("CHN/NV/2026/41")
    main.get_by_label("Proposed start date").fill(day(-20))
    main.get_by_label("Proposed end date").fill(day(-18))
    main.get_by_label("Place").fill("Beijing")
    main.get_by_label("Region").select_option("asia_pacific")
    main.get_by_role("button", name="Save", exact=True).click()
    assert "The invitation was recorded." in page.get_by_role("status").inner_text()
    visit = CountryVisit.objects.get(state__iso3="CHN")
    assert visit.status == VisitStatus.INVITED

    for step in ("Accept the invitation", "Schedule the visit"):
        page.get_by_role("link", name=step).click()
        page.get_by_role("button", name="Confirm").click()
    assert "Scheduled" in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="Change the participants").click()
    page.get_by_role("main").get_by_label("eva.expert").check()
    page.get_by_role("main").get_by_label("International Atomic Energy Agency").check()
    page.get_by_role("main").get_by_label("Officials of the state").fill(
        "Wang Wu, Ministry of Commerce"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    assert "Wang Wu, Ministry of Commerce" in page.get_by_role("main").inner_text()

    page.get_by_role("link", name="Record the visit as held").click()
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name="Issue the report").click()
    page.locator("input[name=report]").set_input_files(
        files=[{"name": "r.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf("Report")}]
    )
    page.get_by_role("main").get_by_label("Issued on").fill(day(-5))
    page.get_by_role("button", name="Save", exact=True).click()
    assert "The report was issued." in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="Record a follow-up action").click()
    page.get_by_role("main").get_by_label("Action").fill("Draft the export control decree")
    page.get_by_role("main").get_by_label("Due on").fill(day(60))
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("link", name="Move to the follow-up").click()
    page.get_by_role("button", name="Confirm").click()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.FOLLOW_UP
    assert visit.held_on.isoformat() == day(-20)
    assert visit.report and visit.follow_ups.count() == 1
    assert not axe_violations(page)
    log_out(page)

    # The host state's point of contact reads it; another state's does not find it.
    log_in(page, poc_chn)
    page.goto(visit.get_absolute_url())
    assert "Draft the export control decree" in page.get_by_role("main").inner_text()
    log_out(page)
    log_in(page, poc_bra)
    assert page.goto(visit.get_absolute_url()).status == 404


def test_a_training_course_with_participants_from_three_states_through_the_pages(
    page, member_states, expert, poc_chn, poc_bra
):
    log_in(page, expert)
    page.goto("/training/")
    page.get_by_role("link", name="Plan a training course").click()
    main = page.get_by_role("main")
    main.get_by_label("Title").fill("Regional course for points of contact, Latin America")
    main.get_by_label("Start date").fill(day(-9))
    main.get_by_label("End date").fill(day(-7))
    main.get_by_label("Place").fill("Lima")
    main.get_by_label("Region").select_option("americas")
    main.get_by_role("button", name="Save", exact=True).click()
    assert "The course was put on the calendar." in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="Add a participant").click()
    for state, name in (("Brazil", "João Silva"), ("Peru", "Rosa Quispe"), ("China", "Li Na")):
        main = page.get_by_role("main")
        main.locator("select[name=state]").select_option(label=state)
        main.locator("input[name=name]").fill(name)
        main.get_by_label("National point of contact").check()
        main.get_by_role("button", name="Save and add another").click()
        assert "The participant was added." in page.get_by_role("status").inner_text()
    page.get_by_role("link", name="Cancel").click()

    page.get_by_role("link", name="Add a course document").click()
    page.get_by_role("main").get_by_label("Title of the document").fill("Slides")
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "s.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf("Slides")}]
    )
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("link", name="Record the course as held").click()
    page.get_by_role("button", name="Confirm").click()
    assert "3 participants from 3 state(s)" in page.get_by_role("main").inner_text()
    course = TrainingCourse.objects.get()
    assert course.status == CourseStatus.HELD
    assert course.participants.count() == 3 and course.materials.count() == 1
    assert not axe_violations(page)
    log_out(page)

    # Brazil's point of contact reads the course with Brazil's participant only.
    log_in(page, poc_bra)
    page.goto(course.get_absolute_url())
    text = page.get_by_role("main").inner_text()
    assert "João Silva" in text
    assert "Rosa Quispe" not in text and "Li Na" not in text
