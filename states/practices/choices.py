"""Choices of effective practices (8(h)) and national action plans (8(i))."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeArea(models.TextChoices):
    """The areas of implementation of resolution 1540 under which the committee compiles
    effective practices and action plans."""

    LEGISLATION = "legislation", _("National legal framework")
    ENFORCEMENT = "enforcement", _("Enforcement")
    ACCOUNTING_SECURITY = "accounting_security", _("Accounting for and securing materials")
    BORDER_EXPORT = "border_export", _("Border and export controls")
    COORDINATION = "coordination", _("National coordination")
    AWARENESS = "awareness", _("Awareness raising and outreach")
    COOPERATION = "cooperation", _("International cooperation and assistance")


class SubmissionStatus(models.TextChoices):
    """The path of an effective practice or a national action plan: the state's point of
    contact submits it; the secretariat publishes it on the website, or the state withdraws it
    before publication. Published ones stay published (never deleted)."""

    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
