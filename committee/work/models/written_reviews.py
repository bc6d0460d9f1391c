"""The annual review as the Committee writes it (programme of work 8(a)): chapters the
secretariat drafts, in the review's language, with the generated figures and tables placed in
their text (committee/work/review_figures.py), commented by the experts and the members,
adopted by the Committee and issued with its symbol. The figures are never typed: every number
comes from the generated review's data (committee/work/annual_review.py)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.work.choices import ReviewPdfStatus, WrittenReviewStatus
from core.choices import Language
from core.permissions import restrict


def written_review_upload_to(review: WrittenReview, filename: str) -> str:
    # A new name for every build: a half-written file is never the one a row points to.
    return f"annual-reviews/{review.year}/written-{review.language}-{uuid.uuid4().hex}.pdf"


class WrittenReviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> WrittenReviewQuerySet:
        return restrict(self, user, "committee.read_written_review")

    def issued(self) -> WrittenReviewQuerySet:
        return self.filter(status=WrittenReviewStatus.ISSUED)


class WrittenReview(models.Model):
    """The Committee's annual review of one year in one of the six languages, as it is written
    (8(a)): its chapters, the comments on them, and the steps draft -> circulated -> adopted ->
    issued. Issued, it carries its symbol (S/AC.44/<year>/<n>, core/symbols.py), the day it was
    issued, and a PDF the worker builds: the chapters with the figures in place, then the annex
    of the generated review."""

    PUBLIC_PAGES = "committee.read_written_review"

    year = models.PositiveSmallIntegerField(_("year under review"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    title = models.CharField(_("title"), max_length=300)
    as_at = models.DateField(
        _("figures as at"), help_text=_("The figures count the data up to the end of this day.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WrittenReviewStatus,
        default=WrittenReviewStatus.DRAFT,
    )
    circulated_on = models.DateField(_("circulated on"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adoption_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adoption recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    adoption_note = models.CharField(
        _("how it was adopted"),
        max_length=300,
        blank=True,
        help_text=_("For example: at its 145th meeting, by silence procedure."),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=40, blank=True)
    pdf_status = models.CharField(
        _("PDF"), max_length=10, choices=ReviewPdfStatus, default=ReviewPdfStatus.NONE, blank=True
    )
    pdf_error = models.TextField(_("why the PDF failed"), blank=True)
    document = models.FileField(
        _("PDF"), upload_to=written_review_upload_to, max_length=200, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = WrittenReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "language"]
        verbose_name = _("annual review (as written)")
        verbose_name_plural = _("annual reviews (as written)")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "language"], name="one_written_review_per_year_and_language"
            ),
            models.CheckConstraint(
                condition=~Q(status=WrittenReviewStatus.ISSUED)
                | (Q(issued_on__isnull=False) & ~Q(symbol="")),
                name="issued_review_has_date_and_symbol",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[WrittenReviewStatus.DRAFT, WrittenReviewStatus.CIRCULATED])
                | Q(adopted_on__isnull=False),
                name="adopted_review_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title or gettext("Annual review %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("committee:written-review", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == WrittenReviewStatus.DRAFT

    @property
    def is_circulated(self) -> bool:
        return self.status == WrittenReviewStatus.CIRCULATED

    @property
    def is_issued(self) -> bool:
        return self.status == WrittenReviewStatus.ISSUED

    @property
    def has_pdf(self) -> bool:
        return self.pdf_status == ReviewPdfStatus.READY and bool(self.document)

    def download_name(self) -> str:
        return f"1540-annual-review-{self.year}-{self.language}.pdf"


class ReviewChapter(models.Model):
    """One chapter of a written annual review: its place, title and text as the secretariat
    writes it. A line ``[[figure:<name>]]`` in the text places a generated figure or table."""

    review = models.ForeignKey(
        WrittenReview,
        verbose_name=_("annual review"),
        on_delete=models.CASCADE,
        related_name="chapters",
    )
    position = models.PositiveSmallIntegerField(_("place in the review"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Paragraphs separated by an empty line. Place a figure or table on a line of its "
            "own, as [[figure:name]], with a name from the list of figures."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "position", "pk"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class ReviewComment(models.Model):
    """A comment of an expert or a committee member on a chapter while the review is circulated,
    with the secretariat's answer and whether it is resolved."""

    chapter = models.ForeignKey(
        ReviewChapter,
        verbose_name=_("chapter"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    answer = models.TextField(_("answer of the secretariat"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved = models.BooleanField(_("resolved"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["chapter", "created_at", "pk"]
        verbose_name = _("comment on the annual review")
        verbose_name_plural = _("comments on the annual review")

    def __str__(self) -> str:
        return self.text[:60]
