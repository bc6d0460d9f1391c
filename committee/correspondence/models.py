"""The correspondence register: notes verbales and letters, incoming and outgoing, their
documents per language, what they concern, and the Committee's yearly sequence of references.

The register refers to other apps' models by name only (the content types and
"states.MemberState"), so importing it never imports another app."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.correspondence.choices import (
    GONE_OUT,
    CommitteeParty,
    CorrespondenceKind,
    CorrespondenceStatus,
    Counterpart,
    Direction,
)
from core.choices import Language
from core.permissions import restrict
from core.validators import no_bidi_override


class CorrespondenceQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> CorrespondenceQuerySet:
        return restrict(self, user, "committee.read_correspondence")

    def outgoing(self) -> CorrespondenceQuerySet:
        return self.filter(direction=Direction.OUTGOING)

    def incoming(self) -> CorrespondenceQuerySet:
        return self.filter(direction=Direction.INCOMING)

    def sent_in(self, year: int) -> CorrespondenceQuerySet:
        """Outgoing notes that went in ``year`` (whatever happened to them since)."""
        return self.outgoing().filter(status__in=GONE_OUT, date__year=year)

    def concerning(self, obj: models.Model) -> CorrespondenceQuerySet:
        """The notes linked to ``obj`` (a report, a reminder, a matrix version...)."""
        return self.filter(
            links__content_type=ContentType.objects.get_for_model(obj), links__object_id=obj.pk
        ).distinct()


def notes_for(model: type[models.Model], ids: list[int]) -> dict[int, Correspondence]:
    """The latest note concerning each of the records ``ids`` of ``model``, by record id: for a
    list page that shows each reminder's reference and the date it was sent (one query)."""
    links = (
        CorrespondenceLink.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids
        )
        .select_related("item")
        .order_by("object_id", "item__created_at")
    )
    return {link.object_id: link.item for link in links}


class Correspondence(models.Model):
    """One note verbale or letter in the Committee's register, sent or received. Outgoing ones
    are drafted (by the staff or by the system: reporting reminders, matrix letters), approved by
    the secretariat and sent, at which point they take the Committee's reference, the next of the
    year (``S/AC.44/2026/OC.17``), and the date they went; the state may acknowledge or reply.
    Incoming ones (a state's note carrying its report, a request for assistance, a reply) keep
    the sender's reference and the date received; they are registered, then answered. A reply
    points to what it answers, and every note of a thread points to the thread's first note, so a
    thread reads as one conversation."""

    PUBLIC_PAGES = "committee.read_correspondence"

    direction = models.CharField(_("direction"), max_length=3, choices=Direction)
    kind = models.CharField(
        _("kind"),
        max_length=15,
        choices=CorrespondenceKind,
        default=CorrespondenceKind.NOTE_VERBALE,
    )
    status = models.CharField(_("status"), max_length=12, choices=CorrespondenceStatus)
    reference = models.CharField(
        _("reference"),
        max_length=80,
        blank=True,
        help_text=_(
            "Outgoing: the Committee's own, given when the note is sent. Incoming: the sender's."
        ),
    )
    # The Committee's sequence (outgoing only, given when sent): gapless per year, unique.
    sequence_year = models.PositiveSmallIntegerField(_("year of the reference"), null=True)
    sequence_number = models.PositiveIntegerField(_("number in the year"), null=True)
    date = models.DateField(
        _("date sent or received"),
        null=True,
        blank=True,
        help_text=_("Outgoing: the date it was sent. Incoming: the date it was received."),
    )
    committee_party = models.CharField(
        _("on the Committee's side"),
        max_length=12,
        choices=CommitteeParty,
        default=CommitteeParty.CHAIR,
    )
    counterpart = models.CharField(
        _("on the other side"), max_length=12, choices=Counterpart, default=Counterpart.MISSION
    )
    state = models.ForeignKey(
        "states.MemberState",
        verbose_name=_("state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correspondence",
        help_text=_("The state whose permanent mission sent or receives the note."),
    )
    organization = models.ForeignKey(
        "outreach.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correspondence",
    )
    counterpart_name = models.CharField(
        _("name of the sender or addressee"),
        max_length=200,
        blank=True,
        validators=[no_bidi_override],
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    subject = models.CharField(_("subject"), max_length=300, validators=[no_bidi_override])
    in_reply_to = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
    )
    # The first note of the thread (itself for a first note): one query reads a whole thread.
    thread = models.ForeignKey(
        "self",
        verbose_name=_("thread"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    circulated_to_members = models.BooleanField(_("circulated to the members"), default=False)
    paragraph = models.CharField(
        _("programme of work paragraph"),
        max_length=16,
        blank=True,
        help_text=_("The paragraph this note serves, e.g. 8(b) for the reporting reminders."),
    )
    drafted_by_system = models.BooleanField(_("drafted by the system"), default=False)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    # None: entered by a scheduled task (a digest built on the first day of a quarter).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = CorrespondenceQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("correspondence")
        verbose_name_plural = _("correspondence")
        indexes = [
            models.Index(fields=["state", "-date"]),
            models.Index(fields=["direction", "status"]),
            models.Index(fields=["thread"]),
        ]
        constraints = [
            # The Committee's references: one number per year, each once.
            models.UniqueConstraint(
                fields=["sequence_year", "sequence_number"],
                name="one_outgoing_reference_per_number",
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=Q(direction="out") & ~Q(reference=""),
                name="outgoing_reference_unique",
            ),
            models.CheckConstraint(
                condition=Q(direction="in")
                | Q(sequence_number__isnull=True)
                | Q(date__isnull=False),
                name="sent_note_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(direction="out") | Q(sequence_number__isnull=True),
                name="incoming_has_no_committee_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('(no reference yet)')}: {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("committee:correspondence-item", kwargs={"pk": self.pk})

    @property
    def is_outgoing(self) -> bool:
        return self.direction == Direction.OUTGOING

    @property
    def counterpart_label(self) -> str:
        """The other side: the state's permanent mission, the organisation, or the name."""
        if self.counterpart == Counterpart.MISSION and self.state is not None:
            return str(_("Permanent Mission of %(state)s") % {"state": self.state.name})
        if self.counterpart == Counterpart.ORGANIZATION and self.organization is not None:
            return self.organization.name
        return self.counterpart_name or "—"

    @property
    def sender(self) -> str:
        if self.is_outgoing:
            return str(self.get_committee_party_display())
        return self.counterpart_label

    @property
    def addressee(self) -> str:
        if self.is_outgoing:
            return self.counterpart_label
        return str(self.get_committee_party_display())


class CorrespondenceSequence(models.Model):
    """The last number the Committee gave to an outgoing note in a year. Sending locks the
    year's row, so numbers are given one at a time, without gaps: a send that fails rolls its
    number back with it."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


def correspondence_upload_to(document: CorrespondenceDocument, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    return f"correspondence/{document.item_id}/{uuid.uuid4().hex}.{extension}"


class CorrespondenceDocument(models.Model):
    """One language version of a note: the original (the language it was written in) and any
    translation. Checked by its content when uploaded (core/files.py)."""

    item = models.ForeignKey(
        Correspondence,
        verbose_name=_("correspondence"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    language = models.CharField(_("language"), max_length=2, choices=Language)
    is_original = models.BooleanField(_("original"), default=False)
    file = models.FileField(_("file"), upload_to=correspondence_upload_to, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_original", "language"]
        verbose_name = _("document of a note")
        verbose_name_plural = _("documents of notes")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "language"], name="one_correspondence_document_per_language"
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(is_original=True),
                name="one_original_per_correspondence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} ({self.language})"

    def download_name(self) -> str:
        extension = self.file.name.rsplit(".", 1)[-1] if "." in self.file.name else "pdf"
        reference = (self.item.reference or f"draft-{self.item_id}").replace("/", "-")
        return f"{reference}-{self.language}.{extension}"


class CorrespondenceLink(models.Model):
    """What a note concerns: a national report, a matrix version, an assistance request or
    offer, a reporting reminder, a visit or a meeting, through the content types (so that the
    apps those belong to never import the register)."""

    item = models.ForeignKey(
        Correspondence,
        verbose_name=_("correspondence"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    kind = models.CharField(_("kind"), max_length=20)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(_("record"))
    concerns = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "object_id"]
        verbose_name = _("link of a note")
        verbose_name_plural = _("links of notes")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "content_type", "object_id"], name="one_link_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
