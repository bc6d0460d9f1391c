"""Public pages cached in the shared cache (Redis in production) for anonymous readers, and
forgotten as soon as anything they could show changes.

Every cached page is stored with the "generation" number it was rendered in; a committed write that
changes what the public can see moves the generation on, so every cached page is stale at once.
Coarse, but correct without knowing which page shows which row, and such writes are rare next to
reads. The generation and the page are read in one round trip to the cache (``get_many``).

Which writes those are, each model declares once, next to its visibility rule, as
``PUBLIC_PAGES``:

- ``True`` (also when a model says nothing): any write may change a public page;
- ``False``: never shown on a public page (mail, notifications, queued tasks, history rows, which
  are never shown and need no declaration);
- ``"app.read_rule"``, the rule of the model's ``visible_to``: a save or delete counts when the row
  is, or was before the save, open to an anonymous reader (a draft saved does not count, publishing
  or withdrawing a published row does);
- ``"field"``: a row is shown when the row it points at through ``field`` is (a published
  matrix's entries);
- a function of the row, when the public sees more of a model than its rows (a submitted report
  is not open to the public, but a state's page says that it has reported).

``PUBLIC_PAGES_UNSHOWN`` names fields no public page shows: a save of those alone
(``update_fields``) is no public write, as a sign-in saving ``last_login``.

Pages use the ``cache_public_page`` decorator; API lists keep their data the same way
(``core.api.PublicListCacheMixin``), after DRF has authenticated and throttled the request.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, Concatenate, overload

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse
from django.utils.http import urlencode
from django.utils.translation import get_language

from core.cache import UNAVAILABLE
from core.metrics import count_page_cache
from core.permissions import rows_seen

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
# Part of every key: raise it when what is stored changes shape, so that a deployment never
# reads what the previous release wrote.
FORMAT = 2
CACHED_APPS = {"states", "assistance", "workinggroups", "outreach", "committee"}

# What a page reads from its address besides ``page``: a FilterSet class (django-filter has no
# types, and mypy would not take a type[Any] to be hashable for functools.cache), or names.
type PageQuery = type | tuple[str, ...] | None
# A page's view, which cache_public_page gives back with the same arguments.
type PageView[**P] = Callable[Concatenate[HttpRequest, P], HttpResponse]


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


# True while a committed write could not move the generation on (the cache did not answer). This
# process then retries before it reads a cached page again, and serves none until it succeeds.
_forget_pending = False


def forget_public_pages() -> None:
    """Make every cached public page stale (called after a committed write). If the cache does
    not answer, the write is remembered and the generation moved on at the next read."""
    global _forget_pending
    incr = getattr(cache, "strict_incr", cache.incr)
    try:
        try:
            incr(GENERATION_KEY)
        except ValueError:  # no generation yet: nothing cached to forget
            cache.add(GENERATION_KEY, 2, timeout=None)
    except UNAVAILABLE as error:
        logger.warning("could not forget the cached public pages, will retry: %s", error)
        _forget_pending = True
    else:
        _forget_pending = False


def read(key: str) -> tuple[int | None, Any]:
    """The current generation, and what is cached under ``key`` if it was stored in it (None
    otherwise): one round trip to the cache. The generation is None while a write of this
    process could not be made known to the cache: nothing is read or stored then."""
    if _forget_pending:
        forget_public_pages()
        if _forget_pending:
            return None, None
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY) or generation()
    stored = found.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == current:
        count_page_cache(hit=True)
        return current, stored[1]
    count_page_cache(hit=False)
    return current, None


def store(key: str, current: int | None, value: object, seconds: int) -> None:
    """Keep ``value`` under ``key`` for ``seconds``, as of generation ``current``."""
    if current is not None:
        cache.set(key, (current, value), seconds)


@functools.cache
def query_names(query: PageQuery = None) -> frozenset[str]:
    """The query parameters that select what a page shows: ``page``, and those of ``query`` (a
    django-filter FilterSet class, whose range filters take two parameters each, or a tuple of
    names). Worked out once per ``query``."""
    names = {"page"}
    if query is None:
        pass
    elif isinstance(query, type):
        for name, field in query().form.fields.items():
            names.add(name)
            names.update(name + suffix for suffix in getattr(field.widget, "widgets_names", ()))
    else:
        names.update(query)
    return frozenset(names)


def query_key(request: HttpRequest, allowed: frozenset[str]) -> str | None:
    """The request's query string in one canonical order, or None when it holds a parameter the
    page does not know: such an address is answered live and not kept, or anyone could fill the
    cache with addresses of their own."""
    if not set(request.GET) <= allowed:
        return None
    return urlencode(
        sorted((name, value) for name in request.GET for value in request.GET.getlist(name))
    )


def anonymous_get(request: HttpRequest) -> int:
    """How long this request's answer may be cached: settings.PUBLIC_PAGE_CACHE_SECONDS for an
    anonymous GET with no messages waiting, 0 for anything else."""
    if request.method != "GET" or request.user.is_authenticated or len(get_messages(request)):
        return 0
    return settings.PUBLIC_PAGE_CACHE_SECONDS


# Set on an instance before its save: whether the row, as stored, was open to the public.
_WAS_PUBLIC = "_public_pages_was_public"


type Declaration = bool | str | Callable[[Any], bool]


def declared(model: type[Model]) -> Declaration:
    """What ``model`` declares of its rows on the public pages (see above)."""
    if getattr(model, "instance_type", None) is not None:  # a history row (django-simple-history)
        return False
    return getattr(model, "PUBLIC_PAGES", True)


def shown_to_public(obj: Model) -> bool:
    """Whether ``obj``, as it is in memory, is something a public page may show."""
    declaration = declared(type(obj))
    if isinstance(declaration, bool):
        return declaration
    if callable(declaration):
        return bool(declaration(obj))
    if "." in declaration:
        return rows_seen(AnonymousUser(), declaration).allows(obj)
    try:
        parent = getattr(obj, declaration)
    except ObjectDoesNotExist:  # deleted with it: what it was cannot be told, so it counts
        return True
    return parent is not None and shown_to_public(parent)


def _before_save(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    setattr(instance, _WAS_PUBLIC, stored is not None and shown_to_public(stored))


def _on_save(
    sender: type[Model],
    instance: Model,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    was_public = instance.__dict__.pop(_WAS_PUBLIC, False)
    unshown: frozenset[str] = getattr(sender, "PUBLIC_PAGES_UNSHOWN", frozenset())
    if update_fields and set(update_fields) <= unshown:
        return
    if was_public or shown_to_public(instance):
        transaction.on_commit(forget_public_pages, robust=True)


def _on_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if shown_to_public(instance):
        transaction.on_commit(forget_public_pages, robust=True)


def connect_invalidation() -> None:
    for model in apps.get_models():
        declaration = declared(model)
        if model._meta.app_label not in CACHED_APPS or declaration is False:
            continue
        label = model._meta.label
        if callable(declaration) or (isinstance(declaration, str) and "." in declaration):
            # Whether the row was public before the save: a withdrawal counts.
            pre_save.connect(_before_save, sender=model, dispatch_uid=f"public-pages-{label}-b")
        post_save.connect(_on_save, sender=model, dispatch_uid=f"public-pages-{label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"public-pages-{label}-d")


@overload
def cache_public_page[**P](
    view: PageView[P], *, timeout: int | None = None, query: PageQuery = None
) -> PageView[P]: ...


@overload
def cache_public_page[**P](
    view: None = None, *, timeout: int | None = None, query: PageQuery = None
) -> Callable[[PageView[P]], PageView[P]]: ...


def cache_public_page[**P](
    view: PageView[P] | None = None, *, timeout: int | None = None, query: PageQuery = None
) -> PageView[P] | Callable[[PageView[P]], PageView[P]]:
    """Serve anonymous GET requests of ``view`` from the cache when possible, for ``timeout``
    seconds at most (settings.PUBLIC_PAGE_CACHE_SECONDS by default; 0 turns caching off).
    ``query`` names the parameters the page reads (a FilterSet class, or names; ``page`` always):
    an address with any other is answered live."""

    def decorator(view_function: PageView[P]) -> PageView[P]:

        @functools.wraps(view_function)
        def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            seconds = anonymous_get(request) and (
                settings.PUBLIC_PAGE_CACHE_SECONDS if timeout is None else timeout
            )
            if not seconds:
                return view_function(request, *args, **kwargs)
            query_string = query_key(request, query_names(query))
            if query_string is None:
                response = view_function(request, *args, **kwargs)
                response["X-Page-Cache"] = "not cached"
                return response
            key = f"public-page:{FORMAT}:{get_language()}:{request.path}?{query_string}"
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
