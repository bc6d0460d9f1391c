"""Prometheus metrics at /metrics, for the monitoring system only.

Counted as things happen: request latency and responses by view (the URL's name), task
durations and failures by task name, hits and misses of the public page cache. Read when
scraped: the depth of the Celery queues in Redis, the tasks kept in QueuedTask because the broker
was down, and outgoing mail by status.

With several gunicorn workers each process counts its own; when PROMETHEUS_MULTIPROC_DIR is set
(production: README), prometheus_client writes every process's counts to files there and /metrics
adds them up, so any worker answers for all of them (the Celery workers too, on the same host).
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from celery import current_app
from celery.signals import task_failure, task_postrun, task_prerun
from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

REQUEST_LATENCY = Histogram(
    "committee_http_request_duration_seconds",
    "Time to answer a request, by view (URL name) and method.",
    ["view", "method"],
)
RESPONSES = Counter(
    "committee_http_responses",
    "Responses sent, by view (URL name), method and status code.",
    ["view", "method", "status"],
)
TASK_DURATION = Histogram(
    "committee_task_duration_seconds",
    "Time a Celery task took to run, by task name.",
    ["task"],
    buckets=(0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, float("inf")),
)
TASK_FAILURES = Counter(
    "committee_task_failures", "Celery tasks that raised an error, by task name.", ["task"]
)
PAGE_CACHE = Counter(
    "committee_public_page_cache",
    "Reads of the public page cache (pages and API lists), by result: hit or miss.",
    ["result"],
)
# Requests that matched no URL are counted under one name, so that a scan of random addresses
# cannot create a series per address.
UNRESOLVED = "<unresolved>"
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def count_page_cache(hit: bool) -> None:
    PAGE_CACHE.labels(result="hit" if hit else "miss").inc()


class MetricsMiddleware:
    """Second in MIDDLEWARE (after the request id): times everything below it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else None) or UNRESOLVED
        # Any other method is one label, for the same reason as UNRESOLVED.
        method = request.method if request.method in KNOWN_METHODS else "other"
        REQUEST_LATENCY.labels(view=view, method=method).observe(time.monotonic() - started)
        RESPONSES.labels(view=view, method=method, status=str(response.status_code)).inc()
        return response


# --- Celery tasks ---------------------------------------------------------------------------------

_task_started: dict[str, float] = {}


def _on_task_prerun(task_id: str | None = None, **_: Any) -> None:
    if task_id:
        _task_started[task_id] = time.monotonic()


def _on_task_postrun(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    started = _task_started.pop(task_id, None) if task_id else None
    if started is not None:
        TASK_DURATION.labels(task=getattr(task, "name", "?")).observe(time.monotonic() - started)


def _on_task_failure(sender: Any = None, **_: Any) -> None:
    TASK_FAILURES.labels(task=getattr(sender, "name", "?")).inc()


def connect_celery_signals() -> None:
    """Called by committee/celery.py, in the web processes (eager tasks) and the workers."""
    task_prerun.connect(_on_task_prerun, weak=False, dispatch_uid="metrics-task-prerun")
    task_postrun.connect(_on_task_postrun, weak=False, dispatch_uid="metrics-task-postrun")
    task_failure.connect(_on_task_failure, weak=False, dispatch_uid="metrics-task-failure")


# --- Read when scraped ----------------------------------------------------------------------------


def queue_depths() -> dict[str, int]:
    """Messages waiting in each Celery queue (a Redis list per queue); none without a broker."""
    if settings.CELERY_TASK_ALWAYS_EAGER or current_app.conf.task_always_eager:
        return {}
    queues = (settings.CELERY_TASK_DEFAULT_QUEUE, settings.PDF_QUEUE)
    with current_app.connection_for_read() as connection:
        client = connection.default_channel.client
        return {queue: int(client.llen(queue)) for queue in queues}


class StateCollector(Collector):
    """Figures read from the broker and the database each time /metrics is scraped. A part that
    does not answer is left out of the answer (and logged), rather than failing the scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from core.models import OutgoingMail, QueuedTask
        from core.models.mail import OutgoingMailStatus

        depth = GaugeMetricFamily(
            "committee_queue_depth", "Tasks waiting in each Celery queue.", labels=["queue"]
        )
        try:
            for queue, count in queue_depths().items():
                depth.add_metric([queue], count)
        except Exception as error:  # the broker is down: the other figures still count
            logger.warning("queue depth not read: %s", error)
        yield depth

        yield GaugeMetricFamily(
            "committee_kept_tasks",
            "Tasks kept in the database because the broker was down, waiting to be sent again.",
            value=QueuedTask.objects.count(),
        )

        mail = GaugeMetricFamily(
            "committee_outgoing_mail", "Outgoing mail by status.", labels=["status"]
        )
        counts = dict(OutgoingMail.objects.order_by().values_list("status").annotate(n=Count("id")))
        for status in OutgoingMailStatus.values:
            mail.add_metric([status], counts.get(status, 0))
        yield mail


def registry() -> CollectorRegistry:
    """What /metrics answers: this process's counts (or all processes' in multiprocess mode) and
    the figures read now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        collected = CollectorRegistry()
        multiprocess.MultiProcessCollector(collected)
    else:
        collected = CollectorRegistry()
        collected.register(_Forward(REGISTRY))
    collected.register(StateCollector())
    return collected


class _Forward(Collector):
    """The default registry's metrics (this process's counters, and the process and platform
    figures of prometheus_client), inside the registry built for one scrape."""

    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self) -> Iterator[Any]:
        yield from self.source.collect()


def authorised(request: HttpRequest) -> bool:
    """Only the monitoring system: ``Authorization: Bearer <METRICS_TOKEN>``. With no token set,
    nobody. Signing in as any user does not open it (the figures describe the whole system)."""
    expected = settings.METRICS_TOKEN
    if not expected:
        return False
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not authorised(request):
        return HttpResponseForbidden(
            _("These figures are open only to the monitoring system."),
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
