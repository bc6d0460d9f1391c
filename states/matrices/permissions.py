"""Who may do what with the 1540 matrix (programme of work 8(d)): the rules, each declared once
(core/permissions.py).

The experts and the secretariat prepare every state's matrix; the state's point of contact
reviews and comments on it once it is sent; the secretariat records the committee's approval
and publishes. Whether the matrix's status allows a step is the service's question (HTTP 409).
"""

from __future__ import annotations

from typing import Any

import rules
from django.utils.translation import gettext_lazy as _

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
from states.matrices.choices import MatrixStatus
from states.permissions import is_poc_of_row_state, own_state


def matrices_seen_by(user: Actor) -> RowRule:
    """Published versions for everyone. The experts and the secretariat see every version; a
    state's point of contact also sees their state's versions once sent to the state (a draft is
    the experts' working copy until then); the committee's members, who approve the matrices,
    read every state's versions from "sent" on, to read what they will be asked to approve."""
    if sees_all_states(user):
        return RowRule(everything=True)
    if is_committee_member(user):
        return RowRule(any_of=(Where(status__ne=MatrixStatus.DRAFT),))
    return RowRule(
        any_of=(
            Where(status=MatrixStatus.PUBLISHED),
            Where(state_id=own_state(user), status__ne=MatrixStatus.DRAFT),
        )
    )


def comments_seen_by(user: Actor) -> RowRule:
    """Between the state and the experts: never public."""
    if sees_all_states(user):
        return RowRule(everything=True)
    return RowRule(any_of=(Where(matrix__state_id=own_state(user)),))


@rules.predicate
def matrix_is_not_draft(user: Actor, matrix: Any) -> bool:
    return matrix is not None and not matrix.is_draft


@rules.predicate
def is_poc_of_entry_state(user: Actor, entry: Any) -> bool:
    # is_poc first: the public and the staff never cost a query for the entry's matrix.
    return entry is not None and is_poc(user) and user.state_id == entry.matrix.state_id


declare("states.read_matrix", rows=matrices_seen_by)
# On a state.
declare(
    "states.start_matrix_draft",
    sees_all_states,
    message=_("Only the experts and the secretariat draft matrices."),
)
# On a matrix.
declare(
    "states.edit_matrix",
    sees_all_states,
    message=_("Only the experts and the secretariat edit matrices."),
)
declare(
    "states.send_matrix",
    sees_all_states,
    message=_("Only the experts and the secretariat send matrices to states."),
)
declare(
    "states.produce_matrix_letter",
    sees_all_states,
    message=_("Only the experts and the secretariat produce matrix letters."),
)
declare(
    "states.comment_on_matrix",
    is_poc_of_row_state,
    message=_("Only the point of contact of this state comments on its matrix."),
)
declare(
    "states.return_matrix_comments",
    is_poc_of_row_state,
    message=_("Only the point of contact of this state returns its comments."),
)
declare(
    "states.respond_to_matrix_comment",
    sees_all_states,
    message=_("Only the experts and the secretariat answer the state's comments."),
)
declare(
    "states.approve_matrix",
    is_secretariat,
    message=_("Only the secretariat records the committee's approval."),
)
declare(
    "states.publish_matrix",
    is_secretariat,
    message=_("Only the secretariat publishes matrices."),
)
# The letter is addressed to the state: the state, the committee's staff and its members read it
# (asked with ``can``: a letter one may not read is "not found").
declare(
    "states.read_matrix_letter",
    sees_all_states | ((is_poc_of_row_state | is_committee_member) & matrix_is_not_draft),
)
declare(
    "states.import_matrix_open_data",
    is_secretariat,
    message=_("Only the secretariat imports matrices."),
)
# On a matrix: bring back a workbook exported from it (states/matrices/spreadsheet.py). Those
# who edit the matrix; a state's point of contact exports the versions they read, and answers
# by commenting on the matrix itself, since a workbook writes the entries directly.
declare(
    "states.import_matrix_workbook",
    sees_all_states,
    message=_(
        "Only the experts and the secretariat import workbooks into a matrix; the state "
        "comments on its matrix on the matrix's page."
    ),
)
# On a matrix: its comments at all; each comment: the rows.
declare(
    "states.see_matrix_comments",
    sees_all_states | is_poc_of_row_state,
    message=_("The comments are between the state and the experts."),
)
declare("states.read_matrix_comment", rows=comments_seen_by)
# Who drafted, sent, approved and published a matrix and who last changed an entry
# (Matrix.FIELD_PERMISSIONS, MatrixEntry.FIELD_PERMISSIONS): usernames, read by the staff and the
# matrix's own state only, as for reports.
declare("states.see_who_moved_matrix", sees_all_states | is_poc_of_row_state)
declare("states.see_who_changed_entry", sees_all_states | is_poc_of_entry_state)
# Converting the existing matrices to the new format (8(d)), one state or all of them in one job,
# and reading the conversions' reports: the committee's staff.
declare(
    "states.convert_matrix_format",
    sees_all_states,
    message=_("Only the experts and the secretariat convert matrices to a new format."),
)
