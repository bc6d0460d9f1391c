"""Production code holds no test hook (issue 12): it never asks whether it runs under pytest,
and the digest build never sleeps for a test; the tests inject what they need through their
fixtures (tests/conftest.py) or their own worker's settings
(tests/assistance/worker_settings.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistance import services as assistance_services

ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "committee", "states", "assistance", "workinggroups", "outreach")


def test_production_code_never_asks_whether_it_runs_under_pytest():
    asking = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and ("pytest" in (text := path.read_text(encoding="utf-8")) or "TESTING" in text)
    ]
    assert asking == []


@pytest.mark.django_db
def test_a_digest_build_step_never_sleeps_whatever_the_settings_say(settings, monkeypatch):
    settings.ASSISTANCE_DIGEST_STEP_DELAY = 5

    def no_sleep(seconds):
        raise AssertionError(f"the build slept {seconds} s")

    monkeypatch.setattr(time, "sleep", no_sleep)

    assistance_services._progress(0, 50, "writing the PDF")
