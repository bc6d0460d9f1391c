"""Loading a matrix template (sections and fields) from its data file. The 2016 template lives
in ``states/matrices/data/matrix-template-2016.csv``: one row per field, in the order of the
matrix, with a stable code, its section, weapon type, column, a short name of the measure and
its English text."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from states.choices import MatrixSectionCode, WeaponType
from states.matrices.choices import MatrixColumn
from states.matrices.models import MatrixField, MatrixSection, MatrixTemplate

TEMPLATE_2016 = Path(__file__).resolve().parent / "data" / "matrix-template-2016.csv"
COLUMNS = ["code", "section", "weapon_type", "column", "measure", "text"]


@dataclass
class LoadResult:
    template: MatrixTemplate
    created: int
    updated: int


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise ValidationError(f"{path}: the columns must be {', '.join(COLUMNS)}.")
        return list(reader)


def _check(rows: list[dict[str, str]]) -> None:
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        problems = []
        if row["code"] in seen:
            problems.append(f"the code {row['code']} appears twice")
        if row["section"] not in MatrixSectionCode.values:
            problems.append(f"unknown section {row['section']!r}")
        if row["weapon_type"] and row["weapon_type"] not in WeaponType.values:
            problems.append(f"unknown weapon type {row['weapon_type']!r}")
        if row["column"] not in MatrixColumn.values:
            problems.append(f"unknown column {row['column']!r}")
        if not row["text"].strip():
            problems.append("no text")
        if problems:
            raise ValidationError(f"line {line}: {'; '.join(problems)}")
        seen.add(row["code"])


@transaction.atomic
def load_template(
    rows: Iterable[dict[str, str]],
    *,
    code: str,
    title: str,
    in_use_from: date,
    make_current: bool = True,
) -> LoadResult:
    """Create or refresh a template from its rows. Safe to run again: fields are matched by code,
    and a field that entries already use is updated in place, never removed."""
    rows = list(rows)
    _check(rows)
    template, _created = MatrixTemplate.objects.update_or_create(
        code=code, defaults={"title": title, "in_use_from": in_use_from}
    )
    if make_current and not template.is_current:
        MatrixTemplate.objects.filter(is_current=True).update(is_current=False)
        template.is_current = True
        template.save(update_fields=["is_current"])
    titles = dict(MatrixSectionCode.choices)
    sections = {}
    for position, section_code in enumerate(MatrixSectionCode.values, start=1):
        if any(row["section"] == section_code for row in rows):
            sections[section_code], _ = MatrixSection.objects.update_or_create(
                template=template,
                code=section_code,
                defaults={"title": str(titles[section_code]), "position": position},
            )
    existing = {field.code: field for field in MatrixField.objects.filter(template=template)}
    created = updated = 0
    new = []
    for position, row in enumerate(rows, start=1):
        values = {
            "section": sections[row["section"]],
            "weapon_type": row["weapon_type"],
            "column": row["column"],
            "measure": row["measure"],
            "text": row["text"].strip(),
            "position": position,
        }
        field = existing.get(row["code"])
        if field is None:
            new.append(MatrixField(template=template, code=row["code"], **values))
            created += 1
        elif any(getattr(field, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(field, name, value)
            field.save(update_fields=list(values))
            updated += 1
    MatrixField.objects.bulk_create(new)
    return LoadResult(template=template, created=created, updated=updated)


def load_2016_template(path: Path = TEMPLATE_2016) -> LoadResult:
    return load_template(
        read_rows(path),
        code="2016",
        title="1540 matrix (template in use from 2016)",
        in_use_from=date(2016, 1, 1),
    )
