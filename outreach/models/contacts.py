"""The people the committee deals with at each organisation, and its roster of former experts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.permissions import restrict
from core.validators import no_bidi_override
from outreach.models.organizations import Organization


class PrivateQuerySet(models.QuerySet):
    def visible_to(self, user) -> PrivateQuerySet:
        return restrict(self, user, "outreach.see_organization_contacts")

    def active(self) -> PrivateQuerySet:
        return self.filter(active=True)


class OrganizationContact(models.Model):
    """A point of contact at an international, regional or subregional organisation, whom the
    committee and its experts reach for cooperation and assistance (programme of work 10(b):
    the committee keeps up to date its contacts with these organisations). Private to the
    secretariat and the experts; a contact who leaves is marked inactive, never deleted."""

    PUBLIC_PAGES = "outreach.see_organization_contacts"

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    name = models.CharField(
        pgettext_lazy("of a person", "name"), max_length=200, validators=[no_bidi_override]
    )
    position = models.CharField(pgettext_lazy("job title", "position"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = PrivateQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "-active", "name"]
        verbose_name = _("organisation contact")
        verbose_name_plural = _("organisation contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=models.Q(active=True),
                name="one_active_contact_per_organization_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization.short_name})"


class RosterQuerySet(models.QuerySet):
    def visible_to(self, user) -> RosterQuerySet:
        return restrict(self, user, "outreach.see_expert_roster")


class FormerExpert(models.Model):
    """A former member of the Group of Experts on the committee's roster, whom the committee
    may draw on for outreach and assistance (programme of work 11(g)). Private to the
    secretariat; someone who asks to leave the roster is marked unavailable, never deleted."""

    PUBLIC_PAGES = "outreach.see_expert_roster"

    name = models.CharField(
        pgettext_lazy("of a person", "name"), max_length=200, validators=[no_bidi_override]
    )
    email = models.EmailField(_("email"), unique=True)
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    expertise = models.CharField(_("expertise"), max_length=300)
    served_from = models.PositiveSmallIntegerField(_("served from (year)"))
    served_until = models.PositiveSmallIntegerField(_("served until (year)"))
    available = models.BooleanField(_("available"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = RosterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("former expert")
        verbose_name_plural = _("expert roster")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(served_until__gte=models.F("served_from")),
                name="former_expert_service_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name
