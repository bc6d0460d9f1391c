"""The member states' names in the six official languages (django-modeltranslation): ``name``
and ``formal_name`` get one column per language (``name_fr``, ``name_zh_hans``...), filled from
the reference data by ``load_states``; a missing translation falls back to English. So do the
texts of the matrix templates (their titles, worksheet titles, and each field's measure, text
and heading), filled from the templates' data files by ``load_matrix_template``.

The states' history (django-simple-history) is registered here, after the per-language columns
exist, so that the historical table records every language (see outreach/translation.py)."""

from __future__ import annotations

import simple_history
from modeltranslation.translator import TranslationOptions, register

from states.matrices.models import MatrixField, MatrixSection, MatrixTemplate
from states.models import MemberState


@register(MemberState)
class MemberStateTranslation(TranslationOptions):
    fields = ("name", "formal_name")


@register(MatrixTemplate)
class MatrixTemplateTranslation(TranslationOptions):
    fields = ("title",)


@register(MatrixSection)
class MatrixSectionTranslation(TranslationOptions):
    fields = ("title",)


@register(MatrixField)
class MatrixFieldTranslation(TranslationOptions):
    fields = ("measure", "text", "group")


simple_history.register(MemberState, app="states")
simple_history.register(MatrixTemplate, app="states")
simple_history.register(MatrixSection, app="states")
simple_history.register(MatrixField, app="states")
