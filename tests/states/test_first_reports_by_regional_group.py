""" "First reports by regional group" is one MemberState queryset method, and the home page, the
dashboard's figure and the annual review's chapter all read it (issue 12: it was computed three
times, each free to drift from the others)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from committee.work import annual_review, dashboard
from states.choices import RegionalGroup
from states.models import MemberState
from tests.workinggroups.fixtures import all_but, first_reports

LATE = ("CHN", "BRA", "FRA")  # first report in 2020
NEVER = ("TCD", "SOM")


def _record(by) -> None:
    first_reports(all_but(*LATE, *NEVER), by=by, submitted_on=date(2010, 5, 1))
    first_reports(MemberState.objects.filter(iso3__in=LATE), by=by, submitted_on=date(2020, 3, 1))


def test_each_group_counts_its_states_and_those_with_a_first_report(secretariat):
    _record(secretariat)

    groups = MemberState.objects.first_reports_by_regional_group()

    assert [g["value"] for g in groups] == list(RegionalGroup.values)
    for group in groups:
        states = MemberState.objects.filter(regional_group=group["value"])
        assert group["total"] == states.count()
        assert group["reported"] == states.with_first_report().count()
        assert group["not_reported"] == states.without_first_report().count()
    assert sum(g["not_reported"] for g in groups) == len(NEVER)


def test_a_first_report_submitted_after_the_day_asked_for_does_not_count(secretariat):
    _record(secretariat)

    in_2019 = MemberState.objects.first_reports_by_regional_group(as_at=date(2019, 12, 31))

    assert sum(g["not_reported"] for g in in_2019) == len(NEVER) + len(LATE)


def test_a_group_without_states_in_the_queryset_is_listed_with_zeros(member_states):
    groups = MemberState.objects.filter(iso3="CHN").first_reports_by_regional_group()

    assert len(groups) == len(RegionalGroup.choices)
    assert sum(g["total"] for g in groups) == 1
    assert [g for g in groups if g["total"] == 0][0]["reported"] == 0


def test_the_home_page_the_dashboard_and_the_annual_review_give_the_same_figures(
    client, secretariat
):
    _record(secretariat)
    expected = [
        (g["label"], g["reported"], g["total"])
        for g in MemberState.objects.first_reports_by_regional_group()
    ]

    home = client.get("/").context["groups"]
    figure = dashboard.first_reports_by_regional_group().rows[:-1]
    today = timezone.localdate()
    chapter = annual_review.reporting_status(annual_review.ReviewPeriod(today.year, today))

    assert [(g["label"], g["reported"], g["total"]) for g in home] == expected
    assert [(row[0], row[1], row[3]) for row in figure] == expected
    assert [
        (g["label"], g["with_first_report"], g["total"]) for g in chapter.data["groups"]
    ] == expected
