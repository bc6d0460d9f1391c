"""API throttling for anonymous and signed-in clients. Rates come from settings at request time
(DRF's own classes freeze them at import), so deployments and tests can change them."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


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

    def get_cache_key(self, request, view) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
