"""The secretariat's admin for assistance. Workflow steps go through the services (the pages and
the API), so the admin mostly reads; corrections it saves are attributed in the history."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


class AttributedAdmin(SimpleHistoryAdmin):
    def save_model(self, request, obj, form, change) -> None:
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Requests, offers, matches and digests are the committee's record: never deleted.
        return False


@admin.register(AssistanceArea)
class AssistanceAreaAdmin(AttributedAdmin):
    list_display = ["name", "code", "position"]
    search_fields = ["name", "code"]


class RequestStepInline(admin.TabularInline):
    model = AssistanceRequestStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_at", "changed_by", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AssistanceRequest)
class AssistanceRequestAdmin(AttributedAdmin):
    list_display = ["title", "state", "date_received", "status", "publication_consent"]
    list_filter = ["status", "channel", "publication_consent", "state__regional_group", "areas"]
    search_fields = ["title", "state__name", "state__iso3"]
    list_select_related = ["state"]
    autocomplete_fields = ["state"]
    date_hierarchy = "date_received"
    readonly_fields = ["status", "status_changed_at", "last_activity_at", "created_by"]
    inlines = [RequestStepInline]


@admin.register(AssistanceOffer)
class AssistanceOfferAdmin(AttributedAdmin):
    list_display = ["title", "provider_name", "assistance_type", "valid_until", "status"]
    list_filter = ["status", "is_public", "assistance_type", "areas"]
    search_fields = ["title", "provider_state__name", "provider_organization__name"]
    list_select_related = ["provider_state", "provider_organization"]
    autocomplete_fields = ["provider_state"]
    readonly_fields = ["status", "created_by"]


class MatchStepInline(admin.TabularInline):
    model = MatchStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_at", "changed_by", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class FollowUpInline(admin.TabularInline):
    model = MatchFollowUp
    extra = 0
    can_delete = False
    readonly_fields = ["note", "written_by", "written_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Match)
class MatchAdmin(AttributedAdmin):
    list_display = ["__str__", "status", "delivered_on", "need_met"]
    list_filter = ["status", "need_met"]
    list_select_related = [
        "request__state",
        "offer__provider_state",
        "offer__provider_organization",
    ]
    raw_id_fields = ["request", "offer"]
    readonly_fields = ["status", "proposed_by", "delivered_on", "feedback_recorded_at"]
    inlines = [MatchStepInline, FollowUpInline]


@admin.register(QuarterlyDigest)
class QuarterlyDigestAdmin(AttributedAdmin):
    list_display = ["__str__", "built_at", "build_status", "mailed_to"]
    readonly_fields = [f.name for f in QuarterlyDigest._meta.fields]
