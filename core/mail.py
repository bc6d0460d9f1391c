"""Mail: every message the system sends goes through here.

A service calls ``queue_mail(...)`` inside its transaction: that writes an ``OutgoingMail`` row
and queues the Celery task ``committee.tasks.send_outgoing_mail`` for after the commit. The task
sends the message and marks it sent; while the mail server is unreachable it retries with an
exponential backoff, then marks the message failed with the error, for the page to show and the
secretariat to send again. The web request that made the change never talks to the mail server:
a mail server that is down never fails a change, nor makes a retry of the change a duplicate.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import OutgoingMail, OutgoingMailStatus
from core.models.mail import MailFailure
from core.permissions import Actor
from core.queue import enqueue

logger = logging.getLogger(__name__)

# What an unreachable or refusing mail server raises (ConnectionRefusedError and timeouts are
# OSErrors): worth trying again later. Anything else is a bug and fails the task at once.
MAIL_ERRORS = (smtplib.SMTPException, OSError)
# Tries after the first: at 30 s, 1, 2, 4 and 8 minutes (about a quarter of an hour in all).
MAX_RETRIES = 5
FIRST_RETRY_AFTER = 30


def retry_countdown(retries: int) -> int:
    return FIRST_RETRY_AFTER * 2**retries


# Messages whose text must not outlive their sending (their body is emptied once sent).
SECRET_TOPICS = frozenset({"password-reset"})


def queue_mail(
    *,
    subject: str,
    body: str,
    html_body: str = "",
    to: Iterable[str] = (),
    bcc: Iterable[str] = (),
    topic: str = "",
    attachments: Iterable[dict] = (),
    key: str | None = None,
) -> OutgoingMail | None:
    """Record a message and send it once the current transaction commits (a rolled-back change
    announces nothing). None when there is nobody to write to. ``key`` names the message when the
    change that sends it may run twice (a task redelivered): the message of a key already
    recorded is not recorded or sent again. ``html_body`` is the same text as HTML, sent as the
    message's alternative part. An attachment is a stored file (``path``) or, for a small text
    made for the message (a meeting's .ics), its ``content``."""
    to, bcc = list(to), list(bcc)
    if not to and not bcc:
        return None
    if key is not None:
        existing = OutgoingMail.objects.filter(key=key).first()
        if existing is not None:
            return existing
    mail = OutgoingMail.objects.create(
        **({"key": key} if key is not None else {}),
        topic=topic,
        from_email=str(settings.DEFAULT_FROM_EMAIL),
        to=to,
        bcc=bcc,
        # One line: a title typed with a line break ("WG 2\nmatching") made the header invalid,
        # and the message could never be sent.
        subject=" ".join(subject.split())[:300],
        body=body,
        html_body=html_body,
        attachments=list(attachments),
    )
    send_after_commit(mail)
    return mail


def send_after_commit(mail: OutgoingMail) -> None:
    enqueue("committee.tasks.send_outgoing_mail", mail.pk)


def _message(mail: OutgoingMail) -> EmailMessage:
    message = (EmailMultiAlternatives if mail.html_body else EmailMessage)(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email,
        to=mail.to,
        bcc=mail.bcc,
        headers={"X-Committee-Mail-Key": mail.key},
    )
    if isinstance(message, EmailMultiAlternatives):
        message.attach_alternative(mail.html_body, "text/html")
    for attachment in mail.attachments:
        if "content" in attachment:
            message.attach(attachment["name"], attachment["content"], attachment["mimetype"])
            continue
        try:
            with default_storage.open(attachment["path"], "rb") as file:
                content = file.read()
        except FileNotFoundError:
            raise AttachmentGone(attachment["name"]) from None
        message.attach(attachment["name"], content, attachment["mimetype"])
    return message


class AttachmentGone(Exception):
    """The file a message was to carry has been replaced since (a digest rebuilt meanwhile, with
    a mailing of its own): trying again would never work, so the message fails at once."""


def deliver(mail_id: int) -> OutgoingMail:
    """Send one recorded message, unless it has been sent already (the idempotency: a task run
    twice, or a resend racing the retry, sends it once). The row is marked "sending" and that is
    committed before the mail server is contacted, so that no transaction is open while the
    server has the message: a commit failing after the server took it can no longer make the
    message look unsent and go out twice. Raises a MAIL_ERRORS error (for the task to retry)
    when the server did not take it; any other error fails the message at once."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().get(pk=mail_id)
        if mail.status == OutgoingMailStatus.SENT:
            return mail
        if mail.status == OutgoingMailStatus.SENDING:
            # A worker died while the server had the message (this is its task redelivered):
            # at most once, so it is not sent blind; the secretariat sees it and may send again.
            return _finish(mail, OutgoingMailStatus.FAILED, "", MailFailure.INTERRUPTED)
        mail.attempts += 1
        mail.status = OutgoingMailStatus.SENDING
        mail.save(update_fields=["attempts", "status"])
    try:
        _message(mail).send()
    except AttachmentGone:
        # Shown in the reader's language (OutgoingMail.error_text), not the worker's.
        return _finish(mail, OutgoingMailStatus.FAILED, "", MailFailure.ATTACHMENT_GONE)
    except MAIL_ERRORS as error:
        _finish(mail, OutgoingMailStatus.QUEUED, f"{type(error).__name__}: {error}")
        logger.warning("mail %s not sent (attempt %s): %s", mail.pk, mail.attempts, error)
        raise
    except Exception as error:
        # Not the server being away (a header the message cannot carry, a bug): trying again
        # would fail the same way, and a message left "queued" would never be seen as failed.
        logger.exception("mail %s cannot be sent", mail.pk)
        return _finish(mail, OutgoingMailStatus.FAILED, f"{type(error).__name__}: {error}")
    return _finish(mail, OutgoingMailStatus.SENT, "")


def _finish(mail: OutgoingMail, status: str, error: str, failure: str = "") -> OutgoingMail:
    mail.status = status
    mail.last_error = error[:2000]
    mail.failure = failure
    fields = ["status", "last_error", "failure"]
    if status == OutgoingMailStatus.SENT:
        mail.sent_at = timezone.now()
        fields.append("sent_at")
        if mail.topic in SECRET_TOPICS:
            # A password-reset link is the key to an account: once delivered, it is not kept
            # where anyone with access to the outbox (or a backup of it) could use it.
            mail.body = ""
            fields.append("body")
    mail.save(update_fields=fields)
    return mail


def give_up(mail_id: int) -> OutgoingMail:
    """The retries are spent: show the message as failed, with its last error."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().get(pk=mail_id)
        if mail.status == OutgoingMailStatus.QUEUED:
            mail.status = OutgoingMailStatus.FAILED
            mail.save(update_fields=["status"])
    logger.error("mail %s failed after %s attempts: %s", mail.pk, mail.attempts, mail.last_error)
    return mail


@transaction.atomic
def resend_mail(
    mail: OutgoingMail, *, acting_user: Actor, reason: str = "Sent again"
) -> OutgoingMail:
    """Queue a failed message again (the secretariat, once the mail server is back), recording
    who asked in its history. The one way any message is sent again: the mail page's button and
    the digest's both come here."""
    from core.permissions import require
    from core.services import InvalidTransition, save_with_history

    mail = OutgoingMail.objects.select_for_update().get(pk=mail.pk)
    require(acting_user, "committee.resend_mail", mail)
    if mail.status != OutgoingMailStatus.FAILED:
        raise InvalidTransition(_("Only a message that failed can be sent again."))
    mail.status = OutgoingMailStatus.QUEUED
    mail.last_error = ""
    mail.failure = ""
    save_with_history(
        mail, acting_user, update_fields=["status", "last_error", "failure"], reason=reason
    )
    send_after_commit(mail)
    return mail
