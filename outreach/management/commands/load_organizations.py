"""Load (or refresh) the organisations the Committee cooperates with under paragraphs 10-12 of
the programme of work from the reference data file (outreach/data/organizations.csv): the
international, regional and subregional organisations (IAEA, OPCW, UNODA, CTED, the 1267
Monitoring Team, the IPU, the GHSA...) and the bodies of the nuclear-weapon-free-zone treaties,
with their official names in the six languages where United Nations usage gives them. Safe to
run again: a row is found by its acronym (else its English name) and brought up to date; an
organisation the secretariat made inactive stays inactive; none is ever deleted."""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import translation

from outreach.choices import OrganizationKind
from outreach.models import Organization

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "organizations.csv"
# The file's columns (name_zh) and the model's (name_zh_hans, django-modeltranslation's code).
LANGUAGES = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "zh": "zh_hans", "ar": "ar"}
COLUMNS = ["acronym", "kind", "offers_assistance", "website", *(f"name_{c}" for c in LANGUAGES)]


def read_rows(file: Path = DATA_FILE) -> list[dict[str, str]]:
    """The file's rows, checked: every column present, a known kind, an English name, no
    acronym twice."""
    with file.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"{file}: no column {', '.join(missing)}")
        rows, seen = [], set()
        for line, row in enumerate(reader, start=2):
            acronym = row["acronym"].strip()
            if row["kind"] not in OrganizationKind.values:
                raise CommandError(f"{file}:{line}: unknown kind {row['kind']!r}")
            if not row["name_en"].strip():
                raise CommandError(f"{file}:{line}: no English name")
            if row["offers_assistance"] not in ("yes", "no"):
                raise CommandError(f"{file}:{line}: offers_assistance is yes or no")
            if acronym.casefold() in seen:
                raise CommandError(f"{file}:{line}: {acronym} appears twice")
            seen.add(acronym.casefold())
            rows.append(row)
    return rows


class Command(BaseCommand):
    help = (
        "Load the organisations of paragraphs 10-12 of the programme of work with their names in "
        "the six official languages (idempotent)."
    )

    def handle(self, *args, **options) -> None:
        # English is the language of the plain ``name`` column (what modeltranslation sets when
        # ``name`` is assigned), whatever language the command was started in.
        with translation.override("en"), transaction.atomic():
            created, updated = self._load(read_rows())
        self.stdout.write(f"organisations: {created} added, {updated} brought up to date")

    def _load(self, rows: list[dict[str, str]]) -> tuple[int, int]:
        created = updated = 0
        for row in rows:
            acronym = row["acronym"].strip()
            organization = (
                Organization.objects.filter(
                    Q(acronym__iexact=acronym)
                    | Q(name_en__iexact=row["name_en"].strip())
                    | Q(name__iexact=row["name_en"].strip())
                )
                .order_by("pk")
                .first()
            )
            values = {
                "acronym": acronym,
                "kind": row["kind"],
                "offers_assistance": row["offers_assistance"] == "yes",
                "website": row["website"].strip(),
                "name": row["name_en"].strip(),
                **{
                    f"name_{model}": row[f"name_{column}"].strip() or None
                    for column, model in LANGUAGES.items()
                },
            }
            if organization is None:
                organization = Organization(**values)
                organization.full_clean()
                organization.save()
                created += 1
                continue
            changed = [
                name for name, value in values.items() if getattr(organization, name) != value
            ]
            if changed:
                for name in changed:
                    setattr(organization, name, values[name])
                organization.full_clean()
                organization.save(update_fields=changed)
                updated += 1
        return created, updated
