"""Reads of anonymous public pages from a read-only replica, when one is configured.

With ``DATABASE_REPLICA_URL`` set, settings add a second database alias, "replica" (a streaming
replica of the primary, read-only). One rule decides what it serves:

- a GET or HEAD by someone not signed in, to any page or API endpoint except the few that must
  see the primary's latest state (``PRIMARY_ONLY``: signing in, password reset, two-factor, the
  health checks, the admin), reads from the replica: the public lists, a state's public page, the
  public API. These are the heavy public reads, and a second or so of replication lag there is
  harmless (the public page cache already serves pages up to PUBLIC_PAGE_CACHE_SECONDS old);
- everything else reads from the primary ("default"): signed-in people (staff, experts, POCs see
  what they have just written), any other method, Celery tasks, management commands;
- writes always go to the primary, and once a request has written, its later reads do too.

Without a replica configured nothing changes: every query goes to "default".
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
# URL names (with their namespace) whose anonymous GETs still read from the primary.
PRIMARY_ONLY = frozenset(
    {
        "login",
        "logout",
        "two-factor-verify",
        "two-factor-setup",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "healthz",
        "livez",
        "readyz",
        "metrics",
    }
)

# Per request (and thread): None outside a request or when it reads from the primary; "replica"
# while it may read from the replica; "written" once it has written.
_state: ContextVar[str | None] = ContextVar("database_route", default=None)


def replica_configured() -> bool:
    return bool(getattr(settings, "DATABASE_REPLICA_URL", None))


def may_read_from_replica(request: HttpRequest) -> bool:
    match = request.resolver_match
    if request.method not in ("GET", "HEAD") or match is None:
        return False
    if match.view_name in PRIMARY_ONLY or "admin" in match.namespaces:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class ReplicaRouter:
    """DATABASE_ROUTERS: reads to the replica while the current request may use it."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        # None: Django's choice, the primary (or the database an instance came from).
        if _state.get() == REPLICA and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model: type, **hints: Any) -> str:
        if _state.get() == REPLICA:
            _state.set("written")
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The same data on both: objects read from either may be related.
        if {obj1._state.db, obj2._state.db} <= {"default", REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The replica follows the primary's schema by replication; never migrate it.
        return False if db == REPLICA else None


class ReplicaReadsMiddleware:
    """After authentication: marks the request as one whose reads may use the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _state.set(None)
        try:
            return self.get_response(request)
        finally:
            _state.reset(token)

    def process_view(self, request: HttpRequest, view: Callable, args: Any, kwargs: Any) -> None:
        if replica_configured() and may_read_from_replica(request):
            _state.set(REPLICA)
