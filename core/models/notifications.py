"""What each person is told by mail, and how: their choice per kind of notification, and the
notifications themselves (core/notifications.py writes them and mails them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Delivery(models.TextChoices):
    """How a person wants to be told of one kind of event."""

    IMMEDIATELY = "immediately", _("Immediately, one message each")
    DAILY = "daily", _("In a daily summary")
    NEVER = "never", _("Not at all")


class NotificationPreference(models.Model):
    """A person's choice for one kind of notification (core/notifications.py lists the kinds the
    apps declare). Without a row the kind's default applies: immediately. A kind the Committee
    must send (a note verbale to the person's state) cannot be turned off: "never" is refused
    when chosen and ignored if a row says it."""

    PUBLIC_PAGES = False

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind of notification"), max_length=80)
    delivery = models.CharField(_("delivery"), max_length=12, choices=Delivery)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        app_label = "committee"
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_user_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class NotificationQuerySet(models.QuerySet):
    def awaiting_summary(self) -> NotificationQuerySet:
        """The notifications a daily summary has still to carry."""
        return self.filter(delivery=Delivery.DAILY, mail__isnull=True)


class Notification(models.Model):
    """One thing one person is told: a matrix sent to their state for review, a report
    submitted to the secretariat. Written in the recipient's language in the transaction of the
    change it announces; mailed at once (``mail`` is then its message) or kept for the day's
    summary (``mail`` is the summary once it is sent). ``key`` names the event and the recipient,
    so that a change run twice (a task redelivered) tells nobody twice."""

    PUBLIC_PAGES = False

    key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind of notification"), max_length=80, db_index=True)
    delivery = models.CharField(_("delivery"), max_length=12, choices=Delivery)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    link_text = models.CharField(_("link text"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    mail = models.ForeignKey(
        "committee.OutgoingMail",
        verbose_name=_("message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        app_label = "committee"
        ordering = ["-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.subject
