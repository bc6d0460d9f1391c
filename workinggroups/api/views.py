"""REST endpoints of the working groups: the programme of work, the four groups, meetings and
their documents. Thin: the rules live in the services and permissions."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
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

from committee.work.models import WorkItem
from core.api import CommitteeViewSet, FileRenderer
from core.files import DOCUMENT_KINDS, serve_file
from core.parsers import JSONParser
from core.permissions import can
from workinggroups import services
from workinggroups.api.serializers import (
    AppointChairSerializer,
    CancelMeetingSerializer,
    MeetingDocumentSerializer,
    MeetingSerializer,
    OutcomeSerializer,
    ProgressUpdateSerializer,
    WorkingGroupSerializer,
    WorkItemSerializer,
)
from workinggroups.filtersets import MeetingDocumentFilterSet, MeetingFilterSet, WorkItemFilterSet
from workinggroups.models import Meeting, MeetingDocument, WorkingGroup


@extend_schema_view(
    list=extend_schema(
        summary="The programme of work: its items with status and progress",
        description="Public. Items of the current programme (paragraphs 8-12), filterable by "
        "area, lead working group, status and paragraph.",
    ),
    retrieve=extend_schema(summary="One item of the programme of work"),
)
class WorkItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CommitteeViewSet):
    queryset = WorkItem.objects.current().select_related("programme", "parent")
    serializer_class = WorkItemSerializer
    ordering_fields = ["paragraph", "position", "status", "target_date", "updated_at"]
    filterset_class = WorkItemFilterSet
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    @extend_schema(
        summary="Record progress on an item (secretariat and experts)",
        request=ProgressUpdateSerializer,
        responses={201: WorkItemSerializer},
    )
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        form = ProgressUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.record_progress(self.get_object(), acting_user=request.user, **form.validated_data)
        item = self.get_queryset().get(pk=pk)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="The four working groups and their chairs (public)"),
    retrieve=extend_schema(summary="One working group, by its number (1-4)"),
)
class WorkingGroupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CommitteeViewSet):
    queryset = WorkingGroup.objects.select_related("chair__state")
    serializer_class = WorkingGroupSerializer
    ordering_fields = ["number"]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    lookup_field = "number"
    lookup_value_regex = "[1-4]"

    @extend_schema(
        summary="Record the chair of a working group (secretariat)",
        request=AppointChairSerializer,
        responses={200: WorkingGroupSerializer},
    )
    @action(detail=True, methods=["post"])
    def chair(self, request, number=None):
        form = AppointChairSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        group = services.appoint_chair(
            self.get_object(), form.validated_data["member"], acting_user=request.user
        )
        return Response(self.get_serializer(group).data)


@extend_schema_view(
    list=extend_schema(
        summary="The meeting schedule",
        description="Working-group and Committee meetings, for the delegations, the secretariat "
        "and the experts (points of contact and the public see none).",
    ),
    retrieve=extend_schema(summary="One meeting"),
    create=extend_schema(summary="Schedule a meeting and announce it (secretariat)"),
    update=extend_schema(summary="Change a scheduled meeting (secretariat)"),
    partial_update=extend_schema(summary="Change some details of a scheduled meeting"),
)
class MeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CommitteeViewSet,
):
    queryset = Meeting.objects.select_related("working_group").annotate(
        document_count=Count("documents"),
        late_document_count=Count("documents", filter=Q(documents__late=True)),
    )
    # Given again: an aggregate query does not keep Meta.ordering.
    queryset = queryset.order_by("-starts_at", "-pk")
    serializer_class = MeetingSerializer
    ordering_fields = ["starts_at", "ends_at", "title", "status", "updated_at"]
    filterset_class = MeetingFilterSet
    permission_classes = [permissions.IsAuthenticated]

    def _fresh(self, meeting: Meeting):
        return self.get_serializer(self.get_queryset().get(pk=meeting.pk)).data

    def perform_create(self, serializer):
        serializer.instance = self.get_queryset().get(pk=serializer.save().pk)

    def perform_update(self, serializer):
        serializer.instance = self.get_queryset().get(pk=serializer.save().pk)

    @extend_schema(
        summary="Cancel a scheduled meeting (secretariat)",
        request=CancelMeetingSerializer,
        responses={200: MeetingSerializer, 409: OpenApiResponse(description="Not scheduled")},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        form = CancelMeetingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        meeting = services.cancel_meeting(
            self.get_object(), acting_user=request.user, **form.validated_data
        )
        return Response(self._fresh(meeting))

    @extend_schema(
        summary="Record the outcome of a meeting held (secretariat and experts)",
        request=OutcomeSerializer,
        responses={200: MeetingSerializer},
    )
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        form = OutcomeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        meeting = services.record_outcome(
            self.get_object(), acting_user=request.user, **form.validated_data
        )
        return Response(self._fresh(meeting))


MEETING_PK = OpenApiParameter("meeting_pk", int, OpenApiParameter.PATH, description="The meeting")


@extend_schema_view(
    list=extend_schema(
        summary="The documents circulated for a meeting",
        description="With the moment each was circulated and whether it was late.",
        parameters=[MEETING_PK],
    ),
    retrieve=extend_schema(summary="One meeting document", parameters=[MEETING_PK]),
    create=extend_schema(
        summary="Circulate a document to all delegations (secretariat; multipart upload)",
        parameters=[MEETING_PK],
    ),
)
class MeetingDocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CommitteeViewSet
):
    queryset = MeetingDocument.objects.select_related("circulated_by")
    serializer_class = MeetingDocumentSerializer
    ordering_fields = ["circulated_at", "symbol", "title", "language"]
    filterset_class = MeetingDocumentFilterSet
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(
                Meeting.objects.visible_to(self.request.user), pk=self.kwargs["meeting_pk"]
            )
        return self._meeting

    def get_queryset(self):
        return super().get_queryset().filter(meeting=self.get_meeting())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "meeting_pk" in self.kwargs:
            context["meeting"] = self.get_meeting()
        return context

    @extend_schema(
        summary="Download a meeting document (delegations, secretariat, experts)",
        parameters=[MEETING_PK],
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The document")
            for media_type in DOCUMENT_KINDS.values()
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[FileRenderer])
    def file(self, request, meeting_pk=None, pk=None):
        document = self.get_object()
        if not can(request.user, "workinggroups.read_meeting_document", document):
            raise Http404
        return serve_file(document.file, download_name=document.download_name())
