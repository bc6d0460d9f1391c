"""Who may do what with effective practices (8(h)) and national action plans (8(i)): the rules,
each declared once (core/permissions.py).

A point of contact submits them for their own state only, and may withdraw what has not yet
been published; the secretariat publishes. Published ones are public."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import Actor, RowRule, Where, declare, is_poc, is_secretariat, sees_all_states
from states.permissions import is_poc_of_row_state, is_poc_of_state, own_state
from states.practices.choices import SubmissionStatus


def shared_items_seen_by(user: Actor) -> RowRule:
    """Published ones for everyone; the state's own point of contact also sees what their state
    submitted; the secretariat and the experts see all."""
    if sees_all_states(user):
        return RowRule(everything=True)
    return RowRule(
        any_of=(Where(status=SubmissionStatus.PUBLISHED), Where(state_id=own_state(user)))
    )


declare("states.read_shared_item", rows=shared_items_seen_by)
declare(
    "states.submit_practice",
    is_poc,
    message=_("Only a national point of contact submits these, for their own state."),
)
# On a state.
declare(
    "states.submit_practice_for_state",
    is_poc_of_state,
    message=_("Only a national point of contact submits these, and for their own state only."),
)
declare(
    "states.withdraw_shared_item",
    is_poc_of_row_state | is_secretariat,
    message=_("Only your own state's submissions can be withdrawn."),
)
declare(
    "states.publish_shared_item",
    is_secretariat,
    message=_("Only the secretariat publishes on the website."),
)
# Who submitted it (SharedByState.FIELD_PERMISSIONS): a username, for the staff and the item's
# own state only; a username plus lock-out by username would let anyone lock that account.
declare("states.see_who_submitted_shared_item", sees_all_states | is_poc_of_row_state)
