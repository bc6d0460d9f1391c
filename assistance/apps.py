from __future__ import annotations

from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = "Assistance"

    def ready(self) -> None:
        # Registers the app's permission rules with django-rules.
        # Its rules (django-rules) and its kinds of notification (core/notifications.py).
        from assistance import notifications, permissions, search  # noqa: F401

        # What the website's search finds of this app (core/search.py; outreach searches it).
        search.register()
