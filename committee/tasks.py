"""Celery tasks of the committee's own work: thin wrappers that take ids and call one service."""

from __future__ import annotations

from celery import shared_task
from celery.signals import worker_ready

from committee import domain_services, mail, queue


@shared_task(
    name="committee.tasks.build_annual_review",
    acks_late=True,
    autoretry_for=domain_services.TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=3,
)
def build_annual_review(review_id: int) -> str:
    """Build the PDF of a queued annual review (8(a))."""
    return domain_services.build_annual_review(review_id).status


@shared_task(
    name="committee.tasks.build_scheduled_annual_review",
    acks_late=True,
    autoretry_for=domain_services.TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=3,
)
def build_scheduled_annual_review() -> int:
    """On 1 December (settings.CELERY_BEAT_SCHEDULE): queue this year's review as at today;
    the build itself runs as its own task once the request is committed."""
    return domain_services.request_scheduled_annual_review().pk


@shared_task(
    bind=True,
    name="committee.tasks.send_outgoing_mail",
    acks_late=True,
    max_retries=mail.MAX_RETRIES,
)
def send_outgoing_mail(self, mail_id: int) -> str:
    """Send one recorded message (committee/mail.py). While the mail server is unreachable it is
    tried again with a growing delay; once the tries are spent it is marked failed, not raised:
    the failure is shown on the page of what the message was about, with "Send again"."""
    try:
        return mail.deliver(mail_id).status
    except mail.MAIL_ERRORS as error:
        if self.request.retries >= self.max_retries:
            return mail.give_up(mail_id).status
        if self.request.is_eager:
            # No broker (development, tests): nothing would come back later, so the tries are
            # made now, one after the other.
            return self.apply(args=[mail_id], retries=self.request.retries + 1).get()
        raise self.retry(exc=error, countdown=mail.retry_countdown(self.request.retries)) from error


@shared_task(name="committee.tasks.resend_queued_tasks", acks_late=True)
def resend_queued_tasks() -> int:
    """Every minute (settings.CELERY_BEAT_SCHEDULE): hand the broker the tasks it missed."""
    return queue.resend_queued_tasks()


@worker_ready.connect
def _resend_when_a_worker_starts(**kwargs) -> None:
    queue.resend_queued_tasks()
