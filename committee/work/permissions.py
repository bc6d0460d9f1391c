"""Who may do what in the Committee's own work (django-rules): the programme of work, the
dashboard, the annual review and the reporting reminders. The rules of the shared base (accounts,
audit log, outgoing mail, restarting a build) are core/permissions.py's.

The committee side (secretariat, experts, committee members) reads the committee-internal
figures and reviews; the secretariat starts builds, drafts reminders and edits their template;
the secretariat and the experts record progress against the programme.
"""

from __future__ import annotations

import rules

from core.permissions import is_committee_member, is_expert, is_secretariat

is_committee_side = is_secretariat | is_expert | is_committee_member

rules.add_perm("committee.see_dashboard", is_committee_side)
rules.add_perm("committee.see_annual_reviews", is_committee_side)
rules.add_perm("committee.build_annual_review", is_secretariat)
# Who requested a build (AnnualReview.FIELD_PERMISSIONS) is a staff username: the committee
# members read the review, not the account name (lock-out is by username).
rules.add_perm("committee.see_who_requested_review", is_secretariat | is_expert)
rules.add_perm("committee.record_progress", is_secretariat | is_expert)
rules.add_perm("committee.see_progress_notes", is_committee_side)
rules.add_perm("committee.load_programme", is_secretariat)
rules.add_perm("committee.manage_committee_members", is_secretariat)
# 8(b): the secretariat writes to the states that have not reported.
rules.add_perm("committee.draft_reminders", is_secretariat)
rules.add_perm("committee.edit_reminder_template", is_secretariat)
