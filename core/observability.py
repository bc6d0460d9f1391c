"""Logs an operator can follow: every line with its time, level, logger, request id and user id,
as JSON lines in production and readable lines in development (settings.LOGGING).

A request gets an id (the caller's X-Request-ID when it is a sane value, a new one otherwise). It
is sent back in the response's X-Request-ID header, put on every log line written while the
request is served, and travels with every Celery task queued meanwhile (a message header, set when
the task is published), so that the worker's lines about that task carry the same id. Tasks kept in
QueuedTask while the broker was down keep the id too (core/queue.py).

Also here: the error-reporting hook (Sentry), off unless SENTRY_DSN is set.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
# The name of the Celery message header that carries the id to the worker.
TASK_HEADER = "request_id"
# What a caller (a load balancer, a proxy, another service) may hand us as an id: UUIDs, hex
# digests and the like. Anything else (too long, spaces, quotes, control characters) would let a
# caller forge or break log lines, and is replaced by a new id.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_request: ContextVar[HttpRequest | None] = ContextVar("request", default=None)

request_logger = logging.getLogger("committee.requests")
task_logger = logging.getLogger("committee.tasks")


def get_request_id() -> str | None:
    """The id of the request or task being served in this context, if any."""
    return _request_id.get()


@contextmanager
def use_request_id(request_id: str | None) -> Iterator[None]:
    """Log and publish tasks under ``request_id`` (when given) inside the block."""
    if not request_id:
        yield
        return
    token = _request_id.set(request_id)
    try:
        yield
    finally:
        _request_id.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane_request_id(value: str | None) -> str | None:
    """``value`` if it may be used as a request id as it is, None otherwise."""
    if value and SANE_REQUEST_ID.fullmatch(value):
        return value
    return None


def _known_user_id(request: HttpRequest | None) -> int | None:
    """The signed-in user's id if this request has already loaded its user. A log line never
    loads it (that would cost a query, or recurse when the query itself is logged)."""
    if request is None:
        return None
    user = request.__dict__.get("user")
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


class RequestIdMiddleware:
    """First in MIDDLEWARE: every response, whatever answered it, carries the id; one line per
    request is logged at the end (method, path, status, duration, view)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = sane_request_id(request.headers.get(REQUEST_ID_HEADER)) or new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        id_token = _request_id.set(request_id)
        request_token = _request.set(request)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            match = getattr(request, "resolver_match", None)
            # The query string is left out: it may hold what a reader searched for.
            request_logger.info(
                '"%s %s" %s %.1f ms',
                request.method,
                request.path,
                response.status_code,
                (time.monotonic() - started) * 1000,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "view": match.view_name if match else None,
                },
            )
            return response
        finally:
            _request.reset(request_token)
            _request_id.reset(id_token)


class ContextFilter(logging.Filter):
    """Puts ``request_id`` and ``user_id`` on every record (None when there is none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a refused or failed request (django.request) once the middleware has
        # returned, with the request attached to the record: its id is taken from there.
        request = getattr(record, "request", None)
        if not isinstance(request, HttpRequest):
            request = _request.get()
        if getattr(record, "request_id", None) is None:
            record.request_id = getattr(request, "request_id", None) or _request_id.get()
        if getattr(record, "user_id", None) is None:
            record.user_id = _known_user_id(request)
        return True


class TextFormatter(logging.Formatter):
    """Readable lines for development: ``time level logger [request user] message``."""

    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s user=%(user_id)s] %(message)s"
        )

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        values = dict(record.__dict__)
        values["request_id"] = values.get("request_id") or "-"
        values["user_id"] = values.get("user_id") or "-"
        return self._style._fmt % values


class JsonFormatter(_JsonFormatter):
    """One JSON object per line for production: time (ISO 8601, UTC), level, logger, message,
    request_id, user_id, and whatever a line adds in ``extra``."""

    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + (
            f".{int(record.msecs):03d}Z"
        )


# --- Celery: the id travels with the task --------------------------------------------------------

# The context to restore once a task has run, by task id (a worker runs one task per thread).
_task_tokens: dict[str, Token] = {}


def _on_publish(headers: dict[str, Any] | None = None, **_: Any) -> None:
    # A header already there (set by whoever published the task) wins.
    request_id = _request_id.get()
    if headers is not None and request_id and not headers.get(TASK_HEADER):
        headers[TASK_HEADER] = request_id


def _on_prerun(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    request = getattr(task, "request", None)
    # Run in-process (development, tests), a task is part of the request that queued it and
    # keeps its id; on a worker it takes the id it was sent with, or a new one.
    if not (getattr(request, "is_eager", False) and _request_id.get()):
        sent = request.get(TASK_HEADER) if request is not None else None
        request_id = sane_request_id(sent) or new_request_id()
        if task_id:
            _task_tokens[task_id] = _request_id.set(request_id)
    task_logger.info("task %s started", getattr(task, "name", "?"))


def _on_postrun(
    task_id: str | None = None, task: Any = None, state: str | None = None, **_: Any
) -> None:
    task_logger.info("task %s finished: %s", getattr(task, "name", "?"), state)
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        _request_id.reset(token)


def connect_celery_signals() -> None:
    """Called by committee/celery.py, in the web processes (which publish) and the workers."""
    before_task_publish.connect(_on_publish, weak=False, dispatch_uid="request-id-publish")
    task_prerun.connect(_on_prerun, weak=False, dispatch_uid="request-id-prerun")
    task_postrun.connect(_on_postrun, weak=False, dispatch_uid="request-id-postrun")


# --- Error reporting ------------------------------------------------------------------------------


def init_sentry(dsn: str | None, *, release: str | None, environment: str | None) -> bool:
    """Start reporting errors to Sentry when ``dsn`` is set; do nothing otherwise. Returns
    whether it was started. No personal data is sent (user names, addresses, cookies)."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        release=release,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        # Errors only: tracing is left to the metrics at /metrics.
        traces_sample_rate=0.0,
    )
    return True
