"""The order a list of names should have in a language, computed apart from the code under
test: PostgreSQL's ICU collation of that language applied to the bare strings, or, on SQLite
(which has no ICU collations, so the site keeps the plain order), Python's plain order."""

from __future__ import annotations

from django.db import connection

from states.models.member_state import ICU_COLLATIONS


def in_icu_order(names: list[str], language: str) -> list[str]:
    if connection.vendor != "postgresql":
        return sorted(names)
    collation = connection.ops.quote_name(ICU_COLLATIONS[language])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name FROM unnest(%s::text[]) AS name ORDER BY name COLLATE {collation}",
            [names],
        )
        return [row[0] for row in cursor.fetchall()]
