"""Fixtures and helpers of the committee's own work, shared by tests/committee and
tests/workinggroups (each conftest imports them)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from committee.work import services as committee_services
from committee.work.choices import CommitteeRole
from committee.work.models import CommitteeMember, ProgrammeOfWork, WorkItem
from states.choices import ReportKind, ReportStatus
from states.models import MemberState
from states.reports.models import NationalReport, ReportDocument
from tests import factories
from workinggroups import services
from workinggroups.choices import MeetingKind
from workinggroups.models import Meeting, MeetingDocument, ProgressUpdate, WorkingGroup

# What a refused meeting or programme change must leave alone: ``Written(*MEETING_TABLES)``.
MEETING_TABLES = (Meeting, MeetingDocument, ProgressUpdate, WorkItem)


@pytest.fixture
def working_groups(member_states) -> list[WorkingGroup]:
    return services.establish_working_groups()


@pytest.fixture
def programme(working_groups) -> ProgrammeOfWork:
    return committee_services.load_programme_of_work(committee_services.read_programme_file())


@pytest.fixture
def chair(member_states) -> CommitteeMember:
    """Bolivia's delegation chairs the committee (as it did in 2018), its term running on."""
    return CommitteeMember.objects.create(
        state=factories.state("BOL"),
        role=CommitteeRole.CHAIR,
        term_start=date(2017, 1, 1),
        term_end=timezone.localdate() + timedelta(days=365),
        contact_email="bolivia-1540@example.org",
    )


def in_days(days: float, hour: int = 10) -> datetime:
    """A moment ``days`` days from now, at ``hour`` o'clock when days is whole."""
    moment = timezone.localtime() + timedelta(days=days)
    if float(days).is_integer():
        moment = moment.replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment


def meeting(
    by,
    *,
    starts_at: datetime | None = None,
    kind: str = MeetingKind.WORKING_GROUP,
    group: WorkingGroup | None = None,
    title: str = "Working Group 1: reporting",
) -> Meeting:
    if kind == MeetingKind.WORKING_GROUP and group is None:
        group = WorkingGroup.objects.get(number=1)
    return services.schedule_meeting(
        acting_user=by,
        kind=kind,
        working_group=group if kind == MeetingKind.WORKING_GROUP else None,
        title=title,
        starts_at=starts_at or in_days(7),
        place="Conference Room 7, UN Headquarters",
        agenda="1. Reporting status\n2. Any other business",
    )


def circulate(by, on: Meeting, *, title: str = "Draft programme of work") -> MeetingDocument:
    return services.circulate_document(
        on, acting_user=by, title=title, file=factories.pdf_upload("draft.pdf", title)
    )


def first_reports(states, *, by, submitted_on: date = date(2010, 5, 1)) -> None:
    """A submitted first report for each of ``states``, written straight to the table: many
    rows quickly, not the workflow (which tests/states covers)."""
    reports = NationalReport.objects.bulk_create(
        NationalReport(
            state=state,
            kind=ReportKind.FIRST,
            title="First report",
            status=ReportStatus.SUBMITTED,
            submitted_on=submitted_on,
            submitted_by=by,
            created_by=by,
        )
        for state in states
    )
    ReportDocument.objects.bulk_create(
        ReportDocument(
            report=report,
            language="en",
            original=True,
            file=f"reports/{report.state.iso3}/first.pdf",
        )
        for report in reports
    )


def all_but(*iso3: str):
    return MemberState.objects.exclude(iso3__in=iso3)
