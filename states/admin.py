"""The secretariat's admin for the member states, reference data no service
governs, edited here. The admins of reports and matrices are in their
sub-packages (states/reports/admin.py, states/matrices/admin.py)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from states.models import MemberState


@admin.register(MemberState)
class MemberStateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "iso3", "iso2", "regional_group", "un_admission_date"]
    list_filter = ["regional_group"]
    search_fields = ["name", "iso3", "iso2"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
