"""Choices of the national legislation register."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegislationTopic(models.TextChoices):
    """What an act of national legislation provides for, in the terms of resolution 1540 and
    of the matrix: the prohibitions of OP 2, the accounting and physical protection of OP 3
    (a)(b), and the border and export controls of OP 3 (c)(d) with their parts (transit,
    transshipment, brokering, financing, control lists, end-user and catch-all controls), and
    the penalties that enforce them."""

    PROHIBITIONS = "prohibitions", _("Prohibitions on non-State actors (OP 2)")
    ACCOUNTING = "accounting", _("Accounting for materials")
    PHYSICAL_PROTECTION = "physical_protection", _("Physical protection")
    EXPORT_CONTROLS = "export_controls", _("Export controls")
    TRANSIT = "transit", _("Transit")
    TRANSSHIPMENT = "transshipment", _("Transshipment")
    BROKERING = "brokering", _("Brokering")
    FINANCING = "financing", _("Financing")
    BORDER_CONTROLS = "border_controls", _("Border controls")
    LICENSING = "licensing", _("Licensing")
    CONTROL_LISTS = "control_lists", _("Control lists")
    END_USER_CONTROLS = "end_user_controls", _("End-user controls")
    CATCH_ALL = "catch_all", _("Catch-all controls")
    PENALTIES = "penalties", _("Penalties")
    INTANGIBLE_TRANSFERS = "intangible_transfers", _("Intangible transfers of technology")
