"""The hook through which an app enters what it drafts in the correspondence register.

The register (committee/correspondence/) keeps every note verbale and letter, in and out. The
apps that draft them (the reporting reminders, the matrix letters, assistance acknowledgements
and digest transmittals) may not import the Committee's package (pyproject.toml's contracts:
states, outreach and assistance import nothing of it), so they announce a draft here and the
register, which subscribes when the app registry is ready, enters it. The call is made inside
the drafting service's transaction: the draft and its register entry are written together or
not at all. With no subscriber (a process that never loaded the register), nothing happens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.db.models.fields.files import FieldFile


@dataclass(frozen=True)
class Drafted:
    """An outgoing note or letter that the system drafted: what it concerns (the reminder, the
    matrix version...), the state it is addressed to (its permanent mission; None for an
    organisation or another addressee, named in ``addressee``), its subject, its language
    (core.choices.Language), its document, and the programme of work paragraph it serves
    (``8(b)`` for the reporting reminders). Each draft is a new note, unless ``joins_pending``."""

    concerns: Model
    subject: str
    language: str
    state: Model | None = None
    document: FieldFile | None = None
    addressee: str = ""
    kind: str = "note_verbale"
    paragraph: str = ""
    also_concerns: tuple[Model, ...] = field(default=())
    # The same document again in another language (a matrix letter produced again): it joins
    # the note not yet sent that concerns the same record, as its version in that language.
    joins_pending: bool = False
    # Addressed to the Committee's members (the digest's transmittal): entered as circulated to
    # them, and read by them once it is sent.
    to_members: bool = False
    # A document its app builds again and then deletes (the digest rebuilt): the register keeps
    # its own copy, and a new build replaces every version of the note not yet sent that
    # concerns the same record (once sent, the new build is a new note).
    rebuilt: bool = False


type Receiver = Callable[..., Any]
_receivers: list[Receiver] = []


def subscribe(receiver: Receiver) -> None:
    """Called once by the register when the app registry is ready: ``receiver(drafted,
    acting_user=...)`` is then called for every draft."""
    if receiver not in _receivers:
        _receivers.append(receiver)


def drafted(draft: Drafted, *, acting_user: Any) -> None:
    """Announce a draft to the register, inside the drafting service's transaction. The acting
    user is None for what a scheduled task drafts (a digest built on the first of a quarter)."""
    for receiver in _receivers:
        receiver(draft, acting_user=acting_user)


@dataclass(frozen=True)
class Received:
    """An incoming note or letter that an app recorded with its own record (the note verbale
    that brought a request for assistance): what it concerns, the sender (a state's mission, or
    an organisation, or another sender named in ``sender``), the sender's reference, the date
    received, its language and document, and the programme paragraph it serves. The register
    enters it as received, linked to what it concerns, pointing to the app's file."""

    concerns: Model
    subject: str
    language: str
    received_on: Any
    reference: str = ""
    state: Model | None = None
    organization: Model | None = None
    sender: str = ""
    document: FieldFile | None = None
    kind: str = "note_verbale"
    paragraph: str = ""


_incoming_receivers: list[Receiver] = []


def subscribe_received(receiver: Receiver) -> None:
    """Called once by the register: ``receiver(received, acting_user=...)`` is then called for
    every incoming note an app records."""
    if receiver not in _incoming_receivers:
        _incoming_receivers.append(receiver)


def received(note: Received, *, acting_user: Any) -> None:
    """Announce an incoming note to the register, inside the recording service's transaction."""
    for receiver in _incoming_receivers:
        receiver(note, acting_user=acting_user)
