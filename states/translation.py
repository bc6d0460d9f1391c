"""The member states' names in the six official languages (django-modeltranslation): ``name``
and ``formal_name`` get one column per language (``name_fr``, ``name_zh_hans``...), filled from
the reference data by ``load_states``; a missing translation falls back to English.

The states' history (django-simple-history) is registered here, after the per-language columns
exist, so that the historical table records every language (see outreach/translation.py)."""

from __future__ import annotations

import simple_history
from modeltranslation.translator import TranslationOptions, register

from states.models import MemberState


@register(MemberState)
class MemberStateTranslation(TranslationOptions):
    fields = ("name", "formal_name")


simple_history.register(MemberState, app="states")
