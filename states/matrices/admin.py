"""The secretariat's admin for the matrix: the templates are reference data edited
here; matrices and their comments change only through the services."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_base import ServiceOwnedAdmin
from states.matrices.models import Matrix, MatrixComment, MatrixEntry, MatrixField, MatrixTemplate


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
class MatrixAdmin(ServiceOwnedAdmin):
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
class MatrixCommentAdmin(ServiceOwnedAdmin):
    list_display = ["matrix", "entry", "kind", "response", "author", "created_at"]
    list_filter = ["kind", "response"]
    list_select_related = ["matrix__state", "entry__field", "author"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in MatrixComment._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
