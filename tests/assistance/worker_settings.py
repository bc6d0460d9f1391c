"""Settings of the separate Celery worker that tests/assistance/test_digest.py starts and kills:
the project's settings, with each step of a digest build slowed down so that the test can kill
the worker half-way, reliably. Used only by that test."""

import time

from celery.signals import worker_ready

from committee.settings import *  # noqa: F403

STEP_DELAY = 0.7


@worker_ready.connect
def _slow_down_each_digest_step(**kwargs) -> None:
    """Each progress step of a digest build waits a little, so that the test can kill the worker
    half-way, reliably. Patched here, in the test's own worker, so that production code holds no
    test hook. Connected to worker_ready: Django's apps are loaded by then, and a solo worker
    takes no task before it."""
    from assistance import services

    progress = services._progress

    def slow_progress(*args, **kwargs) -> None:
        progress(*args, **kwargs)
        time.sleep(STEP_DELAY)

    services._progress = slow_progress


# A message taken by a worker that dies unacknowledged goes back to the queue once this many
# seconds have passed (an hour by default in production): short here, so that the test sees the
# next worker finish the killed worker's task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
