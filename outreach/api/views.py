"""REST endpoints of the outreach app: thin, the rules live in services and permissions."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.api import CommitteeViewSet, PublicListCacheMixin, RequestLanguageMixin
from core.choices import Language
from core.pagination import Pagination
from outreach import search, services
from outreach.api.serializers import (
    EventSerializer,
    EventStatusSerializer,
    FacetCountsSerializer,
    FAQSerializer,
    FormerExpertSerializer,
    OrganizationContactSerializer,
    OrganizationSerializer,
    PublishedSerializer,
    SearchResponseSerializer,
    SearchResultSerializer,
)
from outreach.choices import SearchKind
from outreach.filtersets import (
    EventFilterSet,
    FAQFilterSet,
    FormerExpertFilterSet,
    OrganizationContactFilterSet,
    OrganizationFilterSet,
)
from outreach.models import (
    FAQ,
    Event,
    FormerExpert,
    Organization,
    OrganizationContact,
    SearchEntry,
)


@extend_schema_view(
    list=extend_schema(
        summary="List international, regional and subregional organisations",
        description="Public. Filter by kind, by whether the organisation offers assistance, "
        "by whether it is active, or search by name or acronym.",
    ),
    retrieve=extend_schema(summary="One organisation"),
)
class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CommitteeViewSet):
    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    ordering_fields = ["name", "acronym", "kind"]
    filterset_class = OrganizationFilterSet
    permission_classes = [permissions.AllowAny]


@extend_schema_view(
    list=extend_schema(
        summary="List the organisations' points of contact (secretariat and experts; private)"
    ),
    retrieve=extend_schema(summary="One point of contact of an organisation"),
    create=extend_schema(summary="Record a point of contact of an organisation (secretariat)"),
)
class OrganizationContactViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CommitteeViewSet
):
    queryset = OrganizationContact.objects.select_related("organization")
    serializer_class = OrganizationContactSerializer
    ordering_fields = ["name", "id"]
    filterset_class = OrganizationContactFilterSet
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Mark a contact as no longer serving (secretariat); the record is kept",
        request=None,
        responses={200: OrganizationContactSerializer},
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        contact = services.deactivate_organization_contact(
            self.get_object(), acting_user=request.user
        )
        return Response(self.get_serializer(contact).data)


@extend_schema_view(
    list=extend_schema(
        summary="List events: workshops, visits, training courses, outreach",
        description="The public sees public events that are confirmed or held; the secretariat, "
        "the experts and committee members see the whole calendar. Text fields are in the "
        "language of Accept-Language, falling back to English.",
    ),
    retrieve=extend_schema(summary="One event"),
    create=extend_schema(summary="Put an event on the calendar (secretariat)"),
    update=extend_schema(summary="Change an event (secretariat)"),
    partial_update=extend_schema(summary="Change some of an event's details (secretariat)"),
)
class EventViewSet(
    RequestLanguageMixin,
    PublicListCacheMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CommitteeViewSet,
):
    queryset = Event.objects.prefetch_related("states", "organizations").order_by(
        "-start_date", "-pk"
    )
    serializer_class = EventSerializer
    ordering_fields = ["start_date", "end_date", "title", "updated_at"]
    filterset_class = EventFilterSet

    @extend_schema(
        summary="Confirm, record as held (with a note), cancel or re-plan an event (secretariat)",
        request=EventStatusSerializer,
        responses={200: EventSerializer, 409: OpenApiResponse(description="Step not allowed")},
    )
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        form = EventStatusSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        event = services.set_event_status(
            self.get_object(), acting_user=request.user, **form.validated_data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=event.pk)).data)


@extend_schema_view(
    list=extend_schema(
        summary="List the frequently asked questions",
        description="Public: the published ones, in the language of Accept-Language (English "
        "where no translation exists). The secretariat also sees unpublished ones.",
    ),
    retrieve=extend_schema(summary="One frequently asked question"),
    create=extend_schema(summary="Write a frequently asked question (secretariat)"),
    update=extend_schema(summary="Change a frequently asked question (secretariat)"),
    partial_update=extend_schema(summary="Change part of a frequently asked question"),
)
class FAQViewSet(
    RequestLanguageMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CommitteeViewSet,
):
    queryset = FAQ.objects.all()
    serializer_class = FAQSerializer
    ordering_fields = ["position", "updated_at"]
    filterset_class = FAQFilterSet

    @extend_schema(
        summary="Publish a question on the website, or take it off (secretariat)",
        request=PublishedSerializer,
        responses={200: FAQSerializer},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        form = PublishedSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        faq = services.set_faq_published(
            self.get_object(), form.validated_data["published"], acting_user=request.user
        )
        return Response(self.get_serializer(faq).data)


@extend_schema_view(
    list=extend_schema(summary="The roster of former experts (secretariat only)"),
    retrieve=extend_schema(summary="One former expert on the roster (secretariat only)"),
    create=extend_schema(summary="Add a former expert to the roster (secretariat)"),
    update=extend_schema(summary="Change a roster entry (secretariat)"),
    partial_update=extend_schema(summary="Change part of a roster entry (secretariat)"),
)
class FormerExpertViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CommitteeViewSet,
):
    queryset = FormerExpert.objects.all()
    serializer_class = FormerExpertSerializer
    ordering_fields = ["name", "served_from", "served_until"]
    filterset_class = FormerExpertFilterSet
    permission_classes = [permissions.IsAuthenticated]


class SearchView(RequestLanguageMixin, GenericAPIView):
    """Full-text search of the website."""

    permission_classes = [permissions.AllowAny]
    serializer_class = SearchResultSerializer
    queryset = SearchEntry.objects.none()  # for the schema: results are built by outreach.search
    pagination_class = Pagination

    @extend_schema(
        summary="Search the website: published reports (with their documents' text), "
        "published matrices, member states, public assistance requests and offers, FAQ, events, "
        "effective practices, action plans and cooperation pages",
        description="Ranked results with a snippet around the words found, in every language: "
        "each text is matched with its own language's stemming (Chinese by substring), and the "
        "results in the reader's language (Accept-Language) come first. A record written in "
        "several languages is listed once. Only what is published is searched, whoever asks. "
        "Narrow by `kind`, `state` (ISO3), `year` and `language` (one value each); `facets` "
        "gives the count of results of each value of each facet, a facet's counts being those "
        "of the search narrowed by the other facets.",
        parameters=[
            OpenApiParameter(
                "q",
                str,
                required=True,
                description="Words or a quoted phrase (at most 200 characters, no control "
                "characters)",
            ),
            OpenApiParameter("kind", str, enum=SearchKind.values),
            OpenApiParameter("state", str, description="A member state's ISO3 code"),
            OpenApiParameter("year", int, description="The year of the record (four digits)"),
            OpenApiParameter(
                "language", str, enum=Language.values, description="The language of the text"
            ),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: SearchResponseSerializer},
    )
    def get(self, request):
        raw = request.query_params.get("q", "")
        facets, errors = search.parse_facets(request.query_params)
        problem = search.query_problem(raw)
        if problem:
            errors = {**errors, "q": problem}
        if errors:
            raise ValidationError({name: [message] for name, message in errors.items()})
        text = search.clean_query(raw)
        page = self.paginate_queryset(search.search(text, user=request.user, facets=facets))
        data = SearchResultSerializer(search.results(page, text), many=True).data
        response = self.get_paginated_response(data)
        counts = search.facet_counts(text, facets, user=request.user)
        response.data["facets"] = FacetCountsSerializer(counts).data
        return response
