"""The secretariat's admin for working groups, meetings and their documents. Chairs, scheduling,
circulation and progress go through the services (pages, API), so the admin reads; records are
never deleted."""

from __future__ import annotations

from django.contrib import admin

from core.admin_base import ServiceOwnedAdmin
from workinggroups.models import (
    CalendarFeed,
    Meeting,
    MeetingDocument,
    ProgressUpdate,
    WorkingGroup,
)


class RecordAdmin(ServiceOwnedAdmin):
    """Every model here has a service that writes it (workinggroups/services.py)."""


@admin.register(WorkingGroup)
class WorkingGroupAdmin(RecordAdmin):
    list_display = ["number", "name", "chair"]
    list_select_related = ["chair__state"]


@admin.register(Meeting)
class MeetingAdmin(RecordAdmin):
    list_display = ["title", "kind", "working_group", "starts_at", "status"]
    list_filter = ["kind", "status", "working_group"]
    search_fields = ["title", "agenda", "place"]
    date_hierarchy = "starts_at"
    list_select_related = ["working_group"]
    readonly_fields = ["status", "uid", "sequence", "created_by", "created_at", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False  # scheduling announces the meeting: use the meetings page or the API


@admin.register(MeetingDocument)
class MeetingDocumentAdmin(RecordAdmin):
    list_display = ["title", "meeting", "language", "circulated_at", "late"]
    list_filter = ["late", "language"]
    search_fields = ["title", "symbol", "meeting__title"]
    list_select_related = ["meeting"]
    readonly_fields = ["meeting", "file", "circulated_at", "circulated_by", "late"]

    def has_add_permission(self, request) -> bool:
        return False  # circulation mails the delegations: use the meeting page or the API


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(RecordAdmin):
    list_display = ["work_item", "status", "progress", "meeting", "recorded_by", "recorded_at"]
    list_select_related = ["work_item", "meeting", "recorded_by"]
    readonly_fields = ["work_item", "meeting", "status", "progress", "recorded_by"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ServiceOwnedAdmin):
    list_display = ["user", "created_at", "last_used_at"]
    exclude = ["token"]
    readonly_fields = ["user", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False
