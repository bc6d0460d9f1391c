"""REST endpoints of country visits and training courses: read-only, with the pages' rules
(outreach/visits/permissions.py); a row the reader may not read is not found."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions

from core.api import CommitteeViewSet
from outreach.visits.api.serializers import CountryVisitSerializer, TrainingCourseSerializer
from outreach.visits.filtersets import CountryVisitFilterSet, TrainingCourseFilterSet
from outreach.visits.models import (
    CountryVisit,
    CourseFollowUp,
    TrainingCourse,
    TrainingParticipant,
    VisitFollowUp,
)


@extend_schema_view(
    list=extend_schema(
        summary="List country visits (8(e), 10(f))",
        description="The secretariat and the experts read every visit; a state's point of "
        "contact reads the visits to its state; nobody else reads any (the public sees a "
        "visit's event on the calendar when it is public).",
    ),
    retrieve=extend_schema(summary="One country visit, with its participants and follow-up"),
)
class CountryVisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CommitteeViewSet):
    queryset = CountryVisit.objects.select_related("event", "state").prefetch_related(
        "experts",
        "organizations",
        Prefetch("follow_ups", VisitFollowUp.objects.select_related("owner")),
    )
    serializer_class = CountryVisitSerializer
    filterset_class = CountryVisitFilterSet
    ordering_fields = ["invitation_date", "id"]
    permission_classes = [permissions.IsAuthenticated]


@extend_schema_view(
    list=extend_schema(
        summary="List training courses for points of contact (8(c), 9(d))",
        description="The secretariat and the experts read every course with every participant; "
        "the point of contact of a state that had a participant reads the course with its own "
        "state's participants only.",
    ),
    retrieve=extend_schema(summary="One training course, with its participants and documents"),
)
class TrainingCourseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CommitteeViewSet):
    queryset = TrainingCourse.objects.select_related("event").prefetch_related(
        Prefetch("participants", TrainingParticipant.objects.select_related("state")),
        "materials",
        Prefetch("follow_ups", CourseFollowUp.objects.select_related("owner")),
    )
    serializer_class = TrainingCourseSerializer
    filterset_class = TrainingCourseFilterSet
    ordering_fields = ["id"]
    permission_classes = [permissions.IsAuthenticated]
