"""Models of the committee app.

``people`` is the shared base every app imports (users and roles). The other modules are the
committee's own domain: its members, the programme of work, the annual review and the reporting
reminders. They refer to other apps' models by name only, so importing ``committee.models``
never imports another app.
"""

from __future__ import annotations

from committee.models.mail import OutgoingMail, OutgoingMailQuerySet, OutgoingMailStatus
from committee.models.membership import CommitteeMember, CommitteeMemberQuerySet
from committee.models.outbox import QueuedTask
from committee.models.pairing import PairingCode, PairingCodeQuerySet
from committee.models.people import User
from committee.models.programme import ProgrammeOfWork, WorkItem, WorkItemQuerySet
from committee.models.reminders import (
    NoteVerbaleTemplate,
    ReportingReminder,
    ReportingReminderQuerySet,
    reminder_upload_to,
)
from committee.models.reviews import (
    AnnualReview,
    AnnualReviewQuerySet,
    annual_review_upload_to,
)

__all__ = [
    "AnnualReview",
    "AnnualReviewQuerySet",
    "CommitteeMember",
    "CommitteeMemberQuerySet",
    "NoteVerbaleTemplate",
    "OutgoingMail",
    "OutgoingMailQuerySet",
    "OutgoingMailStatus",
    "PairingCode",
    "PairingCodeQuerySet",
    "ProgrammeOfWork",
    "QueuedTask",
    "ReportingReminder",
    "ReportingReminderQuerySet",
    "User",
    "WorkItem",
    "WorkItemQuerySet",
    "annual_review_upload_to",
    "reminder_upload_to",
]
