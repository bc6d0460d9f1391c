"""`manage.py restore PATH`: restore a backup archive into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into the configured, empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace the data of a database that is not empty"
        )

    def handle(self, *args: Any, path: Path, force: bool, **options: Any) -> None:
        if not path.exists():
            raise CommandError(f"no such backup: {path}")
        try:
            manifest = restore_backup(path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"restored {path} (made {manifest['created_at']}): {rows} rows, counts checked"
        )
