"""Health of the parts the site depends on: the database, the cache and the Celery broker."""

from __future__ import annotations

import time
import uuid

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_cache() -> str:
    # The Redis cache swallows connection errors so that pages keep serving; ask Redis directly
    # here so that the answer names what is wrong.
    redis_client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if redis_client is not None:
        redis_client(write=True).ping()
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("value written to the cache could not be read back")
    cache.delete(key)
    return str(settings.CACHES["default"]["BACKEND"]).rsplit(".", 1)[-1]


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager (tasks run in-process; no broker configured)"
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    return "redis"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}
# What a web host cannot serve without. With Redis down pages still serve (the cache degrades to
# none, tasks are kept in the database): a host is taken out of rotation only when the database
# does not answer; the cache and the broker are reported.
REQUIRED_FOR_READINESS = {"database"}


# What anyone may read of a check's result. The rest (the backend, the time taken and the error,
# which can name hosts and addresses) only who may see the details (committee.see_health_details).
PUBLIC_FIELDS = ("ok", "status")


def run_checks() -> tuple[bool, dict[str, dict]]:
    """Every check's result: ``ok``, ``status`` ("ok"; "down" for a part this host cannot serve
    without, "degraded" for the others), and ``detail`` or ``error`` and ``ms``."""
    results: dict[str, dict] = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            detail = check()
        except Exception as error:  # any failure of the part is the answer, not a crash
            status = "down" if name in REQUIRED_FOR_READINESS else "degraded"
            results[name] = {
                "ok": False,
                "status": status,
                "error": f"{type(error).__name__}: {error}",
            }
        else:
            results[name] = {"ok": True, "status": "ok", "detail": detail}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return all(result["ok"] for result in results.values()), results


def readiness() -> tuple[bool, dict[str, dict]]:
    """Whether this host should receive traffic (the parts it cannot serve without answer), and
    every check's result."""
    _healthy, results = run_checks()
    return all(results[name]["ok"] for name in REQUIRED_FOR_READINESS), results


def for_reader(results: dict[str, dict], *, details: bool) -> dict[str, dict]:
    """The results as a reader may see them: without details, whether each part is ok only."""
    if details:
        return results
    return {
        name: {field: result[field] for field in PUBLIC_FIELDS} for name, result in results.items()
    }
