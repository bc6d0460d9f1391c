"""Who may do what with effective practices (8(h)) and national action plans (8(i)).

A point of contact submits them for their own state only, and may withdraw what has not yet
been published; the secretariat publishes. Reading follows ``visible_to``: published ones are
public."""

from __future__ import annotations

from typing import Any

import rules

from core.permissions import Actor, is_poc, is_secretariat, sees_all_states


@rules.predicate
def is_poc_of_state(user: Actor, state: Any) -> bool:
    return state is not None and is_poc(user) and user.state_id == state.pk


@rules.predicate
def is_poc_of_item_state(user: Actor, item: Any) -> bool:
    return item is not None and is_poc(user) and user.state_id == item.state_id


@rules.predicate
def item_is_published(user: Actor, item: Any) -> bool:
    return item is not None and item.is_published


# On a state.
rules.add_perm("states.submit_practice_for_state", is_poc_of_state)
# On an effective practice or an action plan.
rules.add_perm(
    "states.read_shared_item", item_is_published | sees_all_states | is_poc_of_item_state
)
rules.add_perm("states.withdraw_shared_item", is_poc_of_item_state | is_secretariat)
rules.add_perm("states.publish_shared_item", is_secretariat)
rules.add_perm("states.see_shared_items_inbox", sees_all_states)
# Who submitted it (SharedByState.FIELD_PERMISSIONS): a username, for the staff and the item's
# own state only; a username plus lock-out by username would let anyone lock that account.
rules.add_perm("states.see_who_submitted_shared_item", sees_all_states | is_poc_of_item_state)
