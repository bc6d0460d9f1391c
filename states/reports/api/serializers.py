"""Serializers of the national reports and points of contact. Writes call the
services; nothing here decides a rule."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.files import validate_document
from core.visibility import FieldPolicySerializerMixin
from states.api.serializers import StateField
from states.reports import services
from states.reports.models import NationalPointOfContact, NationalReport


class NationalReportSerializer(FieldPolicySerializerMixin, serializers.ModelSerializer):
    state = StateField()
    # The service checks the document again; checking it here too puts the refusal on the
    # ``document`` field, as the HTML form does, instead of a message about no field.
    document = serializers.FileField(
        write_only=True,
        validators=[validate_document],
        help_text=_("The report itself: PDF, DOCX or DOC, checked by content."),
    )
    document_url = serializers.SerializerMethodField()
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = NationalReport
        fields = [
            "id",
            "state",
            "kind",
            "title",
            "submitted_on",
            "language",
            "symbol",
            "status",
            "document",
            "document_url",
            "submitted_by",
            "published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "submitted_by", "published_at", "created_at", "updated_at"]

    @extend_schema_field(serializers.URLField())
    def get_document_url(self, report: NationalReport) -> str:
        # The API's own download, so that a client signed in with a token can follow it.
        return self.context["request"].build_absolute_uri(
            reverse("report-document", kwargs={"pk": report.pk})
        )

    def create(self, validated_data):
        return services.create_report(
            validated_data.pop("state"), acting_user=self.context["acting_user"], **validated_data
        )

    def update(self, instance, validated_data):
        if "state" in validated_data and validated_data["state"] != instance.state:
            raise serializers.ValidationError(
                {"state": _("A report cannot move to another state.")}
            )
        validated_data.pop("state", None)
        return services.update_draft_report(
            instance, acting_user=self.context["acting_user"], **validated_data
        )


class SubmitReportSerializer(serializers.Serializer):
    submitted_on = serializers.DateField(
        required=False, help_text=_("The date the report was received; today if left out.")
    )


class NationalPointOfContactSerializer(serializers.ModelSerializer):
    state = StateField()

    class Meta:
        model = NationalPointOfContact
        fields = [
            "id",
            "state",
            "name",
            "title",
            "agency",
            "email",
            "phone",
            "since",
            "active",
            "deactivated_on",
        ]
        read_only_fields = ["active", "deactivated_on"]

    def create(self, validated_data):
        return services.register_point_of_contact(
            validated_data.pop("state"), acting_user=self.context["acting_user"], **validated_data
        )

    def update(self, instance, validated_data):
        if "state" in validated_data and validated_data["state"] != instance.state:
            raise serializers.ValidationError(
                {"state": _("A point of contact cannot move to another state; register a new one.")}
            )
        validated_data.pop("state", None)
        return services.update_point_of_contact(
            instance, acting_user=self.context["acting_user"], **validated_data
        )
