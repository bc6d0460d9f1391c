"""Serializers of effective practices (8(h)) and national action plans (8(i)). Writes call the
services; nothing here decides a rule."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.files import validate_document
from core.visibility import FieldPolicySerializerMixin
from states.api.serializers import StateField
from states.practices import services
from states.practices.models import EffectivePractice, NationalActionPlan

COMMON_FIELDS = [
    "id",
    "state",
    "title",
    "area",
    "summary",
    "language",
    "status",
    "submitted_by",
    "submitted_at",
    "published_at",
    "url",
    "display_url",
]


class SharedByStateSerializer(FieldPolicySerializerMixin, serializers.ModelSerializer):
    state = StateField(help_text=_("Your own state's ISO3 code."))
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    display_url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField(help_text="Its page on the website."))
    def get_display_url(self, item) -> str:
        return self.context["request"].build_absolute_uri(item.get_absolute_url())


class EffectivePracticeSerializer(SharedByStateSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="effective-practice-detail", help_text="This practice in the API."
    )

    class Meta:
        model = EffectivePractice
        fields = COMMON_FIELDS
        read_only_fields = ["status", "submitted_at", "published_at"]

    def create(self, validated_data):
        state = validated_data.pop("state")
        return services.submit_effective_practice(
            state, acting_user=self.context["acting_user"], **validated_data
        )


class NationalActionPlanSerializer(SharedByStateSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="action-plan-detail", help_text="This plan in the API."
    )
    document = serializers.FileField(
        write_only=True,
        required=False,
        validators=[validate_document],
        help_text=_("The plan itself, if there is a document: PDF, DOCX or DOC."),
    )
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = NationalActionPlan
        fields = [*COMMON_FIELDS, "period_start", "period_end", "document", "document_url"]
        read_only_fields = ["status", "submitted_at", "published_at"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_document_url(self, plan: NationalActionPlan) -> str | None:
        if not plan.document:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("action-plan-document", kwargs={"pk": plan.pk})
        )

    def create(self, validated_data):
        state = validated_data.pop("state")
        return services.submit_action_plan(
            state, acting_user=self.context["acting_user"], **validated_data
        )
