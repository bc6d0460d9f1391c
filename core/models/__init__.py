"""Models of the shared base: the people who sign in (``people``), the tasks kept while the
broker is away (``outbox``), the outgoing mail (``mail``) and the pairing codes of a first
authenticator (``pairing``), the names of API tokens (``tokens``) and the register of document
symbols (``symbols``), and what each person is told by mail (``notifications``).

They belong to the app "committee" (their ``Meta.app_label``), where their tables and migrations
have always been; committee/models/__init__.py imports them with the Committee's own models.
"""

from __future__ import annotations

from core.models.mail import MailFailure, OutgoingMail, OutgoingMailQuerySet, OutgoingMailStatus
from core.models.notifications import Delivery, Notification, NotificationPreference
from core.models.outbox import QueuedTask
from core.models.pairing import PairingCode, PairingCodeQuerySet
from core.models.people import User
from core.models.symbols import DocumentSymbol, DocumentSymbolCounter
from core.models.tokens import ApiTokenName

__all__ = [
    "ApiTokenName",
    "DocumentSymbol",
    "DocumentSymbolCounter",
    "Delivery",
    "MailFailure",
    "OutgoingMail",
    "OutgoingMailQuerySet",
    "Notification",
    "NotificationPreference",
    "OutgoingMailStatus",
    "PairingCode",
    "PairingCodeQuerySet",
    "QueuedTask",
    "User",
]
