"""National reports and national points of contact."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import Language
from core.permissions import restrict
from core.validators import no_bidi_override
from states.choices import ReportKind, ReportStatus
from states.models.member_state import MemberState


class NationalReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> NationalReportQuerySet:
        return restrict(self, user, "states.read_report")

    def awaiting_publication(self) -> NationalReportQuerySet:
        return self.filter(status=ReportStatus.SUBMITTED)


def report_upload_to(report: NationalReport, filename: str) -> str:
    # Never the uploaded name: a random one, so a stored path reveals nothing and can't be guessed.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"reports/{report.state.iso3}/{uuid.uuid4().hex}.{extension}"


class NationalReport(models.Model):
    """A national report on the implementation of resolution 1540: the first report that every
    state owes under operative paragraph 4, or additional information (an addendum) later."""

    state = models.ForeignKey(
        MemberState, verbose_name=_("state"), on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ReportKind)
    title = models.CharField(_("title"), max_length=300, blank=True, validators=[no_bidi_override])
    submitted_on = models.DateField(_("date of submission"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language)
    document = models.FileField(_("document"), upload_to=report_upload_to, max_length=200)
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
    def file_extension(self) -> str:
        return self.document.name.rsplit(".", 1)[-1].lower() if self.document else ""

    def download_name(self) -> str:
        stamp = f"-{self.submitted_on:%Y-%m-%d}" if self.submitted_on else "-draft"
        return f"{self.state.iso3}-{self.kind}-report{stamp}.{self.file_extension}"


class NationalPointOfContactQuerySet(models.QuerySet):
    def visible_to(self, user) -> NationalPointOfContactQuerySet:
        return restrict(self, user, "states.read_point_of_contact")

    def active(self) -> NationalPointOfContactQuerySet:
        return self.filter(active=True)


class NationalPointOfContact(models.Model):
    """A person a state has designated as its national point of contact for resolution 1540
    (programme of work 8(c)). Contact details are private to the secretariat, the experts and
    the state itself."""

    state = models.ForeignKey(
        MemberState,
        verbose_name=_("state"),
        on_delete=models.PROTECT,
        related_name="points_of_contact",
    )
    name = models.CharField(_("name"), max_length=200, validators=[no_bidi_override])
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
        ordering = ["state__name", "-active", "name"]
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
