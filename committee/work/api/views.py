"""REST endpoints of the committee's own work: annual reviews (8(a)) and the dashboard figures
(12(h)). Thin: the rules live in the services and permissions."""

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
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from committee.work import dashboard
from committee.work.api.serializers import (
    AnnualReviewRequestSerializer,
    AnnualReviewSerializer,
    FigureSerializer,
    IssuedReviewDetailSerializer,
    IssuedReviewSerializer,
)
from committee.work.models import AnnualReview, ReviewChapter, WrittenReview
from core.api import CommitteeViewSet, FileRenderer
from core.exports import csv_text
from core.files import serve_file
from core.permissions import require


@extend_schema_view(
    list=extend_schema(
        summary="List the annual review builds (8(a))",
        description="Every build is kept, numbered by year. Secretariat, experts and committee "
        "members; others see none.",
    ),
    retrieve=extend_schema(summary="One annual review build, with its progress"),
)
class AnnualReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CommitteeViewSet):
    queryset = AnnualReview.objects.select_related("requested_by")
    serializer_class = AnnualReviewSerializer
    ordering_fields = ["year", "version", "requested_at", "finished_at"]
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Start a build of the annual review (secretariat)",
        description="Queues a new version of the review of ``year``, from the data as at "
        "``as_at``, in ``language`` (one of the six official languages: ar, zh, en, fr, ru, es; "
        "English by default); poll the returned build until ``status`` is ``ready``.",
        request=AnnualReviewRequestSerializer,
        responses={
            202: AnnualReviewSerializer,
            409: OpenApiResponse(description="A build of that year is still running"),
        },
    )
    def create(self, request):
        form = AnnualReviewRequestSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        form.is_valid(raise_exception=True)
        review = form.save()
        return Response(self.get_serializer(review).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Download the PDF of a finished build",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF")
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[FileRenderer])
    def document(self, request, pk=None):
        review = self.get_object()
        if not review.is_ready:
            raise Http404(_("This build has no PDF yet."))
        return serve_file(review.document, download_name=review.download_name())


@extend_schema_view(
    list=extend_schema(
        summary="List the annual reviews the Committee has issued (8(a))",
        description="Read-only, for everyone: the reviews as the Committee wrote, adopted and "
        "issued them, with their symbol and PDF. Drafts are not listed here.",
    ),
    retrieve=extend_schema(summary="One issued annual review, with its chapters' text"),
)
class IssuedReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CommitteeViewSet):
    queryset = WrittenReview.objects.issued().prefetch_related(
        Prefetch("chapters", queryset=ReviewChapter.objects.order_by("position", "pk"))
    )
    serializer_class = IssuedReviewSerializer
    ordering_fields = ["year", "issued_on"]
    permission_classes = [permissions.AllowAny]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return IssuedReviewDetailSerializer
        return IssuedReviewSerializer

    @extend_schema(
        summary="Download the PDF of an issued annual review",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF")
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[FileRenderer])
    def document(self, request, pk=None):
        review = self.get_object()
        if not review.has_pdf:
            raise Http404(_("This review has no PDF yet."))
        return serve_file(review.document, download_name=review.download_name())


class FigureCSVRenderer(BaseRenderer):
    """A figure as CSV (``?format=csv``): the header row, then one line per row."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # The shared writer neutralises formula-like cells (core/exports.py).
        rows: list = []
        if isinstance(data, dict) and "columns" in data:
            rows = [data["columns"], *data["rows"]]
        elif isinstance(data, list):
            # Every figure, one after the other: its title, its header row, its rows.
            for figure in data:
                rows += [[figure["title"]], figure["columns"], *figure["rows"], []]
        elif isinstance(data, dict):
            rows = [["detail"], [data.get("detail", "")]]
        return csv_text(rows).encode()


class DashboardViewSet(viewsets.ViewSet):
    """The quantitative measures of the dashboard (12(h)), each a table."""

    permission_classes = [permissions.IsAuthenticated]
    renderer_classes = [JSONRenderer, FigureCSVRenderer]
    lookup_field = "key"
    lookup_value_regex = "[a-z0-9-]+"

    def _check(self, request) -> None:
        require(request.user, "committee.see_dashboard")

    @extend_schema(
        summary="Every figure of the dashboard (12(h))",
        responses={200: FigureSerializer(many=True)},
    )
    def list(self, request):
        self._check(request)
        return Response([figure.as_dict() for figure in dashboard.all_figures()])

    @extend_schema(
        summary="One figure of the dashboard, as JSON or CSV (?format=csv)",
        parameters=[OpenApiParameter("key", str, OpenApiParameter.PATH, enum=[*dashboard.FIGURES])],
        responses={200: FigureSerializer, (200, "text/csv"): OpenApiTypes.STR},
    )
    def retrieve(self, request, key=None):
        self._check(request)
        figure = dashboard.figure(key)
        if figure is None:
            raise Http404(_("There is no figure “%(key)s”.") % {"key": key})
        return Response(figure.as_dict())
