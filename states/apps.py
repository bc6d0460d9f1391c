from __future__ import annotations

from django.apps import AppConfig


class StatesConfig(AppConfig):
    name = "states"
    verbose_name = "Member states"

    def ready(self) -> None:
        # Registers the permission rules of the app and of its sub-packages with django-rules,
        # and the sub-packages' admin pages (Django's discovery only looks for states.admin).
        from states import notifications, permissions, search  # noqa: F401
        from states.dialogue import permissions as dialogue_permissions  # noqa: F401
        from states.legislation import permissions as legislation_permissions  # noqa: F401
        from states.matrices import admin as matrix_admin  # noqa: F401
        from states.matrices import permissions as matrix_permissions  # noqa: F401
        from states.practices import permissions as practice_permissions  # noqa: F401
        from states.reports import admin as report_admin  # noqa: F401
        from states.reports import permissions as report_permissions  # noqa: F401

        # What the website's search finds of this app (core/search.py; outreach searches it).
        search.register()
