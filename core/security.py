"""Two-factor authentication (TOTP) for the roles that see what is not public.

Secretariat staff, experts and committee members confirm a one-time code after their password;
until they have, the only pages open to them are those that let them do so. National points of
contact sign in with their password (their state's own material only)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import user_has_device

from core.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from core.models import User

TWO_FACTOR_ROLES = {Role.SECRETARIAT, Role.EXPERT, Role.COMMITTEE_MEMBER}
# The views a signed-in but unconfirmed member of a two-factor role may still reach, by view name:
# the website's paths carry a language prefix (/fr/login/, /zh-hans/account/two-factor/), so a
# list of path prefixes matched only the English pages and sent every other language in a loop.
# The name with its namespace: the admin's "admin:login" and "admin:logout" share the bare names
# "login" and "logout" with the website's pages but are not among them.
OPEN_VIEWS = {"login", "logout", "two-factor-verify", "two-factor-setup", "healthz", "set_language"}


def is_open_path(path_info: str) -> bool:
    """Whether ``path_info`` leads to a page needed to confirm the second factor (or to static
    files, which runserver serves through the URLconf in development)."""
    if path_info.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(path_info)
    except Resolver404:
        return False
    return match.view_name in OPEN_VIEWS


def has_two_factor_role(user: User) -> bool:
    """Whether ``user``'s account signs in with an authenticator app: the roles that see what is
    not public, and the superuser. The one statement of that rule (sign-in, API tokens, pairing
    codes)."""
    return user.role in TWO_FACTOR_ROLES or user.is_superuser


def requires_two_factor(user: User | AnonymousUser) -> bool:
    """Whether this sign-in must confirm a code now (the setting turns it off in development)."""
    return bool(
        settings.TWO_FACTOR_REQUIRED and user.is_authenticated and has_two_factor_role(user)
    )


def is_verified(user: User | AnonymousUser) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


class TwoFactorRequiredMiddleware:
    """After django_otp's OTPMiddleware: a signed-in member of a two-factor role who has not
    confirmed a code this session is sent to confirm one (pages) or refused (API)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        if (
            requires_two_factor(user)
            and not is_verified(user)
            and not is_open_path(request.path_info)
        ):
            step = "two-factor-verify" if user_has_device(user) else "two-factor-setup"
            if request.path_info.startswith("/api/"):
                message = _(
                    "Two-factor verification is required: confirm a code at %(url)s first."
                ) % {"url": reverse(step)}
                return JsonResponse({"detail": message}, status=403)
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _has_nul(pairs: Iterable[tuple[str, list[str]]]) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in pairs)


class RejectNulCharactersMiddleware:
    """Refuses, with a clear 400, input whose text holds NUL characters: PostgreSQL cannot store
    or even compare them, so they would otherwise fail deep inside a query. Uploaded files are
    not text and are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            has_nul = self._has_nul(request)
        except MultiPartParserError:
            # This is the first reader of the body: a form it cannot parse (no boundary, a bad
            # one) is the client's mistake and is told so, not left to Django's bare 400 page.
            return self._refuse(
                request,
                _(
                    "The request body could not be read as multipart/form-data: check its "
                    "boundary and parts."
                ),
            )
        if has_nul:
            return self._refuse(
                request, _("The request contains NUL characters, which no field accepts.")
            )
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, message: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if _has_nul(request.GET.lists()):
            return True
        if request.method not in ("POST", "PUT", "PATCH"):
            return False
        if request.content_type in FORM_TYPES:
            if request.method != "POST":
                # Django parses a form body for POST only, while DRF parses it for PUT and PATCH
                # as well: unchecked, a NUL reached PostgreSQL (a 500, the fuzzer, issue 11).
                # Parsed here as for a POST (streamed, within the upload limits); DRF then takes
                # request.POST and request.FILES, as it does once the body has been read.
                method, request.method = request.method, "POST"
                try:
                    request.POST  # noqa: B018 (reading it parses the body)
                finally:
                    request.method = method
            return _has_nul(request.POST.lists())
        if request.content_type == "application/json":
            return b"\\u0000" in request.body.lower()
        return False
