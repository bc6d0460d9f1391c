"""The secretariat's admin for the outreach app. Nothing here is ever deleted: organisations
and contacts are deactivated, events cancelled, texts unpublished."""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from outreach.models import (
    FAQ,
    CooperationPage,
    Event,
    FormerExpert,
    Organization,
    OrganizationContact,
)
from outreach.tasks import index_on_commit


class KeptForTheRecord(SimpleHistoryAdmin):
    def save_model(self, request, obj, form, change) -> None:
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Organization)
class OrganizationAdmin(KeptForTheRecord):
    list_display = ["name", "acronym", "kind", "offers_assistance", "active"]
    list_filter = ["kind", "offers_assistance", "active"]
    search_fields = ["name", "acronym"]


@admin.register(OrganizationContact)
class OrganizationContactAdmin(KeptForTheRecord):
    list_display = ["name", "organization", "position", "email", "active"]
    list_filter = ["active", "organization"]
    search_fields = ["name", "email"]
    list_select_related = ["organization"]


@admin.register(FormerExpert)
class FormerExpertAdmin(KeptForTheRecord):
    list_display = ["name", "expertise", "served_from", "served_until", "available"]
    list_filter = ["available"]
    search_fields = ["name", "expertise"]


class IndexedForSearch(KeptForTheRecord, TranslationAdmin):
    search_kind = ""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        index_on_commit(self.search_kind, obj.pk)


@admin.register(Event)
class EventAdmin(IndexedForSearch):
    search_kind = "event"
    list_display = ["title", "kind", "status", "start_date", "region", "is_public"]
    list_filter = ["status", "kind", "region", "is_public"]
    search_fields = ["title"]
    filter_horizontal = ["states", "organizations"]
    date_hierarchy = "start_date"


@admin.register(FAQ)
class FAQAdmin(IndexedForSearch):
    search_kind = "faq"
    list_display = ["question", "position", "published"]
    list_filter = ["published"]


@admin.register(CooperationPage)
class CooperationPageAdmin(KeptForTheRecord, TranslationAdmin):
    list_display = ["title", "slug", "position", "published"]
    list_filter = ["published"]
