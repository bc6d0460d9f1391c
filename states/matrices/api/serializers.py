"""Serializers of the 1540 matrix API. Writes call the services; nothing here
decides a rule."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.choices import Language
from core.permissions import can
from core.visibility import FieldPolicySerializerMixin
from states.api.serializers import StateField
from states.matrices import services as matrix_services
from states.matrices.choices import CommentResponse
from states.matrices.models import (
    Matrix,
    MatrixComment,
    MatrixConversion,
    MatrixConversionBatch,
    MatrixEntry,
    MatrixField,
    MatrixSection,
    MatrixTemplate,
)


class MatrixFieldSerializer(serializers.ModelSerializer):
    template = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # Plain strings in the schema: the assistance API names the same choice sets, and two enum
    # components for one set of values make drf-spectacular warn.
    section = serializers.CharField(
        source="section.code",
        read_only=True,
        help_text=_("`OP1`, `OP2`, `OP3AB`, `OP3CD` or `OP6-8D`."),
    )
    weapon_type = serializers.CharField(
        read_only=True, help_text=_("`nuclear`, `chemical`, `biological`, `delivery`, or empty.")
    )
    column = serializers.CharField(
        read_only=True, help_text=_("`adherence`, `framework` or `enforcement`.")
    )

    class Meta:
        model = MatrixField
        fields = [
            "id",
            "code",
            "template",
            "section",
            "weapon_type",
            "column",
            "measure",
            "text",
            "position",
        ]


class MatrixSerializer(FieldPolicySerializerMixin, serializers.ModelSerializer):
    state = StateField(help_text=_("The state whose matrix this is (ISO3 code)."))
    template = serializers.SlugRelatedField(slug_field="code", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    sent_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    published_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    entries_url = serializers.SerializerMethodField()
    letter_url = serializers.SerializerMethodField()

    class Meta:
        model = Matrix
        fields = [
            "id",
            "state",
            "template",
            "version",
            "status",
            "based_on",
            "created_by",
            "created_at",
            "updated_at",
            "sent_at",
            "sent_by",
            "comments_returned_at",
            "approved_at",
            "approved_by",
            "published_at",
            "published_by",
            "letter_generated_at",
            "letter_language",
            "letter_reference",
            "letter_url",
            "entries_url",
        ]
        read_only_fields = [name for name in fields if name != "state"]
        # One open version per state is the service's rule, answered with a clear 409.
        validators = []

    @extend_schema_field(serializers.URLField())
    def get_entries_url(self, matrix: Matrix) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("matrix-entries", kwargs={"pk": matrix.pk})
        )

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_letter_url(self, matrix: Matrix) -> str | None:
        user = self.context["request"].user
        if not matrix.letter or not can(user, "states.read_matrix_letter", matrix):
            return None
        return self.context["request"].build_absolute_uri(
            reverse("matrix-letter", kwargs={"pk": matrix.pk})
        )

    def create(self, validated_data):
        return matrix_services.start_draft(
            validated_data["state"], acting_user=self.context["acting_user"]
        )


class MatrixEntrySerializer(FieldPolicySerializerMixin, serializers.ModelSerializer):
    field = serializers.CharField(source="field.code", read_only=True)
    section = serializers.CharField(source="field.section.code", read_only=True)
    weapon_type = serializers.CharField(source="field.weapon_type", read_only=True)
    column = serializers.CharField(source="field.column", read_only=True)
    text = serializers.CharField(source="field.text", read_only=True)
    mark = serializers.CharField(
        required=False, allow_blank=True, help_text=_("`X`, `?`, `NA` or empty.")
    )
    legal_reference = serializers.CharField(required=False, allow_blank=True)
    source = serializers.CharField(required=False, allow_blank=True)
    remarks = serializers.CharField(required=False, allow_blank=True)
    # The structured source, by id; the service checks that the report and the act are the
    # matrix's state's (another state's are refused with a message, nothing saved).
    source_report = serializers.IntegerField(
        source="source_report_id",
        required=False,
        allow_null=True,
        help_text=_("The id of the national report cited (one of the state's, in /reports/)."),
    )
    source_page = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("The page of that report.")
    )
    source_url = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text=_("An official address (https://...) where the information is published."),
    )
    legislation = serializers.IntegerField(
        source="legislation_id",
        required=False,
        allow_null=True,
        help_text=_("The id of the act cited (one of the state's, in /legislation/)."),
    )
    legislation_url = serializers.SerializerMethodField()
    revision = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_(
            "On a change: the revision you edited (or send it as the ETag in If-Match). If "
            "someone saved the entry since, the change is refused (409, or 412 with If-Match)."
        ),
    )
    updated_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = MatrixEntry
        fields = [
            "id",
            "field",
            "section",
            "weapon_type",
            "column",
            "text",
            "mark",
            "legal_reference",
            "source",
            "remarks",
            "source_report",
            "source_page",
            "source_url",
            "legislation",
            "legislation_url",
            "revision",
            "updated_by",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_legislation_url(self, entry: MatrixEntry) -> str | None:
        if not entry.legislation_id or "request" not in self.context:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("legislation-detail", kwargs={"pk": entry.legislation_id})
        )


class MatrixCommentSerializer(serializers.ModelSerializer):
    field = serializers.CharField(
        source="entry.field.code", help_text=_("The code of the field commented on.")
    )
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    responded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    kind = serializers.CharField(help_text=_("`accept` or `propose`"))
    proposed_mark = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = MatrixComment
        fields = [
            "id",
            "field",
            "kind",
            "text",
            "proposed_mark",
            "proposed_legal_reference",
            "proposed_source",
            "author",
            "created_at",
            "response",
            "response_text",
            "responded_by",
            "responded_at",
        ]
        read_only_fields = [
            "author",
            "created_at",
            "response",
            "response_text",
            "responded_by",
            "responded_at",
        ]
        extra_kwargs = {
            "text": {"required": False},
            "proposed_legal_reference": {"required": False},
            "proposed_source": {"required": False},
        }

    def create(self, validated_data):
        matrix = self.context["matrix"]
        code = validated_data.pop("entry")["field"]["code"]
        entry = MatrixEntry.objects.filter(matrix=matrix, field__code=code).first()
        if entry is None:
            raise serializers.ValidationError(
                {"field": _("This matrix has no field “%(code)s”.") % {"code": code}}
            )
        return matrix_services.comment_on_entry(
            matrix, entry, acting_user=self.context["acting_user"], **validated_data
        )


class CommentAnswerSerializer(serializers.Serializer):
    response = serializers.ChoiceField(
        choices=[
            (value, label)
            for value, label in CommentResponse.choices
            if value != CommentResponse.OPEN
        ]
    )
    text = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ApproveMatrixSerializer(serializers.Serializer):
    approved_on = serializers.DateField(
        required=False, help_text=_("The day the committee approved the matrix; today if left out.")
    )


class MatrixLetterSerializer(serializers.Serializer):
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text=_(
            "The language of the letter, one of the six official languages (ar, zh, en, fr, ru, "
            "es); the state's language of correspondence if left out."
        ),
        error_messages={
            "invalid_choice": _(
                "“{input}” is not one of the six official languages: choose ar, zh, en, fr, ru "
                "or es."
            )
        },
    )


class EntryValuesSerializer(serializers.Serializer):
    mark = serializers.CharField(allow_blank=True)
    legal_reference = serializers.CharField(allow_blank=True)
    source = serializers.CharField(allow_blank=True)
    remarks = serializers.CharField(allow_blank=True)
    source_report_id = serializers.IntegerField(allow_null=True, required=False)
    source_page = serializers.IntegerField(allow_null=True, required=False)
    source_url = serializers.CharField(allow_blank=True, required=False)
    legislation_id = serializers.IntegerField(allow_null=True, required=False)


class MatrixChangeSerializer(serializers.Serializer):
    code = serializers.CharField()
    section = serializers.CharField()
    text = serializers.CharField()
    changed = serializers.ListField(child=serializers.CharField())
    before = EntryValuesSerializer(allow_null=True)
    after = EntryValuesSerializer(allow_null=True)


class MatrixDiffSerializer(serializers.Serializer):
    matrix = serializers.IntegerField()
    against = serializers.IntegerField()
    count = serializers.IntegerField()
    changes = MatrixChangeSerializer(many=True)


class SectionFigureSerializer(serializers.Serializer):
    section = serializers.CharField()
    weapon_type = serializers.CharField()
    marked = serializers.IntegerField()


class GroupFigureSerializer(serializers.Serializer):
    regional_group = serializers.CharField()
    states = serializers.IntegerField()
    marked = serializers.IntegerField()
    average = serializers.FloatField()


class GroupSectionFigureSerializer(serializers.Serializer):
    regional_group = serializers.CharField()
    section = serializers.CharField()
    marked = serializers.IntegerField()
    average = serializers.FloatField()


class AtMostFigureSerializer(serializers.Serializer):
    n = serializers.IntegerField()
    states = serializers.IntegerField()


class YearFigureSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    states = serializers.IntegerField()
    average = serializers.FloatField()
    change = serializers.FloatField(allow_null=True)


class MatrixStatisticsSerializer(serializers.Serializer):
    states = serializers.IntegerField(help_text=_("States with an approved matrix."))
    fields = serializers.IntegerField(help_text=_("Fields in the current template."))
    marked = serializers.IntegerField(help_text=_("Fields marked X in all those matrices."))
    average = serializers.FloatField(help_text=_("Fields marked X per state, on average."))
    by_section = SectionFigureSerializer(many=True)
    by_regional_group = GroupFigureSerializer(many=True)
    by_regional_group_and_section = GroupSectionFigureSerializer(many=True)
    at_most = AtMostFigureSerializer(many=True)
    by_year = YearFigureSerializer(many=True)


# --- The workbook for offline work (states/matrices/spreadsheet.py) -----------------------------


class WorkbookUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("The workbook exported from this matrix (XLSX), with your changes.")
    )


class WorkbookValueChangeSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("`mark`, `legal_reference`, `source` or `remarks`."))
    label = serializers.CharField()
    old = serializers.CharField(allow_blank=True)
    new = serializers.CharField(allow_blank=True)


class WorkbookChangeSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    changed = WorkbookValueChangeSerializer(many=True)


class WorkbookPreviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The staged workbook: apply it with this id."))
    checksum = serializers.CharField(
        help_text=_("SHA-256 of the workbook previewed: send it back to apply these changes.")
    )
    file_name = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField()
    changes = WorkbookChangeSerializer(many=True)
    apply_url = serializers.URLField()


class WorkbookCellErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_blank=True)
    header = serializers.CharField(allow_blank=True)
    reason = serializers.CharField()


class WorkbookErrorsSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = WorkbookCellErrorSerializer(many=True)


class WorkbookApplySerializer(serializers.Serializer):
    checksum = serializers.CharField(
        max_length=64, help_text=_("The checksum the preview gave: the workbook you checked.")
    )


class WorkbookAppliedSerializer(serializers.Serializer):
    matrix = serializers.IntegerField()
    changed = serializers.IntegerField(help_text=_("Entries changed."))


# --- Template versions and the conversion to the new format (8(d)) ----------------------------


class WorksheetColumnSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=_("`yes`, `information`, `remarks`, or `framework` and `enforcement`.")
    )
    heading = serializers.CharField()


class MatrixWorksheetSerializer(serializers.ModelSerializer):
    # A plain string in the schema, as the other endpoints give section codes.
    code = serializers.CharField(
        read_only=True,
        help_text=_("`OP1`, `OP2`, `OP3AB`, `OP3CD` or `OP6-8D`."),
    )
    kind = serializers.CharField(
        read_only=True, help_text=_("`adherence`, `measures` or `cooperation`.")
    )
    columns = serializers.SerializerMethodField()
    field_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = MatrixSection
        fields = ["code", "title", "kind", "position", "columns", "field_count"]

    @extend_schema_field(WorksheetColumnSerializer(many=True))
    def get_columns(self, section: MatrixSection) -> list[dict[str, str]]:
        return [{"key": key, "heading": heading} for key, heading in section.columns]


class MatrixTemplateFieldSerializer(serializers.ModelSerializer):
    section = serializers.CharField(source="section.code", read_only=True)
    weapon_type = serializers.CharField(read_only=True)
    column = serializers.CharField(read_only=True)

    class Meta:
        model = MatrixField
        fields = [
            "code",
            "section",
            "weapon_type",
            "column",
            "row",
            "group",
            "measure",
            "text",
            "position",
        ]


class MatrixTemplateSerializer(serializers.ModelSerializer):
    worksheets = MatrixWorksheetSerializer(source="sections", many=True, read_only=True)
    field_count = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(
        view_name="matrix-template-detail", lookup_field="code"
    )

    class Meta:
        model = MatrixTemplate
        fields = ["code", "url", "title", "in_use_from", "is_current", "field_count", "worksheets"]

    def get_field_count(self, template: MatrixTemplate) -> int:
        return sum(section.field_count for section in template.sections.all())


class MatrixTemplateDetailSerializer(MatrixTemplateSerializer):
    fields = MatrixTemplateFieldSerializer(many=True, read_only=True)

    class Meta(MatrixTemplateSerializer.Meta):
        fields = [*MatrixTemplateSerializer.Meta.fields, "fields"]


class ConvertMatrixSerializer(serializers.Serializer):
    state = StateField(help_text=_("The state whose latest matrix is converted (ISO3 code)."))


class DroppedFieldSerializer(serializers.Serializer):
    code = serializers.CharField()
    mark = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)


class MatrixConversionSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="matrix.state.iso3", read_only=True)
    matrix = serializers.IntegerField(source="matrix_id", read_only=True)
    version = serializers.IntegerField(source="matrix.version", read_only=True)
    converted_from = serializers.IntegerField(source="converted_from_id", read_only=True)
    from_template = serializers.SlugRelatedField(slug_field="code", read_only=True)
    to_template = serializers.SlugRelatedField(slug_field="code", read_only=True)
    converted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    new_fields = serializers.ListField(child=serializers.CharField(), read_only=True)
    dropped_fields = DroppedFieldSerializer(many=True, read_only=True)

    class Meta:
        model = MatrixConversion
        fields = [
            "id",
            "state",
            "matrix",
            "version",
            "converted_from",
            "from_template",
            "to_template",
            "carried",
            "carried_marked",
            "new_fields",
            "dropped_fields",
            "converted_by",
            "converted_at",
            "batch",
        ]


class SkippedStateSerializer(serializers.Serializer):
    state = serializers.CharField()
    name = serializers.CharField()
    version = serializers.IntegerField()
    reason = serializers.CharField()


class MatrixConversionBatchSerializer(serializers.ModelSerializer):
    to_template = serializers.SlugRelatedField(slug_field="code", read_only=True)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    skipped = SkippedStateSerializer(many=True, read_only=True)

    class Meta:
        model = MatrixConversionBatch
        fields = [
            "id",
            "to_template",
            "status",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "converted",
            "skipped",
            "error",
        ]
