"""The API of assistance projects and trust-fund contributions (12(e)). Reads follow the rows
rules of assistance/permissions.py; writes call assistance/project_services.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from assistance import project_services
from assistance.api.serializers import areas_field
from assistance.currencies import CURRENCY_CHOICES
from assistance.models import AssistanceProject, AssistanceRequest, TrustFundContribution
from assistance.project_forms import AssistanceProjectFilterSet, TrustFundContributionFilterSet
from core.api import CommitteeViewSet
from outreach.models import Organization
from states.api.serializers import StateField

NOT_A_CURRENCY = _("“{input}” is not an ISO 4217 currency code (such as USD, EUR or CHF).")


def currency_field(*, required: bool) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=CURRENCY_CHOICES,
        required=required,
        allow_blank=not required,
        help_text=_("An ISO 4217 currency code: USD, EUR, CHF..."),
        error_messages={"invalid_choice": NOT_A_CURRENCY},
    )


class AssistanceProjectSerializer(serializers.ModelSerializer):
    states = StateField(many=True, help_text=_("The beneficiary states, by ISO code."))
    implementing_state = StateField(required=False, allow_null=True)
    implementing_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    implementer_name = serializers.CharField(read_only=True)
    areas = areas_field()
    budget_currency = currency_field(required=False)
    requests = serializers.PrimaryKeyRelatedField(
        queryset=AssistanceRequest.objects.all(), many=True, required=False
    )

    class Meta:
        model = AssistanceProject
        fields = [
            "id",
            "title",
            "description",
            "states",
            "implementing_organization",
            "implementing_state",
            "implementer_name",
            "areas",
            "start_date",
            "end_date",
            "budget_amount",
            "budget_currency",
            "status",
            "is_public",
            "requests",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"areas": {"required": False}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].required = False
        user = self.context.get("acting_user")
        if user is not None and "requests" in self.fields:
            # Only the requests the writer may see can be linked.
            self.fields["requests"].child_relation.queryset = AssistanceRequest.objects.visible_to(
                user
            )

    def create(self, validated_data):
        return project_services.record_project(
            acting_user=self.context["acting_user"], **validated_data
        )

    def update(self, instance, validated_data):
        return project_services.update_project(
            instance, acting_user=self.context["acting_user"], **validated_data
        )


class TrustFundContributionSerializer(serializers.ModelSerializer):
    contributor_state = StateField(required=False, allow_null=True)
    contributor_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    contributor_name = serializers.CharField(read_only=True)
    currency = currency_field(required=True)

    class Meta:
        model = TrustFundContribution
        fields = [
            "id",
            "contributor_state",
            "contributor_organization",
            "contributor_name",
            "amount",
            "currency",
            "date_received",
            "fund",
            "fund_name",
            "purpose",
            "project",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def create(self, validated_data):
        return project_services.record_contribution(
            acting_user=self.context["acting_user"], **validated_data
        )

    def update(self, instance, validated_data):
        return project_services.update_contribution(
            instance, acting_user=self.context["acting_user"], **validated_data
        )


@extend_schema_view(
    list=extend_schema(
        summary="List assistance projects (12(e))",
        description="The public sees projects marked public; a point of contact also those "
        "that include their state; the secretariat, experts and committee members see all.",
    ),
    retrieve=extend_schema(summary="One assistance project"),
    create=extend_schema(summary="Record a project for one state or a group (secretariat)"),
    update=extend_schema(summary="Change a project (secretariat)"),
    partial_update=extend_schema(summary="Change some fields of a project (secretariat)"),
)
class AssistanceProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CommitteeViewSet,
):
    queryset = AssistanceProject.objects.select_related(
        "implementing_state", "implementing_organization"
    ).prefetch_related("states", "areas", "requests")
    serializer_class = AssistanceProjectSerializer
    filterset_class = AssistanceProjectFilterSet
    ordering_fields = ["id", "title", "start_date", "end_date", "status", "updated_at"]


@extend_schema_view(
    list=extend_schema(
        summary="List trust fund contributions (12(e))",
        description="The secretariat, experts and committee members see all; a point of "
        "contact their state's. Not public.",
    ),
    retrieve=extend_schema(summary="One trust fund contribution"),
    create=extend_schema(summary="Record a contribution (secretariat)"),
    update=extend_schema(summary="Change a contribution (secretariat)"),
    partial_update=extend_schema(summary="Change some fields of a contribution (secretariat)"),
)
class TrustFundContributionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CommitteeViewSet,
):
    queryset = TrustFundContribution.objects.select_related(
        "contributor_state", "contributor_organization"
    )
    serializer_class = TrustFundContributionSerializer
    filterset_class = TrustFundContributionFilterSet
    ordering_fields = ["id", "date_received", "amount", "updated_at"]
