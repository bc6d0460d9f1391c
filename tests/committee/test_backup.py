"""A backup restores into an empty database with the same records and the same files."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core.backup import row_counts
from states.reports.models import NationalReport
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def restore_into(database_url: str, archive: Path, media: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media)}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def empty_database():
    """A database that exists and holds nothing, of the same engine as the test database."""
    if connection.vendor == "sqlite":
        path = Path(os.environ.get("TMPDIR", "/tmp")) / f"restore-{os.getpid()}.sqlite3"
        path.unlink(missing_ok=True)
        yield f"sqlite:///{path}", lambda sql: sqlite3.connect(path).execute(sql).fetchall()
        path.unlink(missing_ok=True)
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    server = f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def query(sql):
        with psycopg.connect(f"{server}/{name}") as conn:
            return conn.execute(sql).fetchall()

    yield f"{server}/{name}", query
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_the_same_records(
    member_states, poc_chn, secretariat, tmp_path, empty_database
):
    published = factories.report(
        "CHN",
        by=poc_chn,
        kind="first",
        status="published",
        publisher=secretariat,
        title="First report of China",
        text="Export control law",
    )
    draft = factories.report("BRA", by=secretariat, title="Brazil draft")
    before = row_counts()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    url, query = empty_database
    restored_media = tmp_path / "restored-media"
    result = restore_into(url, archive, restored_media)

    assert result.returncode == 0, result.stderr
    assert "counts checked" in result.stdout
    assert query("SELECT count(*) FROM states_memberstate") == [(193,)]
    assert query("SELECT count(*) FROM states_nationalreport") == [
        (NationalReport.objects.count(),)
    ]
    assert query(f"SELECT title, status FROM states_nationalreport WHERE id = {published.pk}") == [
        ("First report of China", "published")
    ]
    assert query(f"SELECT count(*) FROM states_historicalnationalreport WHERE id = {draft.pk}") == [
        (1,)
    ]
    stored = published.original.file
    restored_file = restored_media / stored.name
    assert restored_file.read_bytes() == Path(stored.path).read_bytes()
    assert before["states_nationalreport"] == 2


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_data(member_states, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


def _cut_in_half(archive: Path) -> Path:
    data = archive.read_bytes()
    truncated = archive.with_name("truncated.tar.gz")
    truncated.write_bytes(data[: len(data) // 2])
    return truncated


def _tables(query) -> int:
    if connection.vendor == "sqlite":
        return query("SELECT count(*) FROM sqlite_master WHERE type = 'table'")[0][0]
    return query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0][0]


@pytest.mark.django_db(transaction=True)
def test_restoring_a_backup_cut_in_half_is_a_clear_error_and_the_database_stays_empty(
    member_states, tmp_path, empty_database
):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    url, query = empty_database

    result = restore_into(url, _cut_in_half(archive), tmp_path / "restored-media")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "CommandError: " in result.stderr
    assert "is truncated or damaged" in result.stderr
    assert "nothing was restored" in result.stderr
    assert _tables(query) == 0
    assert not (tmp_path / "restored-media").exists()


@pytest.mark.django_db(transaction=True)
def test_a_forced_restore_of_a_truncated_backup_changes_nothing(member_states, poc_chn, tmp_path):
    factories.report("CHN", by=poc_chn, title="Kept as it was")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    NationalReport.objects.update(title="Changed after the backup")
    before = row_counts()

    with pytest.raises(CommandError, match="is truncated or damaged"):
        call_command("restore", str(_cut_in_half(archive)), force=True)

    assert row_counts() == before
    assert NationalReport.objects.get().title == "Changed after the backup"


@pytest.mark.django_db(transaction=True)
def test_a_file_that_is_not_a_backup_is_refused(member_states, tmp_path):
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_bytes(b"these are not the backups you are looking for")
    with pytest.raises(CommandError, match="is truncated or damaged"):
        call_command("restore", str(not_a_backup), force=True)
