"""The meeting schedule as an iCalendar feed (RFC 5545), written with the ``icalendar``
library: line folding, escaping and CRLF line ends are its business. A meeting's times are
given in its own zone (``DTSTART;TZID=America/New_York:20261201T100000``) with the zone's
VTIMEZONE, so that a calendar program shows the time of the place and moves it correctly
across a change of summer time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event

from workinggroups.choices import MeetingStatus
from workinggroups.models import Meeting

# A meeting entered without an end is shown as lasting three hours (a UN meeting slot).
DEFAULT_LENGTH = timedelta(hours=3)


def meetings_calendar(meetings: Iterable[Meeting], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//United Nations//1540 Committee meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    moments: list[datetime] = []
    for meeting in meetings:
        zone = ZoneInfo(meeting.time_zone)
        starts = timezone.localtime(meeting.starts_at, zone)
        ends = timezone.localtime(meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH, zone)
        moments += [starts, ends]
        event = Event()
        event.add("uid", f"{meeting.uid}@1540-committee")
        event.add("dtstamp", stamp)
        event.add("dtstart", starts)
        event.add("dtend", ends)
        event.add("summary", meeting.title)
        event.add("location", meeting.place)
        description = [meeting.get_kind_display()]
        if meeting.working_group is not None:
            description.append(str(meeting.working_group))
        if meeting.agenda:
            description.append(meeting.agenda)
        event.add("description", "\n\n".join(description))
        event.add("sequence", meeting.sequence)
        event.add("last-modified", meeting.updated_at)
        event.add(
            "status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED"
        )
        calendar.add_component(event)
    if moments:
        # The zones' rules over the years the meetings span, not icalendar's default of
        # 1970-2038, which would make every feed carry some seventy years of transitions.
        calendar.add_missing_timezones(
            first_date=date(min(moments).year, 1, 1), last_date=date(max(moments).year + 1, 1, 1)
        )
    return calendar.to_ical()
