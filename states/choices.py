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


class ReportKind(models.TextChoices):
    FIRST = "first", _("First report")
    ADDITIONAL = "additional", _("Additional report / addendum")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
