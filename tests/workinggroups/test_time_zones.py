"""Meetings in the time zone of their place: a meeting at 10:00 in New York reads "10:00 (New York
time)" on its pages, in the mail to the delegations and in the calendar feed (with its TZID),
whatever zone the site keeps its times in (UTC). The secretariat enters the clock of the place;
a reader may ask to see the times in their own zone as well, kept in their session."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar
from pytest_django.asserts import assertContains, assertNotContains

from tests.helpers import Written, login_redirect
from tests.workinggroups.fixtures import MEETING_TABLES, meeting
from workinggroups import services
from workinggroups.choices import MeetingKind
from workinggroups.models import Meeting, WorkingGroup

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
MEETINGS_API = "/api/v1/meetings/"


def next_week() -> date:
    return timezone.localdate() + timedelta(days=7)


def ten_in_new_york() -> datetime:
    return datetime.combine(next_week(), time(10), tzinfo=NEW_YORK)


def next_spring_forward(zone: ZoneInfo) -> date:
    """The next day on which the clocks of ``zone`` go forward (within the two years ahead that
    a meeting may be scheduled)."""
    day = timezone.localdate()
    while True:
        day += timedelta(days=1)
        before = datetime.combine(day - timedelta(days=1), time(12), tzinfo=zone).utcoffset()
        if datetime.combine(day, time(12), tzinfo=zone).utcoffset() > before:
            return day


@pytest.fixture
def at_ten_in_new_york(secretariat, working_groups) -> Meeting:
    return meeting(secretariat, starts_at=ten_in_new_york(), title="Working Group 1: reporting")


# --- shown in the meeting's zone, named -----------------------------------------------------------


def test_a_meeting_at_ten_in_new_york_reads_ten_new_york_time_on_its_pages(
    client, member, at_ten_in_new_york
):
    client.force_login(member)

    for url in (at_ten_in_new_york.get_absolute_url(), "/meetings/", "/working-groups/1/"):
        response = client.get(url)
        assertContains(response, "10:00 (New York time)")
        assertNotContains(response, "(UTC)")


def test_the_zone_is_named_in_the_readers_language(client, member, at_ten_in_new_york):
    client.force_login(member)

    chinese = client.get(f"/zh-hans/meetings/{at_ten_in_new_york.pk}/")
    french = client.get(f"/fr/meetings/{at_ten_in_new_york.pk}/")

    assertContains(chinese, "10:00（纽约时间）")
    assertContains(french, "10:00 (heure de New York)")


def test_the_announcement_gives_the_time_of_new_york_with_its_zone(
    secretariat, member, working_groups, mailoutbox, django_capture_on_commit_callbacks
):
    day = next_week()

    with django_capture_on_commit_callbacks(execute=True):
        meeting(secretariat, starts_at=ten_in_new_york())

    assert f"{day.day} {day:%B} {day.year}, 10:00 (New York time)" in mailoutbox[0].body


def test_a_meeting_in_geneva_is_announced_in_geneva_time(
    secretariat, member, working_groups, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_meeting(
            acting_user=secretariat,
            kind=MeetingKind.FORMAL,
            title="Open briefing at the Palais des Nations",
            starts_at=datetime.combine(next_week(), time(15), tzinfo=ZoneInfo("Europe/Zurich")),
            place="Palais des Nations, Room XIX",
            time_zone="Europe/Zurich",
        )

    assert "15:00 (Geneva time)" in mailoutbox[0].body


def test_the_calendar_gives_the_time_of_new_york_with_its_tzid(client, member, at_ten_in_new_york):
    token = services.calendar_feed_for(member).token

    body = client.get(f"/calendar/{token}.ics").content

    assert f"DTSTART;TZID=America/New_York:{next_week():%Y%m%d}T100000\r\n".encode() in body
    assert f"DTEND;TZID=America/New_York:{next_week():%Y%m%d}T130000\r\n".encode() in body
    assert b"BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n" in body
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert event["DTSTART"].dt == at_ten_in_new_york.starts_at


# --- the schedule form and the API take the zone --------------------------------------------------


def form_data(**changes) -> dict:
    return {
        "kind": "working_group",
        "working_group": WorkingGroup.objects.get(number=1).pk,
        "title": "WG1 at the Vienna International Centre",
        "starts_at": f"{next_week()}T10:00",
        "ends_at": f"{next_week()}T13:00",
        "place": "Vienna International Centre, Board Room D",
        "time_zone": "America/New_York",
        **changes,
    }


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Zurich", "Europe/Vienna"])
def test_the_schedule_form_reads_the_time_typed_in_the_chosen_zone(
    client, secretariat, working_groups, zone
):
    client.force_login(secretariat)

    response = client.post("/meetings/new/", form_data(time_zone=zone))

    assert response.status_code == 302
    saved = Meeting.objects.get()
    assert saved.time_zone == zone
    assert saved.starts_at == datetime.combine(next_week(), time(10), tzinfo=ZoneInfo(zone))
    assert saved.ends_at == datetime.combine(next_week(), time(13), tzinfo=ZoneInfo(zone))


def test_the_schedule_form_offers_new_york_first(client, secretariat, working_groups):
    client.force_login(secretariat)

    page = client.get("/meetings/new/")

    assertContains(page, '<option value="America/New_York" selected>New York time</option>')
    assertContains(page, "The time of the place, in the time zone below.")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice. Mars/Olympus is not one of"),
        ({"time_zone": "UTC"}, "Select a valid choice. UTC is not one of"),
        ({"time_zone": ""}, "This field is required."),
        (
            {"starts_at": f"{next_spring_forward(NEW_YORK)}T02:30"},
            "This time does not exist there: the clocks go forward that night.",
        ),
    ],
)
def test_a_bad_zone_or_time_on_the_form_is_refused_and_nothing_written(
    client, secretariat, working_groups, changes, message
):
    client.force_login(secretariat)
    written = Written(*MEETING_TABLES)

    response = client.post("/meetings/new/", form_data(**changes))

    assertContains(response, message)
    assert written.unchanged()


def api_meeting(**changes) -> dict:
    return {
        "kind": "working_group",
        "working_group": 3,
        "title": "Working Group 3 with the IAEA",
        "starts_at": datetime.combine(
            next_week(), time(9), tzinfo=ZoneInfo("Europe/Vienna")
        ).isoformat(),
        "place": "Vienna International Centre",
        **changes,
    }


def test_the_api_takes_the_zone_of_the_place(api, secretariat, working_groups):
    response = api.as_user(secretariat).post(MEETINGS_API, api_meeting(time_zone="Europe/Vienna"))

    assert response.status_code == 201, response.json()
    assert response.json()["time_zone"] == "Europe/Vienna"
    assert Meeting.objects.get().time_zone == "Europe/Vienna"


def test_the_api_puts_a_meeting_in_new_york_unless_told(api, secretariat, working_groups):
    response = api.as_user(secretariat).post(MEETINGS_API, api_meeting())

    assert response.status_code == 201, response.json()
    assert response.json()["time_zone"] == "America/New_York"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "UTC", "europe/vienna", None])
def test_an_unknown_zone_through_the_api_is_a_clear_400_and_nothing_written(
    api, secretariat, working_groups, zone
):
    written = Written(*MEETING_TABLES)

    response = api.as_user(secretariat).post(MEETINGS_API, api_meeting(time_zone=zone))

    assert response.status_code == 400, response.json()
    assert "time_zone" in response.json()["errors"]
    if zone is not None:
        assert response.json()["errors"]["time_zone"][0] == (
            f"Unknown time zone “{zone}”: use America/New_York, Europe/Zurich (Geneva) or "
            "Europe/Vienna."
        )
    assert written.unchanged()


def test_a_meeting_moved_to_an_unknown_zone_through_the_api_stays_as_it_was(
    api, secretariat, at_ten_in_new_york
):
    response = api.as_user(secretariat).patch(
        f"{MEETINGS_API}{at_ten_in_new_york.pk}/", {"time_zone": "Atlantis/Capital"}
    )

    assert response.status_code == 400
    at_ten_in_new_york.refresh_from_db()
    assert (at_ten_in_new_york.time_zone, at_ten_in_new_york.sequence) == ("America/New_York", 0)


def test_the_api_moves_a_meeting_to_geneva(api, secretariat, at_ten_in_new_york):
    response = api.as_user(secretariat).patch(
        f"{MEETINGS_API}{at_ten_in_new_york.pk}/", {"time_zone": "Europe/Zurich"}
    )

    assert response.status_code == 200, response.json()
    at_ten_in_new_york.refresh_from_db()
    assert at_ten_in_new_york.time_zone == "Europe/Zurich"
    assert at_ten_in_new_york.starts_at == ten_in_new_york()  # the same moment, read in Geneva


def test_the_service_refuses_a_zone_it_does_not_know(secretariat, working_groups):
    written = Written(*MEETING_TABLES)

    with pytest.raises(ValidationError) as refused:
        services.schedule_meeting(
            acting_user=secretariat,
            kind=MeetingKind.FORMAL,
            title="Formal meeting",
            starts_at=ten_in_new_york(),
            place="Conference Room 4",
            time_zone="Europe/Paris",
        )

    assert "Unknown time zone “Europe/Paris”" in refused.value.message_dict["time_zone"][0]
    assert written.unchanged()


# --- the reader's own zone, on request ------------------------------------------------------------


def test_a_member_sees_the_times_in_their_own_zone_as_well_on_request(
    client, member, at_ten_in_new_york
):
    client.force_login(member)
    in_tokyo = f"{ten_in_new_york().astimezone(TOKYO):%H:%M} (Asia/Tokyo)"

    listing = client.get("/meetings/", {"tz": "Asia/Tokyo"})
    detail = client.get(at_ten_in_new_york.get_absolute_url())  # the choice is kept

    assertContains(listing, "10:00 (New York time)")
    assertContains(listing, in_tokyo)
    assertContains(detail, "In your time zone")
    assertContains(detail, in_tokyo)
    assertContains(detail, '<option value="Asia/Tokyo" selected>Asia/Tokyo</option>')


def test_the_reader_goes_back_to_the_meetings_own_zone(client, member, at_ten_in_new_york):
    client.force_login(member)
    client.get("/meetings/", {"tz": "Asia/Tokyo"})

    client.get("/meetings/", {"tz": ""})

    page = client.get(at_ten_in_new_york.get_absolute_url())
    assertNotContains(page, "In your time zone")
    assertNotContains(page, "(Asia/Tokyo)")


def test_an_unknown_reader_zone_is_explained_and_not_kept(client, member, at_ten_in_new_york):
    client.force_login(member)
    client.get("/meetings/", {"tz": "Europe/Paris"})

    response = client.get("/meetings/", {"tz": "Mars/Olympus"})

    assertContains(response, "Select a valid choice. Mars/Olympus is not one of")
    assert client.session["reader_time_zone"] == "Europe/Paris"


def test_the_filters_stay_when_the_reader_picks_a_zone(client, member, at_ten_in_new_york):
    client.force_login(member)

    page = client.get("/meetings/", {"kind": "working_group"})

    assertContains(page, '<input type="hidden" name="kind" value="working_group">')


def test_the_public_is_asked_to_log_in_and_no_zone_is_kept(client, at_ten_in_new_york):
    for url in ("/meetings/", at_ten_in_new_york.get_absolute_url()):
        response = client.get(url, {"tz": "Asia/Tokyo"})

        assert login_redirect(response)
    assert "reader_time_zone" not in client.session


@pytest.mark.parametrize("persona", ["poc_chn", "poc_bra"])
def test_a_poc_gets_no_schedule_in_any_zone(client, request, at_ten_in_new_york, persona):
    client.force_login(request.getfixturevalue(persona))

    for url in ("/meetings/", at_ten_in_new_york.get_absolute_url()):
        response = client.get(url, {"tz": "Asia/Tokyo"})

        assert response.status_code == 403
        assertNotContains(response, "10:00", status_code=403)
    assert "reader_time_zone" not in client.session


@pytest.mark.parametrize("persona", ["member", "expert", "secretariat"])
def test_delegations_and_staff_choose_their_zone(client, request, at_ten_in_new_york, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(at_ten_in_new_york.get_absolute_url(), {"tz": "Africa/Nairobi"})

    assert response.status_code == 200
    assert client.session["reader_time_zone"] == "Africa/Nairobi"
