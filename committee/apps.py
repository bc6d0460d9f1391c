from __future__ import annotations

from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = "Committee"

    def ready(self) -> None:
        # The Committee's own work lives in committee/work/, where Django's discovery (which
        # looks for committee.admin) does not look: its rules (django-rules) and its admin pages.
        from committee.work import admin, permissions  # noqa: F401
