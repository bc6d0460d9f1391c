"""Load (or refresh) the 1540 matrix templates from their data files: every version (the one in
use before 2017 and the 2017 format, which is made current) and the field mapping between them
(8(d)), or one file given with --file. Safe to run again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from states.matrices.template import LoadResult, load_all_templates, load_template, read_rows


class Command(BaseCommand):
    help = (
        "Load the 1540 matrix templates (worksheets and fields) and the field mapping between "
        "them; the newest is made current (idempotent). With --file, load that one file."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--file", type=Path, default=None, help="One template file instead of every version."
        )
        parser.add_argument("--code", default="custom")
        parser.add_argument("--title", default="1540 matrix")
        parser.add_argument("--in-use-from", type=date.fromisoformat, default=None)

    def handle(
        self, *args, file: Path | None, code: str, title: str, in_use_from: date | None, **opts
    ):
        try:
            if file is None:
                results, mappings = load_all_templates()
            else:
                one = load_template(
                    read_rows(file),
                    code=code,
                    title=title,
                    in_use_from=in_use_from or timezone.localdate(),
                )
                results, mappings = [one], []
        except (ValidationError, OSError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else error
            raise CommandError(f"{file or 'matrix templates'}: {message}") from None
        for result in results:
            self.report(result)
        for old, new, mapping in mappings:
            self.stdout.write(
                f"field mapping {old} -> {new}: {mapping.carried} fields carried, "
                f"{mapping.dropped} that no longer exist"
            )

    def report(self, result: LoadResult) -> None:
        template = result.template
        current = " (current)" if template.is_current else ""
        self.stdout.write(
            f"matrix template {template.code}{current}: {result.created} fields created, "
            f"{result.updated} updated, {template.fields.count()} in all"
        )
