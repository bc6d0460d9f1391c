"""The rules of the working groups and the Committee's own work (workinggroups/ and
committee/work/permissions.py), one row each: see tests/rules_table.py. The delegations read
the schedule, the documents, the dashboard and the reviews; points of contact and the public
do not."""

from __future__ import annotations

import pytest

from committee.work.choices import WrittenReviewStatus
from committee.work.models import WrittenReview
from tests.rules_table import Case, check

RULES = {
    "workinggroups.see_meetings": Case("member"),
    "workinggroups.read_meeting_document": Case("member"),
    "workinggroups.use_calendar_feed": Case("member"),
    "workinggroups.schedule_meeting": Case("secretariat"),
    "workinggroups.change_meeting": Case("secretariat"),
    "workinggroups.cancel_meeting": Case("secretariat"),
    "workinggroups.circulate_document": Case("secretariat"),
    "workinggroups.record_outcome": Case("expert"),
    "workinggroups.appoint_chair": Case("secretariat"),
    "workinggroups.see_who_circulated_document": Case("expert"),
    "committee.see_dashboard": Case("member"),
    "committee.see_annual_reviews": Case("member"),
    # The annual review as written (8(a)): a draft is the committee side's; issued, everyone's
    # (tests/committee/test_annual_review_written.py reads an issued one as each persona).
    "committee.read_written_review": Case(
        "member", on=lambda p: WrittenReview(year=2018, status=WrittenReviewStatus.CIRCULATED)
    ),
    "committee.draft_written_review": Case("secretariat"),
    "committee.comment_on_written_review": Case("expert"),
    "committee.see_review_comments": Case("member"),
    "committee.build_annual_review": Case("secretariat"),
    "committee.see_who_requested_review": Case("expert"),
    "committee.record_progress": Case("expert"),
    "committee.see_progress_notes": Case("member"),
    "committee.see_progress_records": Case("member"),
    "committee.assess_progress": Case("secretariat"),
    "committee.load_programme": Case("secretariat"),
    "committee.manage_committee_members": Case("secretariat"),
    "committee.draft_reminders": Case("secretariat"),
    "committee.manage_expert_assignments": Case("secretariat"),
    "committee.see_expert_workload": Case("member"),
    "committee.edit_reminder_template": Case("secretariat"),
    "committee.see_secretariat_home": Case("secretariat"),
    "committee.see_expert_home": Case("expert"),
    "committee.see_member_home": Case("member"),
    # Every point of contact has the home of their own state's work.
    "committee.see_poc_home": Case("poc_chn", other_poc=True),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", RULES)
def test_each_rule_of_the_committees_work_against_the_three_personas(name, request):
    check(name, RULES[name], request)
