"""Who in the Group of Experts leads which states and which items of the programme (12(f))."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ExpertAssignmentQuerySet(models.QuerySet):
    def current(self, today=None) -> ExpertAssignmentQuerySet:
        """The assignments in force on ``today``: begun, and not ended."""
        today = today or timezone.localdate()
        return self.filter(Q(starts_on__lte=today), Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class ExpertAssignment(models.Model):
    """An expert of the Group of Experts put in charge of states (and, where it helps, within a
    working group) and of items of the programme of work, for a period: the division of the
    Group's work that paragraph 12(f) asks the Committee to keep (the experts' work plan). The
    experts in charge of a state are the ones told when its point of contact comments on its
    matrix (core/notifications.py's ``experts_for``)."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="expert_assignments",
    )
    states = models.ManyToManyField(
        "states.MemberState", verbose_name=_("states"), blank=True, related_name="+"
    )
    working_group = models.ForeignKey(
        "workinggroups.WorkingGroup",
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    work_items = models.ManyToManyField(
        "committee.WorkItem",
        verbose_name=_("items of the programme of work"),
        blank=True,
        related_name="expert_assignments",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[states, work_items])
    objects = ExpertAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["expert__username", "-starts_on", "pk"]
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="expert_assignment_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} ({self.starts_on:%Y-%m-%d})"
