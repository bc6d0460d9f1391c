"""The 1540 matrix: the committee's main instrument for recording what each state has done to
implement resolution 1540 (programme of work 8(d)).

A ``MatrixTemplate`` (the layout in use from a given year) has sections and several hundred
fields; a ``Matrix`` is one version of one state's matrix, with one ``MatrixEntry`` per field of
its template; the state's point of contact comments on entries with ``MatrixComment``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import Language
from core.permissions import restrict
from core.validators import no_bidi_override
from states.choices import MatrixSectionCode, WeaponType
from states.matrices.choices import (
    APPROVED_STATUSES,
    OPEN_STATUSES,
    CommentKind,
    CommentResponse,
    MatrixColumn,
    MatrixMark,
    MatrixStatus,
)
from states.models.member_state import MemberState, reader_order


class MatrixTemplate(models.Model):
    """A version of the layout of the 1540 matrix: which sections and data fields every state's
    matrix records (the committee revised it in 2016). Matrices keep the template they were
    drafted on; a new draft moves to the current template, field by field code (8(d))."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200, validators=[no_bidi_override])
    in_use_from = models.DateField(_("in use from"))
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("New drafts are made on the current template.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-in_use_from"]
        verbose_name = _("matrix template")
        verbose_name_plural = _("matrix templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_template"
            )
        ]

    def __str__(self) -> str:
        return self.title


class MatrixSection(models.Model):
    """A section of the matrix, following an operative paragraph of resolution 1540: OP 1 and
    related matters, OP 2, OP 3 (a) and (b), OP 3 (c) and (d)."""

    template = models.ForeignKey(
        MatrixTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    code = models.CharField(_("code"), max_length=8, choices=MatrixSectionCode)
    title = models.CharField(_("title"), max_length=200, validators=[no_bidi_override])
    position = models.PositiveSmallIntegerField(pgettext_lazy("sort order", "position"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("matrix section")
        verbose_name_plural = _("matrix sections")
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="one_section_per_code")
        ]

    def __str__(self) -> str:
        return self.title


class MatrixField(models.Model):
    """One data field of the matrix: a measure (for instance "prohibition to acquire") for one
    weapon type, in one column (national legal framework or enforcement). Its code is stable
    from one template to the next (``OP2-N-ACQ-LF``) so that versions can be compared."""

    template = models.ForeignKey(
        MatrixTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="fields"
    )
    section = models.ForeignKey(
        MatrixSection, verbose_name=_("section"), on_delete=models.CASCADE, related_name="fields"
    )
    code = models.CharField(_("code"), max_length=40)
    weapon_type = models.CharField(
        _("weapon type"),
        max_length=12,
        choices=WeaponType,
        blank=True,
        help_text=_("Empty for fields that concern no one kind of weapon."),
    )
    column = models.CharField(_("column"), max_length=12, choices=MatrixColumn)
    measure = models.CharField(_("measure"), max_length=200)
    text = models.TextField(_("text (English)"))
    position = models.PositiveIntegerField(pgettext_lazy("sort order", "position"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("matrix field")
        verbose_name_plural = _("matrix fields")
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="one_field_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


def matrix_letter_upload_to(matrix: Matrix, filename: str) -> str:
    # A new name for every rendering: a letter being written never replaces the one readers see.
    return f"matrices/{matrix.state.iso3}/letter-v{matrix.version}-{uuid.uuid4().hex}.pdf"


def end_of_year(year: int) -> datetime:
    return timezone.make_aware(datetime.combine(date(year, 12, 31), time.max))


class MatrixQuerySet(models.QuerySet):
    def visible_to(self, user) -> MatrixQuerySet:
        return restrict(self, user, "states.read_matrix")

    def open(self) -> MatrixQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def _latest(self, statuses: list[str], as_of: datetime | None) -> MatrixQuerySet:
        moment = "published_at" if statuses == [MatrixStatus.PUBLISHED] else "approved_at"
        newer = Matrix.objects.filter(
            state=OuterRef("state"), status__in=statuses, version__gt=OuterRef("version")
        )
        mine = Q(status__in=statuses)
        if as_of is not None:
            newer = newer.filter(**{f"{moment}__lte": as_of})
            mine &= Q(**{f"{moment}__lte": as_of})
        return self.filter(mine & ~Exists(newer))

    def latest_approved(self, *, as_of: datetime | None = None) -> MatrixQuerySet:
        """For each state, its latest version approved by the committee (on or before
        ``as_of``): the matrix the statistics count (12(h))."""
        return self._latest(list(APPROVED_STATUSES), as_of)

    def latest_approved_in(self, year: int) -> MatrixQuerySet:
        return self.latest_approved(as_of=end_of_year(year))

    def latest_published(self) -> MatrixQuerySet:
        """For each state, the version the public sees."""
        return self._latest([MatrixStatus.PUBLISHED], None)


class Matrix(models.Model):
    """One version of one state's 1540 matrix (programme of work 8(d)). The experts prepare it
    from national reports and official information (draft), send it to the state with a
    letter, the state comments on it field by field, the committee approves it and it is
    published. A new version starts as a copy of the last approved one."""

    state = models.ForeignKey(
        MemberState, verbose_name=_("state"), on_delete=models.PROTECT, related_name="matrices"
    )
    template = models.ForeignKey(
        MatrixTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=MatrixStatus, default=MatrixStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent to the state at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    comments_returned_at = models.DateTimeField(_("comments returned at"), null=True, blank=True)
    comments_returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("comments returned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approval recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    letter = models.FileField(
        _("letter"), upload_to=matrix_letter_upload_to, max_length=200, blank=True
    )
    letter_generated_at = models.DateTimeField(_("letter generated at"), null=True, blank=True)
    # The state's language of correspondence when the letter goes with the matrix; another of the
    # six when the staff produce it again in one on request.
    letter_language = models.CharField(
        _("language of the letter"), max_length=2, choices=Language, blank=True
    )

    history = HistoricalRecords()
    objects = MatrixQuerySet.as_manager()

    # A published matrix is public; the usernames of the staff who moved it are for the staff
    # and the matrix's own state only (core/visibility.py).
    FIELD_PERMISSIONS = {
        "created_by": "states.see_who_moved_matrix",
        "sent_by": "states.see_who_moved_matrix",
        "comments_returned_by": "states.see_who_moved_matrix",
        "approved_by": "states.see_who_moved_matrix",
        "published_by": "states.see_who_moved_matrix",
    }

    class Meta:
        ordering = [reader_order("state__"), "-version"]
        verbose_name = _("matrix")
        verbose_name_plural = _("matrices")
        constraints = [
            models.UniqueConstraint(fields=["state", "version"], name="one_matrix_per_version"),
            # Two drafts of one state would fork its record: one open version at a time.
            models.UniqueConstraint(
                fields=["state"],
                condition=Q(status__in=["draft", "sent", "commented"]),
                name="one_open_matrix_per_state",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "published"]) | Q(approved_at__isnull=False),
                name="approved_matrix_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "state", "version"])]

    def __str__(self) -> str:
        return gettext("%(state)s — matrix version %(version)s") % {
            "state": self.state,
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return reverse("states:matrix-detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == MatrixStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_published(self) -> bool:
        return self.status == MatrixStatus.PUBLISHED

    @property
    def is_editable(self) -> bool:
        """The experts edit a draft, and again once the state's comments are in."""
        return self.status in (MatrixStatus.DRAFT, MatrixStatus.COMMENTED)

    def download_stem(self) -> str:
        return f"{self.state.iso3}-matrix-v{self.version}"


class MatrixEntry(models.Model):
    """What one state's matrix records in one field: the mark (X, ?, NA or empty), the legal
    reference (the act and article), the source (national report and page, or an official
    website) and remarks. ``revision`` grows with every save, so that an expert saving over a
    colleague's newer work is refused instead of erasing it."""

    matrix = models.ForeignKey(
        Matrix, verbose_name=_("matrix"), on_delete=models.CASCADE, related_name="entries"
    )
    field = models.ForeignKey(
        MatrixField, verbose_name=_("field"), on_delete=models.PROTECT, related_name="entries"
    )
    mark = models.CharField(_("mark"), max_length=2, choices=MatrixMark, blank=True)
    legal_reference = models.TextField(_("legal reference"), blank=True)
    source = models.TextField(_("source"), blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed at"), default=timezone.now)

    history = HistoricalRecords()

    FIELD_PERMISSIONS = {"updated_by": "states.see_who_changed_entry"}

    class Meta:
        ordering = ["matrix", "field__position"]
        verbose_name = _("matrix entry")
        verbose_name_plural = _("matrix entries")
        constraints = [
            models.UniqueConstraint(fields=["matrix", "field"], name="one_entry_per_field"),
        ]
        indexes = [models.Index(fields=["mark", "matrix"])]

    def __str__(self) -> str:
        return f"{self.matrix}: {self.field.code}"

    VALUE_FIELDS = ("mark", "legal_reference", "source", "remarks")

    def values(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.VALUE_FIELDS}


class MatrixCommentQuerySet(models.QuerySet):
    def visible_to(self, user) -> MatrixCommentQuerySet:
        return restrict(self, user, "states.read_matrix_comment")


class MatrixComment(models.Model):
    """A state's comment on one entry of its matrix while it reviews it: it accepts the entry or
    proposes a change, with the source for it. The experts then adopt the change, note the
    comment or decline it with a reason."""

    matrix = models.ForeignKey(
        Matrix, verbose_name=_("matrix"), on_delete=models.CASCADE, related_name="comments"
    )
    entry = models.ForeignKey(
        MatrixEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=CommentKind)
    text = models.TextField(_("comment"), blank=True)
    proposed_mark = models.CharField(
        _("proposed mark"), max_length=2, choices=MatrixMark, blank=True
    )
    proposed_legal_reference = models.TextField(_("proposed legal reference"), blank=True)
    proposed_source = models.TextField(_("source of the proposal"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    response = models.CharField(
        _("response"), max_length=8, choices=CommentResponse, default=CommentResponse.OPEN
    )
    response_text = models.TextField(_("experts' response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MatrixCommentQuerySet.as_manager()

    class Meta:
        ordering = ["matrix", "entry__field__position", "created_at"]
        verbose_name = _("matrix comment")
        verbose_name_plural = _("matrix comments")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="accept") | ~Q(proposed_source=""),
                name="proposal_has_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.matrix}: {self.get_kind_display()} {self.entry.field.code}"
