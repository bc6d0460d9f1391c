"""Writes to assistance projects and trust-fund contributions (12(e)): each checks its rule
and its input, and saves with history. Bad input raises ValidationError before anything is
written (each service is one transaction)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance.models import (
    AssistanceArea,
    AssistanceProject,
    AssistanceRequest,
    Match,
    TrustFundContribution,
)
from core.models import User
from core.permissions import require
from core.services import save_with_history
from states.models import MemberState

PROJECT_FIELDS = {
    "title",
    "description",
    "implementing_organization",
    "implementing_state",
    "start_date",
    "end_date",
    "budget_amount",
    "budget_currency",
    "status",
    "is_public",
}
CONTRIBUTION_FIELDS = {
    "contributor_state",
    "contributor_organization",
    "amount",
    "currency",
    "date_received",
    "purpose",
    "fund",
    "fund_name",
    "project",
}


def _unknown(fields: Iterable[str], allowed: set[str]) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})


def _check_states(states: Iterable[MemberState] | None) -> list[MemberState]:
    states = list(states or [])
    if not states:
        raise ValidationError({"states": _("Name at least one beneficiary state.")})
    if any(not isinstance(state, MemberState) or state.pk is None for state in states):
        raise ValidationError({"states": _("Choose member states from the list.")})
    return states


def _set_links(
    project: AssistanceProject,
    *,
    states: list[MemberState] | None,
    areas: Iterable[AssistanceArea] | None,
    requests: Iterable[AssistanceRequest] | None,
    matches: Iterable[Match] | None,
) -> None:
    if states is not None:
        project.states.set(states)
    if areas is not None:
        project.areas.set(list(areas))
    if requests is not None:
        project.requests.set(list(requests))
    if matches is not None:
        project.matches.set(list(matches))


@transaction.atomic
def record_project(
    *,
    acting_user: User,
    states: Iterable[MemberState],
    areas: Iterable[AssistanceArea] = (),
    requests: Iterable[AssistanceRequest] = (),
    matches: Iterable[Match] = (),
    **fields: Any,
) -> AssistanceProject:
    """Record an assistance project for one state or a group of states (12(e))."""
    require(acting_user, "assistance.manage_projects")
    _unknown(fields, PROJECT_FIELDS)
    states = _check_states(states)
    project = AssistanceProject(
        created_by=acting_user, state_ids=sorted(state.pk for state in states), **fields
    )
    project.full_clean()
    save_with_history(project, acting_user, reason="Recorded")
    _set_links(project, states=states, areas=areas, requests=requests, matches=matches)
    return project


@transaction.atomic
def update_project(
    project: AssistanceProject,
    *,
    acting_user: User,
    states: Iterable[MemberState] | None = None,
    areas: Iterable[AssistanceArea] | None = None,
    requests: Iterable[AssistanceRequest] | None = None,
    matches: Iterable[Match] | None = None,
    **changes: Any,
) -> AssistanceProject:
    """Change a project's details, beneficiaries or links."""
    require(acting_user, "assistance.manage_projects")
    _unknown(changes, PROJECT_FIELDS)
    project = AssistanceProject.objects.select_for_update().get(pk=project.pk)
    if states is not None:
        states = _check_states(states)
        project.state_ids = sorted(state.pk for state in states)
    for name, value in changes.items():
        setattr(project, name, value)
    project.full_clean()
    save_with_history(project, acting_user, reason="Details changed")
    _set_links(project, states=states, areas=areas, requests=requests, matches=matches)
    return project


def _check_received(day: date | None) -> None:
    if day and day > timezone.localdate():
        raise ValidationError({"date_received": _("The date received cannot be in the future.")})


@transaction.atomic
def record_contribution(*, acting_user: User, **fields: Any) -> TrustFundContribution:
    """Record a contribution received by a trust fund (12(e))."""
    require(acting_user, "assistance.manage_contributions")
    _unknown(fields, CONTRIBUTION_FIELDS)
    _check_received(fields.get("date_received"))
    amount = fields.get("amount")
    if amount is not None and not isinstance(amount, Decimal):
        fields["amount"] = Decimal(str(amount))
    contribution = TrustFundContribution(created_by=acting_user, **fields)
    contribution.full_clean()
    save_with_history(contribution, acting_user, reason="Recorded")
    return contribution


@transaction.atomic
def update_contribution(
    contribution: TrustFundContribution, *, acting_user: User, **changes: Any
) -> TrustFundContribution:
    require(acting_user, "assistance.manage_contributions")
    _unknown(changes, CONTRIBUTION_FIELDS)
    _check_received(changes.get("date_received"))
    contribution = TrustFundContribution.objects.select_for_update().get(pk=contribution.pk)
    for name, value in changes.items():
        setattr(contribution, name, value)
    contribution.full_clean()
    save_with_history(contribution, acting_user, reason="Details changed")
    return contribution
