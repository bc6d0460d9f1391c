"""Authentication backend that gives the secretariat the Django admin."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

# Django's generated model permissions (add_, change_, delete_, view_) guard the admin only; the
# domain's own rules (states.submit_report, ...) are object rules in each app's permissions.py.
ADMIN_ACTIONS = {"add", "change", "delete", "view"}


class RoleBackend(BaseBackend):
    """Secretariat staff hold every model permission of the admin; nobody else holds any."""

    def has_perm(self, user_obj: Any, perm: str, obj: object | None = None) -> bool:
        if obj is not None or not getattr(user_obj, "is_secretariat", False):
            return False
        _app_label, _dot, codename = perm.partition(".")
        return codename.split("_", 1)[0] in ADMIN_ACTIONS

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return getattr(user_obj, "is_secretariat", False)


def role_grants(user_obj: Any, perm: str) -> bool:
    """Whether ``user_obj``'s role alone holds the admin's model permission ``perm``."""
    return RoleBackend().has_perm(user_obj, perm)
