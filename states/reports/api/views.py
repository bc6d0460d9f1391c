"""REST endpoints of national reports and points of contact: thin, the rules live in
services and permissions."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import CommitteeViewSet, FileRenderer, PublicListCacheMixin
from core.choices import Language
from core.files import DOCUMENT_KINDS, serve_file
from core.parsers import JSONParser
from core.permissions import can
from states.reports import services
from states.reports.api.serializers import (
    AddReportDocumentSerializer,
    NationalPointOfContactSerializer,
    NationalReportSerializer,
    PublishReportSerializer,
    ReportDocumentSerializer,
    SubmitReportSerializer,
)
from states.reports.filtersets import NationalPointOfContactFilterSet, NationalReportFilterSet
from states.reports.models import NationalPointOfContact, NationalReport


@extend_schema_view(
    list=extend_schema(
        summary="List national reports",
        description="The public sees published "
        "reports; a point of contact also sees their own state's drafts and "
        "submissions; the secretariat and experts see all. Each report lists its `documents`, "
        "one per language, the original first; `language` filters the reports that have a "
        "document in that language.",
    ),
    retrieve=extend_schema(summary="One national report"),
    create=extend_schema(summary="Start a report as a draft (multipart upload of the document)"),
    update=extend_schema(summary="Change a draft report"),
    partial_update=extend_schema(summary="Change some fields of a draft report"),
    destroy=extend_schema(summary="Delete a draft report (submitted reports are kept)"),
)
class NationalReportViewSet(
    PublicListCacheMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    CommitteeViewSet,
):
    queryset = NationalReport.objects.select_related("state", "submitted_by").with_documents()
    serializer_class = NationalReportSerializer
    ordering_fields = [
        "id",
        "submitted_on",
        "status",
        "kind",
        "published_at",
        "created_at",
        "updated_at",
    ]
    filterset_class = NationalReportFilterSet
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def perform_destroy(self, instance):
        services.discard_draft_report(instance, acting_user=self.request.user)

    @extend_schema(
        summary="Download one of the report's documents (PDF, DOCX or DOC)",
        description="The document in the language asked for, or the original; each entry of "
        "the report's `documents` links to its own.",
        parameters=[
            OpenApiParameter(
                "language",
                enum=Language.values,
                required=False,
                description="The document's language; the original when left out.",
            )
        ],
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The document")
            for media_type in DOCUMENT_KINDS.values()
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[FileRenderer])
    def document(self, request, pk=None):
        report = self.get_object()
        if not can(request.user, "states.read_report", report):
            raise Http404
        language = request.query_params.get("language")
        version = report.version_in(language) if language else report.original
        if version is None or not version.file:
            raise Http404
        return serve_file(version.file, download_name=version.download_name())

    @extend_schema(
        summary="Add the report in another language (multipart upload of the document)",
        description="One document per language. Before publication, by the state's point of "
        "contact, the secretariat or an expert; to a published report, by the secretariat.",
        request={"multipart/form-data": AddReportDocumentSerializer},
        responses={
            201: ReportDocumentSerializer,
            400: OpenApiResponse(
                description="Not a document accepted, or the report already has one in that "
                "language"
            ),
            403: OpenApiResponse(description="Not yours to add"),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="documents",
        parser_classes=[MultiPartParser, FormParser],
    )
    def add_document(self, request, pk=None):
        report = self.get_object()
        form = AddReportDocumentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        version = services.add_report_document(
            report, acting_user=request.user, **form.validated_data
        )
        return Response(
            ReportDocumentSerializer(version, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Submit a draft report to the committee",
        request=SubmitReportSerializer,
        responses={200: NationalReportSerializer, 409: OpenApiResponse(description="Not a draft")},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        form = SubmitReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        report = services.submit_report(
            self.get_object(), acting_user=request.user, **form.validated_data
        )
        return Response(self.get_serializer(report).data)

    @extend_schema(
        summary="Publish a submitted report under its UN symbol (secretariat)",
        description="The report is issued as a document of the Committee: `symbol`, when "
        "given, must be the next of the year (S/AC.44/<year>/<n>); left out, the next one is "
        "given. A report filed with the symbol it was already issued under keeps it.",
        request=PublishReportSerializer,
        responses={
            200: NationalReportSerializer,
            400: OpenApiResponse(
                description="A symbol in the wrong form, already issued or out of sequence"
            ),
            409: OpenApiResponse(description="Not submitted"),
        },
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        report = self.get_object()
        form = PublishReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        report = services.publish_report(report, acting_user=request.user, **form.validated_data)
        return Response(self.get_serializer(report).data)


@extend_schema_view(
    list=extend_schema(summary="List national points of contact (never public)"),
    retrieve=extend_schema(summary="One national point of contact"),
    create=extend_schema(summary="Register a point of contact (secretariat)"),
    update=extend_schema(summary="Correct a point of contact's details (secretariat)"),
    partial_update=extend_schema(summary="Correct some of a point of contact's details"),
)
class NationalPointOfContactViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CommitteeViewSet,
):
    queryset = NationalPointOfContact.objects.select_related("state")
    serializer_class = NationalPointOfContactSerializer
    ordering_fields = ["name", "since", "active"]
    filterset_class = NationalPointOfContactFilterSet
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Deactivate a point of contact (secretariat)",
        request=None,
        responses={200: NationalPointOfContactSerializer},
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        contact = services.deactivate_point_of_contact(self.get_object(), acting_user=request.user)
        return Response(self.get_serializer(contact).data)
