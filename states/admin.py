"""The secretariat's admin for the member states, reference data no service
governs, edited here: the names in the six official languages and the language of
correspondence. The admins of reports and matrices are in their
sub-packages (states/reports/admin.py, states/matrices/admin.py)."""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from states.models import MemberState


@admin.register(MemberState)
class MemberStateAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = [
        "name",
        "iso3",
        "iso2",
        "regional_group",
        "correspondence_language",
        "un_admission_date",
    ]
    list_filter = ["regional_group", "correspondence_language"]
    search_fields = [
        "name_en",
        "name_fr",
        "name_es",
        "name_ru",
        "name_zh_hans",
        "name_ar",
        "iso3",
        "iso2",
    ]
    readonly_fields = ["correspondence_language_chosen"]

    def save_model(self, request, obj, form, change) -> None:
        obj._history_user = request.user
        # A language the secretariat chose is theirs: reloading the reference data keeps it.
        if "correspondence_language" in form.changed_data:
            obj.correspondence_language_chosen = True
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
