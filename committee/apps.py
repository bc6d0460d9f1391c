from __future__ import annotations

from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = "Committee"

    def ready(self) -> None:
        from committee.caching import connect_invalidation

        connect_invalidation()
