"""Serializers of the working-groups API. Writes call the services; nothing here decides a
rule."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from committee.work.choices import WorkItemStatus
from committee.work.models import CommitteeMember, WorkItem
from core.choices import Language
from core.files import validate_document
from core.visibility import FieldPolicySerializerMixin
from workinggroups import services
from workinggroups.choices import MeetingTimeZone
from workinggroups.models import Meeting, MeetingDocument, WorkingGroup


class WorkItemSerializer(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="programme.number", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="paragraph", read_only=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="work-item-detail", help_text="This item of the programme in the API."
    )
    display_url = serializers.SerializerMethodField()

    class Meta:
        model = WorkItem
        fields = [
            "id",
            "programme",
            "paragraph",
            "parent",
            "area",
            "text_en",
            "text_zh",
            "lead_working_group",
            "lead_from_mandate",
            "status",
            "progress",
            "target_date",
            "updated_at",
            "url",
            "display_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(help_text="This item's page on the website."))
    def get_display_url(self, item: WorkItem) -> str:
        return self.context["request"].build_absolute_uri(item.get_absolute_url())


class ProgressUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=WorkItemStatus.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField()
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The meeting at which the progress was reported, if any."),
    )


class CommitteeMemberSerializer(serializers.ModelSerializer):
    state = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    state_name = serializers.CharField(source="state.name", read_only=True)

    class Meta:
        model = CommitteeMember
        fields = ["id", "state", "state_name", "role", "term_start", "term_end"]
        read_only_fields = fields


class WorkingGroupSerializer(serializers.ModelSerializer):
    chair = CommitteeMemberSerializer(read_only=True, allow_null=True)

    class Meta:
        model = WorkingGroup
        fields = ["number", "name", "mandate", "chair"]
        read_only_fields = fields


class AppointChairSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(
        queryset=CommitteeMember.objects.all(),
        help_text=_("The committee member (delegation) who chairs the group."),
        error_messages={
            "does_not_exist": _("There is no committee member with the id {pk_value}.")
        },
    )


class MeetingSerializer(serializers.ModelSerializer):
    working_group = serializers.SlugRelatedField(
        slug_field="number",
        queryset=WorkingGroup.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("1-4, for a working-group meeting only."),
        error_messages={"does_not_exist": _("There is no working group {value}: use 1 to 4.")},
    )
    time_zone = serializers.ChoiceField(
        choices=MeetingTimeZone.choices,
        required=False,
        help_text=_(
            "The time zone of the place (IANA name), in which the meeting's times are shown: "
            "America/New_York (the default), Europe/Zurich (Geneva) or Europe/Vienna. starts_at "
            "and ends_at are moments with their UTC offset, whatever the zone."
        ),
        error_messages={
            "invalid_choice": _(
                "Unknown time zone “{input}”: use America/New_York, Europe/Zurich (Geneva) or "
                "Europe/Vienna."
            )
        },
    )
    document_count = serializers.IntegerField(read_only=True)
    late_document_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "working_group",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "time_zone",
            "agenda",
            "status",
            "outcome",
            "feedback",
            "cancellation_reason",
            "document_count",
            "late_document_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "outcome",
            "feedback",
            "cancellation_reason",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"agenda": {"required": False}, "ends_at": {"required": False}}

    def create(self, validated_data):
        return services.schedule_meeting(acting_user=self.context["acting_user"], **validated_data)

    def update(self, instance, validated_data):
        for fixed in ("kind", "working_group"):
            if fixed in validated_data and validated_data[fixed] != getattr(instance, fixed):
                raise serializers.ValidationError(
                    {fixed: _("Schedule a new meeting instead of changing its kind or group.")}
                )
            validated_data.pop(fixed, None)
        return services.update_meeting(
            instance, acting_user=self.context["acting_user"], **validated_data
        )


class CancelMeetingSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    feedback = serializers.CharField(required=False, allow_blank=True)


class MeetingDocumentSerializer(FieldPolicySerializerMixin, serializers.ModelSerializer):
    file = serializers.FileField(
        write_only=True,
        validators=[validate_document],
        help_text=_("PDF, DOCX or DOC, checked by content and size."),
    )
    language = serializers.ChoiceField(choices=Language.choices, default=Language.ENGLISH)
    circulated_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    file_url = serializers.SerializerMethodField()
    issue_symbol = serializers.BooleanField(
        write_only=True,
        default=False,
        help_text=_(
            "Issue the document as the Committee's own, under the next UN symbol of the year "
            "(S/AC.44/<year>/<n>); a `symbol` given with it must be that next one."
        ),
    )

    class Meta:
        model = MeetingDocument
        fields = [
            "id",
            "meeting",
            "title",
            "symbol",
            "issue_symbol",
            "language",
            "file",
            "file_url",
            "circulated_at",
            "circulated_by",
            "late",
        ]
        read_only_fields = ["meeting", "circulated_at", "circulated_by", "late"]

    @extend_schema_field(serializers.URLField())
    def get_file_url(self, document: MeetingDocument) -> str:
        return self.context["request"].build_absolute_uri(
            reverse(
                "meeting-document-file",
                kwargs={"meeting_pk": document.meeting_id, "pk": document.pk},
            )
        )

    def create(self, validated_data):
        return services.circulate_document(
            self.context["meeting"], acting_user=self.context["acting_user"], **validated_data
        )
