"""Public pages cached in the shared cache (Redis in production) for anonymous readers, and
forgotten as soon as anything they could show changes.

Every cached page is stored with the "generation" number it was rendered in; a committed write to
any model of the committee's apps moves the generation on, so every cached page is stale at once.
Coarse, but correct without knowing which page shows which row, and writes are rare next to reads.
The generation and the page are read in one round trip to the cache (``get_many``).

Pages use the ``cache_public_page`` decorator; API lists keep their data the same way
(``committee.api.PublicListCacheMixin``), after DRF has authenticated and throttled the request.
"""

from __future__ import annotations

import functools

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "public-pages:generation"
# Part of every key: raise it when what is stored changes shape, so that a deployment never
# reads what the previous release wrote.
FORMAT = 2
CACHED_APPS = {"states", "assistance", "workinggroups", "outreach", "committee"}


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def forget_public_pages() -> None:
    """Make every cached public page stale (called after a committed write)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or the cache is down): nothing cached to forget
        cache.add(GENERATION_KEY, 2, timeout=None)


def read(key: str) -> tuple[int, object | None]:
    """The current generation, and what is cached under ``key`` if it was stored in it (None
    otherwise): one round trip to the cache."""
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY) or generation()
    stored = found.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == current:
        return current, stored[1]
    return current, None


def store(key: str, current: int, value, seconds: int) -> None:
    """Keep ``value`` under ``key`` for ``seconds``, as of generation ``current``."""
    cache.set(key, (current, value), seconds)


def anonymous_get(request: HttpRequest) -> int:
    """How long this request's answer may be cached: settings.PUBLIC_PAGE_CACHE_SECONDS for an
    anonymous GET with no messages waiting, 0 for anything else."""
    if request.method != "GET" or request.user.is_authenticated or len(get_messages(request)):
        return 0
    return settings.PUBLIC_PAGE_CACHE_SECONDS


def _on_write(sender, **kwargs) -> None:
    transaction.on_commit(forget_public_pages)


def connect_invalidation() -> None:
    for model in apps.get_models():
        if model._meta.app_label in CACHED_APPS:
            post_save.connect(
                _on_write, sender=model, dispatch_uid=f"public-pages-{model._meta.label}"
            )
            post_delete.connect(
                _on_write, sender=model, dispatch_uid=f"public-pages-{model._meta.label}-d"
            )


def cache_public_page(view=None, *, timeout: int | None = None):
    """Serve anonymous GET requests of ``view`` from the cache when possible, for ``timeout``
    seconds at most (settings.PUBLIC_PAGE_CACHE_SECONDS by default; 0 turns caching off)."""

    def decorator(view_function):
        @functools.wraps(view_function)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            seconds = anonymous_get(request) and (
                settings.PUBLIC_PAGE_CACHE_SECONDS if timeout is None else timeout
            )
            if not seconds:
                return view_function(request, *args, **kwargs)
            key = f"public-page:{FORMAT}:{get_language()}:{request.get_full_path()}"
            current, cached = read(key)
            if cached is not None:
                content, content_type = cached
                response = HttpResponse(content, content_type=content_type)
                response["X-Page-Cache"] = "hit"
                return response
            response = view_function(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                if hasattr(response, "render"):
                    response.render()
                if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                    # The page holds a CSRF token (a form that posts): it belongs to this
                    # reader only, and another reader's post with it would be refused.
                    response["X-Page-Cache"] = "not cached"
                    return response
                store(key, current, (response.content, response["Content-Type"]), seconds)
                response["X-Page-Cache"] = "miss"
            return response

        return wrapper

    return decorator(view) if view is not None else decorator
