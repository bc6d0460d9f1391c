"""Choices of country visits and training courses."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitStatus(models.TextChoices):
    """The steps of a country visit, from the state's invitation to the follow-up of the
    report's recommendations; a visit may be called off before it is held."""

    INVITED = "invited", _("Invitation received")
    ACCEPTED = "accepted", _("Invitation accepted")
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Report issued")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CANCELLED = "cancelled", _("Called off")


class CourseStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Called off")


class CourseFormat(models.TextChoices):
    COURSE = "course", _("Training course")
    WORKSHOP = "workshop", _("Workshop")
