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

# What ``Searchable.entry`` returns: one entry's values, one per language, or None.
EntryValues = dict[str, Any] | list[dict[str, Any]] | None


@dataclass(frozen=True)
class Searchable:
    """One kind of searchable record.

    ``entry(pk)`` returns the values of the record's search entry, or a list of them when the
    record is written in several languages (one per language), or None when the record is not
    public (or no longer exists). The values: ``language`` (a ``core.choices.Language`` code,
    English when absent: the language the text is written in, which decides how its words are
    stemmed), ``title`` (in that language: what is searched), optionally ``title_<lang>`` (the
    title shown to the readers of each language, ``title_en`` being ``title`` when absent),
    ``body``, ``url``, ``date``, optionally ``state_name`` and ``document`` (the record whose
    ``document`` file's text is added to the body). ``public()`` is every record that should be
    found."""

    kind: str
    entry: Callable[[int], EntryValues]
    public: Callable[[], QuerySet]


_registry: dict[str, Searchable] = {}
# The Celery name of the task that brings one entry up to date, registered by the app that keeps
# the index; None while no app keeps one (nothing is queued).
_index_task: list[str] = []


def register(
    kind: str, *, entry: Callable[[int], EntryValues], public: Callable[[], QuerySet]
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
