"""API throttling for anonymous and signed-in clients. Rates come from settings at request time
(DRF's own classes freeze them at import), so deployments and tests can change them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

if TYPE_CHECKING:
    # Only for the annotations: rest_framework.views imports this module through its settings.
    from rest_framework.request import Request
    from rest_framework.views import APIView


class AnonymousRateThrottle(AnonRateThrottle):
    scope = "anonymous"

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)


class SignedInRateThrottle(UserRateThrottle):
    """Signed-in clients only. DRF's UserRateThrottle falls back to the address for anonymous
    clients, which would make them count against both allowances."""

    scope = "signed_in"

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
