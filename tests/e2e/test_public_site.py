"""A public reader browses the website in a real Chromium: the member states, a state's page, a
published report, the calendar in Arabic (right to left) and in Chinese, and the search, which
finds a phrase inside a report's PDF. axe-core checks every public page, in English and in
Arabic: no serious or critical accessibility violation."""

from __future__ import annotations

import pytest

from outreach import services as outreach_services
from outreach.choices import EventStatus
from states.choices import ReportStatus
from tests import factories
from tests.e2e.conftest import axe_violations
from tests.outreach.conftest import days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHRASE = "radiological source registry"


@pytest.fixture
def website(member_states, poc_chn, secretariat):
    """A small public website: China's published report, events, a question."""
    report = factories.report(
        "CHN",
        by=poc_chn,
        status=ReportStatus.PUBLISHED,
        publisher=secretariat,
        title="Additional information from China",
        text=f"China keeps a national {PHRASE} for sealed sources.",
    )
    for title, ar, zh, status, start in [
        (
            "Workshop on export controls",
            "حلقة عمل بشأن ضوابط التصدير",
            "出口管制讲习班",
            EventStatus.HELD,
            days(-20),
        ),
        (
            "POC training course, Asia",
            "دورة تدريبية لجهات الاتصال، آسيا",
            "亚洲联络点培训班",
            EventStatus.CONFIRMED,
            days(30),
        ),
    ]:
        outreach_services.create_event(
            acting_user=secretariat,
            title_en=title,
            title_ar=ar,
            title_zh_hans=zh,
            kind="workshop",
            region="asia_pacific",
            status=status,
            start_date=start,
            end_date=start,
            place="Beijing",
        )
    outreach_services.create_faq(
        acting_user=secretariat,
        question_en="Who must report?",
        answer_en="Every Member State.",
        question_ar="من يجب عليه تقديم التقارير؟",
        published=True,
    )
    return report


def check_accessibility(page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"


def test_a_reader_browses_states_a_report_the_calendar_in_arabic_and_chinese_and_searches(
    page, website
):
    page.goto("/")
    main = page.get_by_role("navigation", name="Main")
    main.get_by_text("States", exact=True).click()  # the menu of the area opens
    main.get_by_role("link", name="Member states").click()
    page.get_by_label("Name or code contains").fill("China")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="China", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "China"
    page.get_by_role("link", name="Additional information from China").click()
    assert "Additional information from China" in page.get_by_role("heading", level=1).inner_text()

    # The calendar in Arabic, right to left, with the event titles in Arabic.
    page.get_by_role("navigation", name="Languages").get_by_role("link", name="العربية").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto("/ar/events/")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.get_by_role("heading", level=1).inner_text() == "جدول الأنشطة"
    assert page.get_by_role("link", name="حلقة عمل بشأن ضوابط التصدير").is_visible()
    assert page.get_by_role("link", name="دورة تدريبية لجهات الاتصال، آسيا").is_visible()

    # The same page in Chinese, through the language switcher.
    page.get_by_role("navigation", name="اللغات").get_by_role("link", name="中文").click()
    assert page.url.endswith("/zh-hans/events/")
    assert page.get_by_role("heading", level=1).inner_text() == "活动日历"
    assert page.get_by_role("link", name="出口管制讲习班").is_visible()

    # Search, in English, by keyboard: the phrase is only inside the report's PDF.
    page.goto("/search/")
    field = page.get_by_label("Words or a quoted phrase")
    field.fill(PHRASE)
    field.press("Enter")
    result = page.locator(".search-results li").first
    assert "Additional information from China" in result.inner_text()
    assert result.locator("mark").first.inner_text().lower() in PHRASE
    result.get_by_role("link").click()
    assert page.url.endswith(website.get_absolute_url())


PUBLIC_PAGES = [
    "/",
    "/states/",
    "/states/CHN/",
    "REPORT",
    "/events/",
    "/faq/",
    f"/search/?q={PHRASE.replace(' ', '+')}",
    "/matrices/",
    "/matrices/statistics/",
    "/assistance/requests/",
    "/assistance/offers/",
    "/effective-practices/",
    "/action-plans/",
    "/cooperation/",
    "/programme/",
    "/working-groups/",
]


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_the_public_pages_have_no_serious_accessibility_violations(page, website, prefix):
    failures = {}
    for path in PUBLIC_PAGES:
        path = website.get_absolute_url() if path == "REPORT" else path
        response = page.goto(f"{prefix}{path}")
        assert response.status == 200, path
        violations = axe_violations(page)
        if violations:
            failures[path] = violations
    assert not failures, failures


def test_the_accessibility_check_does_report_violations(page):
    """The harness itself: a page with an unlabelled field and an image without text fails."""
    page.set_content('<html><body><input type="text"><img src="x.png"></body></html>')
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"label", "image-alt"} <= found
