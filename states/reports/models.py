"""National reports and national points of contact."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.choices import Language
from core.permissions import restrict
from core.validators import no_bidi_override
from states.choices import ReportKind, ReportStatus
from states.models.member_state import MemberState, reader_order


class NationalReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> NationalReportQuerySet:
        return restrict(self, user, "states.read_report")

    def awaiting_publication(self) -> NationalReportQuerySet:
        return self.filter(status=ReportStatus.SUBMITTED)

    def with_documents(self) -> NationalReportQuerySet:
        """Each report's documents in one query for the whole list."""
        return self.prefetch_related("documents")


def report_upload_to(report: NationalReport, filename: str) -> str:
    # Never the uploaded name: a random one, so a stored path reveals nothing and can't be guessed.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"reports/{report.state.iso3}/{uuid.uuid4().hex}.{extension}"


def report_document_upload_to(version: ReportDocument, filename: str) -> str:
    return report_upload_to(version.report, filename)


def reader_language(language: str | None = None) -> str:
    """A Django language code as one of the six languages of documents: ``zh-hans`` -> ``zh``."""
    return (language or translation.get_language() or Language.ENGLISH).split("-")[0].lower()


class NationalReport(models.Model):
    """A national report on the implementation of resolution 1540: the first report that every
    state owes under operative paragraph 4, or additional information (an addendum) later."""

    # On the public pages (core/page_cache.py): the published reports, and whether and when a
    # state has reported, which a submitted report already changes (COUNTS_AS_REPORTED).
    PUBLIC_PAGES = staticmethod(lambda report: report.status != ReportStatus.DRAFT)

    state = models.ForeignKey(
        MemberState, verbose_name=_("state"), on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ReportKind)
    title = models.CharField(_("title"), max_length=300, blank=True, validators=[no_bidi_override])
    submitted_on = models.DateField(_("date of submission"), null=True, blank=True)
    # The report itself is in ``documents``: one document per language the state sent it in.
    symbol = models.CharField(
        _("UN document symbol"),
        max_length=60,
        blank=True,
        help_text=_("For example S/AC.44/2004/(02)/5, once the report is issued as a document."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus, default=ReportStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = NationalReportQuerySet.as_manager()

    # A published report is public; who submitted it is a username, for the staff and the
    # report's own state only (core/visibility.py).
    FIELD_PERMISSIONS = {"submitted_by": "states.see_who_submitted_report"}

    class Meta:
        ordering = ["-submitted_on", "-created_at"]
        verbose_name = _("national report")
        verbose_name_plural = _("national reports")
        constraints = [
            # A state has one first report; everything after it is additional information.
            models.UniqueConstraint(
                fields=["state"],
                condition=Q(kind=ReportKind.FIRST) & ~Q(status=ReportStatus.DRAFT),
                name="one_first_report_per_state",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT) | Q(submitted_on__isnull=False),
                name="report_submitted_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "state"])]

    def __str__(self) -> str:
        label = self.title or self.get_kind_display()
        return f"{self.state} — {label}"

    def get_absolute_url(self) -> str:
        return reverse("states:report-detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def versions(self) -> list[ReportDocument]:
        """The report's documents, the original first (read through a prefetch when there is
        one: a list of reports costs one query for all their documents)."""
        return sorted(self.documents.all(), key=lambda version: not version.original)

    @property
    def original(self) -> ReportDocument | None:
        """The document in the language the state wrote the report in."""
        return next((version for version in self.versions if version.original), None)

    def versions_for_reader(self, language: str | None = None) -> list[ReportDocument]:
        """The documents as a reader of ``language`` (by default the page's) wants them: theirs
        first, then the original, then the others in the order of the six languages."""
        reader = reader_language(language)
        order = list(Language.values)
        return sorted(
            self.versions,
            key=lambda version: (
                version.language != reader,
                not version.original,
                order.index(version.language),
            ),
        )

    def version_in(self, language: str) -> ReportDocument | None:
        return next((version for version in self.versions if version.language == language), None)


class ReportDocument(models.Model):
    """A national report in one of the six official languages of the United Nations. A state
    writes its report in one language (the original) and often sends it in others too, or the
    secretariat has it translated; the Committee publishes it in every language it has. A
    report has at most one document per language, and exactly one of them is the original
    (the constraints below and the services, states/reports/services.py)."""

    PUBLIC_PAGES = "report"

    report = models.ForeignKey(
        NationalReport,
        verbose_name=_("national report"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    language = models.CharField(_("language"), max_length=2, choices=Language)
    file = models.FileField(_("document"), upload_to=report_document_upload_to, max_length=200)
    original = models.BooleanField(
        _("original"),
        default=False,
        help_text=_("The language the state wrote the report in; the others are translations."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report_id", "-original", "language"]
        verbose_name = _("report document")
        verbose_name_plural = _("report documents")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "language"], name="one_document_per_report_language"
            ),
            # At most one original here; at least one is the services' (a report is created
            # with its original, and marking another moves the mark).
            models.UniqueConstraint(
                fields=["report"], condition=Q(original=True), name="one_original_per_report"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.get_language_display()})"

    @property
    def document(self) -> models.fields.files.FieldFile:
        # The search reads the text of a record's ``document`` (core/search.py).
        return self.file

    @property
    def file_extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].lower() if self.file else ""

    def download_name(self) -> str:
        report = self.report
        stamp = f"-{report.submitted_on:%Y-%m-%d}" if report.submitted_on else "-draft"
        return (
            f"{report.state.iso3}-{report.kind}-report{stamp}-{self.language}.{self.file_extension}"
        )


class NationalPointOfContactQuerySet(models.QuerySet):
    def visible_to(self, user) -> NationalPointOfContactQuerySet:
        return restrict(self, user, "states.read_point_of_contact")

    def active(self) -> NationalPointOfContactQuerySet:
        return self.filter(active=True)


class NationalPointOfContact(models.Model):
    """A person a state has designated as its national point of contact for resolution 1540
    (programme of work 8(c)). Contact details are private to the secretariat, the experts and
    the state itself."""

    PUBLIC_PAGES = "states.read_point_of_contact"

    state = models.ForeignKey(
        MemberState,
        verbose_name=_("state"),
        on_delete=models.PROTECT,
        related_name="points_of_contact",
    )
    name = models.CharField(
        pgettext_lazy("of a person", "name"), max_length=200, validators=[no_bidi_override]
    )
    title = models.CharField(_("title"), max_length=200, blank=True, validators=[no_bidi_override])
    agency = models.CharField(_("agency"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    since = models.DateField(_("point of contact since"))
    active = models.BooleanField(_("active"), default=True)
    deactivated_on = models.DateField(_("deactivated on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = NationalPointOfContactQuerySet.as_manager()

    class Meta:
        ordering = [reader_order("state__"), "-active", "name"]
        verbose_name = _("national point of contact")
        verbose_name_plural = _("national points of contact")
        constraints = [
            models.UniqueConstraint(
                fields=["state", "email"],
                condition=Q(active=True),
                name="one_active_poc_per_state_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.state.iso3})"
