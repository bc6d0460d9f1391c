"""/healthz: one JSON answer on the database, the cache and the broker; 200 when all answer, 503
naming the part that does not. Unreachable parts are simulated with a closed local port."""

from __future__ import annotations

import time

import pytest
from django.db import OperationalError

from committee.celery import app
from core import health

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_is_200_when_every_part_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())
    # Anonymous callers learn whether each part is ok, not which backend answers.
    assert body["checks"]["database"] == {"ok": True, "status": "ok"}


def test_healthz_is_never_cached(client, db):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_healthz_needs_no_sign_in_and_no_trailing_slash(client, db):
    assert client.get("/healthz").status_code == 200


def test_healthz_is_503_naming_the_cache_when_redis_does_not_answer(client, settings, secretariat):
    # The secretariat sees the errors (anonymous callers whether each part is ok only).
    client.force_login(secretariat)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
        }
    }
    started = time.monotonic()

    response = client.get("/healthz")

    assert time.monotonic() - started < 5
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failed"] == ["cache"]
    assert body["checks"]["cache"]["ok"] is False
    assert "ConnectionError" in body["checks"]["cache"]["error"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True


@pytest.fixture
def unreachable_broker(settings):
    """Celery as in production (a real broker), pointed at a port where nothing listens."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    original = app.conf.broker_url
    app.conf.broker_url = UNREACHABLE_REDIS
    try:
        yield
    finally:
        app.conf.broker_url = original
    assert app.conf.broker_url == original


def test_healthz_is_503_naming_the_broker_when_it_does_not_answer(
    client, unreachable_broker, secretariat
):
    client.force_login(secretariat)
    started = time.monotonic()

    response = client.get("/healthz")

    assert time.monotonic() - started < 5
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["broker"]
    assert body["checks"]["broker"]["ok"] is False
    assert "Connection refused" in body["checks"]["broker"]["error"]
    assert body["checks"]["cache"]["ok"] is True


def test_healthz_names_every_part_that_fails(client, db, settings, unreachable_broker):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failed"] == ["cache", "broker"]


def test_healthz_is_503_naming_the_database_when_it_does_not_answer(
    client, monkeypatch, secretariat
):
    client.force_login(secretariat)

    class DatabaseDown:
        vendor = "postgresql"

        def cursor(self):
            raise OperationalError("connection to server at 127.0.0.1 refused")

    monkeypatch.setattr(health, "connection", DatabaseDown())

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["database"]
    assert body["checks"]["database"]["error"].startswith("OperationalError: connection")
