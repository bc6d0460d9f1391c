from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared base every app builds on. Its models keep the label "committee" (see
    core/models/__init__.py), so this app has no migrations of its own."""

    name = "core"
    label = "core"
    verbose_name = "Shared base"

    def ready(self) -> None:
        # The base's permission rules (accounts, audit log, outgoing mail, builds; django-rules).
        from core import permissions  # noqa: F401
        from core.page_cache import connect_invalidation

        connect_invalidation()
