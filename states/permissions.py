"""Who may do what with member states, national reports and points of contact (django-rules).

A point of contact acts for their own state only; the secretariat and the experts work on every
state; committee members and the public read what is published.
"""

from __future__ import annotations

import rules

from committee.permissions import is_poc, is_secretariat, sees_all_states


@rules.predicate
def is_poc_of_state(user, state) -> bool:
    return state is not None and is_poc(user) and user.state_id == state.pk


@rules.predicate
def is_poc_of_report_state(user, report) -> bool:
    return report is not None and is_poc(user) and user.state_id == report.state_id


@rules.predicate
def report_is_published(user, report) -> bool:
    return report is not None and report.is_published


@rules.predicate
def report_is_draft(user, report) -> bool:
    return report is not None and report.is_draft


# On a state: may create a report for it (a draft), or act as its point of contact.
rules.add_perm("states.create_report_for_state", sees_all_states | is_poc_of_state)
# On a report.
rules.add_perm("states.read_report", report_is_published | sees_all_states | is_poc_of_report_state)
rules.add_perm("states.edit_report", report_is_draft & (sees_all_states | is_poc_of_report_state))
rules.add_perm("states.submit_report", sees_all_states | is_poc_of_report_state)
rules.add_perm("states.publish_report", is_secretariat)
rules.add_perm(
    "states.discard_draft_report", report_is_draft & (sees_all_states | is_poc_of_report_state)
)
# Points of contact: the secretariat keeps the register.
rules.add_perm("states.manage_points_of_contact", is_secretariat)
rules.add_perm("states.see_report_inbox", sees_all_states)
# Who submitted a report (NationalReport.FIELD_PERMISSIONS, committee/visibility.py): the staff
# and the report's own state read the username; the public and other states do not, since a
# username plus lock-out by username would let anyone lock that account.
rules.add_perm("states.see_who_submitted_report", sees_all_states | is_poc_of_report_state)
rules.add_perm("states.see_history", sees_all_states)


# --- The 1540 matrix (programme of work 8(d)) ------------------------------------------------
# The experts and the secretariat prepare every state's matrix; the state's point of contact
# reviews and comments on it once it is sent; the secretariat records the committee's approval
# and publishes. Whether the matrix's status allows a step is the service's question (HTTP 409).


@rules.predicate
def is_poc_of_matrix_state(user, matrix) -> bool:
    return matrix is not None and is_poc(user) and user.state_id == matrix.state_id


@rules.predicate
def matrix_is_published(user, matrix) -> bool:
    return matrix is not None and matrix.is_published


@rules.predicate
def matrix_is_not_draft(user, matrix) -> bool:
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
def is_poc_of_entry_state(user, entry) -> bool:
    # is_poc first: the public and the staff never cost a query for the entry's matrix.
    return entry is not None and is_poc(user) and user.state_id == entry.matrix.state_id


# Who drafted, sent, approved and published a matrix and who last changed an entry
# (Matrix.FIELD_PERMISSIONS, MatrixEntry.FIELD_PERMISSIONS): usernames, read by the staff and the
# matrix's own state only, as for reports.
rules.add_perm("states.see_who_moved_matrix", sees_all_states | is_poc_of_matrix_state)
rules.add_perm("states.see_who_changed_entry", sees_all_states | is_poc_of_entry_state)


# Effective practices (8(h)) and national action plans (8(i)): their rules live in their own
# module; importing it here registers them with the app's other rules.
from states import practice_permissions  # noqa: E402, F401
