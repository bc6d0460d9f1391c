"""The working groups' use cases: meetings announced to all delegations, documents circulated
before the meeting (late ones flagged), outcomes, progress on the programme, chairs and the
private calendar address. Refusals say why and write nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from committee.work.choices import WorkItemStatus
from committee.work.models import WorkItem
from core.services import InvalidTransition
from tests import factories
from tests.helpers import Written
from tests.workinggroups.fixtures import MEETING_TABLES, circulate, in_days, meeting
from workinggroups import services
from workinggroups.choices import MeetingKind, MeetingStatus
from workinggroups.models import (
    CalendarFeed,
    WorkingGroup,
    circulated_late,
    notice_deadline,
)

UTC = ZoneInfo("UTC")


# --- the notice of two working days ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts", "deadline"),
    [
        # Wednesday 10:00 -> Monday 10:00.
        (datetime(2018, 6, 13, 10, tzinfo=UTC), datetime(2018, 6, 11, 10, tzinfo=UTC)),
        # Monday 10:00 -> the Thursday before: the weekend does not count.
        (datetime(2018, 6, 11, 10, tzinfo=UTC), datetime(2018, 6, 7, 10, tzinfo=UTC)),
        # Tuesday 15:00 -> the Friday before.
        (datetime(2018, 6, 12, 15, tzinfo=UTC), datetime(2018, 6, 8, 15, tzinfo=UTC)),
    ],
)
def test_the_notice_counts_two_working_days_back(starts, deadline):
    assert notice_deadline(starts) == deadline


def test_the_notice_follows_the_setting(settings):
    settings.MEETING_DOCUMENT_NOTICE_WORKING_DAYS = 5

    assert notice_deadline(datetime(2018, 6, 13, 10, tzinfo=UTC)) == datetime(
        2018, 6, 6, 10, tzinfo=UTC
    )


def test_a_document_is_late_after_the_deadline_or_once_the_meeting_started():
    starts = datetime(2018, 6, 13, 10, tzinfo=UTC)

    assert not circulated_late(datetime(2018, 6, 11, 10, tzinfo=UTC), starts)
    assert circulated_late(datetime(2018, 6, 11, 10, 1, tzinfo=UTC), starts)
    assert circulated_late(starts, starts)
    assert circulated_late(starts + timedelta(hours=2), starts)


# --- circulating documents ------------------------------------------------------------------------


def test_a_document_circulated_a_week_ahead_is_in_time(secretariat, working_groups):
    week_ahead = meeting(secretariat, starts_at=in_days(7))

    document = circulate(secretariat, week_ahead)

    assert document.late is False
    assert document.circulated_by == secretariat
    assert document.history.first().history_user == secretariat
    assert document.file.name.startswith(f"meetings/{week_ahead.pk}/")


def test_a_document_circulated_an_hour_before_the_meeting_is_late(secretariat, working_groups):
    soon = meeting(secretariat, starts_at=in_days(1 / 24))

    assert circulate(secretariat, soon).late is True


def test_a_document_circulated_after_the_meeting_started_is_late(secretariat, working_groups):
    started = meeting(secretariat, starts_at=in_days(-1 / 24))

    assert circulate(secretariat, started).late is True


def test_moving_a_meeting_re_marks_its_documents(secretariat, working_groups):
    moved = meeting(secretariat, starts_at=in_days(7))
    document = circulate(secretariat, moved)

    services.update_meeting(moved, acting_user=secretariat, starts_at=in_days(1 / 24))

    document.refresh_from_db()
    assert document.late is True
    assert document.history.first().history_change_reason == "Meeting moved"
    moved.refresh_from_db()
    assert moved.sequence == 1


def test_circulating_mails_every_delegation_once_committed(
    secretariat, member, chair, working_groups, mailoutbox, django_capture_on_commit_callbacks
):
    upcoming = meeting(secretariat)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        circulate(secretariat, upcoming, title="Draft annual review")

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert "Draft annual review" in message.body
    assert set(message.bcc) == {member.email, chair.contact_email}
    assert upcoming.get_absolute_url() in message.body


def test_scheduling_a_meeting_announces_it_to_the_delegations(
    secretariat, member, working_groups, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting(secretariat, title="Working Group 2: matching requests")

    assert [m.subject for m in mailoutbox] == [
        "Meeting announced: Working Group 2: matching requests"
    ]
    assert mailoutbox[0].bcc == [member.email]


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    secretariat, member, working_groups, mailoutbox, django_capture_on_commit_callbacks
):
    from core.models import OutgoingMail

    class RolledBack(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RolledBack),
        transaction.atomic(),
    ):
        meeting(secretariat)
        assert OutgoingMail.objects.count() == 1  # recorded with the change...
        raise RolledBack

    assert not OutgoingMail.objects.exists()  # ...and gone with it
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (factories.fake_pdf_upload, "is not a PDF or Word document"),
        (lambda: SimpleUploadedFile("empty.pdf", b""), "The file is empty"),
    ],
)
def test_a_file_that_is_not_a_document_is_refused(secretariat, working_groups, upload, message):
    upcoming = meeting(secretariat)
    written = Written(*MEETING_TABLES)

    with pytest.raises(ValidationError, match=message) as refused:
        services.circulate_document(upcoming, acting_user=secretariat, title="X", file=upload())

    assert "file" in refused.value.error_dict
    assert written.unchanged()


def test_a_file_over_the_size_limit_is_refused(secretariat, working_groups, settings):
    settings.UPLOAD_MAX_BYTES = 100
    upcoming = meeting(secretariat)
    written = Written(*MEETING_TABLES)

    with pytest.raises(ValidationError, match="the largest document accepted is 100"):
        circulate(secretariat, upcoming)

    assert written.unchanged()


def test_a_document_needs_a_title_and_an_official_language(secretariat, working_groups):
    upcoming = meeting(secretariat)
    written = Written(*MEETING_TABLES)

    with pytest.raises(ValidationError, match="Give the document a title"):
        services.circulate_document(
            upcoming, acting_user=secretariat, title=" ", file=factories.pdf_upload()
        )
    with pytest.raises(ValidationError, match="six official languages"):
        services.circulate_document(
            upcoming, acting_user=secretariat, title="T", language="de", file=factories.pdf_upload()
        )

    assert written.unchanged()


@pytest.mark.parametrize("persona", ["poc_chn", "member", "expert"])
def test_only_the_secretariat_circulates_documents(request, secretariat, working_groups, persona):
    upcoming = meeting(secretariat)
    written = Written(*MEETING_TABLES)

    with pytest.raises(PermissionDenied, match="Only the secretariat circulates"):
        circulate(request.getfixturevalue(persona), upcoming)

    assert written.unchanged()


def test_a_cancelled_meetings_documents_are_not_circulated(secretariat, working_groups):
    cancelled = services.cancel_meeting(
        meeting(secretariat), acting_user=secretariat, reason="No quorum"
    )
    written = Written(*MEETING_TABLES)

    with pytest.raises(InvalidTransition, match="cancelled"):
        circulate(secretariat, cancelled)

    assert written.unchanged()


# --- scheduling, cancelling, outcomes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": MeetingKind.WORKING_GROUP, "working_group": None}, "working_group", "Say which"),
        ({"kind": MeetingKind.INFORMAL, "working_group": "group"}, "working_group", "Only a"),
        ({"kind": "party"}, "kind", "Choose the kind"),
        ({"starts_at": datetime(2003, 12, 1, 10, tzinfo=UTC)}, "starts_at", "from 2004"),
        ({"starts_at": "far"}, "starts_at", "two years ahead"),
        # A naive start, as a careless client might send: refused, not guessed.
        ({"starts_at": datetime(2027, 1, 1, 10)}, "starts_at", "time zone"),  # noqa: DTZ001
        ({"ends_at": "before"}, "ends_at", "end after it starts"),
        ({"title": ""}, "title", "cannot be blank"),
    ],
)
def test_a_meeting_with_bad_details_is_refused(
    secretariat, working_groups, changes, field, message
):
    group = WorkingGroup.objects.get(number=1)
    details = {
        "kind": MeetingKind.WORKING_GROUP,
        "working_group": group,
        "title": "Working Group 1",
        "starts_at": in_days(7),
        "place": "Room 7",
    }
    details.update(changes)
    if details.get("working_group") == "group":
        details["working_group"] = group
    if details["starts_at"] == "far":
        details["starts_at"] = in_days(800)
    if changes.get("ends_at") == "before":
        details["ends_at"] = details["starts_at"] - timedelta(hours=1)
    written = Written(*MEETING_TABLES)

    with pytest.raises(ValidationError, match=message) as refused:
        services.schedule_meeting(acting_user=secretariat, **details)

    assert field in refused.value.error_dict
    assert written.unchanged()


@pytest.mark.parametrize("persona", ["poc_chn", "member", "expert"])
def test_only_the_secretariat_schedules_meetings(request, working_groups, persona):
    written = Written(*MEETING_TABLES)

    with pytest.raises(PermissionDenied, match="Only the secretariat schedules"):
        meeting(request.getfixturevalue(persona))

    assert written.unchanged()


def test_a_monthly_informal_meeting_belongs_to_no_group(secretariat, working_groups):
    informal = meeting(secretariat, kind=MeetingKind.INFORMAL, title="Monthly informal meeting")

    assert informal.working_group is None
    assert informal.status == MeetingStatus.SCHEDULED


def test_cancelling_needs_a_reason_and_happens_once(secretariat, working_groups):
    upcoming = meeting(secretariat)

    with pytest.raises(ValidationError, match="Say why"):
        services.cancel_meeting(upcoming, acting_user=secretariat, reason="")
    services.cancel_meeting(upcoming, acting_user=secretariat, reason="Clash with the Council")
    with pytest.raises(InvalidTransition, match="only a scheduled meeting can be cancelled"):
        services.cancel_meeting(upcoming, acting_user=secretariat, reason="Again")

    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.CANCELLED
    assert upcoming.cancellation_reason == "Clash with the Council"


def test_the_outcome_of_a_held_meeting_is_recorded_with_feedback(
    secretariat, expert, working_groups
):
    held = meeting(secretariat, starts_at=in_days(-2))

    services.record_outcome(
        held, acting_user=expert, outcome="Agreed the draft.", feedback="Comments by Friday."
    )

    held.refresh_from_db()
    assert (held.status, held.outcome, held.feedback) == (
        MeetingStatus.HELD,
        "Agreed the draft.",
        "Comments by Friday.",
    )
    assert held.history.first().history_user == expert


def test_a_meeting_that_has_not_taken_place_has_no_outcome(secretariat, working_groups):
    upcoming = meeting(secretariat)
    written = Written(*MEETING_TABLES)

    with pytest.raises(ValidationError, match="not taken place yet"):
        services.record_outcome(upcoming, acting_user=secretariat, outcome="Agreed")

    assert written.unchanged()


def test_a_poc_cannot_record_an_outcome(secretariat, poc_chn, working_groups):
    held = meeting(secretariat, starts_at=in_days(-2))

    with pytest.raises(PermissionDenied):
        services.record_outcome(held, acting_user=poc_chn, outcome="Agreed")


# --- progress on the programme --------------------------------------------------------------------


def test_progress_recorded_at_a_meeting_moves_the_work_item(secretariat, programme):
    monthly = meeting(secretariat, kind=MeetingKind.INFORMAL, starts_at=in_days(-1))
    item = WorkItem.objects.get(paragraph="9(h)")

    update = services.record_progress(
        item,
        acting_user=secretariat,
        status=WorkItemStatus.ONGOING,
        progress=50,
        note="Second quarterly digest presented.",
        meeting=monthly,
    )

    item.refresh_from_db()
    assert (item.status, item.progress) == (WorkItemStatus.ONGOING, 50)
    assert item.history.first().history_user == secretariat
    assert update.meeting == monthly


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "done"}, "status"),
        ({"progress": 101}, "progress"),
        ({"progress": "50"}, "progress"),
        ({"status": WorkItemStatus.COMPLETED, "progress": 90}, "progress"),
        ({"note": ""}, "note"),
    ],
)
def test_bad_progress_is_refused(secretariat, programme, changes, field):
    item = WorkItem.objects.get(paragraph="8(b)")
    values = {
        "status": WorkItemStatus.IN_PROGRESS,
        "progress": 50,
        "note": "Sent notes.",
        **changes,
    }
    written = Written(*MEETING_TABLES)

    with pytest.raises(ValidationError) as refused:
        services.record_progress(item, acting_user=secretariat, **values)

    assert field in refused.value.error_dict
    assert written.unchanged()


def test_progress_cannot_be_recorded_at_a_future_meeting(secretariat, programme):
    upcoming = meeting(secretariat)

    with pytest.raises(ValidationError, match="not taken place yet"):
        services.record_progress(
            WorkItem.objects.get(paragraph="8(b)"),
            acting_user=secretariat,
            status=WorkItemStatus.IN_PROGRESS,
            progress=10,
            note="Early.",
            meeting=upcoming,
        )


@pytest.mark.parametrize("persona", ["poc_chn", "member"])
def test_only_staff_and_experts_record_progress(request, programme, persona):
    written = Written(*MEETING_TABLES)

    with pytest.raises(PermissionDenied, match="record progress"):
        services.record_progress(
            WorkItem.objects.get(paragraph="8(b)"),
            acting_user=request.getfixturevalue(persona),
            status=WorkItemStatus.IN_PROGRESS,
            progress=10,
            note="x",
        )

    assert written.unchanged()


# --- chairs and the calendar address --------------------------------------------------------------


def test_the_secretariat_records_a_working_group_chair(secretariat, chair, working_groups):
    group = services.appoint_chair(
        WorkingGroup.objects.get(number=2), chair, acting_user=secretariat
    )

    assert group.chair == chair
    assert group.history.first().history_change_reason == "Chair appointed"


def test_a_poc_cannot_appoint_a_chair(poc_chn, chair, working_groups):
    with pytest.raises(PermissionDenied):
        services.appoint_chair(WorkingGroup.objects.get(number=2), chair, acting_user=poc_chn)

    assert WorkingGroup.objects.get(number=2).chair is None


def test_a_members_calendar_address_is_private_and_replaceable(member):
    feed = services.calendar_feed_for(member)
    old = feed.token

    replaced = services.replace_calendar_token(member)

    assert len(old) >= 40
    assert replaced.token != old
    assert CalendarFeed.objects.get(user=member).token == replaced.token
    assert "token" not in {f.name for f in CalendarFeed.history.model._meta.fields}


def test_a_poc_has_no_calendar_address(poc_chn):
    with pytest.raises(PermissionDenied, match="meeting calendar is for"):
        services.calendar_feed_for(poc_chn)

    assert not CalendarFeed.objects.exists()
