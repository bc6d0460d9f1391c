"""Who may do what with the 1540 matrix (programme of work 8(d)), django-rules.

The experts and the secretariat prepare every state's matrix; the state's point of contact
reviews and comments on it once it is sent; the secretariat records the committee's approval
and publishes. Whether the matrix's status allows a step is the service's question (HTTP 409).
"""

from __future__ import annotations

from typing import Any

import rules

from core.permissions import Actor, is_poc, is_secretariat, sees_all_states


@rules.predicate
def is_poc_of_matrix_state(user: Actor, matrix: Any) -> bool:
    return matrix is not None and is_poc(user) and user.state_id == matrix.state_id


@rules.predicate
def matrix_is_published(user: Actor, matrix: Any) -> bool:
    return matrix is not None and matrix.is_published


@rules.predicate
def matrix_is_not_draft(user: Actor, matrix: Any) -> bool:
    return matrix is not None and not matrix.is_draft


# On a state.
rules.add_perm("states.start_matrix_draft", sees_all_states)


# On a matrix.
rules.add_perm(
    "states.read_matrix",
    matrix_is_published | sees_all_states | (is_poc_of_matrix_state & matrix_is_not_draft),
)


rules.add_perm("states.edit_matrix", sees_all_states)


rules.add_perm("states.send_matrix", sees_all_states)


rules.add_perm("states.comment_on_matrix", is_poc_of_matrix_state)


rules.add_perm("states.return_matrix_comments", is_poc_of_matrix_state)


rules.add_perm("states.respond_to_matrix_comment", sees_all_states)


rules.add_perm("states.approve_matrix", is_secretariat)


rules.add_perm("states.publish_matrix", is_secretariat)


# The letter is addressed to the state: the state and the committee's staff read it.
rules.add_perm(
    "states.read_matrix_letter", sees_all_states | (is_poc_of_matrix_state & matrix_is_not_draft)
)


rules.add_perm("states.import_matrix_open_data", is_secretariat)


rules.add_perm("states.see_matrix_comments", sees_all_states | is_poc_of_matrix_state)


@rules.predicate
def is_poc_of_entry_state(user: Actor, entry: Any) -> bool:
    # is_poc first: the public and the staff never cost a query for the entry's matrix.
    return entry is not None and is_poc(user) and user.state_id == entry.matrix.state_id


# Who drafted, sent, approved and published a matrix and who last changed an entry
# (Matrix.FIELD_PERMISSIONS, MatrixEntry.FIELD_PERMISSIONS): usernames, read by the staff and the
# matrix's own state only, as for reports.
rules.add_perm("states.see_who_moved_matrix", sees_all_states | is_poc_of_matrix_state)


rules.add_perm("states.see_who_changed_entry", sees_all_states | is_poc_of_entry_state)
