"""Role predicates shared by every app's rules (django-rules).

Each app's ``permissions.py`` combines these with its own object predicates, e.g. "the point of
contact of this report's state". Checks go through ``require()`` so that a refusal always carries a
message the person can act on.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied


@rules.predicate
def is_secretariat(user) -> bool:
    return bool(getattr(user, "is_secretariat", False))


@rules.predicate
def is_expert(user) -> bool:
    return bool(getattr(user, "is_expert", False))


@rules.predicate
def is_committee_member(user) -> bool:
    return bool(getattr(user, "is_committee_member", False))


@rules.predicate
def is_poc(user) -> bool:
    return bool(getattr(user, "is_poc", False))


sees_all_states = is_secretariat | is_expert


def require(user, perm: str, obj=None, *, message: str) -> None:
    """Raise PermissionDenied with ``message`` unless ``user`` holds ``perm`` (on ``obj``)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message)
