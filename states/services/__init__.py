"""Use cases of the states app: national reports and points of contact (``reports``) and the
1540 matrix (``matrix``). Each runs in one transaction, checks its permission rule, and records
who did it (django-simple-history keeps the row's history with the acting user).

``from states import services; services.create_report(...)`` keeps working: the report use cases
are re-exported here; the matrix use cases are ``services.matrix.<name>``."""

from __future__ import annotations

from states.services import matrix
from states.services.practices import (
    publish_action_plan,
    publish_effective_practice,
    submit_action_plan,
    submit_effective_practice,
    withdraw_action_plan,
    withdraw_effective_practice,
)
from states.services.reports import (
    create_report,
    deactivate_point_of_contact,
    discard_draft_report,
    publish_report,
    register_point_of_contact,
    submit_report,
    update_draft_report,
    update_point_of_contact,
)

__all__ = [
    "create_report",
    "deactivate_point_of_contact",
    "discard_draft_report",
    "matrix",
    "publish_action_plan",
    "publish_effective_practice",
    "publish_report",
    "register_point_of_contact",
    "submit_action_plan",
    "submit_effective_practice",
    "submit_report",
    "update_draft_report",
    "update_point_of_contact",
    "withdraw_action_plan",
    "withdraw_effective_practice",
]
