"""The registry of what the website's search finds.

Each app registers its searchable records from its ``AppConfig.ready()``: a kind (``"report"``,
``"faq"``...), how to build one record's entry and which records are public. The search itself
(the index, the queries, the indexing task) belongs to the outreach app, which reads this
registry: so no app imports another to be searched, and the search imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from core.queue import enqueue


@dataclass(frozen=True)
class Searchable:
    """One kind of searchable record.

    ``entry(pk)`` returns the values of the record's search entry (``title`` or ``title_<lang>``
    columns, ``body``, ``url``, ``date``, optionally ``state_name`` and ``document``: the record
    whose ``document`` file's text is added to the body), or None when the record is not public
    (or no longer exists). ``public()`` is every record that should be found."""

    kind: str
    entry: Callable[[int], dict[str, Any] | None]
    public: Callable[[], QuerySet]


_registry: dict[str, Searchable] = {}
# The Celery name of the task that brings one entry up to date, registered by the app that keeps
# the index; None while no app keeps one (nothing is queued).
_index_task: list[str] = []


def register(
    kind: str, *, entry: Callable[[int], dict | None], public: Callable[[], QuerySet]
) -> None:
    _registry[str(kind)] = Searchable(kind=str(kind), entry=entry, public=public)


def registered() -> dict[str, Searchable]:
    return dict(_registry)


def searchable(kind: str) -> Searchable:
    return _registry[str(kind)]


def register_index_task(name: str) -> None:
    _index_task[:] = [name]


def index_on_commit(kind: str, pk: int) -> None:
    """Bring one record's search entry up to date once the transaction that changed it has
    committed (a task: reading a long document must not hold the request)."""
    for name in _index_task:
        enqueue(name, str(kind), pk)
