"""Celery tasks of the outreach app: thin wrappers over outreach.search."""

from __future__ import annotations

from celery import shared_task

from outreach import search


@shared_task(
    acks_late=True,
    # Unlike the other tasks, an indexing whose worker died is not put back in the queue: the
    # entry is derived data (rebuild_search_index remakes it), and a document that killed one
    # worker would otherwise kill the next, again and again.
    reject_on_worker_lost=False,
    # Past the soft limit the text extraction gives up and the record is indexed by its title.
    soft_time_limit=120,
    time_limit=180,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def index_for_search(kind: str, pk: int) -> bool:
    """Bring one record's search entry up to date (after it was published or changed): for a
    national report, this reads the text of its document. Idempotent."""
    return search.index(kind, pk) is not None
