"""The dashboard of quantitative measures (12(h)): every figure agrees with a direct query on
the same data, and is served as a page with charts, as JSON from the API and as CSV; for the
secretariat, the experts and the committee members only, in a constant number of queries."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.utils import timezone

from committee.work import dashboard
from committee.work.choices import WorkItemStatus
from committee.work.models import WorkItem
from states.choices import ReportKind, ReportStatus
from states.models import MemberState
from states.reports.models import NationalReport
from tests.helpers import count_queries
from tests.workinggroups.fixtures import all_but, circulate, first_reports, in_days, meeting
from workinggroups import services
from workinggroups.choices import MeetingKind, MeetingStatus
from workinggroups.models import Meeting, MeetingDocument


@pytest.fixture
def a_years_work(secretariat, programme):
    """Reports, meetings, documents (some late) and progress: something for every figure."""
    first_reports(
        all_but("TCD", "COM", "SOM", "CHN", "BRA"), by=secretariat, submitted_on=date(2012, 3, 1)
    )
    this_year = timezone.localdate().replace(month=1, day=2)
    first_reports(
        MemberState.objects.filter(iso3__in=["CHN", "BRA"]), by=secretariat, submitted_on=this_year
    )
    NationalReport.objects.filter(state__iso3="BRA").update(kind=ReportKind.ADDITIONAL)
    week_ahead = meeting(secretariat, starts_at=in_days(7))
    circulate(secretariat, week_ahead)
    soon = meeting(
        secretariat, starts_at=in_days(1 / 24), kind=MeetingKind.INFORMAL, title="Monthly"
    )
    circulate(secretariat, soon)
    circulate(secretariat, soon, title="Second draft")
    services.cancel_meeting(
        meeting(secretariat, title="Off"), acting_user=secretariat, reason="Clash"
    )
    for paragraph, status, progress in [
        ("8(a)", WorkItemStatus.IN_PROGRESS, 50),
        ("8(b)", WorkItemStatus.ONGOING, 60),
        ("9(h)", WorkItemStatus.COMPLETED, 100),
    ]:
        services.record_progress(
            WorkItem.objects.get(paragraph=paragraph),
            acting_user=secretariat,
            status=status,
            progress=progress,
            note="Reviewed at the monthly meeting.",
        )


def rows(key: str) -> dict:
    figure = dashboard.figure(key)
    return {row[0]: row[1:] for row in figure.rows}


def test_work_items_by_group_and_status_agree_with_the_items(a_years_work):
    figure = rows("work-items")

    for number, label in [(1, "Working Group 1: monitoring and national implementation")]:
        items = WorkItem.objects.filter(lead_working_group=number)
        assert figure[label][0] == items.count()
        assert figure[label][1:] == [
            items.filter(status=status).count() for status in WorkItemStatus.values
        ]
    assert sum(r[0] for r in figure.values()) == WorkItem.objects.count() == 52
    assert sum(r[4] for r in figure.values()) == WorkItem.objects.filter(status="completed").count()


def test_first_reports_by_regional_group_agree_with_the_states(a_years_work):
    figure = rows("first-reports")

    for group in ["African", "Asia-Pacific", "Western European and Others"]:
        states = MemberState.objects.filter(regional_group=group)
        assert figure[group] == [
            states.with_first_report().count(),
            states.without_first_report().count(),
            states.count(),
        ]
    assert figure["All member states"] == [
        MemberState.objects.with_first_report().count(),
        MemberState.objects.without_first_report().count(),
        193,
    ]
    assert figure["All member states"][1] == 4  # Chad, Comoros, Somalia, Brazil (addendum only)


def test_first_reports_over_time_add_up_to_the_states_that_reported(a_years_work):
    figure = rows("first-reports-over-time")
    year = timezone.localdate().year

    assert figure[2004] == [0, 0]
    assert figure[2012] == [188, 188]
    assert figure[year] == [1, MemberState.objects.with_first_report().count()]


def test_reports_this_year_agree_with_the_reports(a_years_work):
    figure = rows("reports-this-year")
    this_year = NationalReport.objects.filter(
        submitted_on__year=timezone.localdate().year,
        status__in=[ReportStatus.SUBMITTED, ReportStatus.PUBLISHED],
    )

    assert figure["First report"] == [this_year.filter(kind=ReportKind.FIRST).count()] == [1]
    assert figure["Additional report / addendum"] == [this_year.filter(kind="additional").count()]


def test_meetings_and_late_documents_agree_with_the_schedule(a_years_work):
    meetings = rows("meetings")
    late = rows("late-documents")

    group_meetings = Meeting.objects.filter(kind=MeetingKind.WORKING_GROUP)
    assert meetings["Working group meeting"] == [
        group_meetings.filter(status=s).count() for s in MeetingStatus.values
    ]
    documents = MeetingDocument.objects.all()
    years = {d.meeting.starts_at.year for d in documents}
    assert sum(late[y][0] for y in years) == documents.count() == 3
    assert sum(late[y][1] for y in years) == documents.filter(late=True).count() == 2


def test_every_figure_is_a_table_with_a_csv(a_years_work):
    for figure in dashboard.all_figures():
        lines = list(csv.reader(io.StringIO(figure.as_csv().removeprefix("\ufeff"))))
        assert lines[0] == figure.columns
        assert [[str(c) for c in row] for row in figure.rows] == lines[1:]
        assert all(0 <= bar["width"] <= 100 for bar in figure.bars())


# --- the page, the API and the CSV ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["secretariat", "expert", "member"])
def test_the_committee_side_reads_the_dashboard(client, request, a_years_work, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get("/dashboard/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<svg" in html and "<script" not in html
    assert 'href="/dashboard/first-reports.csv"' in html


def test_the_dashboard_is_not_for_points_of_contact_or_the_public(client, poc_chn, member_states):
    assert client.get("/dashboard/").status_code == 302
    assert client.get("/dashboard/first-reports.csv").status_code == 302
    client.force_login(poc_chn)
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/dashboard/first-reports.csv").status_code == 403


def test_a_figure_downloads_as_csv(client, member, a_years_work):
    client.force_login(member)

    response = client.get("/dashboard/first-reports.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["Regional group", "With a first report", "Without a first report", "States"]
    assert lines[-1] == ["All member states", "189", "4", "193"]
    assert client.get("/dashboard/no-such-figure.csv").status_code == 404


def test_the_api_gives_every_figure_with_the_same_numbers(api, expert, a_years_work):
    response = api.as_user(expert).get("/api/v1/dashboard/")

    assert response.status_code == 200
    by_key = {figure["key"]: figure for figure in response.json()}
    assert set(by_key) == set(dashboard.FIGURES)
    assert by_key["first-reports"]["rows"][-1] == [
        "All member states",
        MemberState.objects.with_first_report().count(),
        MemberState.objects.without_first_report().count(),
        193,
    ]


def test_the_api_gives_one_figure_as_json_or_csv(api, member, a_years_work):
    client = api.as_user(member)

    as_json = client.get("/api/v1/dashboard/late-documents/")
    as_csv = client.get("/api/v1/dashboard/late-documents/?format=csv")

    assert as_json.json()["columns"] == ["Year", "Documents circulated", "Circulated late"]
    assert as_csv["Content-Type"].startswith("text/csv")
    assert (
        as_csv.content.decode("utf-8-sig").splitlines()[0]
        == "Year,Documents circulated,Circulated late"
    )
    assert client.get("/api/v1/dashboard/nothing/").status_code == 404


@pytest.mark.parametrize("persona", [None, "poc_chn"])
def test_the_api_refuses_the_dashboard_to_others(api, request, member_states, persona):
    user = request.getfixturevalue(persona) if persona else None

    response = api.as_user(user).get("/api/v1/dashboard/")

    assert response.status_code in (401, 403)
    if persona:
        assert "secretariat, the experts and the committee members" in response.json()["detail"]


def test_the_dashboard_costs_the_same_queries_from_10_to_1000_rows(
    client, api, secretariat, programme
):
    client.force_login(secretariat)
    api.as_user(secretariat)

    def add_meetings(count: int) -> None:
        Meeting.objects.bulk_create(
            Meeting(
                kind=MeetingKind.INFORMAL,
                title=f"Meeting {n}",
                starts_at=in_days(-n - 1),
                place="Room 1",
                created_by=secretariat,
            )
            for n in range(count)
        )

    add_meetings(10)
    count_queries(api, "/api/v1/dashboard/")  # warm-up: first-request caches are not the point
    few = (count_queries(client, "/dashboard/"), count_queries(api, "/api/v1/dashboard/"))
    add_meetings(990)
    first_reports(MemberState.objects.all()[:150], by=secretariat)
    many = (count_queries(client, "/dashboard/"), count_queries(api, "/api/v1/dashboard/"))

    assert few == many
