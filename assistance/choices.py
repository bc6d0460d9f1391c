"""Choices of the assistance app, in the words of the 1540 assistance template."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestChannel(models.TextChoices):
    """How a request reached the committee."""

    NOTE_VERBALE = "note_verbale", _("Note verbale")
    NATIONAL_REPORT = "national_report", _("National report")
    TEMPLATE = "template", _("1540 assistance template")
    OTHER = "other", _("Other")


class AssistanceKind(models.TextChoices):
    """The type of help a request seeks or an offer provides."""

    ADVICE = "advice", _("Expert advice")
    LEGISLATIVE = "legislative", _("Legislative assistance")
    TRAINING = "training", _("Training")
    EQUIPMENT = "equipment", _("Equipment")
    FINANCIAL = "financial", _("Financial support")
    OTHER = "other", _("Other")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CIRCULATED = "circulated", _("Circulated to providers")
    MATCHED = "matched", _("Matched")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")


# The steps a request may take from each status (9(c): the committee follows requests up). A
# request that is still open may also be withdrawn by its state or closed by the secretariat.
_ENDINGS = [RequestStatus.WITHDRAWN, RequestStatus.CLOSED]
REQUEST_STEPS: dict[str, list[str]] = {
    RequestStatus.RECEIVED: [RequestStatus.ACKNOWLEDGED, *_ENDINGS],
    RequestStatus.ACKNOWLEDGED: [RequestStatus.CIRCULATED, *_ENDINGS],
    RequestStatus.CIRCULATED: [RequestStatus.MATCHED, *_ENDINGS],
    RequestStatus.MATCHED: [RequestStatus.IN_PROGRESS, RequestStatus.COMPLETED, *_ENDINGS],
    RequestStatus.IN_PROGRESS: [RequestStatus.COMPLETED, *_ENDINGS],
    RequestStatus.COMPLETED: [],
    RequestStatus.WITHDRAWN: [],
    RequestStatus.CLOSED: [],
}
REQUEST_FINAL = [RequestStatus.COMPLETED, RequestStatus.WITHDRAWN, RequestStatus.CLOSED]
# A request counts as matched in the public database from the moment a provider has agreed.
REQUEST_MATCHED = [RequestStatus.MATCHED, RequestStatus.IN_PROGRESS, RequestStatus.COMPLETED]
# Still waiting for a provider.
REQUEST_UNMATCHED = [RequestStatus.RECEIVED, RequestStatus.ACKNOWLEDGED, RequestStatus.CIRCULATED]


class OfferStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONTACTED = "contacted", _("Providers contacted")
    AGREED = "agreed", _("Agreed")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")


MATCH_STEPS: dict[str, list[str]] = {
    MatchStatus.PROPOSED: [MatchStatus.CONTACTED, MatchStatus.CLOSED],
    MatchStatus.CONTACTED: [MatchStatus.AGREED, MatchStatus.CLOSED],
    MatchStatus.AGREED: [MatchStatus.DELIVERED, MatchStatus.CLOSED],
    MatchStatus.DELIVERED: [MatchStatus.CLOSED],
    MatchStatus.CLOSED: [],
}
# A match in one of these is an agreement between requester and provider.
MATCH_AGREED = [MatchStatus.AGREED, MatchStatus.DELIVERED]


class NeedMet(models.TextChoices):
    """The requesting state's answer to "was the need met?" after delivery."""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class DigestBuildStatus(models.TextChoices):
    """Where the latest build of a digest is. The digest's content (figures and files) changes
    only when a build finishes, so a failed or killed build leaves the previous one readable."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Building")
    DONE = "done", _("Built")
    FAILED = "failed", _("Failed")


# The taxonomy of assistance, with the matrix sections each area helps a state fill. Kept in code
# so that a fresh database, a test database and a flushed one all get it (the data migration and
# AssistanceArea.objects.ensure_taxonomy).
TAXONOMY: list[tuple[str, str, list[str]]] = [
    ("legislative-drafting", "Legislative drafting", ["OP2", "OP3AB", "OP3CD"]),
    ("enforcement", "Enforcement", ["OP2", "OP3AB", "OP3CD"]),
    ("accounting-physical-protection", "Accounting and physical protection", ["OP3AB"]),
    ("border-export-control", "Border and export control", ["OP3CD"]),
    ("biosafety-biosecurity", "Biosafety and biosecurity", ["OP3AB"]),
    ("chemical-security", "Chemical security", ["OP3AB"]),
    ("nuclear-security", "Nuclear security", ["OP3AB"]),
    ("control-lists", "Control lists", ["OP3CD"]),
    ("training", "Training", ["OP3AB", "OP3CD"]),
    ("equipment", "Equipment", ["OP3AB", "OP3CD"]),
    ("awareness-raising", "Awareness raising", ["OP1"]),
    ("national-action-plans", "National action plans", ["OP1"]),
]
