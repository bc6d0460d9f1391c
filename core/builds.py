"""Builds a Celery worker makes, row by row (the annual review, the quarterly digest): one way
to claim a build, keep its heartbeat, tell that it has stalled, and restart it.

A build is asked for ("queued"), taken by a worker ("running": it writes a heartbeat while it
works) and finished. It has stalled when it shows no sign of life: running with no heartbeat for
STALLED_AFTER (its worker was killed), or queued with no worker taking it for NEVER_TAKEN_AFTER
(its task was lost: a broker that lost its queue, a message dropped). The secretariat may then
restart it, and the page says so, through the same code for every kind of build.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from core.permissions import Actor

logger = logging.getLogger(__name__)

# A running build writes a heartbeat every HEARTBEAT_EVERY seconds, from a thread of its own
# (a single step, rendering a long PDF, may take longer). One silent for this long has lost its
# worker: four beats missed, so one late beat is not a stall.
STALLED_AFTER = timedelta(minutes=2)
HEARTBEAT_EVERY = 30
# A worker takes a queued build within seconds, or within a few minutes behind other builds on
# the same queue: one still waiting after this has lost its task.
NEVER_TAKEN_AFTER = timedelta(minutes=5)


if TYPE_CHECKING:
    # Always mixed into a model (``class AnnualReview(BackgroundBuild, models.Model)``): its rows
    # are saved and looked up as a model's.
    _Model = models.Model
else:
    _Model = object


class BuildRows(Protocol):
    """What the model of a build has as ``objects`` (its QuerySet's ``as_manager()``)."""

    def visible_to(self, user: Actor) -> models.QuerySet[Any]: ...

    def select_for_update(self) -> models.QuerySet[Any]: ...


class BackgroundBuild(_Model):
    """For a model one row of which a Celery task builds. The model names the fields that hold
    the build's state: the two models had named them before they shared this code, and the API
    shows those names, so they are mapped rather than renamed."""

    build_status_field: ClassVar[str]
    build_queued: ClassVar[str]
    build_running: ClassVar[str]
    # When the build was (last) asked for, and when it last showed a sign of life.
    build_requested_field: ClassVar[str]
    build_heartbeat_field: ClassVar[str]
    # The page that asks "restart this build?" (core.views.build_restart).
    restart_url_name: ClassVar[str]
    objects: ClassVar[BuildRows]

    if TYPE_CHECKING:
        # The model's own: the build's page, where a restart sends the reader back.
        def get_absolute_url(self) -> str: ...

    def restart_url(self) -> str:
        return reverse(self.restart_url_name, kwargs={"pk": self.pk})

    def build_task(self) -> tuple[str, tuple[Any, ...]]:
        """The registered name of the Celery task that builds this row, and its arguments (a
        name, so that models and services do not import the tasks that import them)."""
        raise NotImplementedError

    def requeue_build(self, acting_user: Actor) -> list[str]:
        """Put the build back in the queue (in memory); the fields to save."""
        raise NotImplementedError

    @property
    def build_last_sign(self) -> datetime | None:
        return getattr(self, self.build_heartbeat_field) or getattr(
            self, self.build_requested_field
        )

    @property
    def is_stalled(self) -> bool:
        status, last = getattr(self, self.build_status_field), self.build_last_sign
        if status == self.build_queued:
            limit = NEVER_TAKEN_AFTER
        elif status == self.build_running:
            limit = STALLED_AFTER
        else:
            return False
        return last is None or timezone.now() - last > limit

    @property
    def is_waiting_for_a_worker(self) -> bool:
        return getattr(self, self.build_status_field) == self.build_queued

    def may_be_claimed(self) -> bool:
        """Whether a worker may take this build now (the row locked): it is queued, or running
        with its worker dead (this is that worker's message redelivered, or a restart's). A
        build done, failed or alive elsewhere is left: a task run twice builds once."""
        status = getattr(self, self.build_status_field)
        return status == self.build_queued or (status == self.build_running and self.is_stalled)


@transaction.atomic
def restart_stalled_build[B: BackgroundBuild](build: B, *, acting_user: Actor) -> B:
    """Queue again a build that has stalled (secretariat). A build still alive is left alone,
    so that a restart never runs a second build beside a living one."""
    from core.permissions import require
    from core.queue import enqueue
    from core.services import InvalidTransition, save_with_history

    require(acting_user, "committee.restart_build", build)
    build = type(build).objects.select_for_update().get(pk=build.pk)
    if not build.is_stalled:
        raise InvalidTransition(_("Only a build that has stalled can be restarted."))
    fields = build.requeue_build(acting_user)
    save_with_history(build, acting_user, update_fields=fields, reason="Restarted after stalling")
    task, args = build.build_task()
    enqueue(task, *args)
    return build


@contextmanager
def heartbeat(beat: Callable[[], object], every: float = HEARTBEAT_EVERY) -> Iterator[None]:
    """Call ``beat`` (which writes the build's heartbeat) every ``every`` seconds while the block
    runs, from a thread of its own: a single step (rendering a long PDF) may outlast
    STALLED_AFTER, and only a killed worker, which takes this thread with it, should look dead."""
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(every):
                try:
                    beat()
                except Exception:  # a missed beat is not worth failing the build for
                    logger.warning("build heartbeat not written", exc_info=True)
        finally:
            connection.close()  # this thread's own database connection

    thread = threading.Thread(target=run, name="build-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
