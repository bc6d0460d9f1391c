"""Queueing background work so that none is lost when the broker is down.

Services call ``enqueue(task, *args)`` instead of ``task.delay(...)``: the message is sent once
the transaction commits (a worker never sees uncommitted rows), and if the broker cannot be
reached it is kept in the database (``QueuedTask``) and sent again by ``resend_queued_tasks``,
which beat runs every minute and every worker runs when it starts.
"""

from __future__ import annotations

import logging

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# What an unreachable broker raises when a message is published without retries.
BROKER_DOWN = (OperationalError, ConnectionError, OSError)


def _send(name: str, args: list, kwargs: dict) -> None:
    from committee.celery import app

    app.send_task(name, args=args, kwargs=kwargs, retry=False)


def enqueue(task: Task, *args, **kwargs) -> None:
    """Run ``task(*args, **kwargs)`` in the background once the current transaction commits."""

    def send() -> None:
        from committee.celery import app

        if app.conf.task_always_eager:
            task.apply(args=args, kwargs=kwargs, throw=True)
            return
        try:
            _send(task.name, list(args), kwargs)
        except BROKER_DOWN as error:
            from committee.models import QueuedTask

            logger.warning("broker unreachable; %s kept to send again: %s", task.name, error)
            QueuedTask.objects.create(
                name=task.name, args=list(args), kwargs=kwargs, last_error=str(error)[:1000]
            )

    transaction.on_commit(send)


def resend_queued_tasks(limit: int = 500) -> int:
    """Send the kept tasks, oldest first; stop at the first failure (the broker is still down).
    Returns how many were sent."""
    from committee.models import QueuedTask

    sent = 0
    for queued in QueuedTask.objects.order_by("id")[:limit]:
        try:
            _send(queued.name, queued.args, queued.kwargs)
        except BROKER_DOWN as error:
            queued.attempts += 1
            queued.last_error = str(error)[:1000]
            queued.save(update_fields=["attempts", "last_error"])
            break
        queued.delete()
        sent += 1
    return sent
