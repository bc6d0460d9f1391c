"""REST endpoints of the assistance app: thin, the rules live in services and permissions."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from assistance import services
from assistance.api.serializers import (
    AssistanceAreaSerializer,
    AssistanceOfferSerializer,
    AssistanceRequestSerializer,
    DigestBuildSerializer,
    FeedbackSerializer,
    FollowUpSerializer,
    MatchSerializer,
    MatchTransitionSerializer,
    NoteSerializer,
    QuarterlyDigestSerializer,
    RequestTransitionSerializer,
    SuggestionSerializer,
)
from assistance.filtersets import (
    AssistanceOfferFilterSet,
    AssistanceRequestFilterSet,
    MatchFilterSet,
    QuarterlyDigestFilterSet,
)
from assistance.models import (
    AssistanceArea,
    AssistanceOffer,
    AssistanceRequest,
    AssistanceRequestStatusChange,
    Match,
    MatchFollowUp,
    MatchStatusChange,
    QuarterlyDigest,
)
from assistance.suggestions import DEFAULT_LIMIT, MOST, suggest_offers
from core.api import (
    CommitteeViewSet,
    FileRenderer,
    PublicListCacheMixin,
    RequestLanguageMixin,
)
from core.files import serve_file
from core.permissions import require


@extend_schema_view(
    list=extend_schema(
        summary="List the areas of assistance",
        description="Public. The taxonomy of the 1540 assistance template, each area with the "
        "matrix sections it helps a state fill.",
    ),
    retrieve=extend_schema(summary="One area of assistance, by its code"),
)
class AssistanceAreaViewSet(
    # The names and descriptions in the language of the Accept-Language header.
    RequestLanguageMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CommitteeViewSet,
):
    queryset = AssistanceArea.objects.all()
    serializer_class = AssistanceAreaSerializer
    ordering_fields = ["code", "position"]
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"
    lookup_value_regex = "[a-z0-9-]+"


@extend_schema_view(
    list=extend_schema(
        summary="List assistance requests",
        description="The public sees the requests whose state consented to publication (the "
        "public assistance database); a point of contact also sees their own state's; the "
        "secretariat and experts see all. Filter by area, region, weapon type, status, whether "
        "matched or stale.",
    ),
    retrieve=extend_schema(summary="One assistance request, with its dated status history"),
    create=extend_schema(
        summary="Submit a request for assistance (a point of contact for their own state)"
    ),
    update=extend_schema(summary="Correct a request"),
    partial_update=extend_schema(summary="Correct some fields of a request"),
)
class AssistanceRequestViewSet(
    PublicListCacheMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CommitteeViewSet,
):
    queryset = AssistanceRequest.objects.select_related(
        "state", "requesting_organization"
    ).prefetch_related(
        "areas",
        "needs",
        "requesting_states",
        Prefetch(
            "status_changes",
            queryset=AssistanceRequestStatusChange.objects.select_related("changed_by"),
        ),
    )
    serializer_class = AssistanceRequestSerializer
    ordering_fields = [
        "id",
        "date_received",
        "status",
        "status_changed_at",
        "last_activity_at",
        "created_at",
        "updated_at",
    ]
    filterset_class = AssistanceRequestFilterSet

    @extend_schema(
        summary="Move a request on: acknowledged, circulated, matched, completed, withdrawn...",
        request=RequestTransitionSerializer,
        responses={
            200: AssistanceRequestSerializer,
            409: OpenApiResponse(description="A step the request's status does not allow"),
        },
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        form = RequestTransitionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        moved = services.move_request(
            self.get_object(),
            form.validated_data["to_status"],
            acting_user=request.user,
            reason=form.validated_data["reason"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=moved.pk)).data)

    @extend_schema(
        summary="Offers suggested for a request, ranked by an explained score (experts, staff)",
        parameters=[
            OpenApiParameter(
                "limit", int, description=f"How many (default {DEFAULT_LIMIT}, at most {MOST})"
            )
        ],
        responses={200: SuggestionSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def suggestions(self, request, pk=None):
        assistance_request = self.get_object()
        require(request.user, "assistance.see_suggestions", assistance_request)
        try:
            limit = int(request.query_params.get("limit", DEFAULT_LIMIT))
        except ValueError:
            limit = 0
        if not 1 <= limit <= MOST:
            raise ValidationError({"limit": [f"Give a whole number from 1 to {MOST}."]})
        suggestions = suggest_offers(assistance_request, limit=limit)
        return Response(SuggestionSerializer(suggestions, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="List assistance offers",
        description="The public sees public offers; the offering state's point of contact also "
        "sees its own; the secretariat and experts see all. ``matched``: a provider has agreed to "
        "answer a request with the offer.",
    ),
    retrieve=extend_schema(summary="One assistance offer"),
    create=extend_schema(
        summary="Record an offer from exactly one provider: a member state or an organisation"
    ),
    update=extend_schema(summary="Correct an offer"),
    partial_update=extend_schema(summary="Correct some fields of an offer"),
)
class AssistanceOfferViewSet(
    PublicListCacheMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CommitteeViewSet,
):
    queryset = AssistanceOffer.objects.select_related(
        "provider_state", "provider_organization"
    ).prefetch_related("areas", "states_served")
    serializer_class = AssistanceOfferSerializer
    ordering_fields = ["id", "title", "valid_until", "status", "created_at", "updated_at"]
    filterset_class = AssistanceOfferFilterSet

    def get_queryset(self):
        return super().get_queryset().with_matched(self.request.user)

    @extend_schema(
        summary="Withdraw an offer (it stays on record)",
        request=None,
        responses={200: AssistanceOfferSerializer, 409: OpenApiResponse(description="Withdrawn")},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        offer = services.withdraw_offer(self.get_object(), acting_user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=offer.pk)).data)


@extend_schema_view(
    list=extend_schema(
        summary="List matches between requests and offers",
        description="The secretariat and experts see all; a point of contact those of their "
        "state's requests and offers. Never public.",
    ),
    retrieve=extend_schema(summary="One match, with its status history and follow-up notes"),
    create=extend_schema(summary="Propose an offer for a request (experts, staff)"),
)
class MatchViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    CommitteeViewSet,
):
    queryset = Match.objects.select_related(
        "request__state", "offer__provider_state", "offer__provider_organization"
    ).prefetch_related(
        Prefetch("status_changes", queryset=MatchStatusChange.objects.select_related("changed_by")),
        Prefetch("follow_ups", queryset=MatchFollowUp.objects.select_related("written_by")),
    )
    serializer_class = MatchSerializer
    ordering_fields = ["id", "status", "status_changed_at", "created_at", "updated_at"]
    filterset_class = MatchFilterSet
    permission_classes = [permissions.IsAuthenticated]

    def _answer(self, match: Match) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=match.pk)).data)

    @extend_schema(
        summary="Move a match on: providers contacted, agreed, delivered, closed",
        request=MatchTransitionSerializer,
        responses={200: MatchSerializer, 409: OpenApiResponse(description="Step not allowed")},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        form = MatchTransitionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        match = services.move_match(
            self.get_object(),
            data["to_status"],
            acting_user=request.user,
            reason=data["reason"],
            delivered_on=data.get("delivered_on"),
        )
        return self._answer(match)

    @extend_schema(
        summary="Add a follow-up note to a match",
        request=NoteSerializer,
        responses={201: FollowUpSerializer},
    )
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request, pk=None):
        form = NoteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        note = services.add_follow_up(
            self.get_object(), acting_user=request.user, note=form.validated_data["note"]
        )
        return Response(FollowUpSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record the requesting state's feedback: was the need met?",
        request=FeedbackSerializer,
        responses={200: MatchSerializer, 409: OpenApiResponse(description="Not delivered yet")},
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        form = FeedbackSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        match = services.record_feedback(
            self.get_object(), acting_user=request.user, **form.validated_data
        )
        return self._answer(match)


@extend_schema_view(
    list=extend_schema(
        summary="List the quarterly assistance digests (9(h))",
        description="For committee members, experts and the secretariat.",
    ),
    retrieve=extend_schema(summary="One digest, with its figures and the progress of its build"),
)
class QuarterlyDigestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CommitteeViewSet):
    queryset = QuarterlyDigest.objects.all()
    serializer_class = QuarterlyDigestSerializer
    ordering_fields = ["year", "quarter", "built_at"]
    filterset_class = QuarterlyDigestFilterSet
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Build or rebuild the digest of a quarter (experts, staff); answers at once",
        description="The build runs on a Celery worker; poll the digest for `build_status` and "
        "`build_progress`. The previous version stays readable until the new one is complete. "
        "`language` is one of the six official languages (ar, zh, en, fr, ru, es; English by "
        "default); `language` of the digest names the content's, `build_language` the latest "
        "build's.",
        request=DigestBuildSerializer,
        responses={
            202: QuarterlyDigestSerializer,
            409: OpenApiResponse(description="Already being built"),
        },
    )
    def create(self, request):
        form = DigestBuildSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        digest = services.request_digest_build(
            form.validated_data["year"],
            form.validated_data["quarter"],
            language=form.validated_data["language"],
            acting_user=request.user,
        )
        digest.refresh_from_db()
        return Response(self.get_serializer(digest).data, status=status.HTTP_202_ACCEPTED)

    def _file(self, name: str):
        digest = self.get_object()
        field = digest.pdf_file if name == "pdf" else digest.html_file
        if not field:
            raise Http404(_("This digest has not been built yet."))
        return serve_file(
            field, download_name=f"assistance-digest-{digest.year}-Q{digest.quarter}.{name}"
        )

    @extend_schema(
        summary="Download the digest as PDF",
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"], renderer_classes=[FileRenderer])
    def pdf(self, request, pk=None):
        return self._file("pdf")

    @extend_schema(
        summary="Download the digest as HTML",
        responses={(200, "text/html"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"], renderer_classes=[FileRenderer])
    def html(self, request, pk=None):
        return self._file("html")
