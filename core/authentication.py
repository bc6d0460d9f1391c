"""API authentication by token (django-rest-knox: tokens kept as a digest, with an expiry)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.settings import knox_settings
from rest_framework.authentication import get_authorization_header

if TYPE_CHECKING:
    # Only for the annotations, as in core/throttling.py: DRF's settings import this module.
    from drf_spectacular.openapi import AutoSchema
    from knox.models import AuthToken
    from rest_framework.request import Request

    from core.models import User


def _carries_a_token(request: Request) -> bool:
    scheme = get_authorization_header(request).split(b" ", 1)[0]
    return scheme.lower() == knox_settings.AUTH_HEADER_PREFIX.lower().encode()


class TokenAuthentication(KnoxTokenAuthentication):
    """Knox's token authentication, listed first so that a wrong, revoked or expired token is
    answered 401 with ``WWW-Authenticate: Token`` (the client should ask for a new token), as
    HTTP means it. A request without a token keeps the answer it always had, 403, because DRF
    decides between the two by the first authenticator's header alone."""

    def authenticate(self, request: Request) -> tuple[User, AuthToken] | None:
        # Knox's own method reads the prefix through authenticate_header, which is None here
        # for requests without a token.
        if not _carries_a_token(request):
            return None
        return super().authenticate(request)

    def authenticate_header(self, request: Request) -> str | None:
        return knox_settings.AUTH_HEADER_PREFIX if _carries_a_token(request) else None


class TokenScheme(OpenApiAuthenticationExtension):
    """The scheme in the OpenAPI schema, under the name it always had (``tokenAuth``)."""

    target_class = "core.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=knox_settings.AUTH_HEADER_PREFIX
        )
