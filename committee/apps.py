from __future__ import annotations

from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = "Committee"

    def ready(self) -> None:
        # The committee domain's permission rules (django-rules); the base has none of its own.
        from committee import domain_permissions  # noqa: F401
        from committee.caching import connect_invalidation

        connect_invalidation()
