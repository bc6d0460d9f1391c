"""Serializers of the national reports and points of contact. Writes call the
services; nothing here decides a rule."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.choices import Language
from core.files import validate_document
from core.visibility import FieldPolicySerializerMixin
from states.api.serializers import StateField
from states.reports import services
from states.reports.models import NationalPointOfContact, NationalReport, ReportDocument


def _download_url(request, version: ReportDocument) -> str:
    # The API's own download, so that a client signed in with a token can follow it.
    path = reverse("report-document", kwargs={"pk": version.report_id})
    return request.build_absolute_uri(f"{path}?language={version.language}")


class ReportDocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReportDocument
        fields = ["language", "original", "url"]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_url(self, version: ReportDocument) -> str:
        return _download_url(self.context["request"], version)


class OriginalLanguageField(serializers.ChoiceField):
    """The language of the report's original document: given with the first document when the
    report is created, read from the original afterwards."""

    def get_attribute(self, report: NationalReport) -> str | None:
        original = report.original
        return original.language if original else None


class AddReportDocumentSerializer(serializers.Serializer):
    language = serializers.ChoiceField(
        choices=Language.choices,
        help_text=_("A language the report has no document in yet."),
    )
    document = serializers.FileField(
        validators=[validate_document],
        help_text=_("The report in that language: PDF, DOCX or DOC, checked by content."),
    )


class NationalReportSerializer(FieldPolicySerializerMixin, serializers.ModelSerializer):
    state = StateField()
    language = OriginalLanguageField(
        choices=Language.choices,
        help_text=_(
            "The language of the original document: the one sent with the report when it is "
            "created. Other languages are added with the documents action."
        ),
    )
    # The service checks the document again; checking it here too puts the refusal on the
    # ``document`` field, as the HTML form does, instead of a message about no field.
    document = serializers.FileField(
        write_only=True,
        validators=[validate_document],
        help_text=_(
            "The report itself, its original: PDF, DOCX or DOC, checked by content. On a "
            "change, it replaces the original's file."
        ),
    )
    document_url = serializers.SerializerMethodField(
        help_text=_("The download of the original document.")
    )
    documents = ReportDocumentSerializer(
        many=True,
        read_only=True,
        source="versions",
        help_text=_("The report in each language it has, the original first."),
    )
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
            "documents",
            "submitted_by",
            "published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "submitted_by", "published_at", "created_at", "updated_at"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_document_url(self, report: NationalReport) -> str | None:
        original = report.original
        return _download_url(self.context["request"], original) if original else None

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


class PublishReportSerializer(serializers.Serializer):
    symbol = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=60,
        help_text=_(
            "The UN symbol to publish the report under, S/AC.44/<year>/<n>: it must be the next "
            "of this year. Left out, the report gets the next one. A symbol already issued or "
            "out of sequence is refused (400) with the next one to use."
        ),
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
