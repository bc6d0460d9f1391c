from __future__ import annotations

from django.apps import AppConfig


class StatesConfig(AppConfig):
    name = "states"
    verbose_name = "Member states"

    def ready(self) -> None:
        # Registers the app's permission rules with django-rules.
        from states import permissions  # noqa: F401
