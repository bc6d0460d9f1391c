"""The shared base of every app's REST API: pagination, error format, and a ViewSet that shows
each person only what they may see and turns the services' refusals into clear HTTP answers."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from corsheaders.middleware import CorsMiddleware
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.urls import resolve
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from core import exports, page_cache
from core.services import InvalidTransition
from core.uploads import UploadTooLarge


class IsoCodeField(serializers.SlugRelatedField):
    """A member state named by its ISO3 code, with a message that says what was wrong. The
    states app's ``StateField`` gives it the member states; an app that must not import the
    states app (outreach: pyproject.toml's contracts) reads them from its model's relation by
    overriding ``get_queryset``."""

    default_error_messages = {
        "does_not_exist": _("There is no member state with the code “{value}”."),
        "invalid": _("Give the state as a three-letter ISO code, such as CHN."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="iso3", **kwargs)

    def to_internal_value(self, data: object) -> Model:
        # "12" or "China" is not a code at all: say how to write one, not that no state has it.
        if not isinstance(data, str) or not re.fullmatch(r"[A-Za-z]{3}", data.strip()):
            self.fail("invalid")
        return super().to_internal_value(data.strip().upper())


class FileRenderer(BaseRenderer):
    """Lets a download action answer any Accept header (a file response renders itself)."""

    media_type = "*/*"
    format = "file"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> str | bytes:
        # Only an error reaches here as data (a file streams itself): answer it as JSON.
        return json.dumps(data).encode() if isinstance(data, dict | list) else data


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


def _first_message(errors: object) -> str:
    """The first human message in a nested DRF error structure, prefixed with its field."""
    if isinstance(errors, dict):
        for field, value in errors.items():
            message = _first_message(value)
            if field in ("non_field_errors", "__all__", "detail"):
                return message
            return f"{field}: {message}"
        return ""
    if isinstance(errors, list):
        return _first_message(errors[0]) if errors else ""
    return str(errors)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus: Django's ValidationError from a service becomes 400 (409 for a
    workflow step the object's state does not allow), and every 400 says in ``detail`` what
    is wrong while ``errors`` keeps the per-field messages."""
    if isinstance(exc, UploadTooLarge):
        # Raised by the upload handler while DRF parsed the body: say why, as every error does.
        return Response(exc.as_api_error(), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, InvalidTransition):
        exc = Conflict(detail=" ".join(exc.messages))
    elif isinstance(exc, DjangoValidationError):
        exc = ValidationError(detail=as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        errors = response.data
        response.data = {"detail": _first_message(errors) or "Invalid input.", "errors": errors}
    return response


class PublicListCacheMixin(mixins.ListModelMixin):
    """Put first among a ViewSet's bases: the list that anonymous readers get is kept in the
    public page cache (committee/caching.py) and forgotten when anything changes. Authentication,
    throttling and content negotiation run before ``list``, so they apply to cached answers too;
    what is kept is the data, rendered as each client asked. The key holds the language and the
    whole address (the pagination links are absolute); an address with a parameter the list does
    not read is answered live."""

    # The ViewSet's FilterSet class (django-filter): what the list reads from the address.
    filterset_class: type

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # DRF's request: its user is the one DRF authenticated (a token too), not the session's.
        seconds = page_cache.anonymous_get(request)
        if not seconds:
            return super().list(request, *args, **kwargs)
        allowed = page_cache.query_names(self.filterset_class) | {
            "page_size",
            "format",
            "ordering",
        }
        query_string = page_cache.query_key(request._request, allowed)
        if query_string is None:
            return super().list(request, *args, **kwargs)
        base = request.build_absolute_uri(request.path)
        key = f"public-api:{page_cache.FORMAT}:{get_language()}:{base}?{query_string}"
        current, data = page_cache.read(key)
        if data is not None:
            return Response(data, headers={"X-Page-Cache": "hit"})
        response = super().list(request, *args, **kwargs)
        if response.status_code == 200:
            page_cache.store(key, current, response.data, seconds)
            response["X-Page-Cache"] = "miss"
        return response


class RequestLanguageMixin:
    """Put first among a ViewSet's bases: texts kept per language (state names, FAQ, areas...)
    are answered in the language of the request's Accept-Language header. The API is outside the
    website's language prefixes, where LocaleMiddleware would mean English."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        translation.activate(translation.get_language_from_request(request._request))
        super().initial(request, *args, **kwargs)  # type: ignore[misc]


class CommitteeViewSet(viewsets.GenericViewSet):
    """Base of every ViewSet. A model whose QuerySet has ``visible_to(user)`` is filtered by it,
    so a list, a detail and every action see only rows the person may see (others get 404).
    Writes go through serializers whose ``create``/``update`` call the app's services, where the
    permission rule, the transaction and the history record live."""

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        visible_to = getattr(queryset, "visible_to", None)
        return visible_to(self.request.user) if visible_to else queryset

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "acting_user": self.request.user}

    def get_renderers(self) -> list[BaseRenderer]:
        # Every list also answers ?format=csv and ?format=xlsx (core/exports.py), with the
        # list's filters, rows and field rules.
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers += [exports.CSVRenderer(), exports.XLSXRenderer()]
        return renderers

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        # An export holds every row of the list, not one page.
        renderer = getattr(self.request, "accepted_renderer", None)
        if getattr(renderer, "format", None) in exports.EXPORT_FORMATS:
            return None
        return super().paginate_queryset(queryset)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # An export's error (a bad filter, a refusal) is the API's JSON error, not a spreadsheet.
        renderer = getattr(request, "accepted_renderer", None)
        if getattr(renderer, "format", None) in exports.EXPORT_FORMATS and (
            getattr(response, "status_code", 200) >= 400
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


def unknown_api_path(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any address under /api/ that no endpoint answers: a JSON 404 like every API error, not
    the website's HTML page. An address missing its final slash is sent on to the one with it,
    as CommonMiddleware does for the rest of the site (this pattern would otherwise hide it)."""
    with_slash = f"{request.path_info}/"
    if (
        request.method in ("GET", "HEAD")
        and not request.path_info.endswith("/")
        and resolve(with_slash).func is not unknown_api_path
    ):
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{with_slash}?{query}" if query else with_slash)
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=status.HTTP_404_NOT_FOUND)


class ApiGZipMiddleware(GZipMiddleware):
    """Compresses the API's JSON answers to GET requests, and nothing else.

    BREACH reads a secret out of compressed answers that also reflect what an attacker sent.
    The website's pages carry the CSRF token and the browsable API's HTML does too, so neither
    is compressed; the JSON carries no token (the token endpoint answers a POST, never
    compressed). Django's gzip also pads each answer by a random length ("Heal the Breach"),
    which blurs what is left. Large lists (the 193 states, hundreds of requests) shrink
    several times over."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        content_type = response.get("Content-Type", "")
        if (
            request.method == "GET"
            and request.path_info.startswith("/api/")
            and content_type.startswith(COMPRESSED_TYPES)
        ):
            return super().process_response(request, response)
        return response


COMPRESSED_TYPES = ("application/json", "application/vnd.oai.openapi")


class ApiCorsMiddleware(CorsMiddleware):
    """django-cors-headers for reading only: any origin may GET /api/ (CORS_URLS_REGEX), with no
    credentials; a write gets no Access-Control-Allow-Origin, so another site's script cannot
    read its answer, and the preflight of one allows only GET, HEAD and OPTIONS."""

    def is_enabled(self, request: HttpRequest) -> bool:
        return request.method in ("GET", "HEAD", "OPTIONS") and super().is_enabled(request)
