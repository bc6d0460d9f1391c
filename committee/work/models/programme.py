"""The programme of work and its items (paragraphs 8 to 12), with their status and progress.

The programme's title and its items' texts are kept in the six official languages
(committee/work/translation.py), which also registers these models' history."""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from committee.work.choices import ProgrammeArea, WorkingGroupNumber, WorkItemStatus
from core.validators import no_bidi_override


class ProgrammeOfWork(models.Model):
    """One of the committee's yearly programmes of work, submitted to the Security Council
    under paragraph 2 of resolution 2325 (2016), e.g. the seventeenth (1 February 2018 to
    31 January 2019). Its paragraphs 8 to 12 are the work items the committee reports on."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300, validators=[no_bidi_override])
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    transmitted_on = models.DateField(_("transmitted to the Council on"), null=True, blank=True)
    symbol = models.CharField(_("UN document symbol"), max_length=60, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("programme of work")
        verbose_name_plural = _("programmes of work")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="programme_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


# A paragraph as an address: 8(b) -> 8b, 10(i)(ii) -> 10i-ii (parentheses do not belong in a
# URL path that people read and type).
PARAGRAPH_SLUG = re.compile(r"^(\d+)([a-z]+)(?:-([a-z]+))?$")


def paragraph_slug(paragraph: str) -> str:
    number, _, rest = paragraph.partition("(")
    if not rest:
        return number
    return number + "-".join(part.strip("()") for part in f"({rest}".split(")("))


def paragraph_of_slug(slug: str) -> str | None:
    """The paragraph an address names (``10i-ii`` -> ``10(i)(ii)``), or None."""
    found = PARAGRAPH_SLUG.match(slug)
    if not found:
        return None
    number, letter, sub = found.groups()
    return f"{number}({letter})" + (f"({sub})" if sub else "")


class WorkItemQuerySet(models.QuerySet):
    def current(self) -> WorkItemQuerySet:
        """Items of the latest programme."""
        latest = ProgrammeOfWork.objects.order_by("-number").values("pk")[:1]
        return self.filter(programme_id__in=latest)


class WorkItem(models.Model):
    """One lettered item of a programme of work (``8(b)``, or a sub-item such as
    ``10(i)(ii)``): what the committee undertook to do, in the six official languages (the
    Chinese text of the programme and its renderings), the working group that leads it, and where
    it stands. Progress is recorded against it at meetings (12(a): monthly informal meetings
    review it)."""

    programme = models.ForeignKey(
        ProgrammeOfWork,
        verbose_name=_("programme of work"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    paragraph = models.CharField(
        _("paragraph"), max_length=16, help_text=_("As the programme numbers it, e.g. 8(b).")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_items",
    )
    position = models.PositiveSmallIntegerField(_("position in the programme"))
    area = models.CharField(_("area"), max_length=1, choices=ProgrammeArea)
    text = models.TextField(_("text"))
    lead_working_group = models.PositiveSmallIntegerField(
        _("lead working group"), choices=WorkingGroupNumber, db_index=True
    )
    lead_from_mandate = models.BooleanField(
        _("lead inferred from the working groups' mandates"),
        default=False,
        help_text=_(
            "Paragraphs 8-11 fall under the heading of a working group; paragraph 12 names "
            "none, so its lead follows the group's mandate."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=WorkItemStatus, default=WorkItemStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, help_text=_("0 to 100.")
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WorkItemQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "position"]
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "paragraph"], name="one_item_per_paragraph"
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="progress_is_a_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph} {self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("workinggroups:work-item", kwargs={"pk": self.pk})

    @property
    def slug(self) -> str:
        """The paragraph as the programme's addresses write it: ``8b``, ``10i-ii``."""
        return paragraph_slug(self.paragraph)

    @property
    def summary(self) -> str:
        """The beginning of the text in the reader's language, for lists."""
        return self.beginning(14)

    def beginning(self, words: int) -> str:
        """The first ``words`` words of the text in the reader's language (with "…" when there
        is more), or as many characters as about that many words in Chinese, which does not
        separate its words with spaces."""
        if (get_language() or "").startswith("zh"):
            return Truncator(self.text).chars(3 * words)
        return Truncator(self.text).words(words)

    @property
    def text_zh(self) -> str:
        """The Chinese text (the ``text_zh`` of the API, from before the texts were kept in six
        languages)."""
        return self.text_zh_hans or ""
