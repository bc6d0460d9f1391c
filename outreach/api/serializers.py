"""Serializers of the outreach API. Writes call the services; nothing here decides a rule.

Translated content (event titles, places and notes; questions and answers) is read in the
language of the request (``Accept-Language``), falling back to English, as ``title``...; each
language's own text is there too as ``title_en``, ``title_fr``, ``title_zh_hans``..."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import IsoCodeField
from outreach import services
from outreach.choices import EventStatus
from outreach.models import FAQ, Event, FormerExpert, Organization, OrganizationContact

LANGUAGE_SUFFIXES = [code.replace("-", "_") for code in settings.MODELTRANSLATION_LANGUAGES]


def per_language(*fields: str) -> list[str]:
    return [f"{field}_{suffix}" for field in fields for suffix in LANGUAGE_SUFFIXES]


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "acronym", "kind", "website", "offers_assistance", "active"]


class OrganizationContactSerializer(serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())

    class Meta:
        model = OrganizationContact
        fields = ["id", "organization", "name", "position", "email", "phone", "active"]
        read_only_fields = ["active"]

    def create(self, validated_data):
        organization = validated_data.pop("organization")
        return services.add_organization_contact(
            organization, acting_user=self.context["acting_user"], **validated_data
        )


class ParticipatingStateField(IsoCodeField):
    def get_queryset(self):
        # The member states, through the event's relation: outreach does not import the states
        # app (pyproject.toml's contracts).
        return Event._meta.get_field("states").related_model._default_manager.all()


class EventSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    place = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)
    states = ParticipatingStateField(many=True, required=False)
    organizations = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Organization.objects.all()
    )
    url = serializers.HyperlinkedIdentityField(
        view_name="event-detail", help_text="This event in the API."
    )
    display_url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "kind",
            "status",
            "start_date",
            "end_date",
            "place",
            "region",
            "states",
            "organizations",
            "is_public",
            "note",
            *per_language("title", "place", "note"),
            "url",
            "display_url",
        ]
        read_only_fields = ["status"]
        extra_kwargs = {"title_en": {"required": True, "allow_blank": False}}

    @extend_schema_field(serializers.URLField(help_text="This event's page on the website."))
    def get_display_url(self, event: Event) -> str:
        return self.context["request"].build_absolute_uri(event.get_absolute_url())

    def create(self, validated_data):
        return services.create_event(acting_user=self.context["acting_user"], **validated_data)

    def update(self, instance, validated_data):
        return services.update_event(
            instance, acting_user=self.context["acting_user"], **validated_data
        )


class EventStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=EventStatus.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, help_text=_("What took place (in English).")
    )


class FAQSerializer(serializers.ModelSerializer):
    question = serializers.CharField(read_only=True)
    answer = serializers.CharField(read_only=True)

    class Meta:
        model = FAQ
        fields = [
            "id",
            "question",
            "answer",
            "position",
            "published",
            *per_language("question", "answer"),
        ]
        read_only_fields = ["published"]
        extra_kwargs = {
            "question_en": {"required": True, "allow_blank": False},
            "answer_en": {"required": True, "allow_blank": False},
        }

    def create(self, validated_data):
        return services.create_faq(acting_user=self.context["acting_user"], **validated_data)

    def update(self, instance, validated_data):
        return services.update_faq(
            instance, acting_user=self.context["acting_user"], **validated_data
        )


class PublishedSerializer(serializers.Serializer):
    published = serializers.BooleanField()


class FormerExpertSerializer(serializers.ModelSerializer):
    class Meta:
        model = FormerExpert
        fields = [
            "id",
            "name",
            "email",
            "nationality",
            "expertise",
            "served_from",
            "served_until",
            "available",
            "notes",
        ]

    def create(self, validated_data):
        return services.add_former_expert(acting_user=self.context["acting_user"], **validated_data)

    def update(self, instance, validated_data):
        return services.update_former_expert(
            instance, acting_user=self.context["acting_user"], **validated_data
        )


class SearchResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    state_name = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    language = serializers.CharField(
        help_text=_("The language of the text found: ar, zh, en, fr, ru or es.")
    )
    snippet = serializers.CharField(help_text=_("Text around the words found."))
    snippet_html = serializers.CharField(
        help_text=_("The snippet, HTML-escaped, with the words found in <mark> elements.")
    )
    rank = serializers.FloatField()


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetCountsSerializer(serializers.Serializer):
    """The count of results of each value of each facet, most results first."""

    kind = FacetValueSerializer(many=True)
    state = FacetValueSerializer(many=True)
    year = FacetValueSerializer(many=True)
    language = FacetValueSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    """A page of search results, with the facets' counts (for the schema: the view builds it)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchResultSerializer(many=True)
    facets = FacetCountsSerializer()
