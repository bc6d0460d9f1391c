"""The secretariat's admin for states, reports and points of contact. Workflow steps go through
the services, so the admin writes the same history as the pages and the API."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from states import services
from states.models import (
    Matrix,
    MatrixComment,
    MatrixEntry,
    MatrixField,
    MatrixTemplate,
    MemberState,
    NationalPointOfContact,
    NationalReport,
)


@admin.register(MemberState)
class MemberStateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "iso3", "iso2", "regional_group", "un_admission_date"]
    list_filter = ["regional_group"]
    search_fields = ["name", "iso3", "iso2"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NationalReport)
class NationalReportAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "state", "kind", "language", "status", "submitted_on", "symbol"]
    list_filter = ["status", "kind", "language", "state__regional_group"]
    search_fields = ["state__name", "state__iso3", "symbol", "title"]
    list_select_related = ["state"]
    date_hierarchy = "submitted_on"
    readonly_fields = [
        "status",
        "submitted_by",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    autocomplete_fields = ["state"]
    actions = ["publish_selected"]

    def save_model(self, request, obj, form, change) -> None:
        obj._history_user = request.user
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Submitted and published reports are records of the committee: never hard-deleted.
        return obj is not None and obj.is_draft and super().has_delete_permission(request, obj)

    @admin.action(description=_("Publish the selected submitted reports"))
    def publish_selected(self, request, queryset) -> None:
        published = 0
        for report in queryset.select_related("state"):
            try:
                services.publish_report(report, acting_user=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{report}: {' '.join(error.messages)}", messages.WARNING
                )
            else:
                published += 1
        self.message_user(request, _("%d report(s) published.") % published, messages.SUCCESS)


@admin.register(NationalPointOfContact)
class NationalPointOfContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "state", "agency", "email", "active", "since"]
    list_filter = ["active", "state__regional_group"]
    search_fields = ["name", "email", "agency", "state__name", "state__iso3"]
    list_select_related = ["state"]
    autocomplete_fields = ["state"]

    def save_model(self, request, obj, form, change) -> None:
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# --- The 1540 matrix: templates are reference data; versions move only through the services. ---


@admin.register(MatrixTemplate)
class MatrixTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["title", "code", "in_use_from", "is_current"]
    readonly_fields = ["is_current"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MatrixField)
class MatrixFieldAdmin(SimpleHistoryAdmin):
    list_display = ["code", "template", "section", "weapon_type", "column", "measure"]
    list_filter = ["template", "section__code", "weapon_type", "column"]
    search_fields = ["code", "text", "measure"]
    list_select_related = ["template", "section"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MatrixEntryInline(admin.TabularInline):
    model = MatrixEntry
    fields = ["field", "mark", "legal_reference", "source", "remarks", "revision", "updated_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("field", "updated_by")


@admin.register(Matrix)
class MatrixAdmin(SimpleHistoryAdmin):
    """Read-only here: drafting, review, approval and publication go through the pages and the
    API, where the services check each step."""

    list_display = ["state", "version", "status", "approved_at", "published_at"]
    list_filter = ["status", "template", "state__regional_group"]
    search_fields = ["state__name", "state__iso3"]
    list_select_related = ["state"]
    inlines = [MatrixEntryInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Matrix._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MatrixComment)
class MatrixCommentAdmin(SimpleHistoryAdmin):
    list_display = ["matrix", "entry", "kind", "response", "author", "created_at"]
    list_filter = ["kind", "response"]
    list_select_related = ["matrix__state", "entry__field", "author"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in MatrixComment._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
