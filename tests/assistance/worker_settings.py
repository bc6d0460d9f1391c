"""Settings of the separate Celery worker that tests/assistance/test_digest.py starts and kills:
the project's settings, with each step of a digest build slowed down so that the test can kill
the worker half-way, reliably. Used only by that test."""

from committee.settings import *  # noqa: F403

ASSISTANCE_DIGEST_STEP_DELAY = 0.7
