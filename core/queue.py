"""Queueing background work so that none is lost when the broker is down.

Services call ``enqueue("app.tasks.name", *args)`` (the task's Celery name) instead of
``task.delay(...)``: the message is sent once the transaction commits (a worker never sees
uncommitted rows), and if the broker cannot be reached it is kept in the database
(``QueuedTask``) and sent again by ``resend_queued_tasks``, which beat runs every minute and
every worker runs when it starts.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import Task, current_app
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError

from core.observability import get_request_id, use_request_id

logger = logging.getLogger(__name__)

# ``current_app`` is the app the project shell creates (committee/celery.py, loaded with the
# project package): the shared base reaches it without importing the shell, which imports it.

# What an unreachable broker raises when a message is published without retries.
BROKER_DOWN = (OperationalError, ConnectionError, OSError)


# The circuit breaker: while open (until this moment, on the monotonic clock), enqueue keeps new
# tasks in QueuedTask without trying the broker, so that with Redis down each write answers as
# fast as with Redis up instead of waiting for the broker's connection timeouts. Per process.
_circuit_open_until = 0.0


def circuit_is_open() -> bool:
    return time.monotonic() < _circuit_open_until


def _open_circuit() -> None:
    global _circuit_open_until
    _circuit_open_until = time.monotonic() + settings.BROKER_CIRCUIT_OPEN_SECONDS


def close_circuit() -> None:
    global _circuit_open_until
    _circuit_open_until = 0.0


def _send(name: str, args: list, kwargs: dict) -> None:
    # The id of the current request (or kept task) goes with it (core/observability.py).
    current_app.send_task(name, args=args, kwargs=kwargs, retry=False)


def _keep(name: str, args: list, kwargs: dict, error: str) -> None:
    from core.models import QueuedTask

    QueuedTask.objects.create(
        name=name,
        args=args,
        kwargs=kwargs,
        last_error=error[:1000],
        request_id=get_request_id() or "",
    )


def registered_task(name: str) -> Task:
    """The task registered under ``name`` (every tasks module is imported when Django is ready:
    committee/apps.py)."""
    return current_app.tasks[name]


def enqueue(task: str | Task, *args: Any, **kwargs: Any) -> None:
    """Run the task registered as ``task`` (its Celery name) with ``*args, **kwargs`` in the
    background once the current transaction commits. Services pass the name rather than import
    the tasks module: tasks import services, and the name is what the broker carries anyway
    (the import-linter contracts in pyproject.toml keep services from importing tasks)."""
    name = task if isinstance(task, str) else task.name

    def send() -> None:
        if current_app.conf.task_always_eager:
            # No worker (development, tests): the task runs here, after the commit. Its failure
            # is the task's, as it would be on a worker: logged, never a 500 for a change that
            # has been made (a retry of the request would make it twice).
            runnable = task if isinstance(task, Task) else registered_task(name)
            result = runnable.apply(args=args, kwargs=kwargs, throw=False)
            if result.failed():
                logger.error("task %s failed: %s\n%s", name, result.result, result.traceback)
            return
        if circuit_is_open():
            _keep(name, list(args), kwargs, "not tried: the broker was down moments ago")
            return
        try:
            _send(name, list(args), kwargs)
        except BROKER_DOWN as error:
            logger.warning("broker unreachable; %s kept to send again: %s", name, error)
            _open_circuit()
            _keep(name, list(args), kwargs, str(error))

    transaction.on_commit(send)


def resend_queued_tasks(limit: int = 500) -> int:
    """Send the kept tasks, oldest first; stop at the first failure (the broker is still down).
    Returns how many were sent. The rows are locked (skipping those another worker holds) and
    each is deleted in the same transaction as it is sent: two workers starting together never
    send the same task twice. Tries the broker even while the circuit is open (this is the probe
    that closes it)."""
    from core.models import QueuedTask

    sent = 0
    with transaction.atomic():
        batch = QueuedTask.objects.select_for_update(skip_locked=True).order_by("id")[:limit]
        for queued in batch:
            try:
                # Sent with the id of the request that queued it, not the resending task's.
                with use_request_id(queued.request_id):
                    _send(queued.name, queued.args, queued.kwargs)
            except BROKER_DOWN as error:
                queued.attempts += 1
                queued.last_error = str(error)[:1000]
                queued.save(update_fields=["attempts", "last_error"])
                _open_circuit()
                break
            queued.delete()
            sent += 1
        else:
            close_circuit()
    return sent
