"""The committee's calendar of outreach activities (programme of work 11(b)(i))."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.permissions import restrict
from core.validators import no_bidi_override
from outreach.choices import EventKind, EventRegion, EventStatus
from outreach.models.organizations import Organization

# What the public calendar shows: events that took place and confirmed upcoming ones. A planned
# event may still move or be called off; a cancelled one is not news.
PUBLIC_STATUSES = [EventStatus.CONFIRMED, EventStatus.HELD]


class EventQuerySet(models.QuerySet):
    def visible_to(self, user) -> EventQuerySet:
        return restrict(self, user, "outreach.read_event")

    def public(self) -> EventQuerySet:
        return self.filter(is_public=True, status__in=PUBLIC_STATUSES)

    def upcoming(self, today=None) -> EventQuerySet:
        """Confirmed events still to come (planned and cancelled ones are not upcoming)."""
        today = today or timezone.localdate()
        return self.filter(status=EventStatus.CONFIRMED, end_date__gte=today).order_by(
            "start_date", "pk"
        )

    def past(self, today=None) -> EventQuerySet:
        """Events that were held, latest first."""
        return self.filter(status=EventStatus.HELD).order_by("-start_date", "-pk")


class Event(models.Model):
    """An outreach activity of the committee or with its participation: a workshop, a
    conference, a country visit at a state's invitation (8(e)), a regional training course for
    national points of contact (8(c)), outreach to industry, academia, civil society or
    parliamentarians (11(c)-(f)), an assistance conference or a joint visit with other
    organisations (10(c)). The website's calendar lists held and confirmed upcoming events,
    with a note on each on what took place (11(b)(i)). Title, place and note are kept in the
    six languages, falling back to English."""

    PUBLIC_PAGES = "outreach.read_event"

    title = models.CharField(_("title"), max_length=300, validators=[no_bidi_override])
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus, default=EventStatus.PLANNED
    )
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=EventRegion, db_index=True)
    states = models.ManyToManyField(
        # By label: outreach and states are independent apps (pyproject.toml's contracts).
        "states.MemberState",
        verbose_name=_("participating states"),
        blank=True,
        related_name="+",
    )
    organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("participating organisations"),
        blank=True,
        related_name="events",
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Closed meetings are kept on the internal calendar only."),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("What took place, in brief."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # History: registered in outreach/translation.py, after the per-language columns.
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="event_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:event-detail", kwargs={"pk": self.pk})

    @property
    def is_shown_publicly(self) -> bool:
        return self.is_public and self.status in PUBLIC_STATUSES
