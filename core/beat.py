"""One beat at a time: Celery beat's scheduler behind a lock in Redis.

Every host may run ``celery -A committee beat`` (deploy/Procfile); only the one that holds the lock
sends the scheduled tasks. The lock is a Redis key (on the broker's Redis, which evicts nothing)
holding this process's id, with a time to live of ``BEAT_LOCK_SECONDS``; the holder renews it on
every tick (at least three times per time to live). Another beat polls as often: when the holder
stops (its key deleted on a clean exit) or dies (its key expires), the next poll takes the lock
and that beat schedules from then on. With Redis unreachable no beat holds the lock, and none
could send a task anyway.

The schedule itself stays in CELERY_BEAT_SCHEDULE (settings, section 10); what each beat keeps
on its local disk (``--schedule``) is only when it last sent each task. A beat that takes over
counts the runs the previous holder made as made (``take_over_schedule``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
import uuid
from datetime import timedelta
from typing import Any

import redis
from celery.beat import PersistentScheduler
from django.conf import settings

logger = logging.getLogger(__name__)

# Renew the key only while it still holds our id; delete it on exit only if it is still ours.
RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class LockedScheduler(PersistentScheduler):
    """Celery's default scheduler (schedule state on local disk), sending only while it holds
    the beat lock in Redis."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.lock_seconds = float(getattr(settings, "BEAT_LOCK_SECONDS", 30))
        self.lock_key = getattr(settings, "BEAT_LOCK_KEY", "committee1540:beat-lock")
        self.lock_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.holds_lock = False
        # When this beat last saw another hold the lock (time.time()), while it waited.
        self.last_seen_held: float | None = None
        self._redis: redis.Redis | None = None
        super().__init__(*args, **kwargs)

    # How often the holder renews and the others poll: three times per time to live.
    @property
    def lock_interval(self) -> float:
        return max(self.lock_seconds / 3, 0.1)

    def _client(self) -> redis.Redis:
        if self._redis is None:
            self._redis = redis.Redis.from_url(
                self.app.conf.broker_url, socket_connect_timeout=1.0, socket_timeout=1.0
            )
        return self._redis

    def acquire_or_renew(self) -> bool:
        """Whether this beat holds the lock now (taken, or renewed)."""
        milliseconds = int(self.lock_seconds * 1000)
        try:
            client = self._client()
            if self.holds_lock:
                held = bool(client.eval(RENEW, 1, self.lock_key, self.lock_id, milliseconds))
            else:
                held = bool(client.set(self.lock_key, self.lock_id, nx=True, px=milliseconds))
                if not held:
                    self.last_seen_held = time.time()
        except (redis.RedisError, OSError) as error:
            if self.holds_lock:
                logger.warning("beat lock: Redis unreachable, not scheduling: %s", error)
            held = False
        if held and not self.holds_lock:
            logger.info("beat lock taken by %s: this beat schedules", self.lock_id)
            self.take_over_schedule()
        elif self.holds_lock and not held:
            logger.warning("beat lock lost by %s: another beat schedules", self.lock_id)
        self.holds_lock = held
        return held

    def take_over_schedule(self) -> None:
        """After waiting behind another beat: what was due before that beat last renewed the
        lock, it sent; count those runs as made, so that a beat that waited for days does not
        send every daily and quarterly task at once. What fell due since (the holder may have
        died just after renewing) is sent now: nothing is missed, and at most what fell due
        within one lock time to live of the takeover may be sent twice."""
        if self.last_seen_held is None:
            return
        # The holder renewed at most lock_seconds before the key was last seen, and sent what
        # was due then.
        since = time.time() - self.last_seen_held + self.lock_seconds
        floor = self.app.now() - timedelta(seconds=since)
        for entry in self.schedule.values():
            try:
                if entry.last_run_at is None or entry.last_run_at < floor:
                    entry.last_run_at = floor
            except TypeError:  # a naive time kept by an older schedule file
                entry.last_run_at = floor
        self._heap = None  # rebuilt from the entries on the next tick
        self.last_seen_held = None

    def tick(self, *args: Any, **kwargs: Any) -> float:
        if not self.acquire_or_renew():
            return self.lock_interval
        return min(super().tick(*args, **kwargs), self.lock_interval)

    def close(self) -> None:
        super().close()
        if self.holds_lock:
            # If Redis does not answer, the key expires by itself.
            with contextlib.suppress(redis.RedisError, OSError):
                self._client().eval(RELEASE, 1, self.lock_key, self.lock_id)
            self.holds_lock = False
            logger.info("beat lock released by %s", self.lock_id)
