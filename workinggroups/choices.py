"""Choices of the workinggroups app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("Working group meeting")
    FORMAL = "formal", _("Formal meeting of the Committee")
    # 12(a): monthly informal meetings at expert level review progress against the programme.
    INFORMAL = "informal", _("Informal meeting of the Committee (monthly)")
    OPEN_BRIEFING = "open_briefing", _("Open briefing")
    # 8(m): a closed meeting of the Committee at expert level.
    CLOSED_EXPERT = "closed_expert", _("Closed meeting at expert level")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
