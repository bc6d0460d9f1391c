"""Choices of the states app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionalGroup(models.TextChoices):
    """The five United Nations regional groups, spelled as in the reference data file."""

    AFRICAN = "African", _("African")
    ASIA_PACIFIC = "Asia-Pacific", _("Asia-Pacific")
    EASTERN_EUROPEAN = "Eastern European", _("Eastern European")
    LATIN_AMERICAN_CARIBBEAN = "Latin American and Caribbean", _("Latin American and Caribbean")
    WESTERN_EUROPEAN_OTHERS = "Western European and Others", _("Western European and Others")


class WeaponType(models.TextChoices):
    """The weapons resolution 1540 covers, as the matrix and the assistance template name them."""

    NUCLEAR = "nuclear", _("Nuclear weapons")
    CHEMICAL = "chemical", _("Chemical weapons")
    BIOLOGICAL = "biological", _("Biological weapons")
    MEANS_OF_DELIVERY = "delivery", _("Means of delivery")


class MatrixSectionCode(models.TextChoices):
    """The sections of the 1540 matrix, by the operative paragraph of the resolution they follow.
    Other apps (assistance areas) refer to sections by these stable codes."""

    OP1 = "OP1", _("OP 1 and related matters")
    OP2 = "OP2", _("OP 2: prohibitions on non-State actors")
    OP3AB = "OP3AB", _("OP 3 (a) and (b): accounting for, securing and protecting materials")
    OP3CD = "OP3CD", _("OP 3 (c) and (d): border and export controls")
    # A worksheet of the 2017 format (programme of work 8(d)): no template before it has one.
    OP6_8D = (
        "OP6-8D",
        _(
            "OP 6 and OP 8 (d): control lists, assistance, work with industry and the public, "
            "information sharing"
        ),
    )


class ReportKind(models.TextChoices):
    FIRST = "first", _("First report")
    ADDITIONAL = "additional", _("Additional report / addendum")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
