"""Use cases of the experts' assignments (programme of work 12(f)): put an expert in charge of
states and items of the programme for a period, change it, remove one entered by mistake. Each
runs in one transaction, checks its rule first and records who acted."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committee.work.models import ExpertAssignment, WorkItem
from core.choices import Role
from core.models import User
from core.permissions import require
from core.services import save_with_history

ASSIGNMENT_FIELDS = {"expert", "working_group", "starts_on", "ends_on", "note"}


def _check(assignment: ExpertAssignment) -> None:
    errors: dict[str, str] = {}
    expert = assignment.expert
    if expert.role != Role.EXPERT or not expert.is_active:
        errors["expert"] = _("%(name)s is not an active member of the Group of Experts.") % {
            "name": expert.get_full_name() or expert.username
        }
    if not isinstance(assignment.starts_on, date):
        errors["starts_on"] = _("Give a date, such as 2025-05-20.")
    elif assignment.ends_on is not None and assignment.ends_on < assignment.starts_on:
        errors["ends_on"] = _("The assignment cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


def _set_links(
    assignment: ExpertAssignment,
    states: Iterable[Any] | None,
    work_items: Iterable[WorkItem] | None,
) -> None:
    if states is not None:
        assignment.states.set(states)
    if work_items is not None:
        assignment.work_items.set(work_items)


@transaction.atomic
def assign_expert(
    *,
    acting_user: User,
    states: Iterable[Any] | None = None,
    work_items: Iterable[WorkItem] | None = None,
    **fields: Any,
) -> ExpertAssignment:
    """Put an expert in charge of states and items of the programme from a date."""
    require(acting_user, "committee.manage_expert_assignments")
    unknown = set(fields) - ASSIGNMENT_FIELDS
    if unknown:
        raise ValidationError(
            {"__all__": _("These fields cannot be changed: %s.") % ", ".join(sorted(unknown))}
        )
    assignment = ExpertAssignment(**fields)
    _check(assignment)
    assignment.full_clean(exclude=["states", "work_items"])
    save_with_history(assignment, acting_user, reason="Assigned")
    _set_links(assignment, states, work_items)
    return assignment


@transaction.atomic
def update_assignment(
    assignment: ExpertAssignment,
    *,
    acting_user: User,
    states: Iterable[Any] | None = None,
    work_items: Iterable[WorkItem] | None = None,
    **changes: Any,
) -> ExpertAssignment:
    assignment = ExpertAssignment.objects.select_for_update().get(pk=assignment.pk)
    require(acting_user, "committee.manage_expert_assignments")
    unknown = set(changes) - ASSIGNMENT_FIELDS
    if unknown:
        raise ValidationError(
            {"__all__": _("These fields cannot be changed: %s.") % ", ".join(sorted(unknown))}
        )
    for name, value in changes.items():
        setattr(assignment, name, value)
    _check(assignment)
    assignment.full_clean(exclude=["states", "work_items"])
    save_with_history(
        assignment, acting_user, update_fields=[*changes, "updated_at"], reason="Changed"
    )
    _set_links(assignment, states, work_items)
    return assignment


@transaction.atomic
def delete_assignment(assignment: ExpertAssignment, *, acting_user: User) -> None:
    """Remove an assignment entered by mistake (one that ends is given its end date)."""
    assignment = ExpertAssignment.objects.select_for_update().get(pk=assignment.pk)
    require(acting_user, "committee.manage_expert_assignments")
    assignment._history_user = acting_user  # type: ignore[attr-defined]  # read by simple-history
    assignment.delete()


def assigned_experts(state_id: int):
    """The ids of the experts in charge of the state today (a subquery): core/notifications.py
    asks this when it tells the experts of a state (registered in committee/apps.py)."""
    return ExpertAssignment.objects.current().filter(states=state_id).values("expert_id")
