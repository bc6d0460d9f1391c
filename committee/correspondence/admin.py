"""The correspondence register in the admin: read only for the secretariat (the register's pages
and API move notes through the services), with each note's history."""

from __future__ import annotations

from django.contrib import admin

from committee.correspondence.models import Correspondence
from core.admin_base import ServiceOwnedAdmin


@admin.register(Correspondence)
class CorrespondenceAdmin(ServiceOwnedAdmin):
    list_display = ["reference", "direction", "status", "state", "date", "subject"]
    list_filter = ["direction", "status", "kind"]
    search_fields = ["reference", "subject", "state__name", "state__iso3", "counterpart_name"]
    list_select_related = ["state"]
    readonly_fields = ["in_reply_to", "thread", "created_by", "approved_by", "sent_by"]
