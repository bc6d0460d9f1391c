"""The secretariat's admin for the outreach app. Nothing here is ever deleted: organisations
and contacts are deactivated, events cancelled, texts unpublished. Events, organisations'
contacts and former experts change through the services (the API and the actions here); the
organisations, the FAQ and the cooperation pages are texts and reference data edited here."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_base import ServiceOwnedAdmin, run_service
from core.search import index_on_commit
from outreach import services
from outreach.choices import EventStatus
from outreach.models import (
    FAQ,
    CooperationPage,
    Event,
    FormerExpert,
    Organization,
    OrganizationContact,
)


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
class OrganizationContactAdmin(ServiceOwnedAdmin):
    list_display = ["name", "organization", "position", "email", "active"]
    list_filter = ["active", "organization"]
    search_fields = ["name", "email"]
    list_select_related = ["organization"]
    actions = ["deactivate_selected"]

    @admin.action(description=_("Deactivate the selected contacts"))
    def deactivate_selected(self, request, queryset) -> None:
        run_service(
            self,
            request,
            queryset.select_related("organization"),
            lambda contact: services.deactivate_organization_contact(
                contact, acting_user=request.user
            ),
            done=lambda n: ngettext("%d contact deactivated.", "%d contacts deactivated.", n) % n,
        )


@admin.register(FormerExpert)
class FormerExpertAdmin(ServiceOwnedAdmin):
    list_display = ["name", "expertise", "served_from", "served_until", "available"]
    list_filter = ["available"]
    search_fields = ["name", "expertise"]


class IndexedForSearch(KeptForTheRecord, TranslationAdmin):
    search_kind = ""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        index_on_commit(self.search_kind, obj.pk)


@admin.register(Event)
class EventAdmin(ServiceOwnedAdmin, IndexedForSearch):
    search_kind = "event"
    list_display = ["title", "kind", "status", "start_date", "region", "is_public"]
    list_filter = ["status", "kind", "region", "is_public"]
    search_fields = ["title"]
    filter_horizontal = ["states", "organizations"]
    date_hierarchy = "start_date"
    actions = ["cancel_selected"]

    @admin.action(description=_("Cancel the selected events"))
    def cancel_selected(self, request, queryset) -> None:
        run_service(
            self,
            request,
            queryset,
            lambda event: services.set_event_status(
                event, EventStatus.CANCELLED, acting_user=request.user
            ),
            done=lambda n: ngettext("%d event cancelled.", "%d events cancelled.", n) % n,
        )


@admin.register(FAQ)
class FAQAdmin(IndexedForSearch):
    search_kind = "faq"
    list_display = ["question", "position", "published"]
    list_filter = ["published"]


@admin.register(CooperationPage)
class CooperationPageAdmin(IndexedForSearch):
    search_kind = "cooperation"
    list_display = ["title", "slug", "position", "published"]
    list_filter = ["published"]
