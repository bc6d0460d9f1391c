"""Settings of the separate Celery worker that tests/assistance/test_digest.py starts and kills:
the project's settings, with each step of a digest build slowed down so that the test can kill
the worker half-way, reliably. Used only by that test."""

from committee.settings import *  # noqa: F403

ASSISTANCE_DIGEST_STEP_DELAY = 0.7
# A message taken by a worker that dies unacknowledged goes back to the queue once this many
# seconds have passed (an hour by default in production): short here, so that the test sees the
# next worker finish the killed worker's task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
