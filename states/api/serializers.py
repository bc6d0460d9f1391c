"""Serializers of the member states, and the state field the other apps' APIs use."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import IsoCodeField
from states.models import MemberState


class StateField(IsoCodeField):
    """A member state named by its ISO3 code, with a message that says what was wrong."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", MemberState.objects.all())
        super().__init__(**kwargs)


# The six names of a state, by the site's language codes.
NAMES_SCHEMA = {
    "type": "object",
    "description": "The UN short name in each of the six official languages (English where a "
    "translation is missing).",
    "properties": {
        language: {"type": "string"} for language in sorted(settings.MODELTRANSLATION_LANGUAGES)
    },
    "required": sorted(settings.MODELTRANSLATION_LANGUAGES),
    "example": {
        "ar": "الصين",
        "en": "China",
        "es": "China",
        "fr": "Chine",
        "ru": "Китай",
        "zh-hans": "中国",
    },
}


class MemberStateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(
        read_only=True,
        help_text="The UN short name in the language of the Accept-Language header (English "
        "by default).",
    )
    names = serializers.SerializerMethodField()
    formal_name = serializers.CharField(
        read_only=True,
        help_text='The formal name in the same language, as letters use it: "the Republic of '
        'Chad", "la République du Tchad".',
    )
    first_report_date = serializers.DateField(read_only=True, allow_null=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="state-detail", lookup_field="iso3", help_text="This state in the API."
    )
    display_url = serializers.SerializerMethodField()

    class Meta:
        model = MemberState
        fields = [
            "iso3",
            "iso2",
            "name",
            "names",
            "formal_name",
            "regional_group",
            "un_admission_date",
            "first_report_date",
            "url",
            "display_url",
        ]

    @extend_schema_field(NAMES_SCHEMA)
    def get_names(self, state: MemberState) -> dict[str, str]:
        return state.names()

    @extend_schema_field(serializers.URLField(help_text="This state's page on the website."))
    def get_display_url(self, state: MemberState) -> str:
        return self.context["request"].build_absolute_uri(state.get_absolute_url())
