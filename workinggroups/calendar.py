"""The meeting schedule as an iCalendar feed (RFC 5545), written with the ``icalendar``
library: line folding, escaping and CRLF line ends are its business."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

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
    for meeting in meetings:
        event = Event()
        event.add("uid", f"{meeting.uid}@1540-committee")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH)
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
    return calendar.to_ical()
