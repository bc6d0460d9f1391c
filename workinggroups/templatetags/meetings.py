"""``{{ meeting|when }}``: when a meeting takes place, in the page's language, in the meeting's
own time zone with the zone named; ``{{ meeting|when:reader_zone }}`` in another zone."""

from __future__ import annotations

from django import template

from workinggroups.models import Meeting

register = template.Library()


@register.filter
def when(meeting: Meeting, zone: str = "") -> str:
    return meeting.when(zone or None)
