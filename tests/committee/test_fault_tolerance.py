"""With Redis down the site keeps serving pages, and the health check says what is down."""

from __future__ import annotations

import pytest

from committee.cache import ResilientRedisCache
from committee.celery import app

UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "committee.cache.ResilientRedisCache",
            "LOCATION": UNREACHABLE,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    broker, eager = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = UNREACHABLE
    ResilientRedisCache._down_until = 0.0
    yield
    app.conf.broker_url, app.conf.task_always_eager = broker, eager
    ResilientRedisCache._down_until = 0.0


@pytest.mark.usefixtures("redis_down")
def test_public_pages_still_serve_when_redis_is_down(client, member_states):
    for path in ("/", "/states/", "/states/CHN/", "/api/v1/states/"):
        assert client.get(path).status_code == 200, path


@pytest.mark.usefixtures("redis_down")
def test_the_health_check_names_the_cache_and_the_broker_when_redis_is_down(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert set(body["failed"]) == {"cache", "broker"}
    assert "Connection" in body["checks"]["cache"]["error"]
    assert body["checks"]["database"]["ok"]


@pytest.mark.usefixtures("redis_down")
def test_an_unreachable_cache_is_a_miss_not_an_error(db):
    from django.core.cache import cache

    cache.set("k", "v")
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", "v") is False
