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
    SECTION_COLUMNS,
    CommentKind,
    CommentResponse,
    ConversionBatchStatus,
    MatrixColumn,
    MatrixMark,
    MatrixSectionKind,
    MatrixStatus,
)
from states.models.member_state import MemberState, reader_order


class MatrixTemplate(models.Model):
    """A version of the layout of the 1540 matrix: which worksheets and data fields every
    state's matrix records. The committee revised the matrices in 2016 and their format in 2017
    (the five worksheets of states/matrices/data/matrix-template-2017.csv); both versions are
    data (``load_matrix_template``). Matrices keep the template they were drafted on; programme
    of work 8(d) asks to convert the existing ones to the new format (states/matrices/
    conversion.py, with the field mapping ``MatrixFieldMapping``).

    ``title`` is kept in the six languages (states/translation.py, which also registers the
    history)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200, validators=[no_bidi_override])
    in_use_from = models.DateField(_("in use from"))
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("New drafts are made on the current template.")
    )

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
    """A worksheet of the matrix, following an operative paragraph of resolution 1540: OP 1 and
    related matters, OP 2, OP 3 (a) and (b), OP 3 (c) and (d), and in the 2017 format OP 6 and
    OP 8 (d). Its ``kind`` decides its columns (``SECTION_COLUMNS``): adherence (YES, relevant
    information, remarks), measures (national legal framework and enforcement) or cooperation.
    ``title`` is kept in the six languages (states/translation.py)."""

    template = models.ForeignKey(
        MatrixTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    code = models.CharField(_("code"), max_length=8, choices=MatrixSectionCode)
    title = models.CharField(_("title"), max_length=200, validators=[no_bidi_override])
    kind = models.CharField(
        _("kind of worksheet"),
        max_length=12,
        choices=MatrixSectionKind,
        default=MatrixSectionKind.MEASURES,
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("sort order", "position"))

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("matrix section")
        verbose_name_plural = _("matrix sections")
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="one_section_per_code")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def columns(self) -> tuple[tuple[str, str], ...]:
        """The worksheet's columns as the published matrices head them: ``(key, heading)``."""
        return tuple((key, str(heading)) for key, heading in SECTION_COLUMNS[self.kind])


class MatrixField(models.Model):
    """One data field of the matrix: a measure (for instance "prohibition to acquire") for one
    weapon type, in one column (national legal framework or enforcement), or a treaty,
    arrangement or activity on an adherence or cooperation worksheet. Its code is stable from
    one template to the next (``OP2-N-ACQ-LF``) so that versions can be compared; ``row`` joins
    the national legal framework and enforcement fields of one measure into one row of the
    worksheet (``OP2-N-ACQ``), under its heading ``group``. ``measure``, ``text`` and ``group``
    are kept in the six languages (states/translation.py)."""

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
    row = models.CharField(
        _("row"),
        max_length=40,
        blank=True,
        help_text=_("The fields of one row of the worksheet share it (e.g. OP2-N-ACQ)."),
    )
    group = models.CharField(
        _("heading"),
        max_length=200,
        blank=True,
        help_text=_("The heading the row stands under in its worksheet."),
    )
    measure = models.CharField(_("measure"), max_length=200)
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(pgettext_lazy("sort order", "position"))

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("matrix field")
        verbose_name_plural = _("matrix fields")
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="one_field_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def row_label(self) -> str:
        """What the worksheet's row says: the measure where two fields share the row (their
        texts name the column), the whole text where the row is one field."""
        if self.column in (MatrixColumn.LEGAL_FRAMEWORK, MatrixColumn.ENFORCEMENT):
            return self.measure
        return self.text


def matrix_letter_upload_to(matrix: Matrix, filename: str) -> str:
    # A new name for every rendering: a letter being written never replaces the one readers see.
    return f"matrices/{matrix.state.iso3}/letter-v{matrix.version}-{uuid.uuid4().hex}.pdf"


def matrix_comment_upload_to(comment: MatrixComment, filename: str) -> str:
    # Named by the server, never by the state's file name: the extension is the one the content
    # showed (core.files.sniff_document).
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"matrices/{comment.matrix.state.iso3}/comments/{uuid.uuid4().hex}.{extension}"


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

    PUBLIC_PAGES = "states.read_matrix"

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
    # The letter's reference in the committee's correspondence, given when a letter is written
    # (states.matrices.services.assign_letter_reference): kept when the same letter is produced
    # again in another language, a new one when a new letter goes (sent, then approved).
    letter_reference = models.CharField(_("reference of the letter"), max_length=40, blank=True)
    # The national reports (first report, addenda, additional information) the version draws on,
    # listed with their dates in its header: set when the draft starts (the state's reports
    # received by then), corrected by the experts (services.set_source_reports).
    source_reports = models.ManyToManyField(
        "states.NationalReport",
        verbose_name=_("national reports drawn on"),
        blank=True,
        related_name="+",
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
        # The letter is between the Committee and the state (and its members): so is its number.
        "letter_reference": "states.read_matrix_letter",
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
            models.UniqueConstraint(
                fields=["letter_reference"],
                condition=~Q(letter_reference=""),
                name="one_matrix_per_letter_reference",
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


class MatrixEntryQuerySet(models.QuerySet):
    def left_to_review(self) -> MatrixEntryQuerySet:
        """The entries the state has not commented on yet (neither accepted nor proposed a
        change to): what is left of its review."""
        return self.exclude(Exists(MatrixComment.objects.filter(entry=OuterRef("pk"))))

    def review_progress(self) -> dict[str, dict[str, int]]:
        """For each section code, how many entries there are and how many are left to review,
        in one query: ``{"OP1": {"total": 20, "left": 12}, ...}``."""
        commented = Exists(MatrixComment.objects.filter(entry=OuterRef("pk")))
        rows = (
            self.order_by()
            .values("field__section__code")
            .annotate(
                total=models.Count("pk"),
                left=models.Count("pk", filter=~commented),
            )
        )
        return {
            row["field__section__code"]: {"total": row["total"], "left": row["left"]}
            for row in rows
        }


class MatrixEntry(models.Model):
    """What one state's matrix records in one field: the mark (X, ?, NA or empty), the legal
    reference (the act and article), the source (national report and page, or an official
    website) and remarks. ``revision`` grows with every save, so that an expert saving over a
    colleague's newer work is refused instead of erasing it."""

    PUBLIC_PAGES = "matrix"

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
    # The structured source (``source`` above stays for what fits none of these): the state's
    # national report and its page, an official address, and the act of the state's national
    # legislation (states/legislation/). The report and the act are the matrix's own state's
    # (states.matrices.services._check_sources); an act that entries cite cannot be deleted.
    source_report = models.ForeignKey(
        "states.NationalReport",
        verbose_name=_("national report cited"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_by_entries",
    )
    source_page = models.PositiveIntegerField(_("page of the report"), null=True, blank=True)
    source_url = models.URLField(_("official address"), max_length=500, blank=True)
    legislation = models.ForeignKey(
        "states.NationalLegislation",
        verbose_name=_("act cited"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_by_entries",
    )
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
    objects = MatrixEntryQuerySet.as_manager()

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

    # What an entry records, copied to a new version and compared between versions. The report
    # and the act by their ids (attnames), so that ``values()``, a model's constructor,
    # ``setattr`` and the history's ``values()`` all read and write them alike.
    VALUE_FIELDS = (
        "mark",
        "legal_reference",
        "source",
        "remarks",
        "source_report_id",
        "source_page",
        "source_url",
        "legislation_id",
    )

    def values(self) -> dict[str, str | int | None]:
        return {name: getattr(self, name) for name in self.VALUE_FIELDS}


class MatrixCommentQuerySet(models.QuerySet):
    def visible_to(self, user) -> MatrixCommentQuerySet:
        return restrict(self, user, "states.read_matrix_comment")


class MatrixComment(models.Model):
    """A state's comment on one entry of its matrix while it reviews it: it accepts the entry or
    proposes a change, with the source for it. The experts then adopt the change, note the
    comment or decline it with a reason."""

    PUBLIC_PAGES = "states.read_matrix_comment"

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
    # A page of an act, a decree, a licence form: the state's evidence for its comment.
    document = models.FileField(
        _("document"), upload_to=matrix_comment_upload_to, max_length=200, blank=True
    )
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


def matrix_pdf_upload_to(pdf: MatrixPdf, filename: str) -> str:
    # A new name for every build: a build under way never replaces the file readers download.
    matrix = pdf.matrix
    return (
        f"matrices/{matrix.state.iso3}/matrix-v{matrix.version}-{pdf.language}-"
        f"{uuid.uuid4().hex}.pdf"
    )


class MatrixPdf(models.Model):
    """The PDF of one matrix version in one of the six languages, built once by the worker and
    then served as it is stored (states/matrices/pdfs.py): rendering a matrix takes seconds of
    CPU, which no web request should spend. ``stamp`` says what the file was built from; a
    version whose entries, reports or approval changed since is built again."""

    PUBLIC_PAGES = "matrix"

    matrix = models.ForeignKey(
        Matrix, verbose_name=_("matrix"), on_delete=models.CASCADE, related_name="pdfs"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language)
    file = models.FileField(_("file"), upload_to=matrix_pdf_upload_to, max_length=200, blank=True)
    stamp = models.CharField(_("built from"), max_length=64, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    # The last build asked for: one request queues it, the next ones wait for it.
    requested_stamp = models.CharField(_("build asked for"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("build asked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("matrix PDF")
        verbose_name_plural = _("matrix PDFs")
        constraints = [
            models.UniqueConstraint(fields=["matrix", "language"], name="one_pdf_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.matrix} ({self.language})"


class MatrixWorkbookImportQuerySet(models.QuerySet):
    def uploaded_by(self, user) -> MatrixWorkbookImportQuerySet:
        """A workbook waits for the one who uploaded it: nobody else previews or applies it."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(uploaded_by=user)


class MatrixWorkbookImport(models.Model):
    """A workbook an expert exported from a matrix, worked on offline and brought back
    (states/matrices/spreadsheet.py), kept between the preview of its changes and their
    application: the changes are written only from the very file that was previewed (its
    SHA-256), by the person who uploaded it, and only while no entry was saved since it was
    exported. Only a workbook that passed every check is kept; once applied, it stays as the
    record of what was imported."""

    matrix = models.ForeignKey(
        Matrix, verbose_name=_("matrix"), on_delete=models.CASCADE, related_name="workbook_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content = models.BinaryField(_("workbook"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    changes = models.PositiveIntegerField(_("entries to change"), default=0)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_changes = models.PositiveIntegerField(_("entries changed"), null=True, blank=True)

    # The workbook itself is not copied into every history row: its checksum says which it was.
    history = HistoricalRecords(excluded_fields=["content"])
    objects = MatrixWorkbookImportQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("matrix workbook import")
        verbose_name_plural = _("matrix workbook imports")

    def __str__(self) -> str:
        return f"{self.matrix}: {self.file_name or self.sha256[:12]}"


class MatrixFieldMapping(models.Model):
    """Where a field of one template goes in a later one, for the conversion of the existing
    matrices to the new format (programme of work 8(d)): the entry of ``from_field`` is carried,
    with its mark and sources, to ``to_field``. No ``to_field``: the field no longer exists in
    the new format, and ``note`` says why. A field of the new format receives at most one old
    field; one that receives none starts blank. Loaded from its data file
    (states/matrices/data/mapping-2016-2017.csv) by ``load_matrix_template``."""

    from_field = models.ForeignKey(
        MatrixField,
        verbose_name=_("field of the older template"),
        on_delete=models.CASCADE,
        related_name="mappings_from",
    )
    to_template = models.ForeignKey(
        MatrixTemplate,
        verbose_name=_("new template"),
        on_delete=models.CASCADE,
        related_name="mappings_to",
    )
    to_field = models.ForeignKey(
        MatrixField,
        verbose_name=_("field of the new template"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mappings_to",
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["to_template", "from_field__position"]
        verbose_name = _("matrix field mapping")
        verbose_name_plural = _("matrix field mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["from_field", "to_template"], name="one_mapping_per_old_field"
            ),
            models.UniqueConstraint(
                fields=["to_field"],
                condition=Q(to_field__isnull=False),
                name="one_old_field_per_new_field",
            ),
        ]

    def __str__(self) -> str:
        target = self.to_field.code if self.to_field_id else "—"
        return f"{self.from_field.code} → {target}"


class MatrixConversionBatch(models.Model):
    """One run of the job that converts every state's latest matrix to a new format (8(d)),
    started by the staff from a confirmation page and run by the worker: what it converted
    (``conversions``) and which states it left as they were, with the reason (``skipped``:
    ``[{"state": "CHN", "reason": "..."}]``), for the report page."""

    to_template = models.ForeignKey(
        MatrixTemplate, verbose_name=_("new template"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ConversionBatchStatus,
        default=ConversionBatchStatus.QUEUED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("started at"), auto_now_add=True)
    started_at = models.DateTimeField(_("run from"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    converted = models.PositiveIntegerField(_("matrices converted"), default=0)
    skipped = models.JSONField(_("states left as they were"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("matrix conversion job")
        verbose_name_plural = _("matrix conversion jobs")
        constraints = [
            # Two jobs converting the same matrices at once would race for the same drafts.
            models.UniqueConstraint(
                fields=["to_template"],
                condition=Q(status__in=["queued", "running"]),
                name="one_conversion_job_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return gettext("Conversion to %(template)s (%(status)s)") % {
            "template": self.to_template.code,
            "status": self.get_status_display(),
        }

    def get_absolute_url(self) -> str:
        return reverse("states:matrix-conversion-detail", kwargs={"pk": self.pk})


class MatrixConversion(models.Model):
    """The record of one matrix converted to a new format (8(d)): the draft made on the new
    template (``matrix``) from the state's latest version (``converted_from``), how many entries
    were carried with their marks and sources, the fields of the new format left blank and the
    fields of the old one that no longer exist (with the mark they held), who did it and when."""

    matrix = models.OneToOneField(
        Matrix,
        verbose_name=_("draft in the new format"),
        on_delete=models.CASCADE,
        related_name="conversion",
    )
    converted_from = models.ForeignKey(
        Matrix, verbose_name=_("converted from"), on_delete=models.PROTECT, related_name="+"
    )
    from_template = models.ForeignKey(
        MatrixTemplate, verbose_name=_("older template"), on_delete=models.PROTECT, related_name="+"
    )
    to_template = models.ForeignKey(
        MatrixTemplate, verbose_name=_("new template"), on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(
        MatrixConversionBatch,
        verbose_name=_("conversion job"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversions",
    )
    carried = models.PositiveIntegerField(_("entries carried"), default=0)
    carried_marked = models.PositiveIntegerField(_("entries carried with a mark"), default=0)
    # Codes: ["OP6-8D-LST", ...]; [{"code": "OP3AB-D-LIC-LF", "mark": "X", "note": "..."}, ...].
    new_fields = models.JSONField(_("new fields left blank"), default=list, blank=True)
    dropped_fields = models.JSONField(_("fields that no longer exist"), default=list, blank=True)
    converted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("converted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    converted_at = models.DateTimeField(_("converted at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-converted_at", "-pk"]
        verbose_name = _("matrix conversion")
        verbose_name_plural = _("matrix conversions")

    def __str__(self) -> str:
        return gettext("%(matrix)s, converted from version %(version)s") % {
            "matrix": self.matrix,
            "version": self.converted_from.version,
        }
