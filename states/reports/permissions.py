"""Who may do what with national reports and points of contact: the rules, each declared once
(core/permissions.py).

A point of contact acts for their own state only; the secretariat and the experts work on every
state; committee members and the public read what is published."""

from __future__ import annotations

from typing import Any

import rules
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.permissions import (
    Actor,
    RowRule,
    Where,
    declare,
    is_poc,
    is_secretariat,
    sees_all_states,
)
from states.choices import ReportStatus
from states.permissions import is_poc_of_row_state, is_poc_of_state, own_state


def reports_seen_by(user: Actor) -> RowRule:
    """Published reports for everyone; drafts and submissions also for the state's own point of
    contact and for the secretariat and experts."""
    if sees_all_states(user):
        return RowRule(everything=True)
    return RowRule(any_of=(Where(status=ReportStatus.PUBLISHED), Where(state_id=own_state(user))))


def points_of_contact_seen_by(user: Actor) -> RowRule:
    """Never public: staff and experts see all, a point of contact their own state's."""
    if sees_all_states(user):
        return RowRule(everything=True)
    return RowRule(any_of=(Where(state_id=own_state(user)),))


@rules.predicate
def report_is_draft(user: Actor, report: Any) -> bool:
    return report is not None and report.is_draft


@rules.predicate
def report_is_published(user: Actor, report: Any) -> bool:
    return report is not None and report.is_published


def _documents_refused(report: Any) -> str | Promise:
    if report is not None and report.is_published:
        return _("Only the secretariat adds or replaces a document of a published report.")
    return _("You can only add or replace the documents of your own state's reports.")


declare("states.read_report", rows=reports_seen_by)
declare(
    "states.see_my_state",
    is_poc,
    message=_("This page is for national points of contact."),
)
declare(
    "states.file_report_on_behalf",
    sees_all_states,
    message=_("Only the secretariat and experts file reports on a state's behalf."),
)
# On a state: may create a report for it (a draft).
declare(
    "states.create_report_for_state",
    sees_all_states | is_poc_of_state,
    message=_("You can only file reports for your own state."),
)
declare(
    "states.edit_report",
    report_is_draft & (sees_all_states | is_poc_of_row_state),
    message=_("Only a draft of your own state's report can be changed."),
)
# A report's language versions: added, replaced, one marked as the original. Like editing, by the
# state's point of contact and the staff until the report is published; after that a
# translation is the secretariat's to add (the Committee publishes it).
declare(
    "states.edit_report_documents",
    is_secretariat | (~report_is_published & (sees_all_states | is_poc_of_row_state)),
    message=_documents_refused,
)
declare(
    "states.submit_report",
    sees_all_states | is_poc_of_row_state,
    message=_("Only your own state's reports can be submitted."),
)
declare(
    "states.publish_report",
    is_secretariat,
    message=_("Only the secretariat publishes reports."),
)
declare(
    "states.discard_draft_report",
    report_is_draft & (sees_all_states | is_poc_of_row_state),
    message=_("Only a draft of your own state's report can be deleted."),
)
declare(
    "states.see_report_inbox",
    sees_all_states,
    message=_("The reports inbox is for the secretariat and experts."),
)
# A report's dated history: who changed what (the staff's working record).
declare("states.see_history", sees_all_states)
# Who submitted a report (NationalReport.FIELD_PERMISSIONS, core/visibility.py): the staff and
# the report's own state read the username; the public and other states do not, since a
# username plus lock-out by username would let anyone lock that account.
declare("states.see_who_submitted_report", sees_all_states | is_poc_of_row_state)

# Points of contact: the secretariat keeps the register.
declare("states.read_point_of_contact", rows=points_of_contact_seen_by)
declare(
    "states.manage_points_of_contact",
    is_secretariat,
    message=_("Only the secretariat keeps the register of points of contact."),
)
