"""Serializers of the national legislation register. Read-only: the register is kept on its
pages (states/legislation/views.py), through the services."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.visibility import FieldPolicySerializerMixin
from states.legislation.models import NationalLegislation


class NationalLegislationSerializer(FieldPolicySerializerMixin, serializers.ModelSerializer):
    state = serializers.SlugRelatedField(
        slug_field="iso3",
        read_only=True,
        label=_("ISO3 code"),
        help_text="The state's ISO3 code.",
    )
    state_name = serializers.CharField(
        source="state.name",
        read_only=True,
        label=_("State"),
        help_text="In the language of the request.",
    )
    covers = serializers.SerializerMethodField()
    weapon_types = serializers.SerializerMethodField()
    language_name = serializers.CharField(read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    document_url = serializers.SerializerMethodField()
    display_url = serializers.SerializerMethodField()

    class Meta:
        model = NationalLegislation
        fields = [
            "id",
            "state",
            "state_name",
            "title",
            "year",
            "articles",
            "language",
            "language_name",
            "covers",
            "weapon_types",
            "official_url",
            "document_url",
            "notes",
            "created_by",
            "created_at",
            "updated_at",
            "display_url",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ListField(
            child=serializers.CharField(),
            help_text="What the act covers: brokering, transit, export_controls, penalties...",
        )
    )
    def get_covers(self, act: NationalLegislation) -> list[str]:
        return act.topic_values()

    @extend_schema_field(
        serializers.ListField(
            child=serializers.CharField(),
            help_text="nuclear, chemical, biological, delivery.",
        )
    )
    def get_weapon_types(self, act: NationalLegislation) -> list[str]:
        return act.weapon_type_values()

    @extend_schema_field(serializers.URLField(allow_null=True, help_text="The act's text."))
    def get_document_url(self, act: NationalLegislation) -> str | None:
        if not act.document:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("states:legislation-document", kwargs={"pk": act.pk})
        )

    @extend_schema_field(serializers.URLField(help_text="Its page in the register."))
    def get_display_url(self, act: NationalLegislation) -> str:
        return self.context["request"].build_absolute_uri(act.get_absolute_url())
