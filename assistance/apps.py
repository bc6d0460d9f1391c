from __future__ import annotations

from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = "Assistance"

    def ready(self) -> None:
        # Registers the app's permission rules with django-rules.
        from assistance import permissions  # noqa: F401
