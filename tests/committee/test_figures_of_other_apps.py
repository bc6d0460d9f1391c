"""The dashboard figures and annual-review chapters drawn from the matrices and from assistance:
they agree with direct queries on the same data, and the review reads them as they stood on its
chosen day."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from assistance.choices import MatchStatus, RequestStatus
from assistance.models import AssistanceRequest, Match
from committee.work import dashboard
from committee.work.annual_review import ReviewPeriod, assistance, matrix_statistics
from states.matrices.choices import APPROVED_STATUSES
from states.matrices.models import Matrix
from tests.assistance import builders
from tests.states.conftest import build_matrix, template  # noqa: F401 (fixtures)


@pytest.fixture
def approved_matrices(build_matrix):  # noqa: F811
    today = timezone.localdate()
    build_matrix("CHN", "approved", marks={"OP1-N-NPT": "X"}, approved_on=today)
    build_matrix("BRA", "published", marks={"OP1-N-NPT": "X"}, approved_on=today)
    build_matrix("FRA", "sent")


def test_matrices_approved_this_year_agree_with_the_matrices(approved_matrices):
    figure = dashboard.matrices_approved_this_year()
    rows = {row[0]: row[1:] for row in figure.rows}
    year = timezone.localdate().year
    approved = Matrix.objects.filter(status__in=APPROVED_STATUSES, approved_at__year=year)
    assert rows["Asia-Pacific"] == [approved.filter(state__iso3="CHN").count(), 1]
    assert rows["Latin American and Caribbean"] == [1, 1]
    assert sum(row[1] for row in figure.rows) == approved.count() == 2


def test_the_review_counts_the_matrices_approved_by_its_day(approved_matrices):
    today = timezone.localdate()
    chapter = matrix_statistics(ReviewPeriod(year=today.year, as_at=today))
    assert chapter.data["states"] == 2
    groups = {row["regional_group"]: row for row in chapter.data["by_regional_group"]}
    assert groups["Asia-Pacific"]["states"] == 1
    # Before anything was approved there is no matrix chapter at all.
    assert matrix_statistics(ReviewPeriod(year=2017, as_at=date(2017, 12, 31))) is None


@pytest.fixture
def assistance_year(expert, poc_chn):
    today = timezone.localdate()
    waiting = builders.request("CHN", by=poc_chn, staff=expert, date_received=today)
    matched = builders.request(
        "CHN", by=poc_chn, staff=expert, status=RequestStatus.CIRCULATED, date_received=today
    )
    the_offer = builders.offer(by=expert)
    builders.match(matched, the_offer, by=expert, status=MatchStatus.DELIVERED)
    return waiting, matched


def test_assistance_this_year_agrees_with_the_requests_and_matches(assistance_year):
    figure = dashboard.assistance_this_year()
    values = dict(figure.rows)
    year = timezone.localdate().year
    assert (
        values["Requests received"]
        == AssistanceRequest.objects.filter(date_received__year=year).count()
        == 2
    )
    assert values["of which matched"] == 1
    assert values["Matches delivered"] == Match.objects.filter(delivered_on__year=year).count() == 1


def test_the_review_counts_assistance_of_its_year(assistance_year):
    today = timezone.localdate()
    data = assistance(ReviewPeriod(year=today.year, as_at=today)).data
    assert (data["received"], data["offers"], data["matches"], data["delivered"]) == (2, 1, 1, 1)
    assert data["waiting"] == 1
    border = next(row for row in data["by_area"] if row["requests"])
    assert border["requests"] == 2
    earlier = assistance(ReviewPeriod(year=today.year - 1, as_at=date(today.year - 1, 12, 31)))
    assert earlier.data["received"] == 0


def test_every_figure_still_costs_few_queries(
    approved_matrices, assistance_year, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40):
        figures = dashboard.all_figures()
    assert {"matrices-approved", "assistance"} <= {figure.key for figure in figures}
    assert datetime.combine(timezone.localdate(), time.min)  # the figures are of this year


@pytest.fixture
def events_of_the_year(secretariat):
    from outreach import services as outreach_services

    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    organization = builders.organization("OPCW")
    for kind, status in [
        ("workshop", "held"),
        ("poc_training", "held"),
        ("conference", "cancelled"),
        ("workshop", "planned"),
    ]:
        outreach_services.create_event(
            acting_user=secretariat,
            title=f"{kind} {status}",
            kind=kind,
            status=status,
            start_date=start,
            end_date=start,
            region="africa",
            organizations=[organization],
        )


def test_events_held_agree_with_the_calendar(events_of_the_year):
    from outreach.models import Event

    rows = {row[0]: row[1:] for row in dashboard.events_held().rows}
    year = timezone.localdate().year
    assert rows[year] == [Event.objects.filter(status="held").count(), 1] == [2, 1]


def test_the_review_counts_the_events_held_in_its_year(events_of_the_year):
    from committee.work.annual_review import outreach

    today = timezone.localdate()
    data = outreach(ReviewPeriod(year=today.year, as_at=today)).data
    assert data["held"] == 2
    assert {row["label"]: row["count"] for row in data["by_kind"]}["Workshop"] == 1
    assert data["organizations"] == ["OPCW"]
