"""Every model of the app "committee", for Django's registry and the migrations: the shared
base's (core/models/: people, the task outbox, outgoing mail, pairing codes), which keep this app
label so that their tables and migrations stay where they are, and the Committee's own work's
(committee/work/models/). Code imports them from those two places, not from here."""

from __future__ import annotations

from committee.correspondence.models import (
    Correspondence,
    CorrespondenceDocument,
    CorrespondenceLink,
    CorrespondenceSequence,
)
from committee.work.models import (
    AnnualReview,
    CommitteeMember,
    ExpertAssignment,
    NoteVerbaleTemplate,
    ProgrammeOfWork,
    ReportingReminder,
    ReviewChapter,
    ReviewComment,
    WorkItem,
    WrittenReview,
)
from core.models import (
    DocumentSymbol,
    DocumentSymbolCounter,
    Notification,
    NotificationPreference,
    OutgoingMail,
    PairingCode,
    QueuedTask,
    User,
)

__all__ = [
    "AnnualReview",
    "CommitteeMember",
    "ExpertAssignment",
    "Correspondence",
    "CorrespondenceDocument",
    "CorrespondenceLink",
    "CorrespondenceSequence",
    "DocumentSymbol",
    "DocumentSymbolCounter",
    "NoteVerbaleTemplate",
    "Notification",
    "NotificationPreference",
    "OutgoingMail",
    "PairingCode",
    "ProgrammeOfWork",
    "QueuedTask",
    "ReportingReminder",
    "ReviewChapter",
    "ReviewComment",
    "User",
    "WorkItem",
    "WrittenReview",
]
