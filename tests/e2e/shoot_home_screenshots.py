"""The screenshots of each role's home in docs/screenshots/, taken by hand (not part of the
suite: its name is not test_*.py, so pytest runs it only when named):

    pytest tests/e2e/shoot_home_screenshots.py

home-<role>-1366.png and home-<role>-390.png for the public reader (the public home), the point
of contact of China, an expert, the secretariat and a committee member, with a little waiting on
each worklist, in Debian's Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from assistance.choices import RequestStatus
from assistance.models import AssistanceArea
from states.choices import ReportStatus
from tests import factories
from tests.assistance import builders
from tests.e2e.test_rtl_layout import sign_in
from tests.workinggroups.fixtures import circulate, in_days, meeting
from workinggroups.services import establish_working_groups

OUT = Path(settings.BASE_DIR) / "docs" / "screenshots"


@pytest.mark.django_db(transaction=True)
def test_take_the_home_screenshots(
    page, live_server, settings, member_states, poc_chn, poc_bra, expert, secretariat, member
):
    settings.TWO_FACTOR_REQUIRED = False
    AssistanceArea.objects.ensure_taxonomy()
    establish_working_groups()
    factories.report("BRA", by=poc_bra, status=ReportStatus.SUBMITTED)
    factories.report("CHN", by=poc_chn, title="Draft update on export controls")
    builders.request("CHN", by=poc_chn, staff=expert, status=RequestStatus.CIRCULATED)
    builders.request("BRA", by=poc_bra)
    circulate(secretariat, meeting(secretariat, starts_at=in_days(2)))
    meeting(secretariat, starts_at=in_days(4), title="Working Group 3: assistance")
    OUT.mkdir(parents=True, exist_ok=True)
    for role, user in (
        ("public", None),
        ("poc", poc_chn),
        ("expert", expert),
        ("secretariat", secretariat),
        ("member", member),
    ):
        sign_in(page, user, live_server.url)
        for width, height in ((1366, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{live_server.url}/home/" if user else f"{live_server.url}/")
            page.screenshot(path=str(OUT / f"home-{role}-{width}.png"), full_page=True)
