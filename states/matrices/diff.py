"""Field-level comparison of two versions of a state's matrix (programme of work 8(d)): what
changed between the version the state last saw and the one now proposed, field by field."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from states.matrices.models import Matrix, MatrixEntry


@dataclass
class EntryChange:
    """One field whose entry differs between the two versions. ``before`` or ``after`` is None
    when the field exists in only one of the versions' templates."""

    code: str
    section: str
    text: str
    position: int
    before: dict[str, str] | None
    after: dict[str, str] | None

    @property
    def changed(self) -> list[str]:
        if self.before is None or self.after is None:
            return list(MatrixEntry.VALUE_FIELDS)
        return [name for name in MatrixEntry.VALUE_FIELDS if self.before[name] != self.after[name]]


def diff(matrix: Matrix, against: Matrix) -> list[EntryChange]:
    """The fields whose entries differ from ``against`` (the older version, usually) to
    ``matrix``, in the template's order. One query."""
    if matrix.state_id != against.state_id:
        raise ValidationError(
            {
                "against": _(
                    "Versions of the same state's matrix can be compared, not of two states."
                )
            }
        )
    if matrix.pk == against.pk:
        return []
    rows = MatrixEntry.objects.filter(matrix__in=[matrix.pk, against.pk]).values(
        "matrix_id",
        "field__code",
        "field__text",
        "field__section__code",
        "field__position",
        *MatrixEntry.VALUE_FIELDS,
    )
    sides: dict[str, dict] = {}
    for row in rows:
        side = sides.setdefault(
            row["field__code"],
            {
                "section": row["field__section__code"],
                "text": row["field__text"],
                "position": row["field__position"],
            },
        )
        key = "after" if row["matrix_id"] == matrix.pk else "before"
        side[key] = {name: row[name] for name in MatrixEntry.VALUE_FIELDS}
        if key == "after":
            side["position"] = row["field__position"]
    changes = [
        EntryChange(
            code=code,
            section=side["section"],
            text=side["text"],
            position=side["position"],
            before=side.get("before"),
            after=side.get("after"),
        )
        for code, side in sides.items()
        if side.get("before") != side.get("after")
    ]
    changes.sort(key=lambda change: (change.position, change.code))
    return changes
