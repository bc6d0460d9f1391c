"""Load (or refresh) the 193 member states from the reference data file. Safe to run again."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from states.choices import RegionalGroup
from states.models import MemberState

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "un-member-states.csv"


class Command(BaseCommand):
    help = "Load the UN member states with their regional groups (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", type=Path, default=DATA_FILE)

    @transaction.atomic
    def handle(self, *args, file: Path, **options) -> None:
        groups = set(RegionalGroup.values)
        created = updated = 0
        with file.open(newline="", encoding="utf-8") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                if row["regional_group"] not in groups:
                    raise CommandError(
                        f"{file}:{line}: unknown regional group {row['regional_group']!r}"
                    )
                values = {
                    "iso2": row["iso2"],
                    "name": row["name"],
                    "regional_group": row["regional_group"],
                    "un_admission_date": date.fromisoformat(row["un_admission_date"]),
                }
                state = MemberState.objects.filter(iso3=row["iso3"]).first()
                if state is None:
                    MemberState.objects.create(iso3=row["iso3"], **values)
                    created += 1
                elif any(getattr(state, k) != v for k, v in values.items()):
                    for key, value in values.items():
                        setattr(state, key, value)
                    state.save(update_fields=list(values))
                    updated += 1
        total = MemberState.objects.count()
        self.stdout.write(f"member states: {created} created, {updated} updated, {total} in all")
