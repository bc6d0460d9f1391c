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
        # The base's own kind of notification (a note verbale sent to a state).
        from core import (
            notifications,  # noqa: F401
            permissions,  # noqa: F401
        )
        from core.page_cache import connect_invalidation

        connect_invalidation()
        # Django 6.1's label of a select's empty choice has no Arabic, Chinese, Russian or
        # Spanish in Django's own catalogues: ours carry it in all six (Django lets ready() set it).
        from django.db.models import fields
        from django.utils.translation import gettext_lazy as _

        fields.BLANK_CHOICE_LABEL = _("- Select an option -")
