from __future__ import annotations

from django.apps import AppConfig


class WorkingGroupsConfig(AppConfig):
    name = "workinggroups"
    verbose_name = "Working groups"

    def ready(self) -> None:
        # Registers the app's permission rules with django-rules.
        from workinggroups import permissions  # noqa: F401
