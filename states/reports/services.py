"""Use cases of national reports and points of contact. Each runs in one transaction, checks
its permission rule, and records who did it (django-simple-history keeps the row's history
with the acting user)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import symbols
from core.choices import Language
from core.files import sniff_document
from core.models import User
from core.permissions import can, require
from core.search import index_on_commit
from core.services import InvalidTransition, save_with_history
from states.choices import ReportKind, ReportStatus
from states.models import MemberState
from states.notifications import tell_report_moved
from states.reports.models import NationalPointOfContact, NationalReport, ReportDocument


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
    )
    if excluding is not None:
        others = others.exclude(pk=excluding)
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


def _check_recorded_symbol(symbol: str, acting_user: User) -> None:
    """A symbol recorded when a report is filed is the one it was already issued under (a report
    received by note verbale, from the past): the staff's to record, and never one the
    Committee's register has issued to another document. A report without one gets the next
    symbol when it is published (``publish_report``)."""
    if not symbol:
        return
    if not can(acting_user, "states.file_report_on_behalf"):
        raise ValidationError(
            {"symbol": _("The secretariat gives a report its symbol when it is published.")}
        )
    symbols.check_carried_symbol(symbol)
    symbols.check_not_issued(symbol)


def _checked(document: File) -> File:
    """The upload, checked by its content (kind and size), named with the extension the content
    shows, whatever the uploaded name said."""
    extension = sniff_document(document)
    base = (document.name or "document").rsplit(".", 1)[0]
    document.name = f"{base}.{extension}"
    return document


def _check_language_free(
    report: NationalReport, language: str, *, excluding: int | None = None
) -> None:
    others = report.documents.filter(language=language)
    if excluding is not None:
        others = others.exclude(pk=excluding)
    if others.exists():
        raise ValidationError(
            {
                "language": _(
                    "This report already has a document in %(language)s: replace that one "
                    "instead of adding a second."
                )
                % {"language": Language(language).label}
            }
        )


def _reindex_if_published(report: NationalReport) -> None:
    # The search holds a published report's text in each of its languages (states/search.py).
    if report.is_published:
        index_on_commit("report", report.pk)


@transaction.atomic
def create_report(
    state: MemberState,
    *,
    kind: str,
    language: str,
    document: File,
    acting_user: User,
    title: str = "",
    symbol: str = "",
    submitted_on: date | None = None,
) -> NationalReport:
    """Start a national report for ``state`` as a draft: by its point of contact, or by the
    secretariat or an expert on the state's behalf (a report received by note verbale).
    ``document`` in ``language`` is its original; other languages are added to it later
    (``add_report_document``)."""
    require(acting_user, "states.create_report_for_state", state)
    _check_submission_date(submitted_on)
    _check_recorded_symbol(symbol, acting_user)
    if kind == ReportKind.FIRST:
        _check_no_other_first_report(state)
    document = _checked(document)
    report = NationalReport(
        state=state,
        kind=kind,
        title=title,
        symbol=symbol,
        submitted_on=submitted_on,
        created_by=acting_user,
    )
    original = ReportDocument(report=report, language=language, file=document, original=True)
    report.full_clean()
    original.full_clean(exclude=["report", "file"])
    save_with_history(report, acting_user, reason="Draft created")
    save_with_history(original, acting_user, reason="Draft created")
    return report


@transaction.atomic
def update_draft_report(
    report: NationalReport, *, acting_user: User, document: File | None = None, **changes: Any
) -> NationalReport:
    """Change a draft report's details, or its original document or that document's language.
    Only drafts change."""
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, "states.edit_report", report)
    allowed = {"kind", "language", "title", "symbol", "submitted_on"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s.") % ", ".join(sorted(unknown)))
    _check_submission_date(changes.get("submitted_on"))
    if changes.get("symbol"):
        _check_recorded_symbol(changes["symbol"], acting_user)
    if changes.get("kind") == ReportKind.FIRST:
        _check_no_other_first_report(report.state, excluding=report.pk)
    language = changes.pop("language", None)
    original = report.documents.get(original=True)
    if language is not None:
        original.language = language
        original.full_clean(exclude=["report", "file"])
        _check_language_free(report, language, excluding=original.pk)
    if document is not None:
        original.file = _checked(document)
    for name, value in changes.items():
        setattr(report, name, value)
    report.full_clean()
    save_with_history(
        report, acting_user, update_fields=[*changes, "updated_at"], reason="Draft edited"
    )
    if language is not None or document is not None:
        save_with_history(
            original,
            acting_user,
            update_fields=[
                *(["language"] if language is not None else []),
                *(["file"] if document is not None else []),
                "updated_at",
            ],
            reason="Draft edited",
        )
    return report


@transaction.atomic
def submit_report(
    report: NationalReport, *, acting_user: User, submitted_on: date | None = None
) -> NationalReport:
    """Submit a draft to the committee. The date is the one given (a report received earlier on
    paper) or today."""
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, "states.submit_report", report)
    if report.status != ReportStatus.DRAFT:
        raise InvalidTransition(
            _("This report's status is already “%(status)s”; only a draft can be submitted.")
            % {"status": report.get_status_display()}
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
    tell_report_moved(report, acting_user=acting_user)
    return report


@transaction.atomic
def publish_report(
    report: NationalReport, *, acting_user: User, symbol: str = ""
) -> NationalReport:
    """Publish a submitted report on the website (secretariat only), issued as a document of the
    Committee under its UN symbol: ``symbol`` as the staff entered it, which must be the next of
    the year (core/symbols.py), or that next one when left empty. A report filed with the symbol
    it was already issued under (a report received from the past) keeps it."""
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, "states.publish_report", report)
    if report.status != ReportStatus.SUBMITTED:
        raise InvalidTransition(
            _("Only a submitted report can be published; its status is “%(status)s”.")
            % {"status": report.get_status_display()}
        )
    if report.symbol:
        if symbol.strip() and symbol.strip() != report.symbol:
            raise ValidationError(
                {
                    "symbol": _(
                        "This report was filed with the symbol %(symbol)s; it is published "
                        "under it."
                    )
                    % {"symbol": report.symbol}
                }
            )
    else:
        report.symbol = symbols.issue_symbol(report, acting_user=acting_user, symbol=symbol).symbol
    report.status = ReportStatus.PUBLISHED
    report.published_at = timezone.now()
    save_with_history(
        report,
        acting_user,
        update_fields=["status", "symbol", "published_at", "updated_at"],
        reason="Published",
    )
    # The website's search reads the document's text once the publication has committed
    # (a task of the search's app: extracting a long PDF must not hold the request).
    index_on_commit("report", report.pk)
    tell_report_moved(report, acting_user=acting_user)
    return report


@transaction.atomic
def discard_draft_report(report: NationalReport, *, acting_user: User) -> None:
    """Delete a draft that was never submitted. Submitted and published reports are kept."""
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, "states.discard_draft_report", report)
    # The documents one by one, so that their history too names who deleted them.
    for version in report.documents.all():
        version._history_user = acting_user  # type: ignore[attr-defined]  # read by simple-history
        version.delete()
    report._history_user = acting_user  # type: ignore[attr-defined]  # read by simple-history
    report.delete()


@transaction.atomic
def add_report_document(
    report: NationalReport, *, language: str, document: File, acting_user: User
) -> ReportDocument:
    """Add the report in another of the six languages: a version the state sent, or a
    translation. By the state's point of contact or the staff before publication; to a
    published report, by the secretariat (states/reports/permissions.py). One document per
    language: a second one in a language the report has is refused."""
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    require(acting_user, "states.edit_report_documents", report)
    version = ReportDocument(report=report, language=language, original=False)
    version.full_clean(exclude=["report", "file"])
    _check_language_free(report, language)
    version.file = _checked(document)
    save_with_history(version, acting_user, reason=f"Document added ({language})")
    _reindex_if_published(report)
    return version


@transaction.atomic
def replace_report_document(
    version: ReportDocument, *, document: File, acting_user: User
) -> ReportDocument:
    """Put a corrected file in place of one language version (the same rule as adding one)."""
    report = NationalReport.objects.select_for_update().get(pk=version.report_id)
    version = ReportDocument.objects.select_for_update().get(pk=version.pk)
    require(acting_user, "states.edit_report_documents", report)
    version.file = _checked(document)
    save_with_history(
        version, acting_user, update_fields=["file", "updated_at"], reason="Document replaced"
    )
    _reindex_if_published(report)
    return version


@transaction.atomic
def mark_original(version: ReportDocument, *, acting_user: User) -> ReportDocument:
    """Make ``version`` the report's original (a report filed with a translation first): the
    mark moves from the report's other original, so there is always exactly one."""
    report = NationalReport.objects.select_for_update().get(pk=version.report_id)
    require(acting_user, "states.edit_report_documents", report)
    versions = {row.pk: row for row in report.documents.select_for_update()}
    version = versions[version.pk]
    if version.original:
        return version
    # The old mark first: the database allows one original per report at any moment.
    for other in versions.values():
        if other.original:
            other.original = False
            save_with_history(
                other,
                acting_user,
                update_fields=["original", "updated_at"],
                reason="No longer the original",
            )
    version.original = True
    save_with_history(
        version,
        acting_user,
        update_fields=["original", "updated_at"],
        reason="Marked as the original",
    )
    _reindex_if_published(report)
    return version


@transaction.atomic
def register_point_of_contact(
    state: MemberState,
    *,
    acting_user: User,
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
    contact: NationalPointOfContact, *, acting_user: User
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
    contact: NationalPointOfContact, *, acting_user: User, **changes: Any
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
