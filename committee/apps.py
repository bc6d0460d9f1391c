from __future__ import annotations

from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = "Committee"

    def ready(self) -> None:
        # The Committee's own work lives in committee/work/, where Django's discovery (which
        # looks for committee.admin) and django-modeltranslation's (committee.translation) do
        # not look: its texts in six languages (imported first, as a plain import sorts: the
        # admin uses their columns), its rules (django-rules) and its admin pages.
        # Services queue tasks by their name (core/queue.py). A worker imports every tasks module
        # when it starts; the other processes, which run tasks in-process when no broker is
        # configured (development, tests), import them here, every model being loaded by now.
        import committee.work.translation  # noqa: F401
        from committee.celery import TASK_PACKAGES, app

        # The correspondence register (committee/correspondence/): its rules, its admin, and
        # its subscription to what the apps draft (core/correspondence.py).
        from committee.correspondence import admin as correspondence_admin  # noqa: F401
        from committee.correspondence import permissions as correspondence_rules  # noqa: F401
        from committee.correspondence.services import enter_drafted, enter_received
        from committee.work import admin, permissions  # noqa: F401
        from core.correspondence import subscribe, subscribe_received

        subscribe(enter_drafted)

        # The experts in charge of a state (12(f)) are the ones its notifications reach.
        from committee.work.assignments import assigned_experts
        from core.notifications import register_expert_assignments

        register_expert_assignments(assigned_experts)
        subscribe_received(enter_received)

        app.autodiscover_tasks(force=True)
        app.autodiscover_tasks(TASK_PACKAGES, force=True)
