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
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from committee.models import OutgoingMail, OutgoingMailStatus
from committee.queue import enqueue

logger = logging.getLogger(__name__)

# What an unreachable or refusing mail server raises (ConnectionRefusedError and timeouts are
# OSErrors): worth trying again later. Anything else is a bug and fails the task at once.
MAIL_ERRORS = (smtplib.SMTPException, OSError)
# Tries after the first: at 30 s, 1, 2, 4 and 8 minutes (about a quarter of an hour in all).
MAX_RETRIES = 5
FIRST_RETRY_AFTER = 30


def retry_countdown(retries: int) -> int:
    return FIRST_RETRY_AFTER * 2**retries


def queue_mail(
    *,
    subject: str,
    body: str,
    to: Iterable[str] = (),
    bcc: Iterable[str] = (),
    topic: str = "",
    attachments: Iterable[dict] = (),
) -> OutgoingMail | None:
    """Record a message and send it once the current transaction commits (a rolled-back change
    announces nothing). None when there is nobody to write to."""
    to, bcc = list(to), list(bcc)
    if not to and not bcc:
        return None
    mail = OutgoingMail.objects.create(
        topic=topic,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        bcc=bcc,
        subject=subject[:300],
        body=body,
        attachments=list(attachments),
    )
    send_after_commit(mail)
    return mail


def send_after_commit(mail: OutgoingMail) -> None:
    from committee import tasks  # the tasks module imports this one

    enqueue(tasks.send_outgoing_mail, mail.pk)


def _message(mail: OutgoingMail) -> EmailMessage:
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email,
        to=mail.to,
        bcc=mail.bcc,
        headers={"X-Committee-Mail-Key": mail.key},
    )
    for attachment in mail.attachments:
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
    twice, or a resend racing the retry, sends it once). The row stays locked while the server
    takes the message, so that two workers never send it together. Raises a MAIL_ERRORS error
    when the server did not take it, after writing down the attempt."""
    failure: Exception | None = None
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().get(pk=mail_id)
        if mail.status == OutgoingMailStatus.SENT:
            return mail
        mail.attempts += 1
        try:
            _message(mail).send()
        except AttachmentGone as gone:
            mail.status = OutgoingMailStatus.FAILED
            mail.last_error = (
                f"The attachment {gone} no longer exists; a newer mailing replaces it."
            )
            mail.save(update_fields=["attempts", "status", "last_error"])
            return mail
        except MAIL_ERRORS as error:
            failure = error
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            mail.save(update_fields=["attempts", "last_error"])
        else:
            mail.status = OutgoingMailStatus.SENT
            mail.sent_at = timezone.now()
            mail.last_error = ""
            mail.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if failure is not None:
        logger.warning("mail %s not sent (attempt %s): %s", mail.pk, mail.attempts, failure)
        raise failure
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


def send_again(mail: OutgoingMail, *, acting_user, reason: str = "Sent again") -> OutgoingMail:
    """Queue a failed message again, recording who asked in its history. Not a use case of its
    own: the service of the record the message is about checks who may, inside its transaction."""
    from committee.services import save_with_history

    mail = OutgoingMail.objects.select_for_update().get(pk=mail.pk)
    if mail.status != OutgoingMailStatus.FAILED:
        return mail
    mail.status = OutgoingMailStatus.QUEUED
    save_with_history(mail, acting_user, update_fields=["status"], reason=reason)
    send_after_commit(mail)
    return mail
