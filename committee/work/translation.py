"""The programme of work in the six official languages (django-modeltranslation): the programme's
``title`` and each item's ``text`` get one column per language (``text_fr``, ``text_zh_hans``...),
filled from the data file by ``load_programme``; a missing translation falls back to English.
So does the wording of the note verbale of the reporting reminders (8(b)), its ``subject`` and
``body``, which the secretariat edits language by language (the standard wording in the six is
committee/work/reminders.py's).

django-modeltranslation looks for ``committee.translation``, not this module: the committee app
imports it when it is ready (committee/apps.py), before its admin.

The history of these models (django-simple-history) is registered here, after their
per-language columns exist, so that the historical tables record every language (see
outreach/translation.py)."""

from __future__ import annotations

import simple_history
from modeltranslation.translator import TranslationOptions, register

from committee.work.models import (
    NoteVerbaleTemplate,
    ProgrammeOfWork,
    ReviewRecommendation,
    WorkItem,
)


@register(ProgrammeOfWork)
class ProgrammeOfWorkTranslation(TranslationOptions):
    fields = ("title",)


@register(WorkItem)
class WorkItemTranslation(TranslationOptions):
    fields = ("text",)


@register(NoteVerbaleTemplate)
class NoteVerbaleTemplateTranslation(TranslationOptions):
    fields = ("subject", "body")


@register(ReviewRecommendation)
class ReviewRecommendationTranslation(TranslationOptions):
    fields = ("title",)


simple_history.register(ProgrammeOfWork, app="committee")
simple_history.register(WorkItem, app="committee")
simple_history.register(NoteVerbaleTemplate, app="committee")
simple_history.register(ReviewRecommendation, app="committee", m2m_fields=["work_items"])
