"""The admin of country visits and training courses: read (list, detail, history); changes go
through the pages and their services (core/admin_base.py's ServiceOwnedAdmin)."""

from __future__ import annotations

from django.contrib import admin

from core.admin_base import ServiceOwnedAdmin
from outreach.visits.models import CountryVisit, TrainingCourse


@admin.register(CountryVisit)
class CountryVisitAdmin(ServiceOwnedAdmin):
    list_display = ["__str__", "state", "status", "invitation_date", "held_on"]
    list_filter = ["status"]
    list_select_related = ["event", "state"]
    search_fields = ["event__title", "invitation_reference"]


@admin.register(TrainingCourse)
class TrainingCourseAdmin(ServiceOwnedAdmin):
    list_display = ["__str__", "format", "status", "held_on"]
    list_filter = ["status", "format"]
    list_select_related = ["event"]
    search_fields = ["event__title"]
