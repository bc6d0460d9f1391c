"""Serializers of country visits and training courses (read-only: the pages move them along)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.permissions import rows_seen
from outreach.visits.models import (
    CountryVisit,
    CourseFollowUp,
    CourseMaterial,
    TrainingCourse,
    TrainingParticipant,
    VisitFollowUp,
)


class _FollowUpFields(serializers.ModelSerializer):
    owner = serializers.SerializerMethodField()

    def get_owner(self, action: Any) -> str:
        return action.owner.get_username() if action.owner else action.owner_name


class VisitFollowUpSerializer(_FollowUpFields):
    class Meta:
        model = VisitFollowUp
        fields = ["id", "text", "owner", "due_on", "done_on"]


class CourseFollowUpSerializer(_FollowUpFields):
    class Meta:
        model = CourseFollowUp
        fields = ["id", "text", "owner", "due_on", "done_on"]


class CountryVisitSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="event.title", read_only=True)
    event = serializers.IntegerField(source="event_id", read_only=True)
    state = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    start_date = serializers.DateField(source="event.start_date", read_only=True)
    end_date = serializers.DateField(source="event.end_date", read_only=True)
    place = serializers.CharField(source="event.place", read_only=True)
    experts = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    organizations = serializers.SlugRelatedField(slug_field="acronym", many=True, read_only=True)
    has_report = serializers.SerializerMethodField()
    follow_ups = VisitFollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = CountryVisit
        fields = [
            "id",
            "title",
            "event",
            "state",
            "status",
            "invitation_date",
            "invitation_reference",
            "start_date",
            "end_date",
            "place",
            "held_on",
            "experts",
            "organizations",
            "officials",
            "has_report",
            "report_issued_on",
            "follow_ups",
        ]

    def get_has_report(self, visit: CountryVisit) -> bool:
        return bool(visit.report)


class TrainingParticipantSerializer(serializers.ModelSerializer):
    state = serializers.SlugRelatedField(slug_field="iso3", read_only=True)

    class Meta:
        model = TrainingParticipant
        fields = ["id", "state", "name", "function", "is_poc"]


class CourseMaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseMaterial
        fields = ["id", "title", "created_at"]


class TrainingCourseSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="event.title", read_only=True)
    event = serializers.IntegerField(source="event_id", read_only=True)
    start_date = serializers.DateField(source="event.start_date", read_only=True)
    end_date = serializers.DateField(source="event.end_date", read_only=True)
    place = serializers.CharField(source="event.place", read_only=True)
    participants = serializers.SerializerMethodField()
    materials = CourseMaterialSerializer(many=True, read_only=True)
    follow_ups = CourseFollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = TrainingCourse
        fields = [
            "id",
            "title",
            "event",
            "format",
            "status",
            "start_date",
            "end_date",
            "place",
            "organizer",
            "summary",
            "held_on",
            "participants",
            "materials",
            "follow_ups",
        ]

    def get_participants(self, course: TrainingCourse) -> list[dict[str, Any]]:
        # A point of contact reads its own state's participants only: the rule's rows, tested on
        # the prefetched rows (no query).
        seen = rows_seen(self.context["request"].user, "outreach.read_training_participant")
        shown = [person for person in course.participants.all() if seen.allows(person)]
        return TrainingParticipantSerializer(shown, many=True).data
