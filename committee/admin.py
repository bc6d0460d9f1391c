from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from committee.models import QueuedTask, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "get_full_name",
        "email",
        "role",
        "state",
        "is_active",
        "last_login",
    ]
    list_filter = ["role", "is_active", "state__regional_group"]
    search_fields = ["username", "first_name", "last_name", "email", "state__name"]
    list_select_related = ["state"]
    autocomplete_fields = ["state"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:1],
        (_("Role"), {"fields": ["role", "state"]}),
        *DjangoUserAdmin.fieldsets[1:],
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Role"), {"fields": ["role", "state"]}),
    ]
    readonly_fields = ["is_staff", "last_login", "date_joined"]


# The committee domain's admin (programme, annual review, reminders) lives in its own module.
from committee import domain_admin  # noqa: E402, F401


@admin.register(QueuedTask)
class QueuedTaskAdmin(admin.ModelAdmin):
    """Background work waiting for the broker (committee/queue.py): read-only, it empties itself."""

    list_display = ["name", "args", "created_at", "attempts", "last_error"]
    readonly_fields = ["name", "args", "kwargs", "created_at", "attempts", "last_error"]

    def has_add_permission(self, request) -> bool:
        return False
