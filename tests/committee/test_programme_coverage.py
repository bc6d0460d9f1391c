"""docs/programme-coverage.md: every item of paragraphs 8 to 12 has the pages and records that
serve it, each page named answers, and each source of committee/work/progress.py that serves
an item is named in its row."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from committee.work import progress, services
from outreach.choices import EventKind, EventRegion, EventStatus
from outreach.models import Event

COVERAGE = Path(settings.BASE_DIR) / "docs" / "programme-coverage.md"
ROW = re.compile(r"^\|\s*(\d+\([a-z]+\)(?:\([a-z]+\))?)\s*\|(.*)\|(.*)\|\s*$")
PATH = re.compile(r"`(/[^`]*)`")


def table() -> dict[str, tuple[list[str], str]]:
    rows: dict[str, tuple[list[str], str]] = {}
    for line in COVERAGE.read_text(encoding="utf-8").splitlines():
        found = ROW.match(line)
        if found:
            paragraph, pages, records = found.groups()
            assert paragraph not in rows, f"{paragraph} has two rows"
            rows[paragraph] = (PATH.findall(pages), records.strip())
    return rows


def programme_items() -> list[str]:
    data = services.read_programme_file()
    return [
        entry["paragraph"]
        for entry in data["items"]
        if 8 <= int(entry["paragraph"].split("(")[0]) <= 12
    ]


def test_every_item_of_paragraphs_8_to_12_has_a_row_with_a_page_and_a_record():
    rows = table()
    items = programme_items()

    assert len(items) == 52
    assert sorted(rows) == sorted(items), set(items) ^ set(rows)
    for paragraph, (pages, records) in rows.items():
        assert pages, f"{paragraph}: no page"
        assert records, f"{paragraph}: no record"


def test_every_source_serving_an_item_is_named_in_its_row():
    for paragraph, (_pages, records) in table().items():
        for source in progress.sources_for(paragraph):
            if source.paragraph_field:
                continue  # the notes verbales serve whatever paragraph they name
            assert source.key in records, f"{paragraph}: {source.key} is not named"


@pytest.fixture
def demo_ish(programme, secretariat):
    """A little of everything the pages list: an event held and one to come."""
    today = timezone.localdate()
    for kind, day, status in (
        (EventKind.POC_TRAINING, today - timedelta(days=20), EventStatus.HELD),
        (EventKind.WORKSHOP, today + timedelta(days=20), EventStatus.CONFIRMED),
    ):
        Event.objects.create(
            title=f"{kind} on {day}",
            kind=kind,
            status=status,
            start_date=day,
            end_date=day,
            region=EventRegion.AFRICA,
        )


def test_every_page_named_answers_the_secretariat(client, secretariat, demo_ish):
    client.force_login(secretariat)
    paths = sorted({path for pages, _records in table().values() for path in pages})

    failed = {}
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            failed[path] = response.status_code
    assert not failed, failed
