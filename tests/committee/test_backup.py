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

from committee.backup import row_counts
from states.models import NationalReport
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
    restored_file = restored_media / published.document.name
    assert restored_file.read_bytes() == Path(published.document.path).read_bytes()
    assert before["states_nationalreport"] == 2


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_data(member_states, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
