"""The secretariat's admin for states, reports and points of contact. Workflow steps go through
the services, so the admin writes the same history as the pages and the API."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from states import services
from states.models import MemberState, NationalPointOfContact, NationalReport


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
