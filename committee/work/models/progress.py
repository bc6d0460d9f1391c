"""The secretariat's word on where an item of the programme of work stands, beside the status
that follows from the records of the work (committee/work/progress.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.work.choices import WorkItemStatus


class ProgressAssessment(models.Model):
    """The secretariat's note on one work item and, where the records of the work do not tell
    the whole story (a task done outside the system, an item the Committee decided to close),
    the status it sets instead of the derived one, with the reason. The item's page shows it as
    "set by X on D: reason"; an empty status returns the item to the derived one. One row per
    item, its history keeps every earlier word."""

    work_item = models.OneToOneField(
        "committee.WorkItem",
        verbose_name=_("work item"),
        on_delete=models.CASCADE,
        related_name="assessment",
    )
    status = models.CharField(
        _("status set by the secretariat"),
        max_length=12,
        choices=WorkItemStatus,
        blank=True,
        help_text=_("Leave empty to follow the records of the work."),
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    note = models.TextField(_("secretariat's note"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress assessment")
        verbose_name_plural = _("progress assessments")
        constraints = [
            # An override always says why.
            models.CheckConstraint(
                condition=models.Q(status="") | ~models.Q(reason=""),
                name="progress_override_has_a_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_item_id}: {self.get_status_display() or '—'}"

    @property
    def overrides(self) -> bool:
        return bool(self.status)
