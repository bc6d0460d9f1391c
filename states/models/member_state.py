"""The member states: what the reports, the matrices and the practices all hang on."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import no_bidi_override
from states.choices import RegionalGroup, ReportKind, ReportStatus

# A report counts towards the universal-reporting question (8(b)) from the day it is submitted;
# publication on the website follows, but the state has done its part by then.
COUNTS_AS_REPORTED = [ReportStatus.SUBMITTED, ReportStatus.PUBLISHED]


class MemberStateQuerySet(models.QuerySet):
    def with_first_report_date(self) -> MemberStateQuerySet:
        """Annotate each state with the submission date of its first report (None if none)."""
        # An aggregate query drops Meta.ordering, so the order is given again here.
        return self.annotate(
            first_report_date=Min(
                "reports__submitted_on",
                filter=Q(reports__kind=ReportKind.FIRST, reports__status__in=COUNTS_AS_REPORTED),
            )
        ).order_by("name")

    def _first_report_exists(self) -> Exists:
        # The reports' model through the relation: states/reports/models.py imports this one.
        reports = self.model._meta.get_field("reports").related_model
        return Exists(
            reports.objects.filter(
                state=OuterRef("pk"), kind=ReportKind.FIRST, status__in=COUNTS_AS_REPORTED
            )
        )

    def without_first_report(self) -> MemberStateQuerySet:
        """The states that have not yet submitted a first report (programme of work 8(b))."""
        return self.filter(~self._first_report_exists())

    def with_first_report(self) -> MemberStateQuerySet:
        return self.filter(self._first_report_exists())

    def first_reports_by_regional_group(self, *, as_at: date | None = None) -> list[dict]:
        """For each regional group, in the order of RegionalGroup (a group without states
        included, with zeros): its states in this queryset and how many of them had submitted a
        first report (by ``as_at`` if given). The one computation behind the home page, the
        dashboard's figure and the annual review's chapter (8(b)), so the three always agree."""
        reported = Q(reports__kind=ReportKind.FIRST, reports__status__in=COUNTS_AS_REPORTED)
        if as_at is not None:
            reported &= Q(reports__submitted_on__lte=as_at)
        counts = {
            row["regional_group"]: row
            for row in self.order_by()
            .values("regional_group")
            .annotate(
                total=Count("id", distinct=True),
                reported=Count("id", filter=reported, distinct=True),
            )
        }
        groups = []
        for value, label in RegionalGroup.choices:
            row = counts.get(value, {"total": 0, "reported": 0})
            groups.append(
                {
                    "value": value,
                    "label": label,
                    "total": row["total"],
                    "reported": row["reported"],
                    "not_reported": row["total"] - row["reported"],
                }
            )
        return groups


class MemberState(models.Model):
    """One of the 193 Members of the United Nations, each bound by resolution 1540 to report on
    the steps it has taken to keep weapons of mass destruction from non-State actors."""

    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2 code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[no_bidi_override])
    regional_group = models.CharField(
        _("UN regional group"), max_length=40, choices=RegionalGroup, db_index=True
    )
    un_admission_date = models.DateField(_("date of admission to the United Nations"))

    history = HistoricalRecords()
    objects = MemberStateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        constraints = [
            models.CheckConstraint(condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="iso3_upper"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("states:state-detail", kwargs={"iso3": self.iso3})
