"""Choices shared by every app: the roles people have in the committee's work."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat staff")
    EXPERT = "expert", _("Expert (Group of Experts)")
    COMMITTEE_MEMBER = "member", _("Committee member")
    POC = "poc", _("National point of contact")


class Language(models.TextChoices):
    """The six official languages of the United Nations, as documents are filed in them."""

    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")
