"""Content kept in the six official languages (django-modeltranslation): each field below gets
one column per language (``question_fr``, ``question_zh_hans``...), and a missing translation
falls back to English.

These models' history (django-simple-history) is registered here, after their per-language
columns exist, so that the historical tables record every language: declaring
``HistoricalRecords()`` on the model itself would build the history before the columns are
added, and saving would fail."""

from __future__ import annotations

import simple_history
from modeltranslation.translator import TranslationOptions, register

from outreach.models import FAQ, CooperationPage, Event, Organization, SearchEntry


@register(FAQ)
class FAQTranslation(TranslationOptions):
    fields = ("question", "answer")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "place", "note")


@register(CooperationPage)
class CooperationPageTranslation(TranslationOptions):
    fields = ("title", "body")


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    # The official name in the six languages where United Nations usage gives one.
    fields = ("name",)


@register(SearchEntry)
class SearchEntryTranslation(TranslationOptions):
    # The title a result shows, in the reader's language where the source has one.
    fields = ("title",)


simple_history.register(Organization, app="outreach")
simple_history.register(FAQ, app="outreach")
simple_history.register(CooperationPage, app="outreach")
simple_history.register(Event, app="outreach", m2m_fields=["states", "organizations"])
