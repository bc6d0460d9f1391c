"""The secretariat's admin for assistance. Requests, offers, matches and digests move only through
the services (the pages, the API and the actions here), so their admin reads; the areas of
assistance are reference data no service governs, edited here."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assistance import services
from assistance.choices import MatchStatus, RequestStatus
from assistance.models import (
    AssistanceArea,
    AssistanceNeed,
    AssistanceOffer,
    AssistanceRequest,
    AssistanceRequestStatusChange,
    Match,
    MatchFollowUp,
    MatchStatusChange,
    OrganizationMembership,
    QuarterlyDigest,
)
from core.admin_base import AttributedAdmin, ServiceOwnedAdmin, run_service


@admin.register(AssistanceArea)
class AssistanceAreaAdmin(AttributedAdmin):
    list_display = ["name", "code", "position"]
    search_fields = ["name", "code"]


@admin.register(OrganizationMembership)
class OrganizationMembershipAdmin(AttributedAdmin):
    """Which states an organisation asks assistance for (CARICOM's members)."""

    list_display = ["organization", "state"]
    list_filter = ["organization"]
    search_fields = ["organization__name", "organization__acronym", "state__name", "state__iso3"]
    autocomplete_fields = ["state"]
    list_select_related = ["organization", "state"]


class RequestNeedInline(admin.TabularInline):
    model = AssistanceNeed
    extra = 0
    can_delete = False
    readonly_fields = ["number", "description", "assistance_type", "weapon_types"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class RequestStepInline(admin.TabularInline):
    model = AssistanceRequestStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_at", "changed_by", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AssistanceRequest)
class AssistanceRequestAdmin(ServiceOwnedAdmin):
    list_display = ["title", "state", "date_received", "status", "publication_consent"]
    list_filter = ["status", "channel", "publication_consent", "state__regional_group", "areas"]
    search_fields = ["title", "state__name", "state__iso3"]
    list_select_related = ["state"]
    autocomplete_fields = ["state"]
    date_hierarchy = "date_received"
    # Who asks and the posting are the services' (the states concerned are kept with their ids).
    readonly_fields = [
        "status",
        "status_changed_at",
        "last_activity_at",
        "created_by",
        "requester_kind",
        "requesting_states",
        "requesting_state_ids",
        "requesting_organization",
        "consent_recorded_on",
        "posted",
        "posted_on",
    ]
    inlines = [RequestNeedInline, RequestStepInline]
    actions = ["withdraw_selected", "close_selected"]

    def _move(self, request, queryset, to_status: str, done) -> None:
        run_service(
            self,
            request,
            queryset.select_related("state"),
            lambda record: services.move_request(record, to_status, acting_user=request.user),
            done=done,
        )

    @admin.action(description=_("Withdraw the selected requests"))
    def withdraw_selected(self, request, queryset) -> None:
        self._move(
            request,
            queryset,
            RequestStatus.WITHDRAWN,
            lambda n: ngettext("%d request withdrawn.", "%d requests withdrawn.", n) % n,
        )

    @admin.action(description=_("Close the selected requests"))
    def close_selected(self, request, queryset) -> None:
        self._move(
            request,
            queryset,
            RequestStatus.CLOSED,
            lambda n: ngettext("%d request closed.", "%d requests closed.", n) % n,
        )


@admin.register(AssistanceOffer)
class AssistanceOfferAdmin(ServiceOwnedAdmin):
    list_display = ["title", "provider_name", "assistance_type", "valid_until", "status"]
    list_filter = ["status", "is_public", "assistance_type", "areas"]
    search_fields = ["title", "provider_state__name", "provider_organization__name"]
    list_select_related = ["provider_state", "provider_organization"]
    autocomplete_fields = ["provider_state"]
    readonly_fields = ["status", "created_by"]
    actions = ["withdraw_selected"]

    @admin.action(description=_("Withdraw the selected offers"))
    def withdraw_selected(self, request, queryset) -> None:
        run_service(
            self,
            request,
            queryset,
            lambda offer: services.withdraw_offer(offer, acting_user=request.user),
            done=lambda n: ngettext("%d offer withdrawn.", "%d offers withdrawn.", n) % n,
        )


class MatchStepInline(admin.TabularInline):
    model = MatchStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_at", "changed_by", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class FollowUpInline(admin.TabularInline):
    model = MatchFollowUp
    extra = 0
    can_delete = False
    readonly_fields = ["note", "written_by", "written_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Match)
class MatchAdmin(ServiceOwnedAdmin):
    list_display = ["__str__", "status", "delivered_on", "need_met"]
    list_filter = ["status", "need_met"]
    list_select_related = [
        "request__state",
        "offer__provider_state",
        "offer__provider_organization",
    ]
    raw_id_fields = ["request", "offer"]
    readonly_fields = ["status", "proposed_by", "delivered_on", "feedback_recorded_at"]
    inlines = [MatchStepInline, FollowUpInline]
    actions = ["close_selected"]

    @admin.action(description=_("Close the selected matches"))
    def close_selected(self, request, queryset) -> None:
        run_service(
            self,
            request,
            queryset.select_related("request__state", "offer"),
            lambda match: services.move_match(match, MatchStatus.CLOSED, acting_user=request.user),
            done=lambda n: ngettext("%d match closed.", "%d matches closed.", n) % n,
        )


@admin.register(QuarterlyDigest)
class QuarterlyDigestAdmin(ServiceOwnedAdmin):
    list_display = ["__str__", "built_at", "build_status", "mailing_status"]
    readonly_fields = [f.name for f in QuarterlyDigest._meta.fields]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The mailing of every row of the page in one query (QuarterlyDigest.mailing).
        changelist.result_list = QuarterlyDigest.attach_mailings(changelist.result_list)
        return changelist

    @admin.display(description=_("mailing"))
    def mailing_status(self, digest: QuarterlyDigest) -> str:
        mailing = digest.mailing
        if mailing is None:
            return _("not mailed")
        return mailing.get_status_display()
