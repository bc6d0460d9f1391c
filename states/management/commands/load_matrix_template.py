"""Load (or refresh) the 1540 matrix template from its data file. Safe to run again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from states.matrices.template import TEMPLATE_2016, load_template, read_rows


class Command(BaseCommand):
    help = "Load the 1540 matrix template (sections and fields) and make it current (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", type=Path, default=TEMPLATE_2016)
        parser.add_argument("--code", default="2016")
        parser.add_argument("--title", default="1540 matrix (template in use from 2016)")
        parser.add_argument("--in-use-from", type=date.fromisoformat, default=date(2016, 1, 1))

    def handle(self, *args, file: Path, code: str, title: str, in_use_from: date, **options):
        try:
            result = load_template(read_rows(file), code=code, title=title, in_use_from=in_use_from)
        except (ValidationError, OSError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else error
            raise CommandError(f"{file}: {message}") from None
        total = result.template.fields.count()
        self.stdout.write(
            f"matrix template {result.template.code}: {result.created} fields created, "
            f"{result.updated} updated, {total} in all"
        )
