"""Who may do what with working groups, meetings and meeting documents (django-rules).

Meetings are announced and open to all Security Council delegations (programme of work,
paragraph 5): committee members read the schedule and the documents, as do the secretariat and
the experts who support the groups. Points of contact and the public do not. The secretariat
organises: it schedules meetings, circulates documents and records outcomes.
"""

from __future__ import annotations

import rules

from committee.work.permissions import is_committee_side
from core.permissions import is_expert, is_secretariat

rules.add_perm("workinggroups.see_meetings", is_committee_side)
rules.add_perm("workinggroups.read_meeting_document", is_committee_side)
rules.add_perm("workinggroups.use_calendar_feed", is_committee_side)
rules.add_perm("workinggroups.schedule_meeting", is_secretariat)
rules.add_perm("workinggroups.circulate_document", is_secretariat)
rules.add_perm("workinggroups.record_outcome", is_secretariat | is_expert)
rules.add_perm("workinggroups.appoint_chair", is_secretariat)
# Who circulated a document (MeetingDocument.FIELD_PERMISSIONS) is a staff username: the
# delegations read the document, not the account name (lock-out is by username).
rules.add_perm("workinggroups.see_who_circulated_document", is_secretariat | is_expert)
