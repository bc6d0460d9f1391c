"""The secretariat's admin for states, reports and points of contact. Reports, points of contact,
matrices and their comments change only through the services (the pages, the API and the actions
here), so the admin writes the same history as they do; the states and the matrix templates are
reference data no service governs, edited here."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from committee.admin_base import ServiceOwnedAdmin, run_service
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
class NationalReportAdmin(ServiceOwnedAdmin):
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
        # Only a superuser reaches the form (ServiceOwnedAdmin).
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected submitted reports"))
    def publish_selected(self, request, queryset) -> None:
        run_service(
            self,
            request,
            queryset.select_related("state"),
            lambda report: services.publish_report(report, acting_user=request.user),
            done=lambda n: ngettext("%d report published.", "%d reports published.", n) % n,
        )


@admin.register(NationalPointOfContact)
class NationalPointOfContactAdmin(ServiceOwnedAdmin):
    list_display = ["name", "state", "agency", "email", "active", "since"]
    list_filter = ["active", "state__regional_group"]
    search_fields = ["name", "email", "agency", "state__name", "state__iso3"]
    list_select_related = ["state"]
    autocomplete_fields = ["state"]
    actions = ["deactivate_selected"]

    @admin.action(description=_("Deactivate the selected points of contact"))
    def deactivate_selected(self, request, queryset) -> None:
        run_service(
            self,
            request,
            queryset.select_related("state"),
            lambda contact: services.deactivate_point_of_contact(contact, acting_user=request.user),
            done=lambda n: (
                ngettext("%d point of contact deactivated.", "%d points of contact deactivated.", n)
                % n
            ),
        )


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
