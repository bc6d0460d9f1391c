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

from django.conf import settings
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save

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
    ``body``, ``url``, ``date``, optionally ``state_name``, ``state_code`` (the state's ISO3
    code: what the search's state facet filters on) and ``document`` (the record whose
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


def follow(model: type[Model], kind: str) -> None:
    """Bring a record's ``kind`` entry up to date whenever its ``model`` row is saved or
    deleted, once the transaction commits. For the records whose services do not call
    index_on_commit() themselves: a signal also catches the admin, the loading commands and the
    open-data import, and it only refreshes derived data (no rule lives here)."""

    def changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
        if kwargs.get("raw"):  # loading fixtures: the index is rebuilt afterwards
            return
        index_on_commit(kind, instance.pk)

    uid = f"search-{kind}-{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)


def _column(code: str) -> str:
    """The suffix of a per-language column: ``zh-hans`` -> ``zh_hans``."""
    return code.replace("-", "_")


def per_language(instance: Model, title: str, *texts: str) -> list[dict[str, Any]]:
    """One entry's values per language that ``instance`` (content kept in the six languages by
    modeltranslation) has text in: the title and text in that language, and the titles shown to
    the readers of every language."""
    shown = {
        f"title_{_column(code)}": getattr(instance, f"{title}_{_column(code)}", None) or ""
        for code in settings.MODELTRANSLATION_LANGUAGES
    }
    english = shown["title_en"]
    entries = []
    for code in settings.MODELTRANSLATION_LANGUAGES:
        column = _column(code)
        heading = (getattr(instance, f"{title}_{column}", None) or "").strip()
        parts = [(getattr(instance, f"{field}_{column}", None) or "").strip() for field in texts]
        if not heading and not any(parts):
            continue
        entries.append(
            {
                **shown,
                "language": code.split("-")[0],
                "title": heading or english,
                "body": "\n".join(part for part in parts if part),
            }
        )
    return entries
