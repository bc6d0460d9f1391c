"""Serializers of the correspondence register's API: explicit fields; writes call the
services with the acting user."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from committee.correspondence import services
from committee.correspondence.choices import (
    CommitteeParty,
    CorrespondenceKind,
    Counterpart,
    Direction,
    LinkKind,
)
from committee.correspondence.models import (
    Correspondence,
    CorrespondenceDocument,
    CorrespondenceLink,
)
from core.choices import Language
from states.api.serializers import StateField


class CorrespondenceDocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = CorrespondenceDocument
        fields = ["id", "language", "is_original", "uploaded_at", "url"]

    def get_url(self, document: CorrespondenceDocument) -> str:
        return reverse(
            "correspondence-document",
            kwargs={"pk": document.item_id, "language": document.language},
        )


class CorrespondenceLinkSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="object_id")

    class Meta:
        model = CorrespondenceLink
        fields = ["kind", "id"]


class CorrespondenceSerializer(serializers.ModelSerializer):
    state = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    sender = serializers.CharField(read_only=True)
    addressee = serializers.CharField(read_only=True)
    documents = CorrespondenceDocumentSerializer(many=True, read_only=True)
    links = CorrespondenceLinkSerializer(many=True, read_only=True)

    class Meta:
        model = Correspondence
        fields = [
            "id",
            "direction",
            "kind",
            "status",
            "reference",
            "date",
            "committee_party",
            "counterpart",
            "state",
            "organization",
            "counterpart_name",
            "sender",
            "addressee",
            "language",
            "subject",
            "in_reply_to",
            "thread",
            "circulated_to_members",
            "paragraph",
            "acknowledged_on",
            "documents",
            "links",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class LinkInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LinkKind.choices)
    id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class CorrespondenceInputSerializer(serializers.Serializer):
    """A note entered through the API: an incoming one (``direction`` "in", with the sender's
    ``reference`` and the ``date`` received) or an outgoing draft ("out", which takes its
    reference when sent). ``document`` (multipart) is the original."""

    direction = serializers.ChoiceField(choices=Direction.choices)
    kind = serializers.ChoiceField(
        choices=CorrespondenceKind.choices, default=CorrespondenceKind.NOTE_VERBALE
    )
    counterpart = serializers.ChoiceField(choices=Counterpart.choices, default=Counterpart.MISSION)
    state = StateField(required=False, allow_null=True)
    organization = serializers.PrimaryKeyRelatedField(
        queryset=apps.get_model("outreach", "Organization").objects.all(),
        required=False,
        allow_null=True,
    )
    counterpart_name = serializers.CharField(max_length=200, required=False, default="")
    committee_party = serializers.ChoiceField(
        choices=CommitteeParty.choices, default=CommitteeParty.CHAIR
    )
    reference = serializers.CharField(max_length=80, required=False, default="")
    date = serializers.DateField(required=False, allow_null=True, default=None)
    language = serializers.ChoiceField(choices=Language.choices)
    subject = serializers.CharField(max_length=300)
    document = serializers.FileField(required=False, allow_null=True, default=None)
    in_reply_to = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    links = LinkInputSerializer(many=True, required=False, default=list)

    def validate_in_reply_to(self, value: int | None) -> Correspondence | None:
        if value is None:
            return None
        user = self.context["acting_user"]
        found = Correspondence.objects.visible_to(user).filter(pk=value).first()
        if found is None:
            raise serializers.ValidationError(
                _("There is no note with the id %(id)s.") % {"id": value}
            )
        return found

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["direction"] == Direction.OUTGOING:
            if data.get("reference"):
                raise serializers.ValidationError(
                    {
                        "reference": _(
                            "The Committee's reference is given when the note is sent, the "
                            "next of the year: leave it out of a draft."
                        )
                    }
                )
            if data.get("date"):
                raise serializers.ValidationError(
                    {"date": _("An outgoing note is dated when it is sent: leave the date out.")}
                )
        links = data.get("links") or []
        data["links"] = services.resolve_links((link["kind"], link["id"]) for link in links)
        return data

    def create(self, validated_data: dict[str, Any]) -> Correspondence:
        data = dict(validated_data)
        direction = data.pop("direction")
        user = self.context["acting_user"]
        if direction == Direction.INCOMING:
            received_on = data.pop("date")
            return services.register_incoming(acting_user=user, received_on=received_on, **data)
        data.pop("reference", None)
        data.pop("date", None)
        return services.draft_outgoing(acting_user=user, **data)


class AcknowledgementSerializer(serializers.Serializer):
    acknowledged_on = serializers.DateField()


class AddDocumentSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=Language.choices)
    document = serializers.FileField()
