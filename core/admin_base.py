"""What every app's admin shares: the admin is the secretariat's tool for looking records up, and
for the records whose changes a service governs it is never a second way of writing them.

A row that moves through a workflow (a report, a match, a committee seat) is changed only by its
service, which checks the rule, records who did it and queues the side effects. Saving such a row
from an admin form would skip all of that, so those admins are read-only for everyone but a
superuser; the corrections the secretariat needs are admin actions that call the service and show
its answer (success or refusal) as a message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin


class AttributedAdmin(SimpleHistoryAdmin):
    """An admin whose saves name the acting user in the history. Records of the committee are
    kept: nothing is deleted from the admin."""

    def save_model(
        self, request: HttpRequest, obj: Model, form: ModelForm[Any], change: bool
    ) -> None:
        obj._history_user = request.user  # type: ignore[attr-defined]  # read by simple-history
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ServiceOwnedAdmin(AttributedAdmin):
    """The admin of a model whose changes go through its app's services: the secretariat reads
    it (list, detail, history) and corrects it only through the actions, which call the services.
    A superuser keeps the forms, for repairs nothing else can make."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # simple-history's "revert to this version" saves the form on POST with only the view
        # permission checked: that would be a write around the services.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def run_service[R](
    model_admin: admin.ModelAdmin[Any],
    request: HttpRequest,
    records: Iterable[R],
    step: Callable[[R], object],
    *,
    done: Callable[[int], str],
) -> int:
    """Run ``step`` (a call of a service) on each record; each refusal of the service becomes a
    warning naming the record and the service's own message, the successes one message."""
    succeeded = 0
    for record in records:
        try:
            step(record)
        except (ValidationError, PermissionDenied) as refusal:
            model_admin.message_user(
                request,
                _("%(record)s: %(reason)s") % {"record": record, "reason": _reason(refusal)},
                messages.WARNING,
            )
        else:
            succeeded += 1
    if succeeded:
        model_admin.message_user(request, done(succeeded), messages.SUCCESS)
    return succeeded


def _reason(refusal: Exception) -> str:
    if isinstance(refusal, ValidationError):
        return " ".join(refusal.messages)
    return str(refusal) or _("You may not do this.")
