"""The areas of assistance in the six official languages (django-modeltranslation): ``name`` and
``description`` get one column per language (``name_fr``, ``name_zh_hans``...), filled from the
taxonomy (assistance/choices.py) by ``AssistanceArea.objects.ensure_taxonomy``; a missing
translation falls back to English.

The areas' history (django-simple-history) is registered here, after the per-language columns
exist, so that the historical table records every language (see outreach/translation.py)."""

from __future__ import annotations

import simple_history
from modeltranslation.translator import TranslationOptions, register

from assistance.models import AssistanceArea


@register(AssistanceArea)
class AssistanceAreaTranslation(TranslationOptions):
    fields = ("name", "description")
    # The plain ``name`` (English) stays unique; a translation column copying that would also be
    # unique in the history table, which keeps every version of a name.
    field_options = {"name": {"default": {"unique": False}}}


simple_history.register(AssistanceArea, app="assistance")
