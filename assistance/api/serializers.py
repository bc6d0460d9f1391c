"""Serializers of the assistance API. Writes call the services; nothing here decides a rule."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from assistance import services
from assistance.choices import MatchStatus, NeedMet, OfferLanguage, RequestStatus
from assistance.currencies import CURRENCY_CHOICES
from assistance.models import (
    AssistanceArea,
    AssistanceNeed,
    AssistanceOffer,
    AssistanceRequest,
    Match,
    MatchFollowUp,
    QuarterlyDigest,
)
from core.choices import Language
from core.visibility import FieldPolicySerializerMixin
from outreach.models import Organization
from states.api.serializers import StateField
from states.choices import MatrixSectionCode, RegionalGroup, WeaponType


def choice_list(choices, *, help_text: str, allow_empty: bool = True) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices),
        allow_empty=allow_empty,
        required=False,
        help_text=help_text,
    )


class AreaField(serializers.SlugRelatedField):
    """Areas of assistance named by their code (``border-export-control``)."""

    default_error_messages = {
        "does_not_exist": _(
            "There is no area of assistance with the code “{value}”; the codes are listed at "
            "/api/v1/assistance/areas/."
        ),
        "invalid": _("Give each area by its code, such as border-export-control."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", AssistanceArea.objects.all())
        super().__init__(slug_field="code", **kwargs)


def areas_field() -> serializers.ManyRelatedField:
    return AreaField(many=True, help_text=_("Codes of the areas of assistance."))


@extend_schema_field(
    {
        "type": "array",
        # Wrapped in allOf so that drf-spectacular does not extract the list of groups as a
        # second named enum beside the states' RegionalGroupEnum (a schema warning).
        "items": {"allOf": [{"type": "string", "enum": RegionalGroup.values}]},
    }
)
class RegionsField(serializers.ListField):
    """The UN regional groups an offer serves."""


def step_field(choices, *, help_text: str) -> serializers.ChoiceField:
    """The status a transition moves to. Its values are listed inline in the schema: the same
    choices already name the ``status`` of the object, and drf-spectacular would otherwise warn
    that one choice set has two names."""
    values = [value for value, _label in choices]

    @extend_schema_field({"allOf": [{"type": "string", "enum": values}]})
    class StepField(serializers.ChoiceField):
        pass

    return StepField(choices=choices, help_text=help_text)


class AssistanceAreaSerializer(serializers.ModelSerializer):
    matrix_sections = choice_list(
        MatrixSectionCode.choices, help_text=_("The matrix sections this area helps fill.")
    )

    class Meta:
        model = AssistanceArea
        fields = ["code", "name", "description", "matrix_sections"]


class StatusChangeSerializer(serializers.Serializer):
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)
    changed_at = serializers.DateTimeField(read_only=True)
    changed_by = serializers.CharField(
        source="changed_by.username", read_only=True, allow_null=True, default=None
    )
    reason = serializers.CharField(read_only=True)


class NeedSerializer(serializers.ModelSerializer):
    weapon_types = choice_list(WeaponType.choices, help_text=_("The weapon types concerned."))

    class Meta:
        model = AssistanceNeed
        fields = ["number", "description", "assistance_type", "weapon_types"]


class NeedsField(serializers.ListField):
    """The numbered needs of a request. In a multipart form (a request sent with its note
    verbale) the list is given as one JSON text."""

    child = NeedSerializer()

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError(
                    _("Give the needs as a list of objects (JSON in a form).")
                ) from None
        elif hasattr(data, "getlist"):  # a form's QueryDict: the one value, as text
            return self.to_internal_value(data.get(self.field_name, ""))
        return super().to_internal_value(data)

    def to_representation(self, data):
        return super().to_representation(data.all() if hasattr(data, "all") else data)

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist") and self.field_name in dictionary:
            return dictionary.get(self.field_name)
        return super().get_value(dictionary)


# Not "AssistanceRequest": drf-spectacular strips a trailing "Request" from component names.
@extend_schema_serializer(component_name="RequestForAssistance")
class AssistanceRequestSerializer(FieldPolicySerializerMixin, serializers.ModelSerializer):
    state = StateField(
        required=False,
        help_text=_(
            "The requesting state; for a group's or an organisation's request, the first of "
            "requesting_states when left out."
        ),
    )
    requesting_states = StateField(
        many=True, required=False, help_text=_("Every state the request concerns.")
    )
    requesting_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The id of the requesting organisation (see /api/v1/organizations/)."),
    )
    requester_name = serializers.CharField(read_only=True)
    needs = NeedsField(required=False, help_text=_("The numbered needs of the request."))
    document = serializers.FileField(
        write_only=True,
        required=False,
        help_text=_("The note verbale or the filled template (PDF or Word)."),
    )
    reference = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text=_("The sender's reference of the note verbale, for the register."),
    )
    document_url = serializers.SerializerMethodField()
    areas = areas_field()
    weapon_types = choice_list(WeaponType.choices, help_text=_("The weapon types concerned."))
    date_received = serializers.DateField(
        required=False,
        help_text=_("The date the request reached the committee; today if left out."),
    )
    matched = serializers.BooleanField(source="is_matched", read_only=True)
    stale = serializers.BooleanField(source="is_stale", read_only=True)
    status_history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)

    class Meta:
        model = AssistanceRequest
        fields = [
            "id",
            "state",
            "requester_kind",
            "requesting_states",
            "requesting_organization",
            "requester_name",
            "title",
            "date_received",
            "channel",
            "areas",
            "weapon_types",
            "assistance_type",
            "description",
            "needs",
            "action_taken",
            "action_plan_reference",
            "contact_name",
            "contact_function",
            "contact_email",
            "contact_phone",
            "document",
            "reference",
            "document_url",
            "publication_consent",
            "consent_recorded_on",
            "posted",
            "posted_on",
            "status",
            "status_changed_at",
            "matched",
            "stale",
            "status_history",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "status_changed_at",
            "consent_recorded_on",
            "posted",
            "posted_on",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"channel": {"required": False}, "requester_kind": {"required": False}}

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_document_url(self, request: AssistanceRequest) -> str | None:
        if not request.document:
            return None
        return reverse("assistance:request-document", kwargs={"pk": request.pk})

    def to_internal_value(self, data):
        # The requesting state is named with the other missing fields, not after them.
        errors, value = {}, None
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            errors = dict(error.detail)
        named = not hasattr(data, "get") or data.get("state") or data.get("requesting_states")
        if self.instance is None and not named:
            errors.setdefault(
                "state",
                [_("Name the requesting state, or the states the request concerns.")],
            )
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def create(self, validated_data):
        return services.submit_request(
            validated_data.pop("state", None),
            acting_user=self.context["acting_user"],
            **validated_data,
        )

    def update(self, instance, validated_data):
        if "state" in validated_data and validated_data["state"] != instance.state:
            raise serializers.ValidationError(
                {"state": _("A request cannot move to another state.")}
            )
        validated_data.pop("state", None)
        unchanged = (
            "requester_kind",
            "requesting_states",
            "requesting_organization",
            "needs",
            "document",
            "reference",
        )
        for name in unchanged:
            if name in validated_data:
                raise serializers.ValidationError(
                    {name: _("Who asks, the needs and the note verbale are recorded once.")}
                )
        return services.update_request(
            instance, acting_user=self.context["acting_user"], **validated_data
        )


class RequestTransitionSerializer(serializers.Serializer):
    to_status = step_field(RequestStatus.choices, help_text=_("The status the request moves to."))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    factor = serializers.ChoiceField(
        choices=["areas", "weapon_types", "region", "validity", "record"]
    )
    points = serializers.IntegerField()
    text = serializers.CharField()


class SuggestionSerializer(serializers.Serializer):
    offer = serializers.SerializerMethodField()
    score = serializers.IntegerField()
    explanation = serializers.CharField()
    reasons = ReasonSerializer(many=True)

    @extend_schema_field(serializers.DictField())
    def get_offer(self, suggestion) -> dict:
        offer = suggestion.offer
        return {
            "id": offer.pk,
            "title": offer.title,
            "provider": offer.provider_name,
            "assistance_type": offer.assistance_type,
            "valid_until": offer.valid_until.isoformat() if offer.valid_until else None,
        }


class AssistanceOfferSerializer(serializers.ModelSerializer):
    provider_state = StateField(required=False, allow_null=True)
    provider_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The id of the offering organisation (see /api/v1/organizations/)."),
    )
    provider_name = serializers.CharField(read_only=True)
    areas = areas_field()
    weapon_types = choice_list(
        WeaponType.choices, help_text=_("Empty: the offer concerns every weapon type.")
    )
    regions = RegionsField(
        child=serializers.ChoiceField(choices=RegionalGroup.choices),
        required=False,
        help_text=_("Regional groups served; with no regions and no states, open to all."),
    )
    states_served = StateField(many=True, required=False)
    matched = serializers.BooleanField(read_only=True, default=False)
    languages = choice_list(
        OfferLanguage.choices,
        help_text=_("The languages in which the help can be given (“other”: named apart)."),
    )
    budget_currency = serializers.ChoiceField(
        choices=CURRENCY_CHOICES,
        required=False,
        allow_blank=True,
        help_text=_("The ISO 4217 code of the budget's currency."),
        error_messages={
            "invalid_choice": _(
                "“{input}” is not an ISO 4217 currency code (such as USD, EUR or CHF)."
            )
        },
    )

    class Meta:
        model = AssistanceOffer
        fields = [
            "id",
            "provider_state",
            "provider_organization",
            "provider_name",
            "title",
            "assistance_type",
            "description",
            "areas",
            "weapon_types",
            "regions",
            "states_served",
            "valid_until",
            "contact_name",
            "contact_email",
            "contact_phone",
            "languages",
            "other_languages",
            "available_from",
            "available_to",
            "budget_min",
            "budget_max",
            "budget_currency",
            "eligibility",
            "eligibility_details",
            "is_public",
            "status",
            "matched",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "created_at", "updated_at"]

    def create(self, validated_data):
        return services.record_offer(acting_user=self.context["acting_user"], **validated_data)

    def update(self, instance, validated_data):
        for name in ("provider_state", "provider_organization"):
            if name in validated_data and validated_data.pop(name) != getattr(instance, name):
                raise serializers.ValidationError(
                    {name: _("The provider of an offer does not change; record a new offer.")}
                )
        offer = services.update_offer(
            instance, acting_user=self.context["acting_user"], **validated_data
        )
        # The answer shows ``matched`` as a read does: the service's instance lacks the
        # annotation, and under PATCH DRF drops a read-only field it cannot read rather than
        # use its default, so the answer broke the schema (the fuzzer, issue 11).
        return AssistanceOffer.objects.with_matched(self.context["acting_user"]).get(pk=offer.pk)


class FollowUpSerializer(serializers.ModelSerializer):
    written_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = MatchFollowUp
        fields = ["id", "note", "written_by", "written_at"]
        read_only_fields = ["written_at"]


class MatchSerializer(FieldPolicySerializerMixin, serializers.ModelSerializer):
    request = serializers.PrimaryKeyRelatedField(
        queryset=AssistanceRequest.objects.all(), help_text=_("The id of the request.")
    )
    offer = serializers.PrimaryKeyRelatedField(
        queryset=AssistanceOffer.objects.all(), help_text=_("The id of the offer.")
    )
    note = serializers.CharField(
        write_only=True, required=False, allow_blank=True, help_text=_("Why this offer.")
    )
    requesting_state = serializers.CharField(source="request.state.iso3", read_only=True)
    provider_name = serializers.CharField(source="offer.provider_name", read_only=True)
    status_history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = Match
        fields = [
            "id",
            "request",
            "offer",
            "note",
            "requesting_state",
            "provider_name",
            "status",
            "delivered_on",
            "need_met",
            "feedback",
            "feedback_recorded_at",
            "status_history",
            "follow_ups",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "delivered_on",
            "need_met",
            "feedback",
            "feedback_recorded_at",
            "created_at",
            "updated_at",
        ]
        # The service checks who may propose first, then says in words that the pair exists.
        validators: list = []

    def create(self, validated_data):
        return services.propose_match(
            validated_data["request"],
            validated_data["offer"],
            acting_user=self.context["acting_user"],
            note=validated_data.get("note", ""),
        )


class MatchTransitionSerializer(serializers.Serializer):
    to_status = step_field(MatchStatus.choices, help_text=_("The status the match moves to."))
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    delivered_on = serializers.DateField(
        required=False, help_text=_("With the step `delivered`: the date; today if left out.")
    )


class FeedbackSerializer(serializers.Serializer):
    need_met = serializers.ChoiceField(
        choices=NeedMet.choices, help_text=_("Was the need met, in the requesting state's words?")
    )
    feedback = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField()


class QuarterlyDigestListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        # The mailing of every digest of the page in one query, not one per row.
        return super().to_representation(QuarterlyDigest.attach_mailings(data))


class QuarterlyDigestSerializer(FieldPolicySerializerMixin, serializers.ModelSerializer):
    html_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    # From the mail record of the latest build, not from what the build meant to send: a digest
    # whose mail failed says so (issue 11, point 8). The error is the secretariat's
    # (QuarterlyDigest.FIELD_PERMISSIONS).
    mailed_to = serializers.SerializerMethodField()
    mailing_status = serializers.SerializerMethodField()
    mailing_error = serializers.SerializerMethodField()

    class Meta:
        model = QuarterlyDigest
        list_serializer_class = QuarterlyDigestListSerializer
        fields = [
            "id",
            "year",
            "quarter",
            "language",
            "built_at",
            "build_status",
            "build_language",
            "build_progress",
            "build_step",
            "build_requested_at",
            "mailed_to",
            "mailing_status",
            "mailing_error",
            "figures",
            "html_url",
            "pdf_url",
        ]
        read_only_fields = fields

    def _url(self, digest: QuarterlyDigest, name: str) -> str | None:
        if not digest.is_built:
            return None
        return self.context["request"].build_absolute_uri(
            reverse(f"digest-{name}", kwargs={"pk": digest.pk})
        )

    @extend_schema_field(serializers.IntegerField())
    def get_mailed_to(self, digest: QuarterlyDigest) -> int:
        mailing = digest.mailing
        return mailing.recipient_count if mailing and mailing.status == "sent" else 0

    @extend_schema_field(
        serializers.ChoiceField(choices=["queued", "sending", "sent", "failed"], allow_null=True)
    )
    def get_mailing_status(self, digest: QuarterlyDigest) -> str | None:
        return digest.mailing.status if digest.mailing else None

    @extend_schema_field(serializers.CharField())
    def get_mailing_error(self, digest: QuarterlyDigest) -> str:
        mailing = digest.mailing
        return mailing.error_text if mailing and mailing.status == "failed" else ""

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_html_url(self, digest: QuarterlyDigest) -> str | None:
        return self._url(digest, "html")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, digest: QuarterlyDigest) -> str | None:
        return self._url(digest, "pdf")


class DigestBuildSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2004, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    language = serializers.ChoiceField(
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("The language of the digest, one of the six official languages; default: en."),
        error_messages={
            "invalid_choice": _(
                "“{input}” is not one of the six official languages: choose ar, zh, en, fr, ru "
                "or es."
            )
        },
    )
