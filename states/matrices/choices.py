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
    # The OP 6 and OP 8 (d) worksheet of the 2017 format: control lists, assistance, outreach,
    # information sharing; one field per row, like OP 1.
    COOPERATION = "cooperation", _("Control lists, assistance, outreach and information")


class MatrixSectionKind(models.TextChoices):
    """What a worksheet records, which decides its columns (``SECTION_COLUMNS``): adherence to
    treaties, organizations and arrangements (OP 1), measures with their national legal
    framework and enforcement (OP 2, OP 3), or control lists, assistance, outreach and
    information sharing (OP 6 and OP 8 (d))."""

    ADHERENCE = "adherence", _("Adherence to treaties, organizations and arrangements")
    MEASURES = "measures", _("National legal framework and enforcement")
    COOPERATION = "cooperation", _("Control lists, assistance, outreach and information sharing")


# The kind of each worksheet, by its section code (states.choices.MatrixSectionCode).
SECTION_KINDS = {
    "OP1": MatrixSectionKind.ADHERENCE,
    "OP2": MatrixSectionKind.MEASURES,
    "OP3AB": MatrixSectionKind.MEASURES,
    "OP3CD": MatrixSectionKind.MEASURES,
    "OP6-8D": MatrixSectionKind.COOPERATION,
}

# The columns of a worksheet, as the published matrices head them: ``(key, heading)``. On an
# adherence or cooperation sheet a row is one field: "yes" is its mark, "information" what the
# entry says of it (dates of signature, ratification...), "remarks" its source (the page of the
# national report or an official website). On a measures sheet a row is two fields, the
# national legal framework and the enforcement (MatrixField.row joins them), each with its mark
# and source.
REMARKS_HEADING = _("Remarks (the page of the national report or an official website)")
SECTION_COLUMNS = {
    MatrixSectionKind.ADHERENCE: (
        ("yes", _("YES")),
        (
            "information",
            _("if YES, relevant information (signing, accession, ratification, entry into force)"),
        ),
        ("remarks", REMARKS_HEADING),
    ),
    MatrixSectionKind.MEASURES: (
        ("framework", _("National legal framework")),
        ("enforcement", _("Enforcement")),
    ),
    MatrixSectionKind.COOPERATION: (
        ("yes", _("YES")),
        ("information", _("if YES, relevant information (what, since when, with whom)")),
        ("remarks", REMARKS_HEADING),
    ),
}


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


class ConversionBatchStatus(models.TextChoices):
    """The steps of the job that converts every state's matrix to a new format (8(d))."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
