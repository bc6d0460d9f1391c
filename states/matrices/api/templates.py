"""REST endpoints of the matrix templates: the versions of the matrix's layout (public: the
structure of the matrix is public information) and, for the committee's staff, the conversion
of the existing matrices to the new format (programme of work 8(d)). Kept beside api/views.py,
which holds the matrices' own endpoints."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.api import CommitteeViewSet, RequestLanguageMixin
from core.permissions import require
from states.matrices import conversion
from states.matrices.api.serializers import (
    ConvertMatrixSerializer,
    MatrixConversionBatchSerializer,
    MatrixConversionSerializer,
    MatrixTemplateDetailSerializer,
    MatrixTemplateSerializer,
)
from states.matrices.models import MatrixConversion, MatrixField, MatrixSection, MatrixTemplate


def _worksheets() -> Prefetch:
    return Prefetch(
        "sections",
        queryset=MatrixSection.objects.annotate(field_count=Count("fields")).order_by("position"),
    )


@extend_schema_view(
    list=extend_schema(
        summary="List the versions of the matrix template",
        description="Public. Each version (the template in use before 2017, the 2017 format...) "
        "with the date it is in use from, whether new drafts are made on it, and its worksheets: "
        "their kind (adherence, measures, cooperation), columns and number of fields. Texts in "
        "the language of Accept-Language.",
    ),
    retrieve=extend_schema(
        summary="One version of the matrix template, with its fields",
        description="Public. The worksheets and every field in order: its stable code, "
        "worksheet, weapon type, column, row (the fields of one row share it), heading, "
        "measure and text.",
    ),
)
class MatrixTemplateViewSet(
    RequestLanguageMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, CommitteeViewSet
):
    queryset = MatrixTemplate.objects.prefetch_related(_worksheets()).order_by("in_use_from")
    serializer_class = MatrixTemplateSerializer
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9_-]+"
    ordering_fields = ["in_use_from", "code"]

    def get_queryset(self) -> QuerySet[MatrixTemplate]:
        queryset = super().get_queryset()
        if self.action == "retrieve":
            fields = MatrixField.objects.select_related("section").order_by("position")
            queryset = queryset.prefetch_related(Prefetch("fields", queryset=fields))
        return queryset

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "retrieve":
            return MatrixTemplateDetailSerializer
        return super().get_serializer_class()

    @extend_schema(
        summary="Convert a state's latest matrix to this version (experts, secretariat; 8(d))",
        description="Makes a draft on this template from the state's latest version, carrying "
        "every mapped entry with its mark and sources; answers with what was carried, the new "
        "fields left blank and the fields that no longer exist. 409 when the state has a version "
        "in progress; 400 when it is already in this format or has no matrix.",
        request=ConvertMatrixSerializer,
        responses={
            201: MatrixConversionSerializer,
            400: OpenApiResponse(description="Nothing to convert"),
            409: OpenApiResponse(description="A version in progress"),
        },
    )
    @action(detail=True, methods=["post"])
    def convert(self, request: Request, code: str | None = None) -> Response:
        template = self.get_object()
        # Who may ask is checked before what they ask for: a refusal says nothing of the input.
        require(request.user, conversion.CONVERT)
        form = ConvertMatrixSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        record = conversion.convert_matrix(
            form.validated_data["state"], to_template=template, acting_user=request.user
        )
        record = MatrixConversion.objects.select_related(
            "matrix__state", "from_template", "to_template", "converted_by"
        ).get(pk=record.pk)
        return Response(MatrixConversionSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Convert every state's latest matrix to this version in one job (experts, "
        "secretariat; 8(d))",
        description="Queues the job (202); its report lists the matrices converted and the "
        "states left as they were, with the reason (a version in progress).",
        request=None,
        responses={
            202: MatrixConversionBatchSerializer,
            409: OpenApiResponse(description="A conversion already under way"),
        },
    )
    @action(detail=True, methods=["post"], url_path="convert-all")
    def convert_all(self, request: Request, code: str | None = None) -> Response:
        template = self.get_object()
        batch = conversion.start_conversion_batch(to_template=template, acting_user=request.user)
        batch.refresh_from_db()
        return Response(
            MatrixConversionBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED
        )
