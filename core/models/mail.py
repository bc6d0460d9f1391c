"""Every message the system sends, kept as the record of what was sent to whom and whether it
went out."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


def new_key() -> str:
    return uuid.uuid4().hex


class OutgoingMailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    # Handed to the mail server: committed before the server is contacted, so that a message
    # the server took is never sent twice (core/mail.py, deliver).
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class MailFailure(models.TextChoices):
    """Why a message failed, when the system itself knows: shown in the reader's language
    (``OutgoingMail.error_text``), where a mail server's own error can only be shown as it came."""

    NONE = "", _("Mail server error")
    ATTACHMENT_GONE = "attachment_gone", _("Attachment gone")
    INTERRUPTED = "interrupted", _("Interrupted while sending")


class OutgoingMailQuerySet(models.QuerySet):
    def about(self, topic: str) -> OutgoingMailQuerySet:
        return self.filter(topic=topic)


class OutgoingMail(models.Model):
    """One message to the delegations or the committee's members (a meeting notice, a circulated
    document, the quarterly digest). Written in the transaction of the change it announces and
    sent afterwards by a Celery task (committee.tasks.send_outgoing_mail), which retries while the
    mail server is unreachable: a mail server that is down never fails the change, and the page
    can say truthfully whether the message went out. ``key`` makes sending idempotent: a second
    run of the task for a message already sent sends nothing."""

    PUBLIC_PAGES = False

    key = models.CharField(_("idempotency key"), max_length=64, unique=True, default=new_key)
    # What the message is about, as "<app>.<model>:<pk>" (e.g. "assistance.quarterlydigest:3"),
    # so that the page of that record can show its mailing.
    topic = models.CharField(_("what it is about"), max_length=100, blank=True, db_index=True)
    from_email = models.CharField(pgettext_lazy("mail sender", "from"), max_length=254)
    to = models.JSONField(pgettext_lazy("mail recipients", "to"), default=list, blank=True)
    bcc = models.JSONField(_("Bcc"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    # The same text as HTML, sent as its alternative part (notifications); blank: plain text only.
    html_body = models.TextField(_("HTML body"), blank=True, default="")
    # Files from the default storage: [{"name": shown name, "path": storage name, "mimetype"}].
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutgoingMailStatus, default=OutgoingMailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    failure = models.CharField(
        _("why it failed"), max_length=20, choices=MailFailure, default="", blank=True
    )
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        # The base's models keep their app: the tables, the migrations and AUTH_USER_MODEL
        # "committee.User" of running deployments stay as they are.
        app_label = "committee"
        ordering = ["-id"]
        verbose_name = _("outgoing mail message")
        verbose_name_plural = _("outgoing mail messages")

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_status_display()})"

    @property
    def error_text(self) -> str:
        """The error to show, in the reader's language when the system wrote it."""
        if self.failure == MailFailure.ATTACHMENT_GONE:
            names = ", ".join(attachment["name"] for attachment in self.attachments)
            return _("The attachment %(name)s no longer exists; a newer mailing replaces it.") % {
                "name": names
            }
        if self.failure == MailFailure.INTERRUPTED:
            return str(
                _(
                    "The sending was interrupted (the worker stopped while the mail server had "
                    "the message): it may or may not have gone out."
                )
            )
        return self.last_error

    @property
    def recipient_count(self) -> int:
        # The addressees: the Bcc list when there is one (the "To" is then our own address).
        return len(self.bcc) if self.bcc else len(self.to)
