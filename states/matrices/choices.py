"""Choices of the 1540 matrix. Kept beside ``states.choices`` (which holds the choices shared with
other apps: ``WeaponType`` and ``MatrixSectionCode``) so that the matrix's own vocabulary lives in
one place."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MatrixColumn(models.TextChoices):
    """The column of the matrix a field sits in. OP 1 records adherence to treaties and
    arrangements; OP 2 and OP 3 record, for each measure, the national legal framework and its
    enforcement."""

    ADHERENCE = "adherence", _("Adherence")
    LEGAL_FRAMEWORK = "framework", _("National legal framework")
    ENFORCEMENT = "enforcement", _("Enforcement")


class MatrixMark(models.TextChoices):
    """What the experts record in a field, as in the published matrices: indicators of fact, never
    of the degree of compliance (the legend, states/matrices/legend.py)."""

    IN_PLACE = "X", _("X: information found, source given")
    DOUBTFUL = "?", _("?: information incomplete or of unclear relevance")
    NOT_APPLICABLE = "NA", _("NA: not applicable")
    EMPTY = "", _("Blank: no information found")


class MatrixStatus(models.TextChoices):
    """The steps of one version of a state's matrix (programme of work 8(d))."""

    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent to the state")
    COMMENTED = "commented", _("Comments received")
    APPROVED = "approved", _("Approved by the committee")
    PUBLISHED = "published", _("Published")


class CommentKind(models.TextChoices):
    ACCEPT = "accept", _("Accept the entry")
    PROPOSE = "propose", _("Propose a change")


class CommentResponse(models.TextChoices):
    OPEN = "open", _("Awaiting the experts")
    ADOPTED = "adopted", _("Change adopted")
    NOTED = "noted", _("Noted")
    DECLINED = "declined", _("Not adopted")


# A version is "open" while the experts and the state work on it: one at a time per state.
OPEN_STATUSES = [MatrixStatus.DRAFT, MatrixStatus.SENT, MatrixStatus.COMMENTED]
# The committee has approved these; the latest of them is the state's current matrix (12(h)).
APPROVED_STATUSES = [MatrixStatus.APPROVED, MatrixStatus.PUBLISHED]
