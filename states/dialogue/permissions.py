"""Who may do what with the dialogue with states (8(b)) and the state profiles (8(f)): the rules,
each declared once (core/permissions.py).

The dialogue and the profile are the Committee's working notes on a state: the secretariat and
the experts read and keep every state's; a state's own point of contact reads its state's (what
was agreed with it, and what the Committee understands of its capacities and priorities), and
changes nothing. Another state's point of contact, the Committee's members and the public do
not see them: for them a state's dialogue does not exist (404)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import Actor, RowRule, Where, declare, sees_all_states
from states.permissions import own_state


def dialogue_seen_by(user: Actor) -> RowRule:
    if sees_all_states(user):
        return RowRule(everything=True)
    return RowRule(any_of=(Where(state_id=own_state(user)),))


def states_seen_by(user: Actor) -> RowRule:
    """The states whose dialogue and profile pages a reader opens (rows of MemberState)."""
    if sees_all_states(user):
        return RowRule(everything=True)
    return RowRule(any_of=(Where(pk=own_state(user)),))


# A dialogue, a follow-up action (through its dialogue) and a state profile: by their state.
declare("states.read_dialogue", rows=dialogue_seen_by)
declare("states.read_state_profile", rows=dialogue_seen_by)
# A state's dialogue page and profile page, asked on the state.
declare("states.read_dialogue_of_state", rows=states_seen_by)
declare(
    "states.keep_dialogue",
    sees_all_states,
    message=_("Only the secretariat and the experts record the dialogue with States."),
)
# The list of every state's dialogue and of the follow-up actions due.
declare(
    "states.see_all_dialogue",
    sees_all_states,
    message=_("The dialogue with all States is for the secretariat and the experts."),
)
declare(
    "states.keep_state_profile",
    sees_all_states,
    message=_("Only the secretariat and the experts keep the profiles of States."),
)
# Who recorded an exchange, who took part and who owns an action, as usernames
# (Dialogue.FIELD_PERMISSIONS): for the staff only.
declare("states.see_who_keeps_dialogue", sees_all_states)
