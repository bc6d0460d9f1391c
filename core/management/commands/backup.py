"""`manage.py backup [PATH]`: the database and uploaded files in one .tar.gz archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from core.backup import create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, help="archive to write (.tar.gz)")

    def handle(self, *args: Any, path: Path | None, **options: Any) -> None:
        path = path or Path(f"backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        manifest = create_backup(path)
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"backup written to {path}: {manifest['engine']}, {rows} rows")
