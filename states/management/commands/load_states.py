"""Load (or refresh) the 193 member states from the reference data files (states/data/, see its
README): codes, regional groups and dates of admission, the short and formal names in the six
official languages, and the language of correspondence. Safe to run again: a state's language
of correspondence that the secretariat chose is kept."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from core.choices import Language
from states.choices import RegionalGroup
from states.models import MemberState

DATA = Path(__file__).resolve().parents[2] / "data"
DATA_FILE = DATA / "un-member-states.csv"
NAMES_FILE = DATA / "un-member-state-names.csv"
FORMAL_NAMES_FILE = DATA / "un-member-state-formal-names.csv"
LANGUAGES_FILE = DATA / "correspondence-languages.csv"

# The languages as the data files' columns name them (name_zh) and as the model's columns do
# (name_zh_hans, django-modeltranslation's code for the site's language zh-hans).
COLUMNS = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "zh": "zh_hans", "ar": "ar"}


def _rows_by_code(file: Path, columns: list[str]) -> dict[str, tuple[int, dict[str, str]]]:
    """The rows of ``file`` by ISO3 code, with their line numbers; every column must be filled."""
    rows: dict[str, tuple[int, dict[str, str]]] = {}
    with file.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        present = reader.fieldnames or []
        missing = [column for column in ["iso3", *columns] if column not in present]
        if missing:
            raise CommandError(f"{file}: no column {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            empty = [column for column in columns if not (row[column] or "").strip()]
            if empty:
                raise CommandError(f"{file}:{line}: {row['iso3']} has no {', '.join(empty)}")
            if row["iso3"] in rows:
                raise CommandError(f"{file}:{line}: {row['iso3']} appears twice")
            rows[row["iso3"]] = (line, row)
    return rows


def _row_of(rows: dict[str, tuple[int, dict[str, str]]], iso3: str, file: Path) -> dict[str, str]:
    if iso3 not in rows:
        raise CommandError(f"{file}: no row for {iso3}")
    return rows[iso3][1]


class Command(BaseCommand):
    help = (
        "Load the UN member states with their regional groups, their names in the six official "
        "languages and their languages of correspondence (idempotent)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", type=Path, default=DATA_FILE)
        parser.add_argument("--names-file", type=Path, default=NAMES_FILE)
        parser.add_argument("--formal-names-file", type=Path, default=FORMAL_NAMES_FILE)
        parser.add_argument("--languages-file", type=Path, default=LANGUAGES_FILE)

    @transaction.atomic
    def handle(
        self,
        *args,
        file: Path,
        names_file: Path,
        formal_names_file: Path,
        languages_file: Path,
        **options,
    ) -> None:
        names = _rows_by_code(names_file, [f"name_{language}" for language in COLUMNS])
        formal_names = _rows_by_code(
            formal_names_file, [f"formal_name_{language}" for language in COLUMNS]
        )
        languages = _rows_by_code(languages_file, ["language"])
        for line, row in languages.values():
            if row["language"] not in Language.values:
                raise CommandError(
                    f"{languages_file}:{line}: {row['language']!r} is not one of the six official "
                    f"languages ({', '.join(Language.values)})"
                )
        groups = set(RegionalGroup.values)
        created = updated = 0
        # English is the language of the plain ``name`` column (what modeltranslation sets when
        # ``name`` is assigned), whatever language the command was started in.
        with translation.override("en"), file.open(newline="", encoding="utf-8") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                if row["regional_group"] not in groups:
                    raise CommandError(
                        f"{file}:{line}: unknown regional group {row['regional_group']!r}"
                    )
                iso3 = row["iso3"]
                name_row = _row_of(names, iso3, names_file)
                formal_row = _row_of(formal_names, iso3, formal_names_file)
                values: dict[str, object] = {
                    "iso2": row["iso2"],
                    "regional_group": row["regional_group"],
                    "un_admission_date": date.fromisoformat(row["un_admission_date"]),
                }
                for language, column in COLUMNS.items():
                    values[f"name_{column}"] = name_row[f"name_{language}"]
                    values[f"formal_name_{column}"] = formal_row[f"formal_name_{language}"]
                language = _row_of(languages, iso3, languages_file)["language"]
                state = MemberState.objects.filter(iso3=iso3).first()
                if state is None:
                    MemberState.objects.create(
                        iso3=iso3,
                        name=values["name_en"],
                        formal_name=values["formal_name_en"],
                        correspondence_language=language,
                        **values,
                    )
                    created += 1
                    continue
                if not state.correspondence_language_chosen:
                    values["correspondence_language"] = language
                changed = [key for key, value in values.items() if getattr(state, key) != value]
                if changed:
                    for key in changed:
                        setattr(state, key, values[key])
                    # The plain columns follow the English ones.
                    state.name = values["name_en"]
                    state.formal_name = values["formal_name_en"]
                    state.save(update_fields=[*changed, "name", "formal_name"])
                    updated += 1
        total = MemberState.objects.count()
        self.stdout.write(f"member states: {created} created, {updated} updated, {total} in all")
