"""Demo data of the Committee's own work: last year's annual review as the Committee wrote it
(8(a)), drafted, commented on, adopted and issued, its figures placed in its chapters, and the
experts' assignments (12(f)). Safe to run again: what is there is left as it is. (The meetings
and the digest of the demo year are the command seed_committee_work's: committee.work does not
read the working groups' and assistance's modules.)"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from committee.work import written_reviews
from committee.work.models import WrittenReview

CHAPTERS = [
    (
        "Introduction",
        "This review covers the work of the Committee established pursuant to resolution 1540 "
        "(2004) during the year, as its programme of work asks (paragraph 8 (a)).\n\n"
        "[[figure:reporting_in_figures]]",
    ),
    (
        "Reporting by States",
        "The Committee continued to encourage the States that had not yet submitted a first "
        "report to do so, and offered them its assistance.\n\n"
        "[[figure:first_reports_by_region]]\n\n"
        "[[figure:states_without_first_report]]",
    ),
    (
        "Assistance and cooperation",
        "The Committee kept matching the requests for assistance it received with the offers "
        "of States and organisations, and took part in outreach events.\n\n"
        "[[figure:assistance_by_area]]\n\n[[figure:events_by_kind]]",
    ),
]


def seed_written_review(secretariat, expert, member) -> int:
    """Last year's review in English, issued; returns how many reviews it created (0 or 1)."""
    year = timezone.localdate().year - 1
    if WrittenReview.objects.filter(year=year, language="en").exists():
        return 0
    review = written_reviews.create_written_review(
        year,
        title=f"Annual review of the implementation of resolution 1540 (2004) in {year}",
        language="en",
        acting_user=secretariat,
    )
    chapters = [
        written_reviews.save_chapter(review, title=title, text=text, acting_user=secretariat)
        for title, text in CHAPTERS
    ]
    written_reviews.circulate_review(review, acting_user=secretariat)
    if expert is not None:
        comment = written_reviews.comment_on_chapter(
            chapters[1],
            "Name the regional groups with most States left to report.",
            acting_user=expert,
        )
        written_reviews.answer_comment(
            comment, "The table gives them by group.", resolved=True, acting_user=secretariat
        )
    if member is not None:
        written_reviews.comment_on_chapter(
            chapters[2], "Our delegation welcomes the matching of requests.", acting_user=member
        )
    written_reviews.record_adoption(
        review,
        adopted_on=timezone.localdate(),
        note="by silence procedure",
        acting_user=secretariat,
    )
    written_reviews.issue_review(review, acting_user=secretariat)
    return 1


def seed_expert_assignments(secretariat, experts) -> int:
    """Each demo expert in charge of a few states and items of the programme (12(f))."""
    from committee.work.assignments import assign_expert
    from committee.work.models import ExpertAssignment, WorkItem
    from states.models import MemberState

    plan = [(["CHN", "BRA", "KEN"], ["8(b)", "8(d)"]), (["FRA", "JAM", "KAZ"], ["9(b)", "10(f)"])]
    created = 0
    for expert, (states, items) in zip(experts, plan, strict=False):
        if ExpertAssignment.objects.filter(expert=expert).exists():
            continue
        assign_expert(
            acting_user=secretariat,
            expert=expert,
            starts_on=timezone.localdate() - timedelta(days=200),
            states=MemberState.objects.filter(iso3__in=states),
            work_items=WorkItem.objects.filter(paragraph__in=items),
        )
        created += 1
    return created
