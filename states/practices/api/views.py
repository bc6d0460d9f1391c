"""REST endpoints of effective practices (8(h)) and national action plans (8(i))."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import CommitteeViewSet, FileRenderer, PublicListCacheMixin
from core.files import DOCUMENT_KINDS, serve_file
from core.parsers import JSONParser
from states.practices import services
from states.practices.api.serializers import (
    EffectivePracticeSerializer,
    NationalActionPlanSerializer,
)
from states.practices.filtersets import EffectivePracticeFilterSet, NationalActionPlanFilterSet
from states.practices.models import EffectivePractice, NationalActionPlan

VISIBILITY = (
    "The public sees published ones; a point of contact also sees what their own state "
    "submitted; the secretariat and the experts see all. Filter by state and area."
)


class SharedByStateViewSet(
    PublicListCacheMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    CommitteeViewSet,
):
    publish_step = None
    withdraw_step = None

    def _step(self, step) -> Response:
        item = step(self.get_object(), acting_user=self.request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="List effective practices (8(h))", description=VISIBILITY),
    retrieve=extend_schema(summary="One effective practice"),
    create=extend_schema(
        summary="Submit an effective practice for your own state (national point of contact)"
    ),
    publish=extend_schema(
        summary="Publish a submitted effective practice (secretariat)",
        request=None,
        responses={
            200: EffectivePracticeSerializer,
            409: OpenApiResponse(description="Not submitted"),
        },
    ),
    withdraw=extend_schema(
        summary="Withdraw a submitted effective practice before publication",
        request=None,
        responses={
            200: EffectivePracticeSerializer,
            409: OpenApiResponse(description="Not submitted"),
        },
    ),
)
class EffectivePracticeViewSet(SharedByStateViewSet):
    queryset = EffectivePractice.objects.select_related("state", "submitted_by")
    serializer_class = EffectivePracticeSerializer
    ordering_fields = ["title", "area", "submitted_at", "published_at", "updated_at"]
    filterset_class = EffectivePracticeFilterSet

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._step(services.publish_effective_practice)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._step(services.withdraw_effective_practice)


@extend_schema_view(
    list=extend_schema(summary="List national action plans (8(i))", description=VISIBILITY),
    retrieve=extend_schema(summary="One national action plan"),
    create=extend_schema(
        summary="Submit your own state's national action plan (national point of contact; "
        "multipart with the document, or JSON without one)"
    ),
    publish=extend_schema(
        summary="Publish a submitted national action plan (secretariat)",
        request=None,
        responses={
            200: NationalActionPlanSerializer,
            409: OpenApiResponse(description="Not submitted"),
        },
    ),
    withdraw=extend_schema(
        summary="Withdraw a submitted national action plan before publication",
        request=None,
        responses={
            200: NationalActionPlanSerializer,
            409: OpenApiResponse(description="Not submitted"),
        },
    ),
)
class NationalActionPlanViewSet(SharedByStateViewSet):
    queryset = NationalActionPlan.objects.select_related("state", "submitted_by")
    serializer_class = NationalActionPlanSerializer
    ordering_fields = [
        "title",
        "area",
        "submitted_at",
        "published_at",
        "updated_at",
        "period_start",
        "period_end",
    ]
    filterset_class = NationalActionPlanFilterSet
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._step(services.publish_action_plan)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._step(services.withdraw_action_plan)

    @extend_schema(
        summary="Download the plan's document (PDF, DOCX or DOC)",
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The document")
            for media_type in DOCUMENT_KINDS.values()
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[FileRenderer])
    def document(self, request, pk=None):
        plan = self.get_object()
        if not plan.document:
            raise Http404
        return serve_file(plan.document, download_name=plan.download_name())
