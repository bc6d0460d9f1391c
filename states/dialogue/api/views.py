"""REST endpoint of the dialogue with states (8(b)): ``/api/v1/dialogue/`` with each exchange's
follow-up actions nested (``/api/v1/dialogue/{id}/follow-ups/``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import CommitteeViewSet, RequestLanguageMixin
from states.dialogue import services
from states.dialogue.api.serializers import (
    DialogueFollowUpSerializer,
    DialogueSerializer,
    FollowUpDoneSerializer,
)
from states.dialogue.filtersets import DialogueFilterSet
from states.dialogue.models import Dialogue, DialogueFollowUp

VISIBILITY = (
    "The secretariat and the experts read and record every state's dialogue; a national point "
    "of contact reads their own state's; nobody else sees any. Filter by state (ISO3), kind and "
    "dates (`held_on_after`, `held_on_before`), or search with `q`."
)


@extend_schema_view(
    list=extend_schema(summary="The dialogue with states (8(b))", description=VISIBILITY),
    retrieve=extend_schema(summary="One exchange with a state, with its follow-up actions"),
    create=extend_schema(summary="Record an exchange with a state (secretariat, experts)"),
    update=extend_schema(summary="Correct an exchange (secretariat, experts)"),
    partial_update=extend_schema(summary="Correct some fields of an exchange"),
)
class DialogueViewSet(
    RequestLanguageMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CommitteeViewSet,
):
    queryset = Dialogue.objects.for_list().prefetch_related("follow_ups__owner")
    serializer_class = DialogueSerializer
    filterset_class = DialogueFilterSet
    permission_classes = [permissions.IsAuthenticated]
    ordering_fields = ["held_on", "created_at", "updated_at"]

    @extend_schema(
        methods=["GET"],
        summary="The follow-up actions of an exchange",
        responses={200: DialogueFollowUpSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a follow-up action to an exchange (secretariat, experts)",
        request=DialogueFollowUpSerializer,
        responses={201: DialogueFollowUpSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="follow-ups")
    def follow_ups(self, request, pk=None):
        dialogue = self.get_object()
        if request.method == "GET":
            rows = dialogue.follow_ups.select_related("owner")
            context = self.get_serializer_context()
            return Response(DialogueFollowUpSerializer(rows, many=True, context=context).data)
        serializer = DialogueFollowUpSerializer(
            data=request.data, context={**self.get_serializer_context(), "dialogue": dialogue}
        )
        serializer.is_valid(raise_exception=True)
        follow_up = serializer.save()
        return Response(
            DialogueFollowUpSerializer(follow_up, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Mark a follow-up action done (secretariat, experts)",
        request=FollowUpDoneSerializer,
        responses={
            200: DialogueFollowUpSerializer,
            400: OpenApiResponse(description="A date in the future or before the dialogue"),
            404: OpenApiResponse(description="No such action of this exchange"),
        },
    )
    @action(detail=True, methods=["post"], url_path=r"follow-ups/(?P<follow_up_id>[0-9]+)/done")
    def follow_up_done(self, request, pk=None, follow_up_id=None):
        dialogue = self.get_object()
        # Another exchange's action is "not found" here, whoever asks.
        follow_up = get_object_or_404(DialogueFollowUp, pk=follow_up_id, dialogue=dialogue)
        form = FollowUpDoneSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        follow_up = services.mark_follow_up_done(
            follow_up, acting_user=request.user, done_on=form.validated_data.get("done_on")
        )
        return Response(
            DialogueFollowUpSerializer(follow_up, context=self.get_serializer_context()).data
        )
