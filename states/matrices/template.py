"""Loading the matrix templates (worksheets and fields) and the field mapping between them from
their data files, in ``states/matrices/data/``:

- ``matrix-template-2016.csv``: the template in use before 2017 (four worksheets, 376 fields);
- ``matrix-template-2017.csv``: the format the committee adopted in 2017, five worksheets
  (OP 1 and related matters, OP 2, OP 3 (a) and (b), OP 3 (c) and (d), OP 6 and OP 8 (d)),
  which programme of work 8(d) asks to convert the existing matrices to;
- ``mapping-2016-2017.csv``: where each 2016 field goes in the 2017 format (or why it goes
  nowhere), for that conversion (states/matrices/conversion.py).

A template file has one row per field, in the order of the matrix: a stable code, its section,
weapon type, column, and its texts. ``row`` (the fields of one worksheet row share it) and
``group`` (the heading the row stands under) are optional, as are the texts in the other
official languages (``text_fr``, ``measure_zh_hans``, ``group_ar``...): a text left out falls
back to English. Both committee files give every text in the six languages (the matrices are
official documents in all of them), which tests/states/test_matrix_templates.py checks."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from states.choices import MatrixSectionCode, WeaponType
from states.matrices.choices import SECTION_KINDS, MatrixColumn
from states.matrices.models import MatrixField, MatrixFieldMapping, MatrixSection, MatrixTemplate

DATA = Path(__file__).resolve().parent / "data"
TEMPLATE_2016 = DATA / "matrix-template-2016.csv"
TEMPLATE_2017 = DATA / "matrix-template-2017.csv"
MAPPING_2016_2017 = DATA / "mapping-2016-2017.csv"
COLUMNS = ["code", "section", "weapon_type", "column", "measure", "text"]
OPTIONAL_COLUMNS = ["row", "group"]
TRANSLATED = ("measure", "text", "group")
MAPPING_COLUMNS = ["from_code", "to_code", "note"]
# The six languages' suffixes of the translated columns (en, ar, zh_hans, fr, ru, es).
LANGUAGES = [code for code in settings.MODELTRANSLATION_LANGUAGES]


@dataclass(frozen=True)
class TemplateVersion:
    """A version of the template as the committee adopted it, with its data file."""

    code: str
    path: Path
    title: Promise
    in_use_from: date


# Oldest first; the last one is current (new drafts are made on it).
VERSIONS = [
    TemplateVersion(
        "2016", TEMPLATE_2016, _("1540 matrix (template in use from 2016)"), date(2016, 1, 1)
    ),
    TemplateVersion(
        "2017", TEMPLATE_2017, _("1540 matrix (format adopted in 2017)"), date(2017, 1, 1)
    ),
]
# (from, to, file): where the fields of one version go in the next.
MAPPINGS = [("2016", "2017", MAPPING_2016_2017)]


@dataclass
class LoadResult:
    template: MatrixTemplate
    created: int
    updated: int


@dataclass
class MappingResult:
    carried: int
    dropped: int


def _allowed_columns() -> set[str]:
    allowed = set(COLUMNS) | set(OPTIONAL_COLUMNS)
    for name in TRANSLATED:
        allowed |= {build_localized_fieldname(name, language) for language in LANGUAGES}
    return allowed


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        names = reader.fieldnames or []
        missing = [name for name in COLUMNS if name not in names]
        unknown = [name for name in names if name not in _allowed_columns()]
        if missing or unknown:
            raise ValidationError(
                f"{path}: the columns must be {', '.join(COLUMNS)}, optionally "
                f"{', '.join(OPTIONAL_COLUMNS)} and the texts in other languages (text_fr...)."
            )
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


def _row_of(row: dict[str, str]) -> str:
    """The worksheet row a field stands in: given, or its code without the column's suffix
    (``OP2-N-ACQ-LF`` and ``OP2-N-ACQ-EN`` share the row ``OP2-N-ACQ``)."""
    if row.get("row"):
        return row["row"].strip()
    code = row["code"]
    if row["column"] in (MatrixColumn.LEGAL_FRAMEWORK, MatrixColumn.ENFORCEMENT) and (
        code.endswith(("-LF", "-EN"))
    ):
        return code[:-3]
    return code


def _in_every_language(name: str, text: str | Promise) -> dict[str, str]:
    """A gettext string in the six languages, as the locale files translate it."""
    values = {}
    for language in LANGUAGES:
        with translation.override(language.replace("_", "-")):
            values[build_localized_fieldname(name, language)] = str(text)
    return values


def _field_values(row: dict[str, str]) -> dict[str, str | None]:
    values: dict[str, str | None] = {
        "weapon_type": row["weapon_type"],
        "column": row["column"],
        "row": _row_of(row),
    }
    for name in TRANSLATED:
        # The per-language columns only: the field's own name reads and writes the language
        # active at the time, which a loader must not depend on.
        values[build_localized_fieldname(name, "en")] = (row.get(name) or "").strip()
        for language in LANGUAGES:
            if language == "en":
                continue
            column = build_localized_fieldname(name, language)
            values[column] = (row.get(column) or "").strip() or None
    return values


def _save_changed(obj: models.Model, values: dict[str, object]) -> bool:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


@transaction.atomic
def load_template(
    rows: Iterable[dict[str, str]],
    *,
    code: str,
    title: str | Promise,
    in_use_from: date,
    make_current: bool = True,
) -> LoadResult:
    """Create or refresh a template from its rows. Safe to run again: fields are matched by code,
    and a field that entries already use is updated in place, never removed."""
    rows = list(rows)
    _check(rows)
    titles = _in_every_language("title", title)
    template = MatrixTemplate.objects.filter(code=code).first()
    if template is None:
        template = MatrixTemplate(code=code, in_use_from=in_use_from, **titles)
        template.save()
    else:
        _save_changed(template, {"in_use_from": in_use_from, **titles})
    if make_current and not template.is_current:
        MatrixTemplate.objects.filter(is_current=True).update(is_current=False)
        template.is_current = True
        template.save(update_fields=["is_current"])
    section_titles = dict(MatrixSectionCode.choices)
    sections = {}
    existing_sections = {s.code: s for s in MatrixSection.objects.filter(template=template)}
    for position, section_code in enumerate(MatrixSectionCode.values, start=1):
        if not any(row["section"] == section_code for row in rows):
            continue
        values = {
            "kind": SECTION_KINDS[section_code],
            "position": position,
            **_in_every_language("title", section_titles[section_code]),
        }
        section = existing_sections.get(section_code)
        if section is None:
            section = MatrixSection(template=template, code=section_code, **values)
            section.save()
        else:
            _save_changed(section, values)
        sections[section_code] = section
    existing = {field.code: field for field in MatrixField.objects.filter(template=template)}
    created = updated = 0
    new = []
    for position, row in enumerate(rows, start=1):
        values = {
            "section_id": sections[row["section"]].pk,
            "position": position,
            **_field_values(row),
        }
        field = existing.get(row["code"])
        if field is None:
            new.append(MatrixField(template=template, code=row["code"], **values))
            created += 1
        elif _save_changed(field, values):
            updated += 1
    MatrixField.objects.bulk_create(new)
    return LoadResult(template=template, created=created, updated=updated)


def read_mapping(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != MAPPING_COLUMNS:
            raise ValidationError(f"{path}: the columns must be {', '.join(MAPPING_COLUMNS)}.")
        return list(reader)


@transaction.atomic
def load_mapping(rows: Iterable[dict[str, str]], *, from_code: str, to_code: str) -> MappingResult:
    """Record where each field of template ``from_code`` goes in template ``to_code``. Every
    field of the older template has a row (an empty ``to_code`` with a ``note``: the field no
    longer exists), and a field of the new one receives at most one: the file is refused
    whole otherwise. Safe to run again."""
    source = {f.code: f for f in MatrixField.objects.filter(template__code=from_code)}
    target = {f.code: f for f in MatrixField.objects.filter(template__code=to_code)}
    to_template = MatrixTemplate.objects.get(code=to_code)
    problems: list[str] = []
    wanted: dict[str, tuple[MatrixField | None, str]] = {}
    received: dict[str, str] = {}
    for line, row in enumerate(rows, start=2):
        old, new, note = row["from_code"].strip(), row["to_code"].strip(), row["note"].strip()
        if old not in source:
            problems.append(f"line {line}: {old!r} is not a field of template {from_code}")
        elif old in wanted:
            problems.append(f"line {line}: {old} appears twice")
        if new and new not in target:
            problems.append(f"line {line}: {new!r} is not a field of template {to_code}")
        elif new and new in received:
            problems.append(f"line {line}: {new} already receives {received[new]}")
        if not new and not note:
            problems.append(f"line {line}: say in a note why {old} has no field in {to_code}")
        if new:
            received[new] = old
        wanted[old] = (target.get(new) if new else None, note)
    unmapped = sorted(set(source) - set(wanted), key=lambda code: source[code].position)
    if unmapped:
        problems.append(f"no row for {', '.join(unmapped)}")
    if problems:
        raise ValidationError(problems)
    existing = {
        m.from_field.code: m
        for m in MatrixFieldMapping.objects.filter(
            to_template=to_template, from_field__template__code=from_code
        ).select_related("from_field")
    }
    # Cleared first: a field that moves from one old field to another would otherwise meet the
    # one-old-field-per-new-field constraint half-way through.
    moved = [
        m.pk
        for code, m in existing.items()
        if code in wanted and m.to_field_id != getattr(wanted[code][0], "pk", None)
    ]
    MatrixFieldMapping.objects.filter(pk__in=moved).update(to_field=None)
    new_rows = []
    for code, (to_field, note) in wanted.items():
        mapping = existing.get(code)
        if mapping is None:
            new_rows.append(
                MatrixFieldMapping(
                    from_field=source[code], to_template=to_template, to_field=to_field, note=note
                )
            )
        else:
            if mapping.pk in moved:
                mapping.to_field_id = None
            _save_changed(mapping, {"to_field_id": getattr(to_field, "pk", None), "note": note})
    MatrixFieldMapping.objects.bulk_create(new_rows)
    carried = sum(1 for to_field, _note in wanted.values() if to_field is not None)
    return MappingResult(carried=carried, dropped=len(wanted) - carried)


def load_version(version: TemplateVersion, *, make_current: bool) -> LoadResult:
    return load_template(
        read_rows(version.path),
        code=version.code,
        title=version.title,
        in_use_from=version.in_use_from,
        make_current=make_current,
    )


@transaction.atomic
def load_all_templates() -> tuple[list[LoadResult], list[tuple[str, str, MappingResult]]]:
    """Every version of the template, the newest current, and the mappings between them."""
    results = [
        load_version(version, make_current=index == len(VERSIONS) - 1)
        for index, version in enumerate(VERSIONS)
    ]
    mappings = [
        (old, new, load_mapping(read_mapping(path), from_code=old, to_code=new))
        for old, new, path in MAPPINGS
    ]
    return results, mappings


def load_2016_template(path: Path = TEMPLATE_2016, *, make_current: bool = True) -> LoadResult:
    version = VERSIONS[0]
    return load_template(
        read_rows(path),
        code=version.code,
        title=version.title,
        in_use_from=version.in_use_from,
        make_current=make_current,
    )
