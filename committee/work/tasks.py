"""Celery tasks of the committee's own work: thin wrappers that take ids and call one service."""

from __future__ import annotations

from celery import shared_task

from committee.work import reviews, written_reviews


@shared_task(
    name="committee.tasks.build_annual_review",
    acks_late=True,
    autoretry_for=reviews.TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=3,
)
def build_annual_review(review_id: int) -> str:
    """Build the PDF of a queued annual review (8(a))."""
    return reviews.build_annual_review(review_id).status


@shared_task(
    name="committee.tasks.build_scheduled_annual_review",
    acks_late=True,
    autoretry_for=reviews.TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=3,
)
def build_scheduled_annual_review() -> int:
    """On 1 December (settings.CELERY_BEAT_SCHEDULE): queue this year's review as at today;
    the build itself runs as its own task once the request is committed."""
    return reviews.request_scheduled_annual_review().pk


@shared_task(
    name="committee.tasks.build_written_review",
    acks_late=True,
    autoretry_for=written_reviews.TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=3,
)
def build_written_review(review_id: int) -> str:
    """Build the PDF of an issued annual review as the Committee wrote it (8(a))."""
    return written_reviews.build_written_review_pdf(review_id).pdf_status
