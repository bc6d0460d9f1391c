"""Who may read and move the notes of the correspondence register, each rule declared once
(core/permissions.py).

The secretariat and the experts read everything; a state's point of contact reads its own
state's notes, both ways, an outgoing one only once it is sent (a draft is the Committee's
working copy); the committee members read what was circulated to them (an outgoing note once
sent); the public nothing.
The experts and the secretariat draft outgoing notes; the secretariat approves, sends and
registers.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from committee.correspondence.choices import GONE_OUT, Direction
from core.permissions import (
    Actor,
    RowRule,
    Where,
    declare,
    is_committee_member,
    is_poc,
    is_secretariat,
    sees_all_states,
)


def correspondence_seen_by(user: Actor) -> RowRule:
    if sees_all_states(user):
        return RowRule(everything=True)
    own = user.state_id if is_poc(user) else None
    conditions = [
        Where(state_id=own, direction=Direction.INCOMING),
        Where(state_id=own, direction=Direction.OUTGOING, status__in=GONE_OUT),
    ]
    if is_committee_member(user):
        # Once it went: a note drafted for the members (the digest's transmittal) is entered
        # circulated to them, and is theirs when the secretariat sends it.
        conditions.append(Where(circulated_to_members=True, direction=Direction.INCOMING))
        conditions.append(Where(circulated_to_members=True, status__in=GONE_OUT))
    return RowRule(any_of=tuple(conditions))


declare("committee.read_correspondence", rows=correspondence_seen_by)
# The register's pages at all (its list, the new-note forms): not the public's.
declare(
    "committee.see_correspondence_register",
    sees_all_states | is_poc | is_committee_member,
    message=_("The correspondence register is for the Committee and the points of contact."),
)
declare(
    "committee.draft_correspondence",
    sees_all_states,
    message=_("Only the experts and the secretariat draft notes and letters."),
)
declare(
    "committee.register_correspondence",
    is_secretariat,
    message=_("Only the secretariat registers incoming notes and their replies."),
)
declare(
    "committee.approve_correspondence",
    is_secretariat,
    message=_("Only the secretariat approves a note before it is sent."),
)
declare(
    "committee.send_correspondence",
    is_secretariat,
    message=_("Only the secretariat sends notes and letters."),
)
declare(
    "committee.circulate_correspondence",
    is_secretariat,
    message=_("Only the secretariat circulates notes to the members."),
)
