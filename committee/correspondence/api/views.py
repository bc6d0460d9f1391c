"""REST endpoints of the correspondence register: thin, the rules live in the services and
permissions."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from committee.correspondence import services
from committee.correspondence.api.serializers import (
    AcknowledgementSerializer,
    AddDocumentSerializer,
    CorrespondenceDocumentSerializer,
    CorrespondenceInputSerializer,
    CorrespondenceSerializer,
)
from committee.correspondence.filtersets import CorrespondenceFilterSet
from committee.correspondence.models import Correspondence
from core.api import CommitteeViewSet, FileRenderer
from core.files import DOCUMENT_KINDS, serve_file
from core.parsers import JSONParser
from core.permissions import require

STEP_RESPONSES = {
    200: CorrespondenceSerializer,
    403: OpenApiResponse(description="Not yours to take"),
    409: OpenApiResponse(description="The note's status does not allow this step"),
}


@extend_schema_view(
    list=extend_schema(
        summary="The correspondence register: notes verbales and letters, in and out",
        description="The secretariat and the experts read every note; a state's point of "
        "contact its own state's, both ways (an outgoing one once sent); the committee members "
        "what was circulated to them. Filters: state, direction, status, kind, year, "
        "circulated, paragraph, q. Also ?format=csv.",
    ),
    retrieve=extend_schema(summary="One note, with its documents and what it concerns"),
    create=extend_schema(
        summary="Register an incoming note or draft an outgoing one",
        description="Incoming (secretariat): the sender's ``reference`` and the ``date`` "
        "received, not later than today. Outgoing (experts, secretariat): a draft, without "
        "reference or date (given when sent). A reply names ``in_reply_to``, a note with the "
        "same state. ``links``: what it concerns, as kind and id. Multipart for ``document``.",
        request={
            "multipart/form-data": CorrespondenceInputSerializer,
            "application/json": CorrespondenceInputSerializer,
        },
        responses={201: CorrespondenceSerializer},
    ),
)
class CorrespondenceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CommitteeViewSet
):
    queryset = Correspondence.objects.select_related("state").prefetch_related("documents", "links")
    serializer_class = CorrespondenceSerializer
    filterset_class = CorrespondenceFilterSet
    ordering_fields = ["id", "date", "reference", "status", "created_at", "updated_at"]
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def list(self, request, *args, **kwargs):
        require(request.user, "committee.see_correspondence_register")
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        form = CorrespondenceInputSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        form.is_valid(raise_exception=True)
        item = form.save()
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    def _step(self, service, **arguments) -> Response:
        item = service(self.get_object(), acting_user=self.request.user, **arguments)
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(
        summary="Approve an outgoing draft (secretariat)", request=None, responses=STEP_RESPONSES
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(services.approve)

    @extend_schema(
        summary="Send an approved note (secretariat): it takes the next reference and today's date",
        request=None,
        responses=STEP_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        return self._step(services.send)

    @extend_schema(
        summary="Mark an incoming note registered (secretariat)",
        request=None,
        responses=STEP_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        return self._step(services.register)

    @extend_schema(
        summary="Circulate a note to the members (secretariat)",
        request=None,
        responses=STEP_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def circulate(self, request, pk=None):
        return self._step(services.circulate)

    @extend_schema(
        summary="Record the state's acknowledgement of a sent note (secretariat)",
        request=AcknowledgementSerializer,
        responses=STEP_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        form = AcknowledgementSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._step(services.record_acknowledgement, **form.validated_data)

    @extend_schema(
        summary="Add a language version of a note (multipart upload of the document)",
        request={"multipart/form-data": AddDocumentSerializer},
        responses={201: CorrespondenceDocumentSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="documents",
        url_name="add-document",
        parser_classes=[MultiPartParser, FormParser],
    )
    def add_document(self, request, pk=None):
        item = self.get_object()
        form = AddDocumentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        document = services.add_document(
            item,
            form.validated_data["document"],
            acting_user=request.user,
            language=form.validated_data["language"],
        )
        return Response(
            CorrespondenceDocumentSerializer(document).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Download a note's document in one language",
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The document")
            for media_type in DOCUMENT_KINDS.values()
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="documents/(?P<language>[a-z]{2})",
        url_name="document",
        renderer_classes=[FileRenderer],
    )
    def document(self, request, pk=None, language=None):
        item = self.get_object()
        document = item.documents.filter(language=language).first()
        if document is None or not document.file:
            raise Http404
        return serve_file(document.file, download_name=document.download_name())
