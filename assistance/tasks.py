"""Celery tasks of the assistance app: thin wrappers over the services, taking plain values."""

from __future__ import annotations

import logging

from celery import shared_task

from assistance import services
from assistance.digest import last_finished_quarter

logger = logging.getLogger(__name__)


@shared_task(
    name="assistance.tasks.build_digest",
    acks_late=True,
    autoretry_for=services.TRANSIENT_BUILD_ERRORS,
    retry_backoff=True,
    max_retries=3,
)
def build_digest(year: int, quarter: int) -> int:
    """Build (or rebuild) the digest of one quarter: on demand, from the digests page."""
    digest = services.build_digest(year, quarter)
    logger.info("assistance digest %s built", digest)
    return digest.pk


@shared_task(
    name="assistance.tasks.build_digest_for_last_quarter",
    acks_late=True,
    autoretry_for=services.TRANSIENT_BUILD_ERRORS,
    retry_backoff=True,
    max_retries=3,
)
def build_digest_for_last_quarter() -> int:
    """Celery beat, on the first day of a quarter: the digest of the quarter just ended (9(h))."""
    year, quarter = last_finished_quarter()
    services.request_scheduled_digest_build(year, quarter)
    return build_digest(year, quarter)
