"""Who may do what in the committee's own work (django-rules): the programme of work, the
dashboard, the annual review and the reporting reminders.

The committee side (secretariat, experts, committee members) reads the committee-internal
figures and reviews; the secretariat starts builds, drafts reminders and edits their template;
the secretariat and the experts record progress against the programme.
"""

from __future__ import annotations

import rules

from committee.permissions import is_committee_member, is_expert, is_secretariat

is_committee_side = is_secretariat | is_expert | is_committee_member

rules.add_perm("committee.see_dashboard", is_committee_side)
rules.add_perm("committee.see_annual_reviews", is_committee_side)
rules.add_perm("committee.build_annual_review", is_secretariat)
# Restarting a build that has stalled, of any kind (committee/builds.py).
rules.add_perm("committee.restart_build", is_secretariat)
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
# Who signed in and who changed what (committee/audit.py).
rules.add_perm("committee.see_audit_log", is_secretariat)
# The outgoing mail (committee/mail.py): its recipients and the mail server's errors, which can
# list addresses, are the secretariat's to read; it sends a failed message again.
rules.add_perm("committee.see_outgoing_mail", is_secretariat)
rules.add_perm("committee.resend_mail", is_secretariat)


@rules.predicate
def may_touch_account_of(user, person) -> bool:
    """Only a superuser touches a superuser's account: otherwise one secretariat account could
    take over (or lock out) the one account that may repair anything."""
    return person is None or getattr(user, "is_superuser", False) or not person.is_superuser


# Changing an account, deactivating it, issuing its pairing code (committee/admin.py, accounts.py,
# pairing.py).
rules.add_perm("committee.manage_account", is_secretariat & may_touch_account_of)


@rules.predicate
def is_own_account(user, person) -> bool:
    return person is not None and getattr(user, "pk", None) == person.pk


# Setting a password (committee/accounts.py): one's own only. A superuser passes every rule
# (Django's has_perm), so it alone sets another person's: a password the secretariat set, with a
# pairing code it issued, would let one officer act as that person without their second factor.
rules.add_perm("committee.set_account_password", is_own_account)
