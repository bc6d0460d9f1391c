"""Effective practices (programme of work 8(h)) and national action plans (8(i)) that states
share with the committee, and publish on its website through the secretariat."""

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
from states.models.member_state import MemberState, reader_order
from states.practices.choices import PracticeArea, SubmissionStatus


class SharedByStateQuerySet(models.QuerySet):
    def visible_to(self, user) -> SharedByStateQuerySet:
        return restrict(self, user, "states.read_shared_item")

    def published(self) -> SharedByStateQuerySet:
        return self.filter(status=SubmissionStatus.PUBLISHED)

    def awaiting_publication(self) -> SharedByStateQuerySet:
        return self.filter(status=SubmissionStatus.SUBMITTED)


class SharedByState(models.Model):
    """What effective practices and action plans have in common: a state shares them, its
    point of contact submits them, the secretariat publishes them."""

    state = models.ForeignKey(
        MemberState, verbose_name=_("state"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300, validators=[no_bidi_override])
    area = models.CharField(_("area"), max_length=30, choices=PracticeArea, db_index=True)
    summary = models.TextField(_("summary"), max_length=20000)
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus, default=SubmissionStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SharedByStateQuerySet.as_manager()

    # Published ones are public; who submitted it is a username, for the staff and the item's
    # own state only (core/visibility.py).
    FIELD_PERMISSIONS = {"submitted_by": "states.see_who_submitted_shared_item"}

    class Meta:
        abstract = True
        ordering = [reader_order("state__"), "-submitted_at"]

    def __str__(self) -> str:
        return f"{self.state} — {self.title}"

    @property
    def is_published(self) -> bool:
        return self.status == SubmissionStatus.PUBLISHED


class EffectivePractice(SharedByState):
    """An effective practice in implementing resolution 1540 that a state shares so that
    others can learn from it (programme of work 8(h): the committee compiles and publishes
    effective practices, with the states' consent). Submitted by the state's national point of
    contact, published on the website by the secretariat, listed by state and area."""

    history = HistoricalRecords()

    class Meta(SharedByState.Meta):
        verbose_name = _("effective practice")
        verbose_name_plural = _("effective practices")
        indexes = [models.Index(fields=["status", "state"], name="practice_status_state")]

    def get_absolute_url(self) -> str:
        return reverse("states:practice-detail", kwargs={"pk": self.pk})


def action_plan_upload_to(plan: NationalActionPlan, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"action-plans/{plan.state.iso3}/{uuid.uuid4().hex}.{extension}"


class NationalActionPlan(SharedByState):
    """A state's national implementation action plan for resolution 1540: the steps it means
    to take and over which years (programme of work 8(i): the committee encourages states to
    prepare such plans and shares them on request). Submitted by the state's point of contact
    with the plan's document when there is one, published by the secretariat."""

    period_start = models.PositiveSmallIntegerField(_("first year of the plan"))
    period_end = models.PositiveSmallIntegerField(_("last year of the plan"))
    document = models.FileField(
        _("document"), upload_to=action_plan_upload_to, max_length=200, blank=True
    )

    history = HistoricalRecords()

    class Meta(SharedByState.Meta):
        verbose_name = _("national action plan")
        verbose_name_plural = _("national action plans")
        indexes = [models.Index(fields=["status", "state"], name="action_plan_status_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="action_plan_period_in_order",
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("states:action-plan-detail", kwargs={"pk": self.pk})

    @property
    def file_extension(self) -> str:
        return self.document.name.rsplit(".", 1)[-1].lower() if self.document else ""

    def download_name(self) -> str:
        years = f"{self.period_start}-{self.period_end}"
        return f"{self.state.iso3}-action-plan-{years}.{self.file_extension}"
