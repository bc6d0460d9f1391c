"""One-time pairing codes: what lets a staff member pair their first authenticator app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PairingCodeQuerySet(models.QuerySet):
    def usable(self) -> PairingCodeQuerySet:
        """Neither used nor expired."""
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class PairingCode(models.Model):
    """A one-time code the secretariat issues to a member of the secretariat, an expert or a
    committee member so that they can pair their first authenticator app (two-factor sign-in).

    Without it, whoever learnt a not-yet-paired account's password could pair their own app and
    hold the account's second factor for good. The code is given to its owner out of band, is
    kept here only as a password hash, expires (PAIRING_CODE_HOURS) and works once."""

    PUBLIC_PAGES = False

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="pairing_codes",
    )
    code_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    objects = PairingCodeQuerySet.as_manager()

    class Meta:
        # The base's models keep their app: the tables, the migrations and AUTH_USER_MODEL
        # "committee.User" of running deployments stay as they are.
        app_label = "committee"
        ordering = ["-created_at"]
        verbose_name = _("pairing code")
        verbose_name_plural = _("pairing codes")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
