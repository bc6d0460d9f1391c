"""The predicate every part of the states app builds on: the point of contact of a
state (django-rules). Each sub-package declares its own rules (reports/,
matrices/, practices/permissions.py)."""

from __future__ import annotations

from typing import Any

import rules

from core.permissions import Actor, is_poc


@rules.predicate
def is_poc_of_state(user: Actor, state: Any) -> bool:
    return state is not None and is_poc(user) and user.state_id == state.pk
