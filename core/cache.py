"""A Redis cache that degrades to no cache when Redis is down, so pages keep serving."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.client import Redis
from redis.connection import ConnectionPool
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Unreachable, but also the error replies of a reachable Redis (out of memory, read-only replica):
# either way the cache is skipped, never the page.
UNAVAILABLE = (RedisError, OSError)
# After a failure, skip Redis for a few seconds instead of paying a connection attempt on every
# cache call of every request.
RETRY_AFTER_SECONDS = 5.0


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` for every cache call, and its constructor
    fills a table of some 170 response callbacks: a third of the time of a cached page. A
    ``redis.Redis`` is safe to share between threads, so keep one per connection pool."""

    # Django's own attributes, which django-stubs leaves out: the client class and the pool.
    _client: type[Redis]
    _get_connection_pool: Callable[[bool], ConnectionPool]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Redis] = {}

    def get_client(
        self, key: str | bytes | memoryview | None = None, *, write: bool = False
    ) -> Redis:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, but an unreachable Redis is a cache miss (reads) or a no-op (writes),
    logged once per outage window. The health check still reports it: what it writes cannot be
    read back."""

    _down_until = 0.0

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def _guarded(self, method: str, default: Any, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < ResilientRedisCache._down_until:
            return default
        try:
            return getattr(super(), method)(*args, **kwargs)
        except UNAVAILABLE as error:
            logger.warning("cache unavailable, serving without it for a while: %s", error)
            ResilientRedisCache._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return default

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._guarded("get", default, key, default, version)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._guarded("get_many", {}, keys, version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._guarded("has_key", False, key, version)

    def add(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        return self._guarded("add", False, key, value, timeout, version)

    def set(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        return self._guarded("set", None, key, value, timeout, version)

    def set_many(
        self,
        data: dict[Any, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[Any]:
        return self._guarded("set_many", list(data), data, timeout, version)

    def touch(
        self, key: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self._guarded("touch", False, key, timeout, version)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._guarded("delete", False, key, version)

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        return self._guarded("delete_many", None, keys, version)

    # During an outage the increment is skipped and answers None, where Django's returns the new
    # value: nothing of this project reads it (strict_incr is the one that must not be lost).
    def incr(  # type: ignore[override]
        self, key: Any, delta: int = 1, version: int | None = None
    ) -> int | None:
        return self._guarded("incr", None, key, delta, version)

    def strict_incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        """``incr`` that tries even during an outage window and lets a failure be seen: a lost
        increment of the public pages' generation would leave stale pages served elsewhere."""
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE:
            ResilientRedisCache._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            raise

    def clear(self) -> None:
        return self._guarded("clear", None)
