from __future__ import annotations

from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "Outreach"

    def ready(self) -> None:
        from outreach import permissions, search  # noqa: F401 - registers the rules
        from outreach.visits import admin as visit_admin  # noqa: F401
        from outreach.visits import permissions as visit_permissions  # noqa: F401

        # What the website's search finds of this app, and the task that indexes (core/search.py).
        search.register()
