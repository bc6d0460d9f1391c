"""The working-group pages, as the personas use them: the programme of work and the groups are
public; the meeting schedule, its documents and the calendar feed are for the delegations, the
secretariat and the experts; the secretariat schedules, circulates and cancels."""

from __future__ import annotations

import pytest
from django.utils import timezone
from icalendar import Calendar
from pytest_django.asserts import assertContains, assertNotContains

from committee.work.models import WorkItem
from tests import factories
from tests.helpers import Written, assert_accessible_basics, count_queries, login_redirect
from tests.workinggroups.fixtures import MEETING_TABLES, circulate, in_days, meeting
from workinggroups import services
from workinggroups.choices import MeetingKind, MeetingStatus
from workinggroups.models import (
    CalendarFeed,
    Meeting,
    MeetingDocument,
    ProgressUpdate,
    WorkingGroup,
)


@pytest.fixture
def upcoming(secretariat, working_groups):
    return meeting(secretariat, starts_at=in_days(7), title="Working Group 1: reporting")


@pytest.fixture
def late_one(secretariat, working_groups):
    soon = meeting(
        secretariat,
        starts_at=in_days(1 / 24),
        title="Monthly informal meeting",
        kind=MeetingKind.INFORMAL,
    )
    circulate(secretariat, soon, title="Late paper")
    return soon


# --- the programme and the groups (public) --------------------------------------------------------


def test_the_public_reads_the_programme(client, programme):
    response = client.get("/programme/")

    assert response.status_code == 200
    assert_accessible_basics(response)
    assertContains(response, "Seventeenth programme of work")
    assertContains(response, '<th scope="row"><a href="/programme/items/', count=52)


def test_the_programme_filters_by_group_and_says_when_nothing_matches(client, programme):
    assertContains(client.get("/programme/?lead_working_group=2"), '<th scope="row">', count=9)
    empty = client.get("/programme/?status=completed")
    assertContains(empty, "No item matches these filters.")
    assertContains(client.get("/programme/?area=Q"), "Select a valid choice")


def test_an_empty_programme_says_how_to_load_it(client, member_states):
    assertContains(client.get("/programme/"), "manage.py load_programme")


def test_the_public_reads_an_item_in_both_languages_without_internal_notes(
    client, secretariat, programme
):
    item = WorkItem.objects.get(paragraph="8(b)")
    services.record_progress(
        item, acting_user=secretariat, status="in_progress", progress=20, note="Internal note."
    )

    response = client.get(item.get_absolute_url())

    assert_accessible_basics(response)
    assertContains(response, "剩余 16 个会员国")
    assertContains(response, 'lang="zh-Hans"')
    assertContains(response, "In progress")
    assertNotContains(response, "Internal note.")
    assertNotContains(response, "Record progress")


def test_a_member_reads_the_progress_notes_but_cannot_record(
    client, member, secretariat, programme
):
    item = WorkItem.objects.get(paragraph="8(b)")
    services.record_progress(
        item, acting_user=secretariat, status="in_progress", progress=20, note="Internal note."
    )
    client.force_login(member)

    response = client.get(item.get_absolute_url())

    assertContains(response, "Internal note.")
    assertNotContains(response, "Record progress")
    written = Written(*MEETING_TABLES)
    assert client.post(item.get_absolute_url(), {"status": "completed"}).status_code == 403
    assert written.unchanged()


def test_an_expert_records_progress_at_a_meeting(client, expert, secretariat, programme):
    held = meeting(secretariat, starts_at=in_days(-1), kind=MeetingKind.INFORMAL, title="Monthly")
    item = WorkItem.objects.get(paragraph="12(h)")
    client.force_login(expert)

    response = client.post(
        item.get_absolute_url(),
        {"meeting": held.pk, "status": "in_progress", "progress": "10", "note": "Dashboard built."},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.progress) == ("in_progress", 10)
    assert ProgressUpdate.objects.get().meeting == held


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "in_progress", "progress": "ten", "note": "x"}, "Enter a whole number."),
        ({"status": "in_progress", "progress": "150", "note": "x"}, "less than or equal to 100"),
        ({"status": "completed", "progress": "50", "note": "x"}, "A completed item is at 100 %."),
        ({"status": "in_progress", "progress": "50"}, "This field is required."),
        (
            {"status": "in_progress", "progress": "5", "note": "x", "meeting": "99999"},
            "Choose a meeting",
        ),
    ],
)
def test_bad_progress_on_the_page_is_explained_and_nothing_written(
    client, secretariat, programme, data, message
):
    item = WorkItem.objects.get(paragraph="12(h)")
    client.force_login(secretariat)
    written = Written(*MEETING_TABLES)

    response = client.post(item.get_absolute_url(), data)

    assert response.status_code == 200
    assertContains(response, message)
    assert written.unchanged()


def test_the_public_reads_the_working_groups_but_not_their_meetings(client, upcoming):
    listing = client.get("/working-groups/")
    detail = client.get("/working-groups/1/")

    assert_accessible_basics(listing)
    assertContains(listing, "Working Group 4: Transparency and media outreach")
    assertContains(detail, "Monitoring and national implementation")
    assertNotContains(detail, upcoming.title)
    assert client.get("/working-groups/9/").status_code == 404


def test_a_member_sees_a_groups_meetings(client, member, upcoming):
    client.force_login(member)

    assertContains(client.get("/working-groups/1/"), upcoming.title)


# --- the schedule and its documents ---------------------------------------------------------------


MEETING_PAGES = [
    ("get", "/meetings/"),
    ("get", "/meetings/new/"),
    ("post", "/meetings/new/"),
    ("get", "/meetings/{pk}/"),
    ("post", "/meetings/{pk}/documents/"),
    ("post", "/meetings/{pk}/outcome/"),
    ("get", "/meetings/{pk}/cancel/"),
    ("post", "/meetings/{pk}/cancel/"),
    ("get", "/calendar/"),
    ("get", "/calendar/new-address/"),
    ("post", "/calendar/new-address/"),
]


@pytest.mark.parametrize(("method", "url"), MEETING_PAGES)
def test_the_public_is_asked_to_log_in(client, upcoming, method, url):
    written = Written(*MEETING_TABLES)

    response = getattr(client, method)(url.format(pk=upcoming.pk), {"reason": "x", "title": "x"})

    assert login_redirect(response)
    assert written.unchanged()


@pytest.mark.parametrize(("method", "url"), MEETING_PAGES)
def test_a_poc_gets_none_of_the_meeting_pages(client, poc_bra, upcoming, method, url):
    client.force_login(poc_bra)
    written = Written(*MEETING_TABLES)

    response = getattr(client, method)(url.format(pk=upcoming.pk), {"reason": "x", "title": "x"})

    assert response.status_code in (403, 404)
    assert written.unchanged()
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("url", ["/meetings/", "meeting", "/calendar/"])
def test_points_of_contact_cannot_see_the_schedule(client, poc_chn, upcoming, url):
    client.force_login(poc_chn)

    response = client.get(upcoming.get_absolute_url() if url == "meeting" else url)

    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["member", "expert", "secretariat"])
def test_delegations_and_staff_read_the_schedule(client, request, upcoming, late_one, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get("/meetings/")

    assert_accessible_basics(response)
    assertContains(response, upcoming.title)
    assertContains(response, '<strong class="late">1</strong>')


def test_the_schedule_filters_strictly(client, member, upcoming, late_one):
    client.force_login(member)

    assertContains(client.get("/meetings/?kind=informal"), '<th scope="row">', count=1)
    assertContains(client.get("/meetings/?working_group=7"), "Select a valid choice")
    assertContains(client.get("/meetings/?starts_after=soon"), "Enter a valid date")


def test_a_late_document_is_flagged_on_the_meeting_page_and_one_in_time_is_not(
    client, member, secretariat, upcoming, late_one
):
    circulate(secretariat, upcoming, title="Timely paper")
    client.force_login(member)

    late_page = client.get(late_one.get_absolute_url())
    timely_page = client.get(upcoming.get_absolute_url())

    assert_accessible_basics(late_page)
    assertContains(late_page, "1 document was circulated late for this meeting.")
    assertContains(late_page, '<strong class="late">Late</strong>')
    assertNotContains(timely_page, "circulated late for this meeting")
    assertContains(timely_page, "In time")
    assertNotContains(timely_page, "Circulate a document")  # members read, they do not circulate


def test_the_secretariat_circulates_a_document_from_the_meeting_page(
    client, secretariat, member, upcoming, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/meetings/{upcoming.pk}/documents/",
            {"title": "Draft", "language": "en", "file": factories.pdf_upload()},
        )

    assert response.status_code == 302
    assert MeetingDocument.objects.get().late is False
    assert len(mailoutbox) == 1 and mailoutbox[0].bcc == [member.email]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "X", "file": "fake"}, "is not a PDF or Word document"),
        ({"title": "X"}, "This field is required."),
        ({"file": "pdf"}, "This field is required."),
        ({"title": "X", "file": "pdf", "language": "xx"}, "Select a valid choice"),
        ({"title": "X", "file": "big"}, "the largest document accepted"),
    ],
)
def test_a_bad_upload_on_the_page_is_explained_and_nothing_written(
    client, secretariat, upcoming, settings, data, message
):
    if data.get("file") == "big":
        settings.UPLOAD_MAX_BYTES = 200
    makers = {
        "fake": factories.fake_pdf_upload,
        "pdf": factories.pdf_upload,
        "big": factories.pdf_upload,
    }
    data = {"language": "en", **{k: makers[v]() if k == "file" else v for k, v in data.items()}}
    client.force_login(secretariat)
    written = Written(*MEETING_TABLES)

    response = client.post(f"/meetings/{upcoming.pk}/documents/", data)

    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assert written.unchanged()


@pytest.mark.parametrize("persona", ["member", "expert", "poc_chn"])
def test_others_cannot_circulate_from_the_page(client, request, upcoming, persona):
    client.force_login(request.getfixturevalue(persona))
    written = Written(*MEETING_TABLES)

    response = client.post(
        f"/meetings/{upcoming.pk}/documents/", {"title": "X", "file": factories.pdf_upload()}
    )

    assert response.status_code == 403
    assert written.unchanged()


def test_a_document_downloads_only_for_delegations_and_staff(
    client, secretariat, member, poc_chn, upcoming
):
    document = circulate(secretariat, upcoming)
    url = f"/meeting-documents/{document.pk}/download/"

    assert login_redirect(client.get(url))
    client.force_login(poc_chn)
    assert client.get(url).status_code == 404
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # read to the end: closed


def test_meeting_documents_have_no_public_address(secretariat, upcoming, settings):
    document = circulate(secretariat, upcoming)

    assert not settings.MEDIA_URL or not str(settings.MEDIA_ROOT).startswith(
        str(settings.STATIC_ROOT)
    )
    assert document.file.name.startswith("meetings/")


def test_the_secretariat_schedules_a_meeting_from_the_page(client, secretariat, working_groups):
    client.force_login(secretariat)
    assert_accessible_basics(client.get("/meetings/new/"))
    group = WorkingGroup.objects.get(number=3)

    response = client.post(
        "/meetings/new/",
        {
            "kind": "working_group",
            "working_group": group.pk,
            "title": "WG3 with the IAEA",
            "starts_at": in_days(5).strftime("%Y-%m-%dT%H:%M"),
            "place": "Room 6",
            "time_zone": "America/New_York",
        },
    )

    assert response.status_code == 302
    assert Meeting.objects.get().working_group == group


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_at": "tomorrow"}, "Enter a valid date/time."),
        ({"starts_at": "2001-01-01T10:00"}, "from 2004"),
        ({"working_group": ""}, "Say which working group meets."),
        ({"kind": "informal"}, "Only a working-group meeting belongs to a working group."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_a_bad_meeting_on_the_page_is_explained_and_nothing_written(
    client, secretariat, working_groups, changes, message
):
    client.force_login(secretariat)
    data = {
        "kind": "working_group",
        "working_group": WorkingGroup.objects.get(number=1).pk,
        "title": "WG1",
        "starts_at": in_days(5).strftime("%Y-%m-%dT%H:%M"),
        "place": "Room 6",
        "time_zone": "America/New_York",
        **changes,
    }
    written = Written(*MEETING_TABLES)

    response = client.post("/meetings/new/", data)

    assertContains(response, message)
    assert written.unchanged()


@pytest.mark.parametrize("persona", ["member", "expert", "poc_chn"])
def test_only_the_secretariat_opens_the_scheduling_page(client, request, working_groups, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get("/meetings/new/").status_code == 403


def test_cancelling_asks_for_confirmation_and_a_reason(client, secretariat, upcoming):
    client.force_login(secretariat)

    confirm = client.get(f"/meetings/{upcoming.pk}/cancel/")
    no_reason = client.post(f"/meetings/{upcoming.pk}/cancel/", {"reason": ""})
    done = client.post(f"/meetings/{upcoming.pk}/cancel/", {"reason": "Security Council retreat"})

    assert_accessible_basics(confirm)
    assertContains(confirm, "Cancel this meeting?")
    assertContains(no_reason, "This field is required.")
    assert done.status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.CANCELLED


def test_a_member_cannot_cancel(client, member, upcoming):
    client.force_login(member)

    assert client.post(f"/meetings/{upcoming.pk}/cancel/", {"reason": "x"}).status_code == 403
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.SCHEDULED


def test_the_outcome_is_recorded_after_the_meeting(client, secretariat, working_groups):
    held = meeting(secretariat, starts_at=in_days(-1))
    client.force_login(secretariat)

    response = client.post(f"/meetings/{held.pk}/outcome/", {"outcome": "Agreed the letter."})

    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == MeetingStatus.HELD


def test_the_schedule_keeps_its_queries_from_10_to_1000_meetings(client, member, working_groups):
    client.force_login(member)
    group = WorkingGroup.objects.get(number=1)

    def add(count: int) -> None:
        Meeting.objects.bulk_create(
            Meeting(
                kind="working_group",
                working_group=group,
                title=f"M{n}",
                starts_at=in_days(-n - 1),
                place="Room",
                created_by=member,
            )
            for n in range(count)
        )

    add(10)
    count_queries(client, "/meetings/")
    few = count_queries(client, "/meetings/")
    add(990)
    many = count_queries(client, "/meetings/")

    assert few == many


def test_the_programme_keeps_its_queries_with_more_rows(client, programme, secretariat):
    few = count_queries(client, "/programme/")
    WorkItem.objects.update(status="ongoing")

    assert count_queries(client, "/programme/") == few
    assert count_queries(client, "/working-groups/") == count_queries(client, "/working-groups/")


# --- the calendar feed ----------------------------------------------------------------------------


def test_a_member_subscribes_to_a_private_calendar_of_the_meetings(
    client, member, upcoming, late_one
):
    client.force_login(member)
    page = client.get("/calendar/")
    assert_accessible_basics(page)
    feed = CalendarFeed.objects.get(user=member)
    assertContains(page, f"/calendar/{feed.token}.ics")
    client.logout()

    response = client.get(f"/calendar/{feed.token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    events = Calendar.from_ical(body).walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in events} == {upcoming.title, late_one.title}
    start = next(e for e in events if str(e["SUMMARY"]) == upcoming.title)["DTSTART"].dt
    assert start == upcoming.starts_at
    feed.refresh_from_db()
    assert feed.last_used_at is not None


def test_a_cancelled_meeting_shows_as_cancelled_in_the_calendar(
    client, secretariat, member, upcoming
):
    services.cancel_meeting(upcoming, acting_user=secretariat, reason="Clash")
    token = services.calendar_feed_for(member).token

    events = Calendar.from_ical(client.get(f"/calendar/{token}.ics").content).walk("VEVENT")

    assert str(events[0]["STATUS"]) == "CANCELLED"
    assert events[0]["SEQUENCE"] == 1


def test_an_unknown_or_replaced_token_gives_nothing(client, member, upcoming):
    old = services.calendar_feed_for(member).token
    client.force_login(member)

    confirm = client.get("/calendar/new-address/")
    client.post("/calendar/new-address/")

    assertContains(confirm, "Get a new calendar address?")
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_a_token_of_someone_who_lost_access_gives_nothing(client, member, upcoming):
    token = services.calendar_feed_for(member).token
    member.is_active = False
    member.save(update_fields=["is_active"])

    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_the_feed_is_fresh_at_every_read(client, member, upcoming):
    token = services.calendar_feed_for(member).token

    response = client.get(f"/calendar/{token}.ics")

    assert "no-store" in response["Cache-Control"]
    assert timezone.now()
