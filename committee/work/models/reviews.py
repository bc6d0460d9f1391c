"""The annual review of the implementation of resolution 1540 (2004) (programme of work 8(a))."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.work.choices import AnnualReviewStatus
from core.builds import BackgroundBuild
from core.choices import Language
from core.permissions import restrict


def annual_review_upload_to(review: AnnualReview, filename: str) -> str:
    # A new name for every build: a half-written file is never the one a row points to.
    return f"annual-reviews/{review.year}/v{review.version}-{uuid.uuid4().hex}.pdf"


class AnnualReviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> AnnualReviewQuerySet:
        return restrict(self, user, "committee.see_annual_reviews")

    def in_progress(self) -> AnnualReviewQuerySet:
        return self.filter(status__in=[AnnualReviewStatus.QUEUED, AnnualReviewStatus.BUILDING])


class AnnualReview(BackgroundBuild, models.Model):
    """One build of the annual review the committee submits to the Security Council by the end
    of December (programme of work 8(a)): a PDF with the states' reporting status, the working
    groups' activity and the programme's progress, and an annex with one line per member state,
    from the data as it stood on the ``as_at`` date, in one of the six official languages, chosen
    when the build is asked for. Every build is kept, numbered by year."""

    PUBLIC_PAGES = "committee.see_annual_reviews"

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    as_at = models.DateField(_("data as at"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AnnualReviewStatus, default=AnnualReviewStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("current step"), max_length=120, blank=True)
    error = models.TextField(_("why the build failed"), blank=True)
    document = models.FileField(
        _("PDF"), upload_to=annual_review_upload_to, max_length=200, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the build scheduled on 1 December."),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Written while a build runs (and when it is queued again): a build whose worker was killed
    # stops beating and is shown as stalled, and may be restarted (core/builds.py).
    heartbeat_at = models.DateTimeField(_("last sign of the build"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["heartbeat_at"])
    objects = AnnualReviewQuerySet.as_manager()

    # The committee members read the review; who requested the build is a staff username
    # (core/visibility.py).
    FIELD_PERMISSIONS = {"requested_by": "committee.see_who_requested_review"}

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="one_review_per_version"),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="review_progress_is_a_percent",
            ),
            models.CheckConstraint(
                condition=~Q(status=AnnualReviewStatus.READY) | ~Q(document=""),
                name="ready_review_has_a_document",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Annual review %(year)s, version %(version)s (as at %(day)s)") % {
            "year": self.year,
            "version": self.version,
            "day": date_format(self.as_at, "DATE_FORMAT"),
        }

    def get_absolute_url(self) -> str:
        return reverse("committee:annual-review", kwargs={"pk": self.pk})

    @property
    def is_ready(self) -> bool:
        return self.status == AnnualReviewStatus.READY

    @property
    def is_running(self) -> bool:
        return self.status in (AnnualReviewStatus.QUEUED, AnnualReviewStatus.BUILDING)

    # The build (core/builds.py).
    restart_url_name = "committee:annual-review-restart"
    build_status_field = "status"
    build_queued = AnnualReviewStatus.QUEUED
    build_running = AnnualReviewStatus.BUILDING
    build_requested_field = "requested_at"
    build_heartbeat_field = "heartbeat_at"

    def build_task(self) -> tuple[str, tuple]:
        return "committee.tasks.build_annual_review", (self.pk,)

    def requeue_build(self, acting_user) -> list[str]:
        self.status = AnnualReviewStatus.QUEUED
        self.progress = 0
        self.stage = "Queued"
        # A sign of life: the queued build's clock starts again (never taken -> stalled).
        self.heartbeat_at = timezone.now()
        return ["status", "progress", "stage", "heartbeat_at"]

    def download_name(self) -> str:
        return f"1540-annual-review-{self.year}-v{self.version}.pdf"
