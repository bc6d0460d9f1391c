"""The name of an API token: what its owner called it, to tell their tokens apart."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiTokenName(models.Model):
    """The name a person gave one of their API tokens on their account page ("Export script on
    the mission's server"), so that they know which one to revoke. django-rest-knox keeps the
    token itself (as a digest, with its expiry) and has no column for a name; tokens issued at
    /api/v1/auth/token/ have none. It goes with its token when the token is revoked. What happens
    to tokens is recorded on their owner's history (core/accounts.py), so this row keeps none."""

    PUBLIC_PAGES = False

    token = models.OneToOneField(
        "knox.AuthToken",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="given_name",
        verbose_name=_("API token"),
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        # The base's models keep their app: see core/models/pairing.py.
        app_label = "committee"
        verbose_name = _("API token name")

    def __str__(self) -> str:
        return self.name
