"""Celery tasks of the shared base: sending recorded mail and handing the broker the tasks it
missed. Their names are the ones they had in committee/tasks.py, where messages already queued,
QueuedTask rows and settings.CELERY_BEAT_SCHEDULE know them."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from celery.signals import worker_ready

from core import mail, notifications, queue


@shared_task(
    bind=True,
    name="committee.tasks.send_outgoing_mail",
    acks_late=True,
    max_retries=mail.MAX_RETRIES,
)
def send_outgoing_mail(self: Task, mail_id: int) -> str:
    """Send one recorded message (core/mail.py). While the mail server is unreachable it is
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
def _resend_when_a_worker_starts(**kwargs: Any) -> None:
    queue.resend_queued_tasks()


@shared_task(name="committee.tasks.send_daily_summaries", acks_late=True)
def send_daily_summaries() -> int:
    """Every morning (settings.CELERY_BEAT_SCHEDULE): each person's daily summary of their
    notifications (core/notifications.py), once a day whatever the number of runs."""
    return notifications.send_daily_summaries()
