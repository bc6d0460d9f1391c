from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any, cast

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from simple_history.admin import SimpleHistoryAdmin

from core import accounts, pairing
from core.admin_base import run_service
from core.backends import role_grants
from core.models import DocumentSymbol, QueuedTask, User
from core.permissions import can

# What decides who may touch whom: core/permissions.py.
MANAGE_ACCOUNT = accounts.MANAGE_ACCOUNT

# The officer on the admin's password page: Django's view builds the form from the person alone,
# and the form's save hands the password to the service, which must know who is acting.
_password_setter: ContextVar[User] = ContextVar("password_setter")


def _officer(request: HttpRequest) -> User:
    """Who is using the admin: the admin site lets in only signed-in, active staff."""
    return cast(User, request.user)


class PasswordThroughServiceForm(AdminPasswordChangeForm):
    """The admin's password form, saved by accounts.set_account_password (which checks who may
    set whose password and records it on /audit/)."""

    def set_password_and_save(self, user: User, commit: bool = True, **kwargs: Any) -> User:
        password = (
            self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        )
        accounts.set_account_password(user, password, acting_user=_password_setter.get())
        return user


def permissions_beyond_role(actor: User, permissions: Iterable[Permission]) -> list[str]:
    """The permissions among ``permissions`` that ``actor``'s role does not hold. Groups and
    per-person permissions grant rights through Django's ModelBackend, so giving one that the
    giver's role lacks would be a way to hand out (or take) more than one has."""
    if actor.is_superuser:
        return []
    names = (f"{p.content_type.app_label}.{p.codename}" for p in permissions)
    return sorted(name for name in names if not role_grants(actor, name))


def _refuse_beyond_role(actor: User, permissions: Iterable[Permission]) -> None:
    beyond = permissions_beyond_role(actor, permissions)
    if beyond:
        raise ValidationError(
            _("Your role does not hold these permissions: %(permissions)s.")
            % {"permissions": ", ".join(beyond)}
        )


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    """People's accounts. The secretariat creates them, sets their role and state and closes
    them (the action; nobody deletes a person, whose name stays on what they did). What would
    let an account raise itself or others above the secretariat is a superuser's alone: the
    superuser flag, per-person permissions, a superuser's own account, one's own role."""

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
        # django-stubs gives Django's UserAdmin the fieldsets of any ModelAdmin, which may be
        # None; Django's own are a tuple.
        *DjangoUserAdmin.fieldsets[:1],  # type: ignore[index]
        (_("Role"), {"fields": ["role", "state"]}),
        *DjangoUserAdmin.fieldsets[1:],  # type: ignore[index]
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Role"), {"fields": ["role", "state"]}),
    ]
    actions = ["issue_pairing_code", "deactivate_selected", "reactivate_selected"]
    change_password_form = PasswordThroughServiceForm
    # The history page shows the old and new values the audit log shows (committee/models).
    history_list_display = ["history_changes"]

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        fields = ["is_staff", "last_login", "date_joined"]  # is_staff follows the role
        if obj is not None:
            # Closing and reopening an account are the actions (accounts.deactivate_account,
            # reactivate_account): unticking the box would leave the person's tokens and
            # authenticators working, and ticking it again would bring them back.
            fields.append("is_active")
        if request.user.is_superuser:
            return fields
        fields += ["is_superuser", "user_permissions"]
        if obj is not None and obj.pk == request.user.pk:
            # No self-promotion, no moving one's own account: another officer does it.
            fields += ["role", "state", "groups"]
        return fields

    def get_form(
        self, request: HttpRequest, obj: User | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[User]]:
        # Any: a class made at run time (modelform_factory), subclassed below.
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        actor = _officer(request)

        class RoleBoundForm(form):
            def clean_groups(self) -> QuerySet[Group]:
                groups = self.cleaned_data["groups"]
                held = set(self.instance.groups.all()) if self.instance.pk else set()
                added = [group.pk for group in groups if group not in held]
                _refuse_beyond_role(
                    actor,
                    Permission.objects.filter(group__in=added).select_related("content_type"),
                )
                return groups

        return RoleBoundForm

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or can(request.user, MANAGE_ACCOUNT, obj)

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: User, form: forms.ModelForm[User], change: bool
    ) -> None:
        # A form posted with nothing it may change (only read-only fields) writes no history row:
        # the audit log lists changes, not attempts.
        if change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Each person sets their own password here; only a superuser sets someone else's (the
        rule is the service's; asked first so that the page itself is refused)."""
        person = self.get_object(request, unquote(id))
        if person is not None and not (
            can(request.user, MANAGE_ACCOUNT, person)
            and can(request.user, accounts.SET_PASSWORD, person)
        ):
            raise PermissionDenied
        token = _password_setter.set(_officer(request))
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _password_setter.reset(token)

    def revert_disabled(self, request: HttpRequest, obj: User | None = None) -> bool:
        # A person's old version holds neither the password nor today's groups: saving it back
        # would wipe the password and could restore a role or flag since taken away.
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.action(description=_("Issue a pairing code"), permissions=["change"])
    def issue_pairing_code(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> TemplateResponse | None:
        """Shows each new code once, on this page only: just its hash is stored."""
        issued: list[dict[str, Any]] = []
        for user in queryset.order_by("username"):
            try:
                code, record = pairing.issue_pairing_code(user, acting_user=_officer(request))
            except (ValidationError, PermissionDenied) as refused:
                reason = (
                    " ".join(refused.messages)
                    if isinstance(refused, ValidationError)
                    else str(refused)
                )
                self.message_user(request, reason, messages.ERROR)
                continue
            issued.append({"user": user, "code": code, "expires_at": record.expires_at})
        if not issued:
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Pairing codes"),
            "issued": issued,
        }
        response = TemplateResponse(request, "account/pairing_codes_issued.html", context)
        # A page holding secrets: never kept by the browser or a proxy.
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("Deactivate the selected accounts"), permissions=["change"])
    def deactivate_selected(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> TemplateResponse | None:
        """Asks first (the page lists who would lose access), then closes each account through
        accounts.deactivate_account, whose refusals come back as messages."""
        people = list(queryset.select_related("state").order_by("username"))
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Deactivate accounts"),
                "people": people,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/committee/user/deactivate_selected_confirmation.html", context
            )
        run_service(
            self,
            request,
            people,
            lambda person: accounts.deactivate_account(person, acting_user=_officer(request)),
            done=lambda count: (
                ngettext(
                    "%(count)d account deactivated; its API tokens and authenticators were "
                    "revoked.",
                    "%(count)d accounts deactivated; their API tokens and authenticators were "
                    "revoked.",
                    count,
                )
                % {"count": count}
            ),
        )
        return None

    @admin.action(description=_("Reactivate the selected accounts"), permissions=["change"])
    def reactivate_selected(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        run_service(
            self,
            request,
            queryset.order_by("username"),
            lambda person: accounts.reactivate_account(person, acting_user=_officer(request)),
            done=lambda count: (
                ngettext(
                    "%(count)d account reactivated; it needs a new API token and, for a "
                    "two-factor role, a new pairing code.",
                    "%(count)d accounts reactivated; they need new API tokens and, for "
                    "two-factor roles, new pairing codes.",
                    count,
                )
                % {"count": count}
            ),
        )


# Django's own group admin, with the same bound: the secretariat may not put into a group a
# permission its role does not hold (and then be given it through that group).
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    def get_form(
        self, request: HttpRequest, obj: Group | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Group]]:
        # Any: a class made at run time (modelform_factory), subclassed below.
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        actor = _officer(request)

        class RoleBoundForm(form):
            def clean_permissions(self) -> QuerySet[Permission]:
                permissions = self.cleaned_data["permissions"]
                held = set(self.instance.permissions.all()) if self.instance.pk else set()
                _refuse_beyond_role(
                    actor, [permission for permission in permissions if permission not in held]
                )
                return permissions

        return RoleBoundForm


@admin.register(QueuedTask)
class QueuedTaskAdmin(admin.ModelAdmin):
    """Background work waiting for the broker (core/queue.py): read-only, it empties itself."""

    list_display = ["name", "args", "created_at", "attempts", "last_error"]
    readonly_fields = ["name", "args", "kwargs", "created_at", "attempts", "last_error"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: QueuedTask | None = None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: QueuedTask | None = None) -> bool:
        # A row deleted here is a mail or a build that silently never happens.
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(DocumentSymbol)
class DocumentSymbolAdmin(admin.ModelAdmin):
    """The register of the symbols the Committee has issued (core/symbols.py): read-only for
    everyone, a superuser included. A symbol is issued by publishing or circulating its
    document; one changed or deleted here would leave a gap or a duplicate in the year."""

    list_display = ["symbol", "content_type", "object_id", "issued_at", "issued_by"]
    list_filter = ["year", "content_type"]
    search_fields = ["symbol"]
    list_select_related = ["content_type", "issued_by"]
    readonly_fields = [
        "year",
        "number",
        "symbol",
        "content_type",
        "object_id",
        "issued_at",
        "issued_by",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: DocumentSymbol | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: DocumentSymbol | None = None
    ) -> bool:
        return False


# Secrets: an authenticator's key and an API token belong to their owner alone. The admins that
# django-otp and django-rest-knox register would show the key (and a QR code of it) or let the
# secretariat make a token for anyone, that is act as them without their second factor. These
# replace them: the secretariat sees who holds what and may revoke it (delete), nothing more.
# Recovery codes (django-otp's static tokens) have no admin at all: their owner issues them on
# their own page, and revoking the authenticator revokes them too (core/accounts.py).
for _model in (TOTPDevice, AuthToken, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class RevokeOnlyAdmin(admin.ModelAdmin):
    """Listed and revoked, never created or edited here. Revoking (Django's delete, with its
    confirmation page) is the service ``revoke``, which checks that the officer may manage the
    owner's account (a superuser's is a superuser's alone) and records it on the owner's history.
    """

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: TOTPDevice | AuthToken | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: TOTPDevice | AuthToken | None = None
    ) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or can(request.user, MANAGE_ACCOUNT, obj.user)

    def revoke(self, obj: TOTPDevice | AuthToken, *, acting_user: User) -> None:
        raise NotImplementedError

    def get_queryset(self, request: HttpRequest) -> QuerySet[TOTPDevice | AuthToken]:
        return super().get_queryset(request).select_related("user")

    def delete_model(self, request: HttpRequest, obj: TOTPDevice | AuthToken) -> None:
        self.revoke(obj, acting_user=_officer(request))

    @transaction.atomic
    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[TOTPDevice | AuthToken]
    ) -> None:
        # Django's "delete selected" already refused the lot if any one is not this officer's
        # to revoke; the service checks each again.
        for obj in queryset.select_related("user"):
            self.revoke(obj, acting_user=_officer(request))


@admin.register(TOTPDevice)
class AuthenticatorAdmin(RevokeOnlyAdmin):
    """Paired authenticator apps. Deleting one makes its owner pair again, with a pairing code
    the secretariat issues (UserAdmin's action)."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = readonly_fields = ("user", "name", "confirmed", "created_at", "last_used_at")

    def revoke(self, obj: TOTPDevice, *, acting_user: User) -> None:
        accounts.revoke_authenticator(obj, acting_user=acting_user)


@admin.register(AuthToken)
class APITokenAdmin(RevokeOnlyAdmin):
    """API tokens, by owner. Only a digest is stored; the token itself was shown once to its
    owner, who asks /api/v1/auth/token/ for a new one."""

    list_display = ["user", "created", "expiry"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    ordering = ["-created"]
    fields = readonly_fields = ("user", "created", "expiry")

    def revoke(self, obj: AuthToken, *, acting_user: User) -> None:
        accounts.revoke_api_token(obj, acting_user=acting_user)


# The sign-in half of /audit/ (core/audit.py) is django-axes' access logs: shown here, never
# edited or deleted, by anyone (axes_reset_logs prunes them by age).
class SignInLogAdmin:
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AccessLog | AccessFailureLog | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: AccessLog | AccessFailureLog | None = None
    ) -> bool:
        return False


class AccessLogAdmin(SignInLogAdmin, axes_admin.AccessLogAdmin):
    pass


class AccessFailureLogAdmin(SignInLogAdmin, axes_admin.AccessFailureLogAdmin):
    pass


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    """The current lock-outs: deleting one unlocks the person (the logs above keep the attempts);
    its form has nothing to change."""

    def has_change_permission(self, request: HttpRequest, obj: AccessAttempt | None = None) -> bool:
        return False


# Importing axes.admin (above) has registered axes' own admins, whatever the order of the apps.
for _model, _model_admin in (
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
    (AccessAttempt, AccessAttemptAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(_model, _model_admin)
