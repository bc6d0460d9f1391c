"""Backups: the database and the uploaded files in one archive, and their restoration.

PostgreSQL is dumped with pg_dump (custom format) and restored with pg_restore; SQLite (the
embedded default) is copied with SQLite's own online backup. Uploaded files are archived beside
it, from wherever the file storage keeps them: MEDIA_ROOT, or the object store's bucket when
S3_BUCKET is set (settings, section 8), object by object through Django's storage API; a restore
puts them back there. A manifest records when, from which engine, and how many rows each table
held, so that a restore can be checked against it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"


class BackupError(Exception):
    pass


def row_counts() -> dict[str, int]:
    """Rows per table of every installed model that has a table in the current database."""
    existing = set(connection.introspection.table_names())
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.managed and not model._meta.proxy and table in existing:
            counts[table] = model._base_manager.count()
    return dict(sorted(counts.items()))


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args() -> list[str]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def _local_storage() -> bool:
    return isinstance(storages["default"], FileSystemStorage)


def _stored_names(directory: str = "") -> list[str]:
    """Every file's name in the default storage, folders walked recursively."""
    folders, files = default_storage.listdir(directory)
    names = [f"{directory}/{name}" if directory else name for name in files]
    for folder in folders:
        names += _stored_names(f"{directory}/{folder}" if directory else folder)
    return names


def _archive_stored_files(archive: tarfile.TarFile) -> None:
    """The uploaded files, each under media/<its name>: MEDIA_ROOT as a folder, or the objects
    of another storage (S3) streamed one by one."""
    if _local_storage():
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            archive.add(media, arcname=MEDIA)
        return
    for name in sorted(_stored_names()):
        with default_storage.open(name, "rb") as stored:
            info = tarfile.TarInfo(f"{MEDIA}/{name}")
            info.size = default_storage.size(name)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, stored)


def _restore_stored_files(media: Path) -> None:
    """Put the archived files back under their own names (the database refers to them)."""
    if _local_storage():
        shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
        return
    for path in sorted(p for p in media.rglob("*") if p.is_file()):
        name = path.relative_to(media).as_posix()
        if default_storage.exists(name):
            default_storage.delete(name)
        with path.open("rb") as handle:
            saved = default_storage.save(name, File(handle))
        if saved != name:
            raise BackupError(f"{name} was stored as {saved}; the restore is incomplete")


def create_backup(destination: Path) -> dict[str, Any]:
    """Write a backup archive to ``destination`` (a .tar.gz) and return its manifest."""
    destination = Path(destination)
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        if connection.vendor == "postgresql":
            subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(work / PG_DUMP),
                    *_pg_args(),
                ],
                check=True,
                env=_pg_env(),
                capture_output=True,
            )
            database = PG_DUMP
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(work / SQLITE_COPY)
            with target:
                connection.connection.backup(target)
            target.close()
            database = SQLITE_COPY
        else:
            raise BackupError(f"backups of {connection.vendor} databases are not supported")
        manifest = {
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": database,
            "rows": row_counts(),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = destination.with_name(destination.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(work / database, arcname=database)
            _archive_stored_files(archive)
        # Complete or absent: a backup interrupted half-way never looks like a good one.
        os.replace(partial, destination)
    return manifest


def _unpack(source: Path, work: Path) -> dict[str, Any]:
    """Extract the whole archive into ``work`` and check it before anything is restored: a gzip
    stream cut short fails its end-of-stream check only when read to the end, so reading it all
    first is what keeps a truncated archive from restoring half a database."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(work, filter="data")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupError(
            f"{source} is truncated or damaged ({error}); nothing was restored. Use a complete "
            "copy of the backup."
        ) from error
    try:
        manifest = json.loads((work / MANIFEST).read_text())
        database, engine, rows = manifest["database"], manifest["engine"], manifest["rows"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(
            f"{source} has no readable {MANIFEST}: it is not a backup made by `manage.py backup`; "
            "nothing was restored"
        ) from error
    if database not in (PG_DUMP, SQLITE_COPY) or not (work / database).is_file():
        raise BackupError(f"{source} does not hold its database ({database}); nothing was restored")
    if not isinstance(rows, dict) or not isinstance(engine, str):
        raise BackupError(f"{source} has a damaged {MANIFEST}; nothing was restored")
    return manifest


def restore_backup(source: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore an archive made by create_backup into the configured (empty) database and file
    storage; return the manifest after checking the row counts against it. A truncated or
    damaged archive is refused with a BackupError before the database is touched."""
    if not force and any(row_counts().values()):
        raise BackupError(
            "the database is not empty; restore into an empty database, or pass --force to "
            "replace what is there"
        )
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        manifest = _unpack(Path(source), work)
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"this backup is of a {manifest['engine']} database; the configured one is "
                f"{connection.vendor}"
            )
        if connection.vendor == "postgresql":
            connection.close()
            try:
                subprocess.run(
                    [
                        "pg_restore",
                        "--no-owner",
                        "--no-privileges",
                        "--clean",
                        "--if-exists",
                        "--exit-on-error",
                        # All or nothing: a dump that fails half-way leaves the database as it was.
                        "--single-transaction",
                        *_pg_args(),
                        str(work / PG_DUMP),
                    ],
                    check=True,
                    env=_pg_env(),
                    capture_output=True,
                )
            except subprocess.CalledProcessError as error:
                raise BackupError(
                    f"pg_restore refused the database dump; the database was left as it was: "
                    f"{error.stderr.decode(errors='replace').strip()}"
                ) from error
        else:
            copy = sqlite3.connect(work / SQLITE_COPY)
            try:
                try:
                    intact = copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                except sqlite3.DatabaseError:
                    intact = False
                if not intact:
                    raise BackupError("the database copy in the backup is damaged")
                connection.ensure_connection()
                with copy:
                    copy.backup(connection.connection)
            finally:
                copy.close()
        if (work / MEDIA).exists():
            _restore_stored_files(work / MEDIA)
    restored = row_counts()
    missing = {t: n for t, n in manifest["rows"].items() if restored.get(t) != n}
    if missing:
        raise BackupError(f"restored row counts differ from the backup's: {missing}")
    return manifest
