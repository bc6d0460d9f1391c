"""Serializers of the dialogue with states (8(b)) and its follow-up actions. Writes call the
services; nothing here decides a rule."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import User
from core.visibility import FieldPolicySerializerMixin
from states.api.serializers import StateField
from states.dialogue import services
from states.dialogue.choices import DialogueKind
from states.dialogue.models import Dialogue, DialogueFollowUp

DATE_ERRORS = {"invalid": _("Give a date, such as 2026-09-24.")}


class PersonField(serializers.SlugRelatedField):
    """A person by username. Every active user is looked up; the service refuses those who do
    not act for the Committee, with a message that says so."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", User.objects.filter(is_active=True))
        kwargs.setdefault("slug_field", "username")
        super().__init__(**kwargs)


class DialogueFollowUpSerializer(FieldPolicySerializerMixin, serializers.ModelSerializer):
    owner = PersonField(
        required=False,
        allow_null=True,
        help_text="The username of the member of the secretariat or expert who owns it.",
    )
    due_on = serializers.DateField(required=False, allow_null=True, error_messages=DATE_ERRORS)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = DialogueFollowUp
        fields = [
            "id",
            "dialogue",
            "text",
            "owner",
            "owner_name",
            "due_on",
            "done_on",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["dialogue", "done_on", "created_at", "updated_at"]

    def create(self, validated_data):
        return services.add_follow_up(
            self.context["dialogue"], acting_user=self.context["acting_user"], **validated_data
        )


class FollowUpDoneSerializer(serializers.Serializer):
    done_on = serializers.DateField(
        required=False,
        help_text="The day it was done; today when left out.",
        error_messages=DATE_ERRORS,
    )


class DialogueSerializer(FieldPolicySerializerMixin, serializers.ModelSerializer):
    state = StateField(help_text=_("The state's ISO3 code."))
    kind = serializers.ChoiceField(choices=DialogueKind.choices)
    held_on = serializers.DateField(error_messages=DATE_ERRORS)
    committee_participants = PersonField(
        many=True,
        required=False,
        help_text="Usernames of the members of the secretariat and experts who took part.",
    )
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    follow_ups = DialogueFollowUpSerializer(many=True, read_only=True)
    display_url = serializers.SerializerMethodField()

    class Meta:
        model = Dialogue
        fields = [
            "id",
            "state",
            "held_on",
            "kind",
            "place",
            "committee_participants",
            "other_committee_participants",
            "state_participants",
            "discussed",
            "agreed",
            "correspondence_reference",
            "follow_ups",
            "created_by",
            "created_at",
            "updated_at",
            "display_url",
        ]
        read_only_fields = ["created_by", "created_at", "updated_at"]

    @extend_schema_field(serializers.URLField(help_text="Its page on the website."))
    def get_display_url(self, dialogue: Dialogue) -> str:
        return self.context["request"].build_absolute_uri(dialogue.get_absolute_url())

    def create(self, validated_data):
        state = validated_data.pop("state")
        return services.record_dialogue(
            state, acting_user=self.context["acting_user"], **validated_data
        )

    def update(self, instance, validated_data):
        if "state" in validated_data and validated_data.pop("state") != instance.state:
            raise serializers.ValidationError(
                {"state": _("The state of a dialogue does not change: record a new one.")}
            )
        return services.update_dialogue(
            instance, acting_user=self.context["acting_user"], **validated_data
        )
