"""Models of the Committee's own work: its members, the programme of work, the reporting
reminders and the annual review. They refer to other apps' models by name only, so importing
them never imports another app."""

from __future__ import annotations

from committee.work.models.assignments import ExpertAssignment, ExpertAssignmentQuerySet
from committee.work.models.membership import CommitteeMember, CommitteeMemberQuerySet
from committee.work.models.programme import ProgrammeOfWork, WorkItem, WorkItemQuerySet
from committee.work.models.progress import ProgressAssessment
from committee.work.models.recommendations import ReviewRecommendation
from committee.work.models.reminders import (
    NoteVerbaleTemplate,
    ReportingReminder,
    ReportingReminderQuerySet,
    reminder_upload_to,
)
from committee.work.models.reviews import (
    AnnualReview,
    AnnualReviewQuerySet,
    annual_review_upload_to,
)
from committee.work.models.written_reviews import (
    ReviewChapter,
    ReviewComment,
    WrittenReview,
    WrittenReviewQuerySet,
    written_review_upload_to,
)

__all__ = [
    "AnnualReview",
    "AnnualReviewQuerySet",
    "CommitteeMember",
    "CommitteeMemberQuerySet",
    "ExpertAssignment",
    "ExpertAssignmentQuerySet",
    "NoteVerbaleTemplate",
    "ProgrammeOfWork",
    "ProgressAssessment",
    "ReportingReminder",
    "ReportingReminderQuerySet",
    "ReviewChapter",
    "ReviewRecommendation",
    "ReviewComment",
    "WorkItem",
    "WorkItemQuerySet",
    "WrittenReview",
    "WrittenReviewQuerySet",
    "annual_review_upload_to",
    "reminder_upload_to",
    "written_review_upload_to",
]
