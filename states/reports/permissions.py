"""Who may do what with national reports and points of contact (django-rules).

A point of contact acts for their own state only; the secretariat and the experts
work on every state; committee members and the public read what is published."""

from __future__ import annotations

from typing import Any

import rules

from core.permissions import Actor, is_poc, is_secretariat, sees_all_states
from states.permissions import is_poc_of_state


@rules.predicate
def is_poc_of_report_state(user: Actor, report: Any) -> bool:
    return report is not None and is_poc(user) and user.state_id == report.state_id


@rules.predicate
def report_is_published(user: Actor, report: Any) -> bool:
    return report is not None and report.is_published


@rules.predicate
def report_is_draft(user: Actor, report: Any) -> bool:
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


# Who submitted a report (NationalReport.FIELD_PERMISSIONS, core/visibility.py): the staff
# and the report's own state read the username; the public and other states do not, since a
# username plus lock-out by username would let anyone lock that account.
rules.add_perm("states.see_who_submitted_report", sees_all_states | is_poc_of_report_state)


rules.add_perm("states.see_history", sees_all_states)
