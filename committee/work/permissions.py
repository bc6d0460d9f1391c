"""Who may do what in the Committee's own work: the programme of work, the dashboard, the annual
review and the reporting reminders. The rules, each declared once (core/permissions.py); those
of the shared base (accounts, audit log, outgoing mail, restarting a build) are core's.

The committee side (secretariat, experts, committee members) reads the committee-internal
figures and reviews; the secretariat starts builds, drafts reminders and edits their template;
the secretariat and the experts record progress against the programme.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from committee.work.choices import WrittenReviewStatus
from core.permissions import (
    Actor,
    RowRule,
    Where,
    declare,
    is_committee_member,
    is_expert,
    is_poc,
    is_secretariat,
)

is_committee_side = is_secretariat | is_expert | is_committee_member

declare(
    "committee.see_dashboard",
    is_committee_side,
    message=_("The dashboard is for the secretariat, the experts and the committee members."),
)
# Every annual review or none (AnnualReviewQuerySet): committee-internal until transmitted.
declare(
    "committee.see_annual_reviews",
    is_committee_side,
    message=_("The annual reviews are for the secretariat, the experts and the committee members."),
)
declare(
    "committee.build_annual_review",
    is_secretariat,
    message=_("Only the secretariat builds the annual review."),
)
# Who requested a build (AnnualReview.FIELD_PERMISSIONS) is a staff username: the committee
# members read the review, not the account name (lock-out is by username).
declare("committee.see_who_requested_review", is_secretariat | is_expert)


# The annual review as the Committee writes it (8(a)): the committee side reads it from its first
# draft; everyone else, the points of contact included, reads it once it is issued.
def written_reviews_seen_by(user: Actor) -> RowRule:
    if is_committee_side(user):
        return RowRule(everything=True)
    return RowRule(any_of=(Where(status=WrittenReviewStatus.ISSUED),))


declare("committee.read_written_review", rows=written_reviews_seen_by)
declare(
    "committee.draft_written_review",
    is_secretariat,
    message=_(
        "Only the secretariat drafts the annual review, answers the comments on it and records "
        "its adoption and issue."
    ),
)
# While the review is circulated (the service checks the step): the experts and the members.
declare(
    "committee.comment_on_written_review",
    is_expert | is_committee_member,
    message=_("Only the experts and the committee members comment on the draft annual review."),
)
declare("committee.see_review_comments", is_committee_side)
declare(
    "committee.record_progress",
    is_secretariat | is_expert,
    message=_("Only the secretariat and the experts record progress on the programme."),
)
# The notes of progress updates (a field of the work item's page).
declare("committee.see_progress_notes", is_committee_side)
declare(
    "committee.load_programme",
    is_secretariat,
    message=_("Only the secretariat loads the programme of work."),
)
declare(
    "committee.manage_committee_members",
    is_secretariat,
    message=_("Only the secretariat records the committee's members."),
)
# 8(b): the secretariat writes to the states that have not reported (every reminder or none).
declare(
    "committee.draft_reminders",
    is_secretariat,
    message=_("Only the secretariat drafts reporting reminders."),
)
declare(
    "committee.edit_reminder_template",
    is_secretariat,
    message=_("Only the secretariat edits the wording of notes verbales."),
)
# Each role's home (committee/work/home.py): the worklist of what waits for that role. A person
# holds one of them; the public has the public home page.
declare(
    "committee.see_secretariat_home",
    is_secretariat,
    message=_("This worklist is the secretariat's."),
)
declare("committee.see_expert_home", is_expert, message=_("This worklist is the experts'."))
declare(
    "committee.see_member_home",
    is_committee_member,
    message=_("This worklist is the committee members'."),
)
declare(
    "committee.see_poc_home",
    is_poc,
    message=_("This worklist is the national points of contact's."),
)
# Progress that follows the work (committee/work/progress.py): the records behind an item are
# listed to the committee side (the public sees those already public: events, practices...);
# the secretariat keeps a note on each item and may set its status, saying why.
declare("committee.see_progress_records", is_committee_side)
declare(
    "committee.assess_progress",
    is_secretariat,
    message=_("Only the secretariat sets the status of an item of the programme."),
)

# The experts' assignments (12(f)): the secretariat divides the work; the committee side reads it.
declare(
    "committee.manage_expert_assignments",
    is_secretariat,
    message=_("Only the secretariat assigns the experts."),
)
declare(
    "committee.see_expert_workload",
    is_committee_side,
    message=_(
        "The experts' workload is for the secretariat, the experts and the committee members."
    ),
)
