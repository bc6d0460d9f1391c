"""Helpers every app's services use."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from core.permissions import Actor


class InvalidTransition(ValidationError):
    """A workflow step that the object's current state does not allow (HTTP 409 in the API)."""


def save_with_history(
    instance: models.Model,
    acting_user: Actor | None,
    *,
    update_fields: list[str] | None = None,
    reason: str = "",
) -> None:
    """Save a row so that its history names the acting user and why, whatever the channel
    (page, API with a token, admin action, task or command)."""
    # simple_history reads these two attributes off the instance when it writes the history row.
    instance._history_user = acting_user  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]
    instance.save(update_fields=update_fields)
