"""The secretariat's admin for reports and points of contact. They change only
through the services (the pages, the API and the actions here), so the admin
writes the same history as they do."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_base import ServiceOwnedAdmin, run_service
from states.reports import services
from states.reports.models import NationalPointOfContact, NationalReport, ReportDocument


@admin.register(NationalReport)
class NationalReportAdmin(ServiceOwnedAdmin):
    list_display = ["__str__", "state", "kind", "status", "submitted_on", "symbol"]
    list_filter = ["status", "kind", "documents__language", "state__regional_group"]
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


@admin.register(ReportDocument)
class ReportDocumentAdmin(ServiceOwnedAdmin):
    """The language versions of the reports, with their history; they change on the report's
    page and through the API (states/reports/services.py)."""

    list_display = ["report", "language", "original", "updated_at"]
    list_filter = ["language", "original"]
    search_fields = ["report__state__name", "report__state__iso3", "report__symbol"]
    list_select_related = ["report__state"]
    readonly_fields = ["created_at", "updated_at"]
    raw_id_fields = ["report"]


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
