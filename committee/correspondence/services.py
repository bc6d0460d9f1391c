"""Every change to the correspondence register: entering an incoming note, drafting an
outgoing one, approving and sending it (which gives it the Committee's reference and the date it
went), recording the state's acknowledgement or reply, adding language versions and links, and
entering what the system drafts (core/correspondence.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.correspondence.choices import (
    GONE_OUT,
    LINKABLE,
    CommitteeParty,
    CorrespondenceKind,
    CorrespondenceStatus,
    Counterpart,
    Direction,
    LinkKind,
)
from committee.correspondence.models import (
    Correspondence,
    CorrespondenceDocument,
    CorrespondenceLink,
    CorrespondenceSequence,
)
from core.choices import Language
from core.correspondence import Drafted, Received
from core.files import sniff_document
from core.notifications import notify, points_of_contact
from core.permissions import Actor, require
from core.services import InvalidTransition, save_with_history

# The Committee's references: the symbol of its documents with "OC" (outgoing correspondence)
# and the number in the year, e.g. S/AC.44/2026/OC.17.
REFERENCE_FORMAT = "S/AC.44/{year}/OC.{number}"


def _check_language(language: str, field: str = "language") -> str:
    if language not in Language.values:
        raise ValidationError(
            {
                field: _("“%(value)s” is not one of the six official languages (%(codes)s).")
                % {"value": language, "codes": ", ".join(Language.values)}
            }
        )
    return language


def _check_counterpart(
    counterpart: str, state: Any, organization: Any, counterpart_name: str
) -> None:
    if counterpart == Counterpart.MISSION and state is None:
        raise ValidationError({"state": _("Choose the state whose permanent mission it is.")})
    if counterpart == Counterpart.ORGANIZATION and organization is None:
        raise ValidationError({"organization": _("Choose the organisation.")})
    if counterpart == Counterpart.OTHER and not counterpart_name.strip():
        raise ValidationError({"counterpart_name": _("Give the name of the sender or addressee.")})


def _check_reply(item: Correspondence, parent: Correspondence | None) -> None:
    """A reply answers a note of the other direction, with the same state or organisation: a
    reply to another state's note is refused."""
    if parent is None:
        return
    if parent.direction == item.direction:
        raise ValidationError(
            {
                "in_reply_to": _(
                    "A reply answers a note in the other direction: %(reference)s is also "
                    "%(direction)s."
                )
                % {
                    "reference": parent.reference or parent.subject,
                    "direction": parent.get_direction_display().lower(),
                }
            }
        )
    if (parent.state_id, parent.organization_id) != (item.state_id, item.organization_id):
        raise ValidationError(
            {
                "in_reply_to": _(
                    "A reply concerns the same state or organisation as the note it answers: "
                    "%(reference)s is with %(other)s, not %(this)s."
                )
                % {
                    "reference": parent.reference or parent.subject,
                    "other": parent.counterpart_label,
                    "this": item.counterpart_label,
                }
            }
        )
    if parent.is_outgoing and parent.status not in GONE_OUT:
        raise ValidationError(
            {"in_reply_to": _("Only a note that was sent can be answered: this one is a draft.")}
        )


def _linked_object(kind: str, object_id: Any) -> models.Model:
    if kind not in LINKABLE:
        raise ValidationError(
            {
                "links": _(
                    "“%(kind)s” is not something a note can concern; choose one of %(kinds)s."
                )
                % {"kind": kind, "kinds": ", ".join(LinkKind.values)}
            }
        )
    model = apps.get_model(LINKABLE[LinkKind(kind)])
    try:
        return model._default_manager.get(pk=int(object_id))
    except (ObjectDoesNotExist, TypeError, ValueError, OverflowError):
        raise ValidationError(
            {
                "links": _("There is no %(kind)s with the id “%(id)s”.")
                % {"kind": LinkKind(kind).label.lower(), "id": object_id}
            }
        ) from None


def _kind_of(obj: models.Model) -> str:
    label = obj._meta.label
    for kind, model_label in LINKABLE.items():
        if model_label == label:
            return str(kind)
    return obj._meta.model_name or "record"


def _check_link(item: Correspondence, obj: models.Model) -> None:
    state_id = getattr(obj, "state_id", None)
    if item.state_id is not None and state_id is not None and state_id != item.state_id:
        raise ValidationError(
            {
                "links": _("%(record)s belongs to another state than the note.")
                % {"record": str(obj)}
            }
        )


def _add_links(item: Correspondence, objects: Iterable[models.Model]) -> None:
    for obj in objects:
        _check_link(item, obj)
        CorrespondenceLink.objects.get_or_create(
            item=item,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            defaults={"kind": _kind_of(obj)},
        )


def resolve_links(pairs: Iterable[tuple[str, Any]]) -> list[models.Model]:
    """The records named as (kind, id) pairs, or a ValidationError naming the wrong one."""
    return [_linked_object(kind, object_id) for kind, object_id in pairs]


def _attach(
    item: Correspondence, upload: File, language: str, *, is_original: bool, acting_user: Actor
) -> CorrespondenceDocument:
    extension = sniff_document(upload)
    existing = item.documents.filter(language=language).first()
    if existing is not None:
        raise ValidationError(
            {
                "document": _(
                    "This note already has its %(language)s version; each language has one."
                )
                % {"language": Language(language).label}
            }
        )
    document = CorrespondenceDocument(
        item=item, language=language, is_original=is_original, uploaded_by=acting_user
    )
    document.file.save(f"document.{extension}", upload, save=False)
    save_with_history(document, acting_user, reason="Uploaded")
    return document


def _new_item(
    *,
    acting_user: Actor,
    direction: str,
    status: str,
    subject: str,
    language: str,
    kind: str = CorrespondenceKind.NOTE_VERBALE,
    counterpart: str = Counterpart.MISSION,
    state: Any = None,
    organization: Any = None,
    counterpart_name: str = "",
    committee_party: str = CommitteeParty.CHAIR,
    reference: str = "",
    date_: date | None = None,
    in_reply_to: Correspondence | None = None,
    circulated_to_members: bool = False,
    paragraph: str = "",
    drafted_by_system: bool = False,
) -> Correspondence:
    _check_language(language)
    if kind not in CorrespondenceKind.values:
        raise ValidationError({"kind": _("Choose a note verbale, a letter or other.")})
    if not subject.strip():
        raise ValidationError({"subject": _("Give the subject of the note.")})
    _check_counterpart(counterpart, state, organization, counterpart_name)
    item = Correspondence(
        direction=direction,
        status=status,
        kind=kind,
        counterpart=counterpart,
        state=state if counterpart == Counterpart.MISSION else None,
        organization=organization if counterpart == Counterpart.ORGANIZATION else None,
        counterpart_name=counterpart_name.strip(),
        committee_party=committee_party,
        reference=reference.strip(),
        date=date_,
        language=language,
        subject=subject.strip(),
        in_reply_to=in_reply_to,
        circulated_to_members=circulated_to_members,
        paragraph=paragraph,
        drafted_by_system=drafted_by_system,
        created_by=acting_user,
    )
    _check_reply(item, in_reply_to)
    item.full_clean(
        exclude=["thread", "created_by", "status", "direction", "sequence_year", "sequence_number"]
    )
    save_with_history(item, acting_user, reason="Entered")
    item.thread = in_reply_to.thread if in_reply_to is not None else item
    save_with_history(item, acting_user, update_fields=["thread"])
    return item


@transaction.atomic
def register_incoming(
    *,
    acting_user: Actor,
    subject: str,
    reference: str,
    received_on: date | None,
    language: str,
    document: File | None = None,
    links: Iterable[models.Model] = (),
    in_reply_to: Correspondence | None = None,
    **fields: Any,
) -> Correspondence:
    """Enter a note received from a state, an organisation or anyone else, with the sender's
    reference and the date received (not later than today). A reply to a note the Committee sent
    marks that note replied, and concerns what it concerned."""
    require(acting_user, "committee.register_correspondence")
    if received_on is None:
        raise ValidationError({"date": _("Give the date the note was received.")})
    if received_on > timezone.localdate():
        raise ValidationError({"date": _("The date received cannot be later than today.")})
    if not reference.strip():
        raise ValidationError({"reference": _("Give the sender's reference of the note.")})
    parent = _locked(in_reply_to) if in_reply_to is not None else None
    item = _new_item(
        acting_user=acting_user,
        direction=Direction.INCOMING,
        status=CorrespondenceStatus.RECEIVED,
        subject=subject,
        language=language,
        reference=reference,
        date_=received_on,
        in_reply_to=parent,
        **fields,
    )
    if document is not None:
        _attach(item, document, language, is_original=True, acting_user=acting_user)
    inherited = []
    if parent is not None:
        inherited = [link.concerns for link in parent.links.all() if link.concerns is not None]
        if parent.status in (CorrespondenceStatus.SENT, CorrespondenceStatus.ACKNOWLEDGED):
            parent.status = CorrespondenceStatus.REPLIED
            save_with_history(parent, acting_user, update_fields=["status"], reason="Replied")
    _add_links(item, [*inherited, *links])
    return item


@transaction.atomic
def draft_outgoing(
    *,
    acting_user: Actor,
    subject: str,
    language: str,
    document: File | None = None,
    links: Iterable[models.Model] = (),
    in_reply_to: Correspondence | None = None,
    **fields: Any,
) -> Correspondence:
    """Draft a note or letter to a state's mission, an organisation or anyone else. It has no
    reference until it is sent."""
    require(acting_user, "committee.draft_correspondence")
    parent = _locked(in_reply_to) if in_reply_to is not None else None
    item = _new_item(
        acting_user=acting_user,
        direction=Direction.OUTGOING,
        status=CorrespondenceStatus.DRAFT,
        subject=subject,
        language=language,
        in_reply_to=parent,
        **fields,
    )
    if document is not None:
        _attach(item, document, language, is_original=True, acting_user=acting_user)
    _add_links(item, links)
    return item


def _locked(item: Correspondence) -> Correspondence:
    return (
        Correspondence.objects.select_for_update(of=("self",))
        .select_related("state", "organization")
        .get(pk=item.pk)
    )


def _move(
    item: Correspondence,
    acting_user: Actor,
    rule: str,
    *,
    allowed: tuple[str, ...],
    to: str,
    refusal: str,
) -> Correspondence:
    require(acting_user, rule, item)
    item = _locked(item)
    if item.status not in allowed:
        raise InvalidTransition(refusal % {"status": item.get_status_display()})
    item.status = to
    return item


@transaction.atomic
def approve(item: Correspondence, *, acting_user: Actor) -> Correspondence:
    """The secretariat approves an outgoing draft: it may now be sent."""
    item = _move(
        item,
        acting_user,
        "committee.approve_correspondence",
        allowed=(CorrespondenceStatus.DRAFT,),
        to=CorrespondenceStatus.APPROVED,
        refusal=_("Only a draft is approved; this note is “%(status)s”."),
    )
    item.approved_by = acting_user
    save_with_history(item, acting_user, update_fields=["status", "approved_by"], reason="Approved")
    return item


def next_reference(year: int) -> tuple[int, str]:
    """The next number of ``year``, taken under a lock on the year's row (call in the sending
    transaction): numbers are given in order and a rolled-back send gives its number back."""
    CorrespondenceSequence.objects.get_or_create(year=year)
    sequence = CorrespondenceSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number, REFERENCE_FORMAT.format(year=year, number=sequence.last_number)


@transaction.atomic
def send(item: Correspondence, *, acting_user: Actor) -> Correspondence:
    """Send an approved note: it takes the Committee's next reference of the year and today's
    date. A reply marks the note it answers as answered."""
    item = _move(
        item,
        acting_user,
        "committee.send_correspondence",
        allowed=(CorrespondenceStatus.APPROVED,),
        to=CorrespondenceStatus.SENT,
        refusal=_("Only an approved note is sent; this note is “%(status)s”."),
    )
    if not item.documents.exists():
        raise ValidationError(
            {"document": _("A note is sent with its document: upload it before sending.")}
        )
    today = timezone.localdate()
    number, reference = next_reference(today.year)
    item.sequence_year, item.sequence_number, item.reference = today.year, number, reference
    item.date = today
    item.sent_by = acting_user
    save_with_history(
        item,
        acting_user,
        update_fields=[
            "status",
            "sequence_year",
            "sequence_number",
            "reference",
            "date",
            "sent_by",
        ],
        reason="Sent",
    )
    if item.in_reply_to is not None:
        parent = _locked(item.in_reply_to)
        if parent.status in (CorrespondenceStatus.RECEIVED, CorrespondenceStatus.REGISTERED):
            parent.status = CorrespondenceStatus.ANSWERED
            save_with_history(parent, acting_user, update_fields=["status"], reason="Answered")
    if item.state_id is not None:
        # The state's points of contact are told, in their language, after the commit.
        notify(
            "committee.note_verbale_sent",
            points_of_contact(item.state_id),
            context={"state": item.state, "reference": item.reference, "subject": item.subject},
            about=item,
            event=f"correspondence:{item.pk}:sent",
            exclude=acting_user,
        )
    return item


@transaction.atomic
def register(item: Correspondence, *, acting_user: Actor) -> Correspondence:
    """The secretariat has registered a received note (checked, linked, routed)."""
    item = _move(
        item,
        acting_user,
        "committee.register_correspondence",
        allowed=(CorrespondenceStatus.RECEIVED,),
        to=CorrespondenceStatus.REGISTERED,
        refusal=_("Only a note just received is registered; this note is “%(status)s”."),
    )
    save_with_history(item, acting_user, update_fields=["status"], reason="Registered")
    return item


@transaction.atomic
def record_acknowledgement(
    item: Correspondence, *, acting_user: Actor, acknowledged_on: date | None
) -> Correspondence:
    """The state acknowledged receipt of a note the Committee sent."""
    item = _move(
        item,
        acting_user,
        "committee.register_correspondence",
        allowed=(CorrespondenceStatus.SENT,),
        to=CorrespondenceStatus.ACKNOWLEDGED,
        refusal=_("Only a sent note is acknowledged; this note is “%(status)s”."),
    )
    if acknowledged_on is None:
        raise ValidationError({"acknowledged_on": _("Give the date of the acknowledgement.")})
    if acknowledged_on > timezone.localdate():
        raise ValidationError(
            {"acknowledged_on": _("The date of the acknowledgement cannot be later than today.")}
        )
    if item.date and acknowledged_on < item.date:
        raise ValidationError(
            {"acknowledged_on": _("The note was acknowledged before it was sent: check the date.")}
        )
    item.acknowledged_on = acknowledged_on
    save_with_history(
        item, acting_user, update_fields=["status", "acknowledged_on"], reason="Acknowledged"
    )
    return item


@transaction.atomic
def circulate(item: Correspondence, *, acting_user: Actor) -> Correspondence:
    """Circulate a note to the Committee's members: they read it from then on."""
    require(acting_user, "committee.circulate_correspondence", item)
    item = _locked(item)
    if item.is_outgoing and item.status not in GONE_OUT:
        raise InvalidTransition(_("A draft is not circulated: send it first."))
    item.circulated_to_members = True
    save_with_history(
        item, acting_user, update_fields=["circulated_to_members"], reason="Circulated"
    )
    return item


@transaction.atomic
def add_document(
    item: Correspondence, upload: File, *, acting_user: Actor, language: str
) -> CorrespondenceDocument:
    """Add a language version of a note (the first one is its original)."""
    rule = (
        "committee.draft_correspondence"
        if item.is_outgoing
        else "committee.register_correspondence"
    )
    require(acting_user, rule, item)
    item = _locked(item)
    _check_language(language)
    if item.is_outgoing and item.status in GONE_OUT and not item.documents.exists():
        raise InvalidTransition(_("A sent note keeps the document it was sent with."))
    return _attach(
        item,
        upload,
        language,
        is_original=not item.documents.exists(),
        acting_user=acting_user,
    )


@transaction.atomic
def add_links(
    item: Correspondence, objects: Iterable[models.Model], *, acting_user: Actor
) -> Correspondence:
    """Link a note to what it concerns (each record of the note's state)."""
    require(acting_user, "committee.draft_correspondence", item)
    item = _locked(item)
    _add_links(item, objects)
    return item


def enter_drafted(draft: Drafted, *, acting_user: Actor | None) -> Correspondence:
    """The register's subscriber to core/correspondence.py: enter a note the system drafted,
    as an outgoing draft concerning what it was drafted for (entered by nobody when a scheduled
    task drafted it). A later version of the same document (the letter produced again in
    another language: ``joins_pending``) joins the note not yet sent, as its version in that
    language; a document built again (``rebuilt``: the digest) replaces the note's versions."""
    content_type = ContentType.objects.get_for_model(draft.concerns)
    pending = None
    if draft.joins_pending or draft.rebuilt:
        pending = (
            Correspondence.objects.outgoing()
            .filter(
                drafted_by_system=True,
                links__content_type=content_type,
                links__object_id=draft.concerns.pk,
                status__in=(CorrespondenceStatus.DRAFT, CorrespondenceStatus.APPROVED),
            )
            .select_for_update(of=("self",))
            .first()
        )
    if pending is None:
        item = _new_item(
            acting_user=acting_user,
            direction=Direction.OUTGOING,
            status=CorrespondenceStatus.DRAFT,
            subject=draft.subject[:300],
            language=draft.language,
            kind=draft.kind,
            counterpart=Counterpart.MISSION if draft.state is not None else Counterpart.OTHER,
            state=draft.state,
            counterpart_name=draft.addressee,
            circulated_to_members=draft.to_members,
            paragraph=draft.paragraph,
            drafted_by_system=True,
        )
        _add_links(item, [draft.concerns, *draft.also_concerns])
    else:
        item = pending
    if draft.document:
        _enter_drafted_document(item, draft, acting_user)
    return item


def enter_received(note: Received, *, acting_user: Actor | None) -> Correspondence:
    """The register's subscriber to core/correspondence.py for incoming notes: enter the note
    an app recorded (the note verbale of a request for assistance) as received, concerning its
    record, with the app's document (the register points to it rather than copy it)."""
    if note.state is not None:
        counterpart = Counterpart.MISSION
    elif note.organization is not None:
        counterpart = Counterpart.ORGANIZATION
    else:
        counterpart = Counterpart.OTHER
    item = _new_item(
        acting_user=acting_user,
        direction=Direction.INCOMING,
        status=CorrespondenceStatus.RECEIVED,
        subject=note.subject[:300],
        language=note.language,
        kind=note.kind,
        counterpart=counterpart,
        state=note.state,
        organization=note.organization,
        counterpart_name=note.sender,
        reference=note.reference,
        date_=note.received_on,
        paragraph=note.paragraph,
    )
    _add_links(item, [note.concerns])
    if note.document:
        document = CorrespondenceDocument(
            item=item, language=note.language, is_original=True, uploaded_by=acting_user
        )
        document.file.name = note.document.name
        save_with_history(document, acting_user, reason="Received")
    return item


def _enter_drafted_document(
    item: Correspondence, draft: Drafted, acting_user: Actor | None
) -> CorrespondenceDocument:
    assert draft.document is not None
    replaced = (
        item.documents.all() if draft.rebuilt else item.documents.filter(language=draft.language)
    )
    if draft.rebuilt:
        # The register's own copies of the previous build: unreachable once replaced.
        copies = [document.file.name for document in replaced if document.file.name]
        storage = CorrespondenceDocument._meta.get_field("file").storage

        def drop_copies() -> None:
            for name in copies:
                storage.delete(name)

        transaction.on_commit(drop_copies)
    replaced.delete()
    document = CorrespondenceDocument(
        item=item,
        language=draft.language,
        is_original=not item.documents.filter(is_original=True).exists(),
        uploaded_by=acting_user,
    )
    if draft.rebuilt:
        # The drafting app deletes its file when it builds it again: the register keeps a copy.
        extension = (draft.document.name or "document.pdf").rsplit(".", 1)[-1].lower()
        with draft.document.open("rb") as source:
            document.file.save(f"document.{extension}", ContentFile(source.read()), save=False)
    else:
        # The drafting app's own file: the register points to it rather than copy it.
        document.file.name = draft.document.name
    save_with_history(document, acting_user, reason="Drafted")
    return document
