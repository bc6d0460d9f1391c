"""The international, regional and subregional organisations the committee works with."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import no_bidi_override
from outreach.choices import OrganizationKind


class OrganizationQuerySet(models.QuerySet):
    def active(self) -> OrganizationQuerySet:
        return self.filter(active=True)

    def offering_assistance(self) -> OrganizationQuerySet:
        return self.filter(active=True, offers_assistance=True)


class Organization(models.Model):
    """An international, regional or subregional organisation the committee cooperates with
    (programme of work 10(b)), such as the IAEA, the OPCW, the BWC Implementation Support Unit,
    INTERPOL or the WCO. Many also offer assistance to states (9(a)), and appear as the
    provider of assistance offers. Organisations are public reference data."""

    # Unique by a constraint, not ``unique=True``: the per-language columns copy the field, and
    # a unique column in the history table would refuse a second version of the same row.
    name = models.CharField(_("name"), max_length=200, validators=[no_bidi_override])
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=15, choices=OrganizationKind)
    website = models.URLField(_("website"), blank=True)
    offers_assistance = models.BooleanField(
        _("offers assistance"),
        default=False,
        help_text=_("Whether the organisation provides assistance to states under 1540."),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Organisations are never deleted; an inactive one is kept for the record."),
    )

    # The name is kept in the six languages, falling back to English; history is registered in
    # outreach/translation.py, after the per-language columns.
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [models.UniqueConstraint(fields=["name"], name="organization_name_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def short_name(self) -> str:
        return self.acronym or self.name
