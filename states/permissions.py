"""The predicates every part of the states app builds on: the point of contact of a state, and
of the state a row belongs to. Each sub-package declares its own rules (reports/, matrices/,
practices/permissions.py) with core/permissions.py's ``declare``."""

from __future__ import annotations

from typing import Any

import rules

from core.permissions import Actor, is_poc


@rules.predicate
def is_poc_of_state(user: Actor, state: Any) -> bool:
    return state is not None and is_poc(user) and user.state_id == state.pk


@rules.predicate
def is_poc_of_row_state(user: Actor, row: Any) -> bool:
    """The point of contact of the state a report, matrix or shared item belongs to."""
    return row is not None and is_poc(user) and user.state_id == row.state_id


def own_state(user: Actor) -> int | None:
    """The state a reader acts for: a point of contact's; None for everyone else."""
    return user.state_id if is_poc(user) else None
