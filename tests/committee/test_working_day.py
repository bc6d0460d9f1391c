"""A short working day (benchmarks/working_day.py): sign-ins and drafts leave the public's cached
pages in place, a publication makes them stale once, and the public hit rate holds."""

from __future__ import annotations

import pytest

from benchmarks.working_day import Day, simulate

pytestmark = pytest.mark.usefixtures("page_cache_on")

# The public pages of the short day: the lists and a few states' pages.
PAGES = [
    ("/", 4.0),
    ("/states/", 3.0),
    ("/api/v1/reports/", 2.0),
    ("/states/CHN/", 2.0),
    ("/states/FRA/", 1.0),
    ("/states/BRA/", 1.0),
]


def short_day(publications: int) -> Day:
    return Day(
        hours=1,
        pocs=5,
        experts=1,
        secretariat=1,
        reads_per_hour=100,
        drafts_per_hour=10,
        entry_edits_per_hour=0,
        comments_per_hour=0,
        publications_per_hour=publications,
    )


def test_sign_ins_and_drafts_never_make_the_public_pages_stale(
    member_states, django_capture_on_commit_callbacks
):
    def committed():
        return django_capture_on_commit_callbacks(execute=True)

    tally = simulate(short_day(0), out=lambda line: None, pages=PAGES, committed=committed)
    assert not tally.errors
    assert tally.writes["sign-in"] == 7
    assert tally.writes["draft report saved"] == 10
    assert tally.generations == 0
    # The day starts with the pages cached (simulate reads each once first, uncounted).
    assert tally.public["miss"] == 0
    assert tally.hit_rate == 1.0


def test_a_day_with_a_publication_keeps_the_public_hit_rate(
    member_states, django_capture_on_commit_callbacks
):
    def committed():
        return django_capture_on_commit_callbacks(execute=True)

    tally = simulate(short_day(1), out=lambda line: None, pages=PAGES, committed=committed)
    assert not tally.errors
    assert tally.writes["report published"] == 1
    assert dict(tally.invalidated) == {"publish": 1}
    assert tally.public["miss"] <= len(PAGES)
    assert tally.hit_rate >= 0.9
