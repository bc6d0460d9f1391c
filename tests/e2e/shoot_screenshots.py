"""The screenshots of docs/screenshots/, taken by hand (not part of the suite: its name is not
test_*.py, so pytest runs it only when named):

    pytest tests/e2e/shoot_screenshots.py

A point of contact's "My state" and the secretariat's reports inbox, in Arabic and Chinese, with
a few reports made through the services, in Debian's Chromium at 1366 x 900."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from states.choices import ReportKind, ReportStatus
from tests import factories

OUT = Path(settings.BASE_DIR) / "docs" / "screenshots"


def _sign_in(tab, user, base_url: str) -> None:
    tab.context.clear_cookies()
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    tab.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


@pytest.mark.django_db(transaction=True)
def test_take_the_screenshots(page, live_server, settings, member_states, poc_chn, secretariat):
    settings.TWO_FACTOR_REQUIRED = False
    factories.report("CHN", by=poc_chn, kind=ReportKind.FIRST, status=ReportStatus.SUBMITTED)
    factories.report("CHN", by=poc_chn, title="Addendum 2026")
    factories.report("BRA", by=secretariat, status=ReportStatus.SUBMITTED)
    OUT.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    for user, path, name in (
        (poc_chn, "my-state/", "my-state"),
        (secretariat, "reports/inbox/", "inbox"),
    ):
        _sign_in(page, user, live_server.url)
        for language in ("ar", "zh-hans"):
            page.goto(f"{live_server.url}/{language}/{path}")
            page.screenshot(path=str(OUT / f"{name}-{language}.png"), full_page=True)
