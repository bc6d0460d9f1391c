"""Choices of the correspondence register."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CorrespondenceKind(models.TextChoices):
    NOTE_VERBALE = "note_verbale", _("Note verbale")
    LETTER = "letter", _("Letter")
    OTHER = "other", _("Other correspondence")


class Direction(models.TextChoices):
    INCOMING = "in", _("Incoming")
    OUTGOING = "out", _("Outgoing")


class CorrespondenceStatus(models.TextChoices):
    # Outgoing: draft -> approved (by the secretariat) -> sent -> acknowledged or replied.
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    REPLIED = "replied", _("Replied")
    # Incoming: received -> registered -> answered.
    RECEIVED = "received", _("Received")
    REGISTERED = "registered", _("Registered")
    ANSWERED = "answered", _("Answered")


OUTGOING_STATUSES = (
    CorrespondenceStatus.DRAFT,
    CorrespondenceStatus.APPROVED,
    CorrespondenceStatus.SENT,
    CorrespondenceStatus.ACKNOWLEDGED,
    CorrespondenceStatus.REPLIED,
)
INCOMING_STATUSES = (
    CorrespondenceStatus.RECEIVED,
    CorrespondenceStatus.REGISTERED,
    CorrespondenceStatus.ANSWERED,
)
# An outgoing note the state has in hand: its point of contact reads it from then on.
GONE_OUT = (
    CorrespondenceStatus.SENT,
    CorrespondenceStatus.ACKNOWLEDGED,
    CorrespondenceStatus.REPLIED,
)


class CommitteeParty(models.TextChoices):
    """Who writes or is written to on the Committee's side."""

    CHAIR = "chair", _("The Chair of the Committee")
    SECRETARIAT = "secretariat", _("The secretariat")


class Counterpart(models.TextChoices):
    """Who is on the other side of the correspondence."""

    MISSION = "mission", _("A state's permanent mission")
    ORGANIZATION = "organization", _("An organisation")
    OTHER = "other", _("Other")


class LinkKind(models.TextChoices):
    """What a note may concern: each a model of another app, named here by its label only (the
    register imports no other app's models, LINKABLE)."""

    REPORT = "report", _("National report")
    MATRIX = "matrix", _("Matrix version")
    ASSISTANCE_REQUEST = "assistance_request", _("Assistance request")
    ASSISTANCE_OFFER = "assistance_offer", _("Assistance offer")
    REMINDER = "reminder", _("Reporting reminder")
    VISIT = "visit", _("Visit or event")
    MEETING = "meeting", _("Meeting")
    DIGEST = "digest", _("Assistance digest")


# The model behind each kind of link, as "app_label.ModelName".
LINKABLE = {
    LinkKind.REPORT: "states.NationalReport",
    LinkKind.MATRIX: "states.Matrix",
    LinkKind.ASSISTANCE_REQUEST: "assistance.AssistanceRequest",
    LinkKind.ASSISTANCE_OFFER: "assistance.AssistanceOffer",
    LinkKind.REMINDER: "committee.ReportingReminder",
    LinkKind.VISIT: "outreach.Event",
    LinkKind.MEETING: "workinggroups.Meeting",
    LinkKind.DIGEST: "assistance.QuarterlyDigest",
}
