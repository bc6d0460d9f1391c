"""Database connections (settings, section 4): persistent connections with health checks on
PostgreSQL by default, psycopg's pool with DATABASE_POOL=true, neither on SQLite; the replica
alias and its router with DATABASE_REPLICA_URL. Each case in a fresh process, as
tests/committee/test_settings.py does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = "postgres://postgres@127.0.0.1:5432/x"
VARIABLES = {
    "DATABASE_URL",
    "DATABASE_POOL",
    "DATABASE_REPLICA_URL",
    "DB_CONN_MAX_AGE",
    "DATABASE_POOL_MIN_SIZE",
    "DATABASE_POOL_MAX_SIZE",
}
SHOW = (
    "import django, json, os; os.environ['DJANGO_SETTINGS_MODULE']='committee.settings'; "
    "django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'databases': s.DATABASES, 'routers': s.DATABASE_ROUTERS}, default=str))"
)


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def databases(**env: str) -> dict:
    result = run(SHOW, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sqlite_keeps_no_connection_open_and_has_no_pool():
    default = databases()["databases"]["default"]
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["CONN_MAX_AGE"] == 0
    assert "pool" not in default["OPTIONS"]


def test_sqlite_ignores_the_pool_setting():
    default = databases(DATABASE_POOL="true")["databases"]["default"]
    assert "pool" not in default["OPTIONS"] and default["CONN_MAX_AGE"] == 0


def test_postgresql_keeps_connections_open_and_checks_them_before_reuse():
    default = databases(DATABASE_URL=POSTGRES)["databases"]["default"]
    assert default["CONN_MAX_AGE"] == 60
    assert default["CONN_HEALTH_CHECKS"] is True
    assert "pool" not in default["OPTIONS"]
    assert (
        databases(DATABASE_URL=POSTGRES, DB_CONN_MAX_AGE="300")["databases"]["default"][
            "CONN_MAX_AGE"
        ]
        == 300
    )


def test_database_pool_uses_psycopgs_pool_without_persistent_connections():
    default = databases(DATABASE_URL=POSTGRES, DATABASE_POOL="true", DATABASE_POOL_MAX_SIZE="12")[
        "databases"
    ]["default"]
    assert default["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 12, "timeout": 10}
    # Django refuses a pool with persistent connections.
    assert default["CONN_MAX_AGE"] == 0


def test_a_malformed_pool_setting_is_a_clear_error():
    result = run(SHOW, DATABASE_URL=POSTGRES, DATABASE_POOL="sometimes")
    assert result.returncode != 0
    assert "DATABASE_POOL must be true or false, not 'sometimes'" in result.stderr


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL"
)
def test_the_pool_serves_queries_on_postgresql():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='committee.settings'; "
        "django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('SELECT 1'); "
        "print(cursor.fetchone()[0], type(connection.pool).__name__)"
    )
    # The server's own "postgres" database: the test database's name is not known here.
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    result = run(code, DATABASE_URL=f"{server}/postgres", DATABASE_POOL="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "ConnectionPool"]


def test_without_a_replica_url_there_is_one_database():
    shown = databases(DATABASE_URL=POSTGRES)
    assert set(shown["databases"]) == {"default"}


def test_a_replica_url_adds_the_replica_a_test_mirror_of_the_primary():
    shown = databases(
        DATABASE_URL=POSTGRES, DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/x"
    )
    replica = shown["databases"]["replica"]
    assert replica["HOST"] == "replica.internal" and replica["USER"] == "reader"
    assert replica["TEST"]["MIRROR"] == "default"
    assert replica["CONN_HEALTH_CHECKS"] is True
    assert shown["routers"] == ["core.db_router.ReplicaRouter"]
