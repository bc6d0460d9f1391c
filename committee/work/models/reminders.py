"""Reporting reminders (programme of work 8(b)): draft notes verbales to the states that have
not yet submitted a first report, from a template the secretariat edits, each in the state's
language of correspondence.

The template's subject and text are kept in the six official languages
(committee/work/translation.py, which also registers the template's history)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import Language
from core.permissions import restrict


class NoteVerbaleTemplate(models.Model):
    """The wording of the note verbale by which the committee reminds a state of its obligation
    to submit a first report and of the assistance available (8(b)), in each of the six official
    languages (``subject_fr``, ``body_zh_hans``...). The secretariat edits it; it is rendered per
    state, in the state's language of correspondence, with a fixed set of variables only (see
    committee.work.reminders)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Django template syntax with these variables only: {{ state }}, {{ iso3 }}, "
            "{{ date }}, {{ reference }}, {{ chair }}."
        ),
    )
    is_default = models.BooleanField(_("used by default"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("note verbale template")
        verbose_name_plural = _("note verbale templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_template"
            )
        ]

    def __str__(self) -> str:
        return self.name


def reminder_upload_to(reminder: ReportingReminder, filename: str) -> str:
    return f"reminders/{reminder.state.iso3}/{uuid.uuid4().hex}.pdf"


class ReportingReminderQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportingReminderQuerySet:
        return restrict(self, user, "committee.draft_reminders")


class ReportingReminder(models.Model):
    """A draft note verbale reminding one state that it has not yet submitted its first report
    under resolution 1540 (2004) and of the assistance available to it (8(b)), in the state's
    language of correspondence. The rendered text is kept with the PDF, so later edits of the
    template do not rewrite what was drafted."""

    state = models.ForeignKey(
        "states.MemberState",
        verbose_name=_("state"),
        on_delete=models.PROTECT,
        related_name="reporting_reminders",
    )
    template = models.ForeignKey(
        NoteVerbaleTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text as drafted"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    document = models.FileField(_("PDF"), upload_to=reminder_upload_to, max_length=200)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField(_("drafted at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ReportingReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-drafted_at"]
        verbose_name = _("reporting reminder")
        verbose_name_plural = _("reporting reminders")
        indexes = [models.Index(fields=["state", "-drafted_at"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.state}"

    def download_name(self) -> str:
        return f"note-verbale-{self.state.iso3}-{self.drafted_at:%Y-%m-%d}.pdf"
