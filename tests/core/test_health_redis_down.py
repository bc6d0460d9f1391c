"""Readiness and liveness with Redis down (core/health.py, core/views.py). Redis is "down" by
pointing the cache and the broker at a closed local port, as tests/api/test_healthz.py does.

- /readyz: 200 while the database answers; the cache and the broker "degraded", not "down";
  anonymous callers (the load balancer) learn no host, URL or error; the secretariat does.
- /livez: asks neither Redis nor the database.
"""

from __future__ import annotations

import json

import pytest
from django.db import OperationalError

from committee.celery import app
from core import health
from core.cache import ResilientRedisCache

UNREACHABLE = "redis://127.0.0.1:1/0"
# What an error of the cache or the broker says about where they are.
REVEALING = ("127.0.0.1", "redis://", "Error", "refused", ":1", "ms", "detail")


@pytest.fixture
def redis_down(settings, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": UNREACHABLE,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.conf, "broker_url", UNREACHABLE)
    # The cache remembers for a while that Redis was down: forget it for the tests that follow.
    monkeypatch.setattr(ResilientRedisCache, "_down_until", 0.0)
    yield
    ResilientRedisCache._down_until = 0.0


class DatabaseDown:
    vendor = "postgresql"

    def cursor(self):
        raise OperationalError("connection to server at 10.0.0.5 refused")


def test_readyz_with_redis_down_is_200_and_degraded(client, db, redis_down):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["failed"] == ["cache", "broker"]
    assert body["checks"] == {
        "database": {"ok": True, "status": "ok"},
        "cache": {"ok": False, "status": "degraded"},
        "broker": {"ok": False, "status": "degraded"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_readyz_names_no_host_url_or_error_to_anonymous_callers(client, db, redis_down):
    text = json.dumps(client.get("/readyz").json())
    assert [word for word in REVEALING if word in text] == []


def test_healthz_names_no_host_url_or_error_to_anonymous_callers(client, db, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    text = json.dumps(response.json())
    assert [word for word in REVEALING if word in text] == []


@pytest.mark.parametrize("persona", ["poc_chn", "expert"])
def test_readyz_details_are_not_for_other_signed_in_people(client, redis_down, persona, request):
    client.force_login(request.getfixturevalue(persona))
    body = client.get("/readyz").json()
    assert body["checks"]["cache"] == {"ok": False, "status": "degraded"}


def test_the_secretariat_sees_why_the_cache_and_the_broker_are_degraded(
    client, redis_down, secretariat
):
    client.force_login(secretariat)

    response = client.get("/readyz")

    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["cache"]["status"] == "degraded"
    assert "ConnectionError" in checks["cache"]["error"]
    assert "Connection refused" in checks["broker"]["error"]
    assert checks["database"]["detail"] == "postgresql" or checks["database"]["detail"] == "sqlite"
    assert all("ms" in check for check in checks.values())


def test_readyz_with_the_database_down_is_503_and_says_down(client, db, monkeypatch):
    monkeypatch.setattr(health, "connection", DatabaseDown())

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": False, "status": "down"}
    assert "10.0.0.5" not in response.content.decode()


def test_livez_with_redis_down_is_200(client, db, redis_down):
    response = client.get("/livez")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_livez_touches_neither_redis_nor_the_database(
    client, db, redis_down, monkeypatch, django_assert_num_queries
):
    def refuse(*args, **kwargs):
        raise AssertionError("/livez asked a dependency")

    for name in ("check_database", "check_cache", "check_broker"):
        monkeypatch.setitem(health.CHECKS, name.removeprefix("check_"), refuse)
    monkeypatch.setattr(ResilientRedisCache, "_guarded", refuse)
    monkeypatch.setattr(app, "connection_for_write", refuse)

    with django_assert_num_queries(0):
        response = client.get("/livez")

    assert response.status_code == 200
