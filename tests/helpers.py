"""The checks every app's tests share: query counts, the accessibility basics of a page, "a
refused write wrote nothing", and the small readers of responses. One version of each, so that a
check made stricter is stricter everywhere (the copies had drifted apart)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from itertools import cycle, islice, product
from string import ascii_uppercase, digits
from typing import Any

from django.core.files import File
from django.db import connection
from django.db.models import Model, QuerySet
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from states.choices import RegionalGroup
from states.models import MemberState

# --- query counts ---------------------------------------------------------------------------------


def queries_of(call: Callable[[], Any]) -> int:
    """How many SQL queries ``call()`` runs."""
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries.captured_queries)


def count_queries(client, url: str, params: dict | None = None) -> int:
    """How many SQL queries a successful GET of ``url`` costs, with the Django test client or
    the API client. A page that fails is not a page whose cost means anything: it fails here,
    showing what came back."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params) if params is not None else client.get(url)
    assert response.status_code == 200, response.content[:2000]
    return len(queries.captured_queries)


# --- pages ----------------------------------------------------------------------------------------


def assert_accessible_basics(response, *, status: int = 200) -> None:
    """What every HTML page owes a screen-reader user (WCAG 2.1 AA, the parts a string can show):
    it answered with ``status``, has one main landmark and one top heading, declares its
    language, runs no script, and every header cell says its scope."""
    assert response.status_code == status, response.status_code
    html = response.content.decode()
    assert html.count("<main") == 1
    assert html.count("<h1") == 1
    assert re.search(r"<html[^>]*\slang=\"[a-z]", html)
    assert "<script" not in html
    assert "<th>" not in html  # every header cell says its scope


def login_redirect(response) -> bool:
    """The sign-in page is where an anonymous reader of a closed page is sent."""
    return response.status_code == 302 and response.url.startswith("/login/")


def ids(response) -> set[int]:
    """The ids of the rows of a successful API list answer."""
    assert response.status_code == 200, response.content[:2000]
    return {row["id"] for row in response.json()["results"]}


def pdf_text(source: bytes | File, *, flat: bool = False) -> str:
    """The text of a PDF (its bytes, or a stored file), page after page; ``flat`` folds every
    run of white space into one space, for phrases that the layout may break across lines."""
    if isinstance(source, File):
        with source.open("rb") as handle:
            data = handle.read()
    else:
        data = source
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split()) if flat else text


# --- data ----------------------------------------------------------------------------------------


def fake_states(count: int) -> list[MemberState]:
    """``count`` more member states, with codes and names that no real state uses, spread over
    the regional groups: enough rows to show that a list costs the same queries at 1,000."""
    taken_iso3 = set(MemberState.objects.values_list("iso3", flat=True))
    taken_iso2 = set(MemberState.objects.values_list("iso2", flat=True))
    iso3_codes = ("".join(c) for c in product(ascii_uppercase, repeat=3))
    iso2_codes = ("".join(c) for c in product(digits + ascii_uppercase, repeat=2))
    free_iso3 = islice((code for code in iso3_codes if code not in taken_iso3), count)
    free_iso2 = (code for code in iso2_codes if code not in taken_iso2)
    groups = cycle(RegionalGroup.values)
    return MemberState.objects.bulk_create(
        MemberState(
            iso3=iso3,
            iso2=iso2,
            name=f"Testland {iso3}",
            regional_group=next(groups),
            un_admission_date=date(2000, 1, 1),
        )
        for iso3, iso2 in zip(free_iso3, free_iso2, strict=False)
    )


# --- "a refused write wrote nothing" --------------------------------------------------------------


Table = type[Model] | QuerySet


class Written:
    """How many rows the tables involved hold: a refused write must change none of them.
    ``written = Written(Meeting, MeetingDocument)`` before, ``assert written.unchanged()`` after.

    A model counts its rows and, where it keeps history, its history rows; a queryset (for
    example ``Template.history.filter(history_type="~")``) counts its own rows. When the check
    fails, pytest prints this object, which names the tables that changed."""

    def __init__(self, *tables: Table) -> None:
        assert tables, "name the tables a refused write must leave alone"
        self.querysets = _querysets(tables)
        self.before = self.now()

    def now(self) -> dict[str, int]:
        return {label: queryset.count() for label, queryset in self.querysets.items()}

    def changes(self) -> dict[str, tuple[int, int]]:
        now = self.now()
        return {
            label: (self.before[label], now[label])
            for label in now
            if now[label] != self.before[label]
        }

    def unchanged(self) -> bool:
        return not self.changes()

    def __repr__(self) -> str:
        changed = ", ".join(
            f"{label}: {was} -> {now}" for label, (was, now) in self.changes().items()
        )
        return f"<Written changed {changed or 'nothing'}>"


def _querysets(tables: tuple[Table, ...]) -> dict[str, QuerySet]:
    querysets: dict[str, QuerySet] = {}
    for table in tables:
        if isinstance(table, QuerySet):
            querysets[f"{table.model._meta.label} where {table.query.where}"] = table
            continue
        querysets[table._meta.label] = table._default_manager.all()
        history = getattr(table, "history", None)
        if history is not None:
            querysets[f"{table._meta.label} history"] = history.all()
    return querysets
