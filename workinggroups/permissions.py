"""Who may do what with working groups, meetings and meeting documents: the rules, each declared
once (core/permissions.py).

Meetings are announced and open to all Security Council delegations (programme of work,
paragraph 5): committee members read the schedule and the documents, as do the secretariat and
the experts who support the groups. Points of contact and the public do not. The secretariat
organises: it schedules meetings, circulates documents and records outcomes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from committee.work.permissions import is_committee_side
from core.permissions import declare, is_expert, is_secretariat

# The schedule and the documents: every meeting and document, or none (MeetingQuerySet).
declare(
    "workinggroups.see_meetings",
    is_committee_side,
    message=_("The meeting schedule is for the delegations, the secretariat and the experts."),
)
declare("workinggroups.read_meeting_document", is_committee_side)
declare(
    "workinggroups.use_calendar_feed",
    is_committee_side,
    message=_("The meeting calendar is for the delegations, the secretariat and the experts."),
)
declare(
    "workinggroups.schedule_meeting",
    is_secretariat,
    message=_("Only the secretariat schedules meetings."),
)
declare(
    "workinggroups.change_meeting",
    is_secretariat,
    message=_("Only the secretariat changes meetings."),
)
declare(
    "workinggroups.cancel_meeting",
    is_secretariat,
    message=_("Only the secretariat cancels meetings."),
)
declare(
    "workinggroups.circulate_document",
    is_secretariat,
    message=_("Only the secretariat circulates meeting documents."),
)
declare(
    "workinggroups.record_outcome",
    is_secretariat | is_expert,
    message=_("Only the secretariat and the experts record the outcome of meetings."),
)
declare(
    "workinggroups.appoint_chair",
    is_secretariat,
    message=_("Only the secretariat records the chairs of the working groups."),
)
# Who circulated a document (MeetingDocument.FIELD_PERMISSIONS) is a staff username: the
# delegations read the document, not the account name (lock-out is by username).
declare("workinggroups.see_who_circulated_document", is_secretariat | is_expert)
