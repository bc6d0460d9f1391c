"""The secretariat's admin for the committee's own work. Builds, drafts and progress go through
the services (pages, API); the admin is for looking things up and correcting details, and
never hard-deletes a record of the committee."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committee.models import (
    AnnualReview,
    CommitteeMember,
    NoteVerbaleTemplate,
    ProgrammeOfWork,
    ReportingReminder,
    WorkItem,
)


class RecordAdmin(SimpleHistoryAdmin):
    """Records of the committee are kept: no deletion from the admin."""

    def save_model(self, request, obj, form, change) -> None:
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(RecordAdmin):
    list_display = ["state", "role", "term_start", "term_end", "representative"]
    list_filter = ["role"]
    search_fields = ["state__name", "state__iso3", "representative"]
    list_select_related = ["state"]
    autocomplete_fields = ["state"]


@admin.register(ProgrammeOfWork)
class ProgrammeOfWorkAdmin(RecordAdmin):
    list_display = ["number", "title", "period_start", "period_end"]


@admin.register(WorkItem)
class WorkItemAdmin(RecordAdmin):
    list_display = ["paragraph", "area", "lead_working_group", "status", "progress", "programme"]
    list_filter = ["programme", "area", "lead_working_group", "status"]
    search_fields = ["paragraph", "text_en", "text_zh"]
    list_select_related = ["programme"]
    # Status and progress move through recorded progress updates, which keep the note.
    readonly_fields = ["status", "progress", "updated_at"]


@admin.register(AnnualReview)
class AnnualReviewAdmin(RecordAdmin):
    list_display = ["year", "version", "as_at", "status", "progress", "requested_by", "finished_at"]
    list_filter = ["status", "year"]
    readonly_fields = [
        "year",
        "version",
        "as_at",
        "status",
        "progress",
        "stage",
        "error",
        "document",
        "requested_by",
        "requested_at",
        "started_at",
        "finished_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # builds are requested on the annual review page or through the API


@admin.register(NoteVerbaleTemplate)
class NoteVerbaleTemplateAdmin(RecordAdmin):
    list_display = ["name", "subject", "is_default", "updated_at"]


@admin.register(ReportingReminder)
class ReportingReminderAdmin(RecordAdmin):
    list_display = ["reference", "state", "drafted_by", "drafted_at"]
    search_fields = ["reference", "state__name", "state__iso3"]
    list_select_related = ["state", "drafted_by"]
    readonly_fields = [
        "state",
        "template",
        "reference",
        "subject",
        "text",
        "document",
        "drafted_by",
    ]

    def has_add_permission(self, request) -> bool:
        return False
