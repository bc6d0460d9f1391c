"""Use cases of national reports and points of contact. Each runs in one transaction, checks
its permission rule, and records who did it (django-simple-history keeps the row's history
with the acting user)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import sniff_document
from core.permissions import require
from core.search import index_on_commit
from core.services import InvalidTransition, save_with_history
from states.choices import ReportKind, ReportStatus
from states.models import MemberState
from states.reports.models import NationalPointOfContact, NationalReport


def _check_submission_date(submitted_on: date | None) -> None:
    if submitted_on is not None and submitted_on > timezone.localdate():
        raise ValidationError(
            {"submitted_on": _("The date of submission cannot be in the future.")}
        )


def _check_no_other_first_report(state: MemberState, *, excluding: int | None = None) -> None:
    others = NationalReport.objects.filter(
        state=state,
        kind=ReportKind.FIRST,
        status__in=[ReportStatus.SUBMITTED, ReportStatus.PUBLISHED],
    ).exclude(pk=excluding)
    if others.exists():
        raise ValidationError(
            {
                "kind": _(
                    "%(state)s has already submitted its first report; file this one as an "
                    "additional report."
                )
                % {"state": state.name}
            }
        )


def _attach_document(report: NationalReport, document: File) -> None:
    extension = sniff_document(document)
    base = (document.name or "document").rsplit(".", 1)[0]
    # Store under the extension the content shows, whatever the uploaded name said.
    document.name = f"{base}.{extension}"
    report.document = document


@transaction.atomic
def create_report(
    state: MemberState,
    *,
    kind: str,
    language: str,
    document: File,
    acting_user,
    title: str = "",
    symbol: str = "",
    submitted_on: date | None = None,
) -> NationalReport:
    """Start a national report for ``state`` as a draft: by its point of contact, or by the
    secretariat or an expert on the state's behalf (a report received by note verbale)."""
    require(acting_user, "states.create_report_for_state", state)
    _check_submission_date(submitted_on)
    if kind == ReportKind.FIRST:
        _check_no_other_first_report(state)
    report = NationalReport(
        state=state,
        kind=kind,
        language=language,
        title=title,
        symbol=symbol,
        submitted_on=submitted_on,
        created_by=acting_user,
    )
    _attach_document(report, document)
    report.full_clean(exclude=["document"])
    save_with_history(report, acting_user, reason="Draft created")
    return report


@transaction.atomic
def update_draft_report(
    report: NationalReport, *, acting_user, document: File | None = None, **changes
) -> NationalReport:
    """Change a draft report's details or replace its document. Only drafts change."""
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, "states.edit_report", report)
    allowed = {"kind", "language", "title", "symbol", "submitted_on"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s.") % ", ".join(sorted(unknown)))
    _check_submission_date(changes.get("submitted_on"))
    if changes.get("kind") == ReportKind.FIRST:
        _check_no_other_first_report(report.state, excluding=report.pk)
    for name, value in changes.items():
        setattr(report, name, value)
    fields = list(changes)
    if document is not None:
        _attach_document(report, document)
        fields.append("document")
    report.full_clean(exclude=["document"])
    save_with_history(
        report, acting_user, update_fields=[*fields, "updated_at"], reason="Draft edited"
    )
    return report


@transaction.atomic
def submit_report(
    report: NationalReport, *, acting_user, submitted_on: date | None = None
) -> NationalReport:
    """Submit a draft to the committee. The date is the one given (a report received earlier on
    paper) or today."""
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, "states.submit_report", report)
    if report.status != ReportStatus.DRAFT:
        raise InvalidTransition(
            _("This report is already %(status)s; only a draft can be submitted.")
            % {"status": report.get_status_display().lower()}
        )
    _check_submission_date(submitted_on)
    if report.kind == ReportKind.FIRST:
        _check_no_other_first_report(report.state, excluding=report.pk)
    report.status = ReportStatus.SUBMITTED
    report.submitted_on = submitted_on or report.submitted_on or timezone.localdate()
    report.submitted_by = acting_user
    try:
        with transaction.atomic():
            save_with_history(
                report,
                acting_user,
                update_fields=["status", "submitted_on", "submitted_by", "updated_at"],
                reason="Submitted",
            )
    except IntegrityError:
        # Two first reports submitted at the same moment: the database's constraint decides.
        _check_no_other_first_report(report.state, excluding=report.pk)
        raise
    return report


@transaction.atomic
def publish_report(report: NationalReport, *, acting_user) -> NationalReport:
    """Publish a submitted report on the website (secretariat only)."""
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, "states.publish_report", report)
    if report.status != ReportStatus.SUBMITTED:
        raise InvalidTransition(
            _("Only a submitted report can be published; this one is %(status)s.")
            % {"status": report.get_status_display().lower()}
        )
    report.status = ReportStatus.PUBLISHED
    report.published_at = timezone.now()
    save_with_history(
        report,
        acting_user,
        update_fields=["status", "published_at", "updated_at"],
        reason="Published",
    )
    # The website's search reads the document's text once the publication has committed
    # (a task of the search's app: extracting a long PDF must not hold the request).
    index_on_commit("report", report.pk)
    return report


@transaction.atomic
def discard_draft_report(report: NationalReport, *, acting_user) -> None:
    """Delete a draft that was never submitted. Submitted and published reports are kept."""
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, "states.discard_draft_report", report)
    report._history_user = acting_user
    report.delete()


@transaction.atomic
def register_point_of_contact(
    state: MemberState,
    *,
    acting_user,
    name: str,
    agency: str,
    email: str,
    since: date,
    title: str = "",
    phone: str = "",
) -> NationalPointOfContact:
    """Record a national point of contact that a state has designated (secretariat only)."""
    require(acting_user, "states.manage_points_of_contact", state)
    if since > timezone.localdate():
        raise ValidationError({"since": _("The start date cannot be in the future.")})
    if NationalPointOfContact.objects.filter(
        state=state, email__iexact=email, active=True
    ).exists():
        raise ValidationError(
            {
                "email": _("%(state)s already has an active point of contact with this e-mail.")
                % {"state": state.name}
            }
        )
    contact = NationalPointOfContact(
        state=state, name=name, agency=agency, email=email, since=since, title=title, phone=phone
    )
    contact.full_clean()
    save_with_history(contact, acting_user, reason="Registered")
    return contact


@transaction.atomic
def deactivate_point_of_contact(
    contact: NationalPointOfContact, *, acting_user
) -> NationalPointOfContact:
    """Mark a point of contact as no longer serving; the record is kept for history."""
    contact = NationalPointOfContact.objects.select_for_update().get(pk=contact.pk)
    require(acting_user, "states.manage_points_of_contact", contact.state)
    if not contact.active:
        raise InvalidTransition(_("This point of contact is already inactive."))
    contact.active = False
    contact.deactivated_on = timezone.localdate()
    save_with_history(
        contact, acting_user, update_fields=["active", "deactivated_on"], reason="Deactivated"
    )
    return contact


@transaction.atomic
def update_point_of_contact(
    contact: NationalPointOfContact, *, acting_user, **changes
) -> NationalPointOfContact:
    """Correct a point of contact's details (secretariat only)."""
    contact = NationalPointOfContact.objects.select_for_update().get(pk=contact.pk)
    require(acting_user, "states.manage_points_of_contact", contact.state)
    allowed = {"name", "title", "agency", "email", "phone", "since"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s.") % ", ".join(sorted(unknown)))
    if "since" in changes and changes["since"] > timezone.localdate():
        raise ValidationError({"since": _("The start date cannot be in the future.")})
    for name, value in changes.items():
        setattr(contact, name, value)
    contact.full_clean()
    save_with_history(contact, acting_user, update_fields=list(changes), reason="Details changed")
    return contact
