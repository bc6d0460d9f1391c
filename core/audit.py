"""The audit log for the secretariat: who signed in (or failed to), and who changed what.

Changes come from the history tables of simple-history (one per recorded model), sign-ins from
django-axes' access logs. Each list is one UNION query, newest first, paged by time ("older than
the last row shown") so that a page costs the same however long the history grows; the records a
page names are then fetched with one query per kind of record on that page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any, cast

from axes.models import AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    BooleanField,
    CharField,
    DateTimeField,
    F,
    Model,
    QuerySet,
    TextField,
    Value,
)
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import registered_models
from simple_history.utils import get_history_manager_for_model

PAGE_SIZE = 50

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}

# The reasons the code writes into the history of a change, in English (one language for the
# record): the audit log and a record's history name them in the reader's language. A reason
# that people typed (why a request was withdrawn) is shown as they typed it, after the part the
# code wrote ("Withdrawn: ..."), and a reason written before this list, as it was.
HISTORY_REASONS: dict[str, Promise] = {
    "Added": pgettext_lazy("change history", "Added"),
    "Added to the roster": pgettext_lazy("change history", "Added to the roster"),
    "Address replaced": pgettext_lazy("change history", "Address replaced"),
    "Approved by the committee": pgettext_lazy("change history", "Approved by the committee"),
    "Build failed": pgettext_lazy("change history", "Build failed"),
    "Build requested": pgettext_lazy("change history", "Build requested"),
    "Build started": pgettext_lazy("change history", "Build started"),
    "Built": pgettext_lazy("change history", "Built"),
    "Cancelled": pgettext_lazy("change history", "Cancelled"),
    "Chair appointed": pgettext_lazy("change history", "Chair appointed"),
    "Change proposed by the state adopted": pgettext_lazy(
        "change history", "Change proposed by the state adopted"
    ),
    "Circulated": pgettext_lazy("change history", "Circulated"),
    "Comment from the state": pgettext_lazy("change history", "Comment from the state"),
    "Comments returned by the state": pgettext_lazy(
        "change history", "Comments returned by the state"
    ),
    "Comment adopted": pgettext_lazy("change history", "Comment adopted"),
    "Comment noted": pgettext_lazy("change history", "Comment noted"),
    "Comment declined": pgettext_lazy("change history", "Comment declined"),
    "Created": pgettext_lazy("change history", "Created"),
    "Deactivated": pgettext_lazy("change history", "Deactivated"),
    "Deactivated; API tokens and authenticators revoked": pgettext_lazy(
        "change history", "Deactivated; API tokens and authenticators revoked"
    ),
    "Demo data": pgettext_lazy("change history", "Demo data"),
    "Details changed": pgettext_lazy("change history", "Details changed"),
    "Document added": pgettext_lazy("change history", "Document added"),
    "Document replaced": pgettext_lazy("change history", "Document replaced"),
    "Draft created": pgettext_lazy("change history", "Draft created"),
    "Draft edited": pgettext_lazy("change history", "Draft edited"),
    "Drafted": pgettext_lazy("change history", "Drafted"),
    "Edited": pgettext_lazy("change history", "Edited"),
    "Entry edited": pgettext_lazy("change history", "Entry edited"),
    "Established (programme of work, paragraph 4)": pgettext_lazy(
        "change history", "Established (programme of work, paragraph 4)"
    ),
    "Feedback recorded": pgettext_lazy("change history", "Feedback recorded"),
    "Follow-up note": pgettext_lazy("change history", "Follow-up note"),
    "Imported from open data": pgettext_lazy("change history", "Imported from open data"),
    "Letter generated": pgettext_lazy("change history", "Letter generated"),
    "Loaded from the data file": pgettext_lazy("change history", "Loaded from the data file"),
    "Marked as the original": pgettext_lazy("change history", "Marked as the original"),
    "Meeting moved": pgettext_lazy("change history", "Meeting moved"),
    "Moved": pgettext_lazy("change history", "Moved"),
    "No longer the original": pgettext_lazy("change history", "No longer the original"),
    "Outcome recorded": pgettext_lazy("change history", "Outcome recorded"),
    "Password changed": pgettext_lazy("change history", "Password changed"),
    "Password sign-in disabled": pgettext_lazy("change history", "Password sign-in disabled"),
    "Progress recorded": pgettext_lazy("change history", "Progress recorded"),
    "Proposed": pgettext_lazy("change history", "Proposed"),
    "Published": pgettext_lazy("change history", "Published"),
    "Reactivated; earlier API tokens and authenticators stay revoked": pgettext_lazy(
        "change history", "Reactivated; earlier API tokens and authenticators stay revoked"
    ),
    "Rebuild requested": pgettext_lazy("change history", "Rebuild requested"),
    "Rebuilt": pgettext_lazy("change history", "Rebuilt"),
    "Received": pgettext_lazy("change history", "Received"),
    "Recorded": pgettext_lazy("change history", "Recorded"),
    "Refreshed from the data file": pgettext_lazy("change history", "Refreshed from the data file"),
    "Registered": pgettext_lazy("change history", "Registered"),
    "Restarted after stalling": pgettext_lazy("change history", "Restarted after stalling"),
    "Roster entry changed": pgettext_lazy("change history", "Roster entry changed"),
    "Scheduled": pgettext_lazy("change history", "Scheduled"),
    "Scheduled build": pgettext_lazy("change history", "Scheduled build"),
    "Seated": pgettext_lazy("change history", "Seated"),
    "Sent to the state": pgettext_lazy("change history", "Sent to the state"),
    "Status": pgettext_lazy("change history", "Status"),
    "Submitted": pgettext_lazy("change history", "Submitted"),
    "Term ended": pgettext_lazy("change history", "Term ended"),
    "Unpublished": pgettext_lazy("change history", "Unpublished"),
    "Withdrawn": pgettext_lazy("change history", "Withdrawn"),
    "Wording edited": pgettext_lazy("change history", "Wording edited"),
    "Acknowledged": pgettext_lazy("change history", "Acknowledged"),
    "Circulated to providers": pgettext_lazy("change history", "Circulated to providers"),
    "Matched": pgettext_lazy("change history", "Matched"),
    "In progress": pgettext_lazy("change history", "In progress"),
    "Completed": pgettext_lazy("change history", "Completed"),
    "Closed": pgettext_lazy("change history", "Closed"),
    "Providers contacted": pgettext_lazy("change history", "Providers contacted"),
    "Agreed": pgettext_lazy("change history", "Agreed"),
    "Delivered": pgettext_lazy("change history", "Delivered"),
    "Planned": pgettext_lazy("change history", "Planned"),
    "Confirmed": pgettext_lazy("change history", "Confirmed"),
    "Held": pgettext_lazy("change history", "Held"),
    "Invitation received": pgettext_lazy("change history", "Invitation received"),
    "Invitation accepted": pgettext_lazy("change history", "Invitation accepted"),
    "Report issued": pgettext_lazy("change history", "Report issued"),
    "Follow-up": pgettext_lazy("change history", "Follow-up"),
    "Called off": pgettext_lazy("change history", "Called off"),
    "Participants": pgettext_lazy("change history", "Participants"),
    "Done": pgettext_lazy("change history", "Done"),
    "Removed": pgettext_lazy("change history", "Removed"),
}


def reason_label(reason: str) -> str:
    """A change's reason in the reader's language: "Withdrawn: not needed" in French reads
    "Retiré : not needed", "Progress recorded (12)" reads "Avancement consigné (12)"."""
    if reason in HISTORY_REASONS:
        return str(HISTORY_REASONS[reason])
    for separator in (": ", " ("):
        head, found, tail = reason.partition(separator)
        if found and head in HISTORY_REASONS:
            return f"{HISTORY_REASONS[head]}{separator}{reason_label(tail)}"
    return reason


def recorded_models() -> dict[str, type[Model]]:
    """The models whose changes are recorded, by label ("states.NationalReport"), in the order
    of their names."""
    models = {
        model._meta.label: model
        for model in registered_models.values()
        if hasattr(model, "history") and not model._meta.auto_created
    }
    return dict(sorted(models.items(), key=lambda item: str(item[1]._meta.verbose_name)))


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        label=_("Person (user name)"), required=False, max_length=150, strip=True
    )
    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    before = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def clean_before(self) -> datetime | None:
        """The time of the last row of the previous page: within the years the system has run."""
        before = self.cleaned_data.get("before")
        if before is None:
            return None
        if timezone.is_naive(before):
            before = timezone.make_aware(before)
        earliest = datetime(2004, 4, 28, tzinfo=UTC)  # resolution 1540 was adopted
        if not earliest <= before <= timezone.now() + timedelta(days=1):
            raise forms.ValidationError(_("This is not a time of the audit log."))
        return before.astimezone(UTC)

    def __init__(self, *args: Any, kinds: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds:
            choices: list[tuple[str, str | Promise]] = [("", _("All kinds"))] + [
                (label, str(model._meta.verbose_name).capitalize())
                for label, model in recorded_models().items()
            ]
            cast(forms.ChoiceField, self.fields["kind"]).choices = choices
        else:
            del self.fields["kind"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("“From” must not be after “To”."))
        today = timezone.localdate()
        if since and since > today:
            self.add_error("since", _("This date is in the future: nothing was recorded yet."))
        return data

    def time_bounds(self) -> dict[str, datetime]:
        """The filter on the time column: from the start of ``since`` to the end of ``until``,
        and strictly before ``before`` (the last row of the previous page)."""
        data = self.cleaned_data
        bounds: dict[str, datetime] = {}
        if data.get("since"):
            bounds["gte"] = timezone.make_aware(datetime.combine(data["since"], time.min))
        if data.get("until"):
            bounds["lte"] = timezone.make_aware(datetime.combine(data["until"], time.max))
        if data.get("before"):
            bounds["lt"] = data["before"]
        return bounds


def _timed[Q: QuerySet[Any]](queryset: Q, column: str, bounds: dict[str, datetime]) -> Q:
    return queryset.filter(**{f"{column}__{lookup}": value for lookup, value in bounds.items()})


@dataclass
class Change:
    at: datetime
    action: str
    person: str
    kind: str
    label: str
    object_id: int
    reason: str
    changes: str = ""
    record: object | None = None
    history_url: str = ""

    @property
    def action_label(self) -> str:
        return str(ACTIONS.get(self.action, self.action))


def changes(form: AuditFilterForm) -> tuple[list[Change], datetime | None]:
    """One page of changes, newest first, and the time to pass as ``before`` for the next page
    (None on the last page)."""
    data = form.cleaned_data
    models = recorded_models()
    if data.get("kind"):
        models = {data["kind"]: models[data["kind"]]}
    bounds = form.time_bounds()
    parts = []
    for label, model in models.items():
        history = _timed(get_history_manager_for_model(model).all(), "history_date", bounds)
        if data.get("person"):
            history = history.filter(history_user__username__iexact=data["person"])
        parts.append(
            history.order_by()
            .annotate(
                audit_kind=Value(label, output_field=CharField()),
                audit_person=F("history_user__username"),
                audit_changes=_changes_column(history.model),
            )
            .values_list(
                "history_date",
                "history_type",
                "audit_person",
                "audit_kind",
                "id",
                "history_change_reason",
                "audit_changes",
            )
        )
    first, *rest = parts
    rows = list(first.union(*rest, all=True).order_by("-history_date")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    page = [
        Change(
            at=at,
            action=action,
            person=person or "",
            kind=str(models[kind]._meta.verbose_name),
            label=kind,
            object_id=object_id,
            reason=reason_label(reason or ""),
            changes=changed or "",
        )
        for at, action, person, kind, object_id, reason, changed in rows
    ]
    _attach_records(page, models)
    return page, (page[-1].at if more else None)


def _changes_column(history_model: type[Model]) -> F | Value:
    """The old and new values a history row wrote down (a person's history does, see
    core/models/people.py); the other kinds show theirs on the history page."""
    try:
        history_model._meta.get_field("history_changes")
    except FieldDoesNotExist:
        return Value("", output_field=TextField())
    return F("history_changes")


def _parents(model: type[Model], depth: int = 2) -> list[str]:
    """The foreign keys of ``model``, and theirs, ``depth`` levels down: what a record's name
    shows (a report's state, an offer's provider, a match's offer and its provider) comes in the
    same query as the record."""
    paths = []
    for field in model._meta.concrete_fields:
        if field.many_to_one:
            paths.append(field.name)
            if depth > 1 and field.related_model is not None:
                paths += [f"{field.name}__{path}" for path in _parents(field.related_model, 1)]
    return paths


def _attach_records(page: list[Change], models: dict[str, type[Model]]) -> None:
    """Name each change's record (one query per kind on the page) and link its history."""
    wanted: dict[str, set[int]] = {}
    for change in page:
        wanted.setdefault(change.label, set()).add(change.object_id)
    for label, ids in wanted.items():
        model = models[label]
        records = model._default_manager.all()
        if parents := _parents(model):
            records = records.select_related(*parents)
        by_id = records.in_bulk(ids)
        for change in page:
            if change.label == label:
                change.record = by_id.get(change.object_id)
                if admin.site.is_registered(model):
                    try:
                        change.history_url = reverse(
                            f"admin:{model._meta.app_label}_{model._meta.model_name}_history",
                            args=[change.object_id],
                        )
                    except NoReverseMatch:  # pragma: no cover - every admin has a history page
                        change.history_url = ""


@dataclass
class SignIn:
    at: datetime
    person: str
    address: str
    outcome: str
    signed_out: datetime | None

    @property
    def outcome_label(self) -> str:
        return str(
            {
                "signed-in": _("signed in"),
                "failed": _("wrong password"),
                "locked-out": _("wrong password, account locked"),
            }[self.outcome]
        )


def sign_ins(form: AuditFilterForm) -> tuple[list[SignIn], datetime | None]:
    """One page of sign-ins and failed attempts, newest first, and the ``before`` of the next
    page (None on the last page)."""
    data = form.cleaned_data
    bounds = form.time_bounds()
    succeeded = _timed(AccessLog.objects.order_by(), "attempt_time", bounds).annotate(
        audit_outcome=Value("signed-in", output_field=CharField()),
        audit_signed_out=F("logout_time"),
        audit_locked=Value(False, output_field=BooleanField()),
    )
    failed = _timed(AccessFailureLog.objects.order_by(), "attempt_time", bounds).annotate(
        audit_outcome=Value("failed", output_field=CharField()),
        audit_signed_out=Value(None, output_field=DateTimeField()),
        audit_locked=F("locked_out"),
    )
    if data.get("person"):
        succeeded = succeeded.filter(username__iexact=data["person"])
        failed = failed.filter(username__iexact=data["person"])
    columns = (
        "attempt_time",
        "username",
        "ip_address",
        "audit_outcome",
        "audit_signed_out",
        "audit_locked",
    )
    succeeded = succeeded.values_list(*columns)
    failed = failed.values_list(*columns)
    rows = list(succeeded.union(failed, all=True).order_by("-attempt_time")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    page = [
        SignIn(
            at=at,
            person=person or "",
            address=address or "",
            outcome="locked-out" if locked else outcome,
            signed_out=signed_out,
        )
        for at, person, address, outcome, signed_out, locked in rows[:PAGE_SIZE]
    ]
    return page, (page[-1].at if more else None)
