"""Choices of the dialogue with states (programme of work 8(b))."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DialogueKind(models.TextChoices):
    """How an exchange with a state took place."""

    GENERAL_ASSEMBLY = "general_assembly", _("Meeting on the margins of the General Assembly")
    CALL = "call", _("Telephone call")
    VIDEO_CALL = "video_call", _("Video call")
    MISSION_VISIT = "mission_visit", _("Visit to the State")
    NEW_YORK = "new_york", _("Meeting in New York")
    CORRESPONDENCE = "correspondence", _("Correspondence")
    OTHER = "other", _("Other")
