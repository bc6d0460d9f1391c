"""Serializers of the committee's own API. Writes call the services; nothing here decides a
rule."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from committee.work import reviews
from committee.work.models import AnnualReview, ReviewChapter, WrittenReview
from core.choices import Language
from core.visibility import FieldPolicySerializerMixin


class AnnualReviewSerializer(FieldPolicySerializerMixin, serializers.ModelSerializer):
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = AnnualReview
        fields = [
            "id",
            "year",
            "version",
            "as_at",
            "language",
            "status",
            "progress",
            "stage",
            "error",
            "document_url",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_document_url(self, review: AnnualReview) -> str | None:
        if not review.is_ready:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("annual-review-document", kwargs={"pk": review.pk})
        )


class AnnualReviewRequestSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text=_("The year under review, e.g. 2018."))
    as_at = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("Only data up to the end of this day counts; default: end of year or today."),
    )
    language = serializers.ChoiceField(
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("The language of the review, one of the six official languages; default: en."),
        error_messages={
            "invalid_choice": _(
                "“{input}” is not one of the six official languages: choose ar, zh, en, fr, ru "
                "or es."
            )
        },
    )

    def create(self, validated_data) -> AnnualReview:
        return reviews.request_annual_review(
            validated_data["year"],
            as_at=validated_data.get("as_at"),
            language=validated_data["language"],
            acting_user=self.context["acting_user"],
        )


class FigureSerializer(serializers.Serializer):
    """One quantitative measure (12(h)): a table of columns and rows."""

    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text=_("One list per row, in the order of ``columns``; the first is the label."),
    )


class ReviewChapterSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewChapter
        fields = ["position", "title", "text"]
        read_only_fields = fields


class IssuedReviewSerializer(serializers.ModelSerializer):
    """An annual review as the Committee issued it (8(a)): its symbol, dates and PDF."""

    document_url = serializers.SerializerMethodField()

    class Meta:
        model = WrittenReview
        fields = [
            "id",
            "year",
            "language",
            "title",
            "status",
            "symbol",
            "as_at",
            "adopted_on",
            "issued_on",
            "document_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_document_url(self, review: WrittenReview) -> str | None:
        if not review.has_pdf:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("issued-review-document", kwargs={"pk": review.pk})
        )


class IssuedReviewDetailSerializer(IssuedReviewSerializer):
    """One issued review with its chapters' text (the figures are named by their markers)."""

    chapters = ReviewChapterSerializer(many=True, read_only=True)

    class Meta(IssuedReviewSerializer.Meta):
        fields = [*IssuedReviewSerializer.Meta.fields, "chapters"]
        read_only_fields = fields
