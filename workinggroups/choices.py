"""Choices of the workinggroups app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("Working group meeting")
    FORMAL = "formal", _("Formal meeting of the Committee")
    # 12(a): monthly informal meetings at expert level review progress against the programme.
    INFORMAL = "informal", _("Informal meeting of the Committee (monthly)")
    OPEN_BRIEFING = "open_briefing", _("Open briefing")
    # 8(m): a closed meeting of the Committee at expert level.
    CLOSED_EXPERT = "closed_expert", _("Closed meeting at expert level")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("meeting status", "Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingTimeZone(models.TextChoices):
    """The time zones of the places the committee meets: Headquarters in New York and the United
    Nations Offices at Geneva and Vienna. The label names the zone as a reader sees it next to a
    time: "10:00 (New York time)"."""

    NEW_YORK = "America/New_York", _("New York time")
    # Geneva keeps Switzerland's time, which the time zone database names after Zurich: there
    # is no Europe/Geneva.
    GENEVA = "Europe/Zurich", _("Geneva time")
    VIENNA = "Europe/Vienna", _("Vienna time")
