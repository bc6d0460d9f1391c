"""Model fields of the shared base that every database of the project stores the same way."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.expressions import Combinable


class IdSetField(models.TextField):
    """A set of ids kept on the row itself (e.g. the states a request concerns, beside the
    many-to-many that holds them), so that a row rule reads it without a join that would repeat
    the row once per id (core/permissions.py, ``Where(field__has=id)``).

    Stored as text, ",3,17,42," (sorted, framed by commas), on PostgreSQL and on SQLite alike:
    ``has`` is then ``contains ",17,"``, a lookup both databases have. Read back as a list of
    ints."""

    # What django-stubs reads for the types of the attribute (assigned and read).
    _pyi_private_set_type: list[int] | Combinable  # type: ignore[assignment]
    _pyi_private_get_type: list[int]  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    @staticmethod
    def pattern(value: int) -> str:
        """What ``contains`` looks for: one id, framed as stored."""
        return f",{int(value)},"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> list[int]:
        return self.to_python(value)

    def to_python(self, value: Any) -> list[int]:
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [int(part) for part in value.split(",") if part]
        return sorted({int(part) for part in value})

    def get_prep_value(self, value: Any) -> str:
        ids = self.to_python(value)
        return f",{','.join(str(id_) for id_ in ids)}," if ids else ""

    def value_to_string(self, obj: Any) -> str:
        return self.get_prep_value(self.value_from_object(obj))
