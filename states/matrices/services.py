"""Use cases of the 1540 matrix (programme of work 8(d)): the experts draft a state's matrix,
send it to the state with a letter, the state's point of contact comments field by field, the
experts revise, the secretariat records the committee's approval and publishes.

Every step runs in one transaction, checks its permission rule first, locks the matrix it moves,
refuses a step its status does not allow with ``InvalidTransition`` (HTTP 409) and saves through
``save_with_history`` so that the history names the person on every channel.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from core import correspondence
from core.choices import Language
from core.exports import restore_cell
from core.files import sniff_document
from core.models import User
from core.pdf import language_refused, locale_of
from core.permissions import require
from core.queue import enqueue
from core.services import InvalidTransition, save_with_history
from states.matrices.choices import (
    APPROVED_STATUSES,
    CommentKind,
    CommentResponse,
    MatrixMark,
    MatrixStatus,
)
from states.matrices.models import Matrix, MatrixComment, MatrixEntry, MatrixField, MatrixTemplate
from states.models import COUNTS_AS_REPORTED, MemberState, NationalReport
from states.notifications import tell_matrix_commented, tell_matrix_sent

# Long enough for an act, its articles and a remark; short enough that a pasted document is refused.
MAX_TEXT = 2000
OPEN_DATA_COLUMNS = [
    "iso3",
    "state",
    "regional_group",
    "version",
    "approved_on",
    "published_on",
    "template",
    "section",
    "field_code",
    "weapon_type",
    "column",
    "field_text",
    "mark",
    "legal_reference",
    "source",
]


class StaleEntry(InvalidTransition):
    """A save made from an out-of-date copy of an entry: a colleague saved it in the meantime.
    ``conflicts`` says which entries, as they are now, so the page can show them."""

    def __init__(self, message: str, conflicts: list[MatrixEntry]) -> None:
        super().__init__(message, code="stale")
        self.conflicts = conflicts


def _status_name(matrix: Matrix) -> str:
    # The label as the reader sees it on the page, quoted in the message: lowercasing a
    # translated label is not a rule of every language.
    return str(matrix.get_status_display())


def _lock(matrix: Matrix) -> Matrix:
    return Matrix.objects.select_for_update().select_related("state", "template").get(pk=matrix.pk)


def _checked(
    matrix: Matrix,
    acting_user: User,
    perm: str,
    *,
    allowed: Collection[str],
    wrong_status: str,
) -> Matrix:
    """Lock ``matrix`` and check that ``acting_user`` holds ``perm`` on it and that its status is
    one of ``allowed`` (``wrong_status`` names the status it has)."""
    matrix = _lock(matrix)
    require(acting_user, perm, matrix)
    if matrix.status not in allowed:
        raise InvalidTransition(wrong_status % {"status": _status_name(matrix)})
    return matrix


def _move(
    matrix: Matrix,
    acting_user: User,
    status: str,
    step: str,
    *,
    reason: str,
    at: datetime | None = None,
) -> None:
    """Move ``matrix`` to ``status``, recording who and when in ``<step>_by`` and ``<step>_at``,
    with a history record giving ``reason``."""
    matrix.status = status
    setattr(matrix, f"{step}_at", at or timezone.now())
    setattr(matrix, f"{step}_by", acting_user)
    save_with_history(
        matrix,
        acting_user,
        update_fields=["status", f"{step}_at", f"{step}_by", "updated_at"],
        reason=reason,
    )


def current_template() -> MatrixTemplate:
    template = MatrixTemplate.objects.filter(is_current=True).first()
    if template is None:
        raise ValidationError(
            _("No matrix template is in use yet: load one with manage.py load_matrix_template.")
        )
    return template


# The entry's values that are ids or numbers (MatrixEntry.VALUE_FIELDS): the report and the act
# cited, and the page of the report. The others are text.
NUMBER_VALUES = ("source_report_id", "source_page", "legislation_id")
# A report runs to a few hundred pages, its annexes included.
MAX_PAGE = 10_000
official_address = URLValidator(schemes=["http", "https"])


def _clean_number(name: str, value: object) -> int | None:
    """A number value of an entry as given by a form, the API or a spreadsheet: an integer, a
    text of digits, or nothing (None or empty)."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        if name == "source_page":
            raise ValidationError(_("Give the page as a whole number, such as 12."))
        raise ValidationError(_("Choose it from the list (give its number)."))
    if name == "source_page" and value > MAX_PAGE:
        raise ValidationError(
            _("A report has no page %(page)d: give the page where the report says it.")
            % {"page": value}
        )
    return value


def _clean_values(values: Mapping[str, object], *, prefix: str = "") -> dict[str, Any]:
    """Check the values of an entry; errors are keyed by field so forms and the API show them
    beside the input at fault. Texts come back stripped, the report, page and act as numbers
    or None. Whether the report and the act are the matrix's state's: ``_check_sources``."""
    unknown = set(values) - set(MatrixEntry.VALUE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s.") % ", ".join(sorted(unknown)))
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name in NUMBER_VALUES:
            try:
                cleaned[name] = _clean_number(name, value)
            except ValidationError as error:
                errors[prefix + name] = " ".join(error.messages)
            continue
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors[prefix + name] = _("Give this as text.")
            continue
        value = value.strip()
        if name == "mark" and value not in MatrixMark.values:
            errors[prefix + name] = _(
                "“%(value)s” is not a mark: use X, ?, NA or leave it empty."
            ) % {"value": value}
        elif len(value) > MAX_TEXT:
            errors[prefix + name] = _(
                "This is %(length)d characters long; the limit is %(limit)d."
            ) % {"length": len(value), "limit": MAX_TEXT}
        elif name == "source_url" and value:
            try:
                official_address(value)
            except ValidationError:
                errors[prefix + name] = _(
                    "Give the full official address, starting with https:// or http://."
                )
            else:
                if len(value) > 500:
                    errors[prefix + name] = _("This address is longer than 500 characters.")
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_sources(matrix: Matrix, values_by_prefix: Mapping[str, Mapping[str, Any]]) -> None:
    """The national report and the act that entries cite must be the matrix's own state's, and
    the report one the state has submitted (a draft is not yet the state's word). Two queries
    for a whole section; errors keyed by ``prefix + field`` as ``_clean_values``'s."""
    from states.models import NationalLegislation, NationalReport

    report_ids = {
        v["source_report_id"] for v in values_by_prefix.values() if v.get("source_report_id")
    }
    act_ids = {v["legislation_id"] for v in values_by_prefix.values() if v.get("legislation_id")}
    reports = (
        {r.pk: r for r in NationalReport.objects.filter(pk__in=report_ids)} if report_ids else {}
    )
    acts = {a.pk: a for a in NationalLegislation.objects.filter(pk__in=act_ids)} if act_ids else {}
    errors: dict[str, str] = {}
    for prefix, values in values_by_prefix.items():
        report_id, act_id = values.get("source_report_id"), values.get("legislation_id")
        if report_id:
            report = reports.get(report_id)
            if report is None:
                errors[prefix + "source_report_id"] = _("There is no national report %(id)s.") % {
                    "id": report_id
                }
            elif report.state_id != matrix.state_id:
                errors[prefix + "source_report_id"] = _(
                    "This national report is another state's: an entry of the matrix of "
                    "%(state)s cites a report of %(state)s."
                ) % {"state": matrix.state.name}
            elif report.is_draft:
                errors[prefix + "source_report_id"] = _(
                    "This national report is still a draft: cite a report the state has submitted."
                )
        if act_id:
            act = acts.get(act_id)
            if act is None:
                errors[prefix + "legislation_id"] = _(
                    "There is no act %(id)s in the register of national legislation."
                ) % {"id": act_id}
            elif act.state_id != matrix.state_id:
                errors[prefix + "legislation_id"] = _(
                    "This act is another state's legislation: an entry of the matrix of "
                    "%(state)s cites an act of %(state)s."
                ) % {"state": matrix.state.name}
        if values.get("source_page") and not report_id:
            errors[prefix + "source_page"] = _("A page is a page of a national report: cite it.")
    if errors:
        raise ValidationError(errors)


def _check_mark_has_reference(values: Mapping[str, Any], *, prefix: str = "") -> None:
    # The legal basis is the act cited from the register, or spelled out in the legal reference.
    if (
        values.get("mark") == MatrixMark.IN_PLACE
        and not values.get("legal_reference")
        and not values.get("legislation_id")
    ):
        raise ValidationError(
            {
                prefix + "legal_reference": _(
                    "An X needs its source: cite the act from the register, or give the act "
                    "and article."
                )
            }
        )


def _check_editable(matrix: Matrix) -> None:
    if not matrix.is_editable:
        raise InvalidTransition(
            _(
                "This matrix's status is “%(status)s”; the experts edit a draft, or a version "
                "whose comments the state has returned."
            )
            % {"status": _status_name(matrix)}
        )


# --- Drafting ----------------------------------------------------------------------------------


@transaction.atomic
def start_draft(state: MemberState, *, acting_user: User) -> Matrix:
    """Start a new version of ``state``'s matrix on the current template, as a copy of its last
    approved version (field by field code), or empty if it has none."""
    require(acting_user, "states.start_matrix_draft", state)
    # Serialises version numbering for this state.
    state = MemberState.objects.select_for_update().get(pk=state.pk)
    open_version = Matrix.objects.open().filter(state=state).first()
    if open_version is not None:
        raise InvalidTransition(
            _(
                "%(state)s already has a matrix in progress (version %(version)d, status "
                "“%(status)s”); "
                "finish it before starting another."
            )
            % {
                "state": state.name,
                "version": open_version.version,
                "status": _status_name(open_version),
            }
        )
    template = current_template()
    base = (
        Matrix.objects.filter(state=state, status__in=APPROVED_STATUSES)
        .order_by("-version")
        .first()
    )
    last = Matrix.objects.filter(state=state).aggregate(last=Max("version"))["last"] or 0
    matrix = Matrix(
        state=state, template=template, version=last + 1, based_on=base, created_by=acting_user
    )
    reason = (
        _("Draft started from version %d") % base.version if base else _("Draft started, empty")
    )
    save_with_history(matrix, acting_user, reason=reason)
    copied: dict[str, dict[str, Any]] = {}
    if base is not None:
        copied = {
            row.pop("field__code"): row
            for row in base.entries.values("field__code", *MatrixEntry.VALUE_FIELDS)
        }
    now = timezone.now()
    entries = [
        MatrixEntry(
            matrix=matrix,
            field=matrix_field,
            updated_by=acting_user,
            updated_at=now,
            **copied.get(matrix_field.code, {}),
        )
        for matrix_field in template.fields.order_by("position")
    ]
    bulk_create_with_history(
        entries, MatrixEntry, default_user=acting_user, default_change_reason=reason
    )
    matrix.source_reports.set(default_source_reports(state))
    return matrix


def default_source_reports(state: MemberState) -> QuerySet[NationalReport]:
    """The reports a new draft of ``state`` draws on until the experts say otherwise: every
    report the state has submitted up to now (its header lists them with their dates)."""
    return NationalReport.objects.filter(
        state=state, status__in=COUNTS_AS_REPORTED, submitted_on__lte=timezone.localdate()
    )


@transaction.atomic
def set_source_reports(
    matrix: Matrix, reports: Collection[NationalReport], *, acting_user: User
) -> Matrix:
    """The experts say which national reports the version draws on (its header lists them):
    reports of the matrix's own state, submitted, while the version is still being prepared."""
    matrix = _lock(matrix)
    require(acting_user, "states.edit_matrix", matrix)
    _check_editable(matrix)
    wrong = [
        report
        for report in reports
        if report.state_id != matrix.state_id or report.status not in COUNTS_AS_REPORTED
    ]
    if wrong:
        raise ValidationError(
            {
                "source_reports": _(
                    "A matrix draws on the national reports its own state has submitted."
                )
            }
        )
    matrix.source_reports.set(reports)
    save_with_history(
        matrix, acting_user, update_fields=["updated_at"], reason="National reports drawn on"
    )
    return matrix


@transaction.atomic
def update_entry(
    entry: MatrixEntry, *, acting_user: User, revision: int, **values: object
) -> MatrixEntry:
    """Change one entry of a draft. ``revision`` is the entry's revision the change was made
    from: if a colleague has saved the entry since, the save is refused (``StaleEntry``) and
    their work stays as it is."""
    matrix = _lock(entry.matrix)
    require(acting_user, "states.edit_matrix", matrix)
    _check_editable(matrix)
    cleaned = _clean_values(values)
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise ValidationError({"revision": _("Give the revision you edited, a whole number.")})
    entry = MatrixEntry.objects.select_for_update().select_related("field").get(pk=entry.pk)
    if entry.revision != revision:
        raise StaleEntry(_stale_message([entry]), [entry])
    merged = {**entry.values(), **cleaned}
    _check_mark_has_reference(merged)
    _check_sources(matrix, {"": merged})
    _apply(entry, merged, acting_user, reason="Entry edited")
    return entry


def _apply(entry: MatrixEntry, values: dict[str, Any], acting_user: User, *, reason: str) -> bool:
    if values == entry.values():
        return False
    for name, value in values.items():
        setattr(entry, name, value)
    entry.revision += 1
    entry.updated_by = acting_user
    entry.updated_at = timezone.now()
    save_with_history(
        entry,
        acting_user,
        update_fields=[*values, "revision", "updated_by", "updated_at"],
        reason=reason,
    )
    return True


def _stale_message(conflicts: list[MatrixEntry]) -> str:
    codes = ", ".join(entry.field.code for entry in conflicts)
    return _(
        "Not saved: %(codes)s changed since you opened it (someone saved a newer version). "
        "Their work is kept; review the current values and save again."
    ) % {"codes": codes}


@dataclass
class EntryEdit:
    """One entry as a form posted it: the values and the revision they were edited from."""

    entry_id: int
    revision: int
    values: dict[str, str] = field(default_factory=dict)


@transaction.atomic
def save_entries(
    matrix: Matrix, edits: list[EntryEdit], *, acting_user: User, reason: str = "Entry edited"
) -> int:
    """Save a page of entries at once (one section of the matrix). An entry counts as changed
    by this person when what they posted differs from what they were shown; if a colleague
    saved any such entry in the meantime, nothing is saved (``StaleEntry`` names them).
    ``reason`` is the history's (a workbook's import says so, states/matrices/spreadsheet.py).
    Returns the number of entries changed."""
    matrix = _lock(matrix)
    require(acting_user, "states.edit_matrix", matrix)
    _check_editable(matrix)
    cleaned: dict[int, dict[str, Any]] = {}
    errors: dict[str, list[str]] = {}
    for edit in edits:
        try:
            values = _clean_values(edit.values, prefix=f"{edit.entry_id}-")
            _check_mark_has_reference(values, prefix=f"{edit.entry_id}-")
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
        else:
            cleaned[edit.entry_id] = values
    if errors:
        raise ValidationError(errors)
    entries = {
        entry.pk: entry
        for entry in MatrixEntry.objects.select_for_update()
        .select_related("field")
        .filter(matrix=matrix, pk__in=[edit.entry_id for edit in edits])
    }
    missing = [edit.entry_id for edit in edits if edit.entry_id not in entries]
    if missing:
        raise ValidationError(_("These entries are not part of this matrix: %s.") % missing)
    # A value not posted (a caller that sends some of the fields) stays as the entry has it.
    _check_sources(
        matrix,
        {
            f"{entry_id}-": {**entries[entry_id].values(), **posted}
            for entry_id, posted in cleaned.items()
        },
    )
    stale = [edit for edit in edits if entries[edit.entry_id].revision != edit.revision]
    shown = _values_at_revisions(stale)
    changes: list[tuple[MatrixEntry, dict[str, Any]]] = []
    conflicts: list[MatrixEntry] = []
    for edit in edits:
        entry, posted = entries[edit.entry_id], cleaned[edit.entry_id]
        current = entry.values()
        if entry.revision == edit.revision:
            values = {**current, **posted}
            if values != current:
                changes.append((entry, values))
            continue
        # The entry moved on since this page was shown: a conflict only if this person changed
        # it too, to something other than what it now is.
        before = shown.get((edit.entry_id, edit.revision))
        changed_by_them = before is None or any(posted[k] != before.get(k) for k in posted)
        if changed_by_them and any(posted[k] != current[k] for k in posted):
            conflicts.append(entry)
    if conflicts:
        raise StaleEntry(_stale_message(conflicts), conflicts)
    for entry, values in changes:
        _apply(entry, values, acting_user, reason=reason)
    return len(changes)


def _values_at_revisions(edits: list[EntryEdit]) -> dict[tuple[int, int], dict[str, str]]:
    """The values that entries had at the given revisions, from their history (one query)."""
    if not edits:
        return {}
    wanted = {(edit.entry_id, edit.revision) for edit in edits}
    records = MatrixEntry.history.filter(
        id__in={edit.entry_id for edit in edits}, revision__in={edit.revision for edit in edits}
    ).values("id", "revision", *MatrixEntry.VALUE_FIELDS)
    found = {}
    for record in records:
        key = (record.pop("id"), record.pop("revision"))
        if key in wanted:
            found[key] = record
    return found


# --- Review with the state ---------------------------------------------------------------------


@transaction.atomic
def send_matrix(matrix: Matrix, *, acting_user: User) -> Matrix:
    """Send a draft to the state for review. The letter that goes with it is rendered by a
    background task once this is committed."""
    matrix = _checked(
        matrix,
        acting_user,
        "states.send_matrix",
        allowed=(MatrixStatus.DRAFT,),
        wrong_status=_("Only a draft is sent to the state; this matrix's status is “%(status)s”."),
    )
    _move(matrix, acting_user, MatrixStatus.SENT, "sent", reason="Sent to the state")
    _queue_letter(matrix, acting_user)
    tell_matrix_sent(matrix, acting_user=acting_user)
    return matrix


def _queue_letter(matrix: Matrix, acting_user: User, language: str | None = None) -> None:
    # By the task's name (states/matrices/tasks.py): the tasks module imports this one. Without
    # a language, the letter is in the state's language of correspondence.
    extra = (language,) if language else ()
    enqueue("states.tasks.generate_matrix_letter", matrix.pk, acting_user.pk, *extra)


@transaction.atomic
def comment_on_entry(
    matrix: Matrix,
    entry: MatrixEntry,
    *,
    acting_user: User,
    kind: str,
    text: str = "",
    proposed_mark: str = "",
    proposed_legal_reference: str = "",
    proposed_source: str = "",
    document: File | None = None,
) -> MatrixComment:
    """The state's point of contact accepts an entry or proposes a change to it, citing the
    source of the proposal, and may attach a document for it (a PDF or Word document, checked
    by its content and size as every upload is: core.files.sniff_document)."""
    matrix = _lock(matrix)
    require(acting_user, "states.comment_on_matrix", matrix)
    if matrix.status != MatrixStatus.SENT:
        raise InvalidTransition(
            _("Comments are taken while the matrix is with the state; its status is “%(status)s”.")
            % {"status": _status_name(matrix)}
        )
    if entry.matrix_id != matrix.pk:
        raise ValidationError({"entry": _("This entry belongs to another matrix.")})
    if kind not in CommentKind.values:
        raise ValidationError(
            {"kind": _("Choose whether you accept the entry or propose a change.")}
        )
    values = _clean_values({"mark": proposed_mark})
    proposal = {
        "proposed_mark": values["mark"],
        "proposed_legal_reference": (proposed_legal_reference or "").strip(),
        "proposed_source": (proposed_source or "").strip(),
        "text": (text or "").strip(),
    }
    for name in ("proposed_legal_reference", "proposed_source", "text"):
        if len(proposal[name]) > MAX_TEXT:
            raise ValidationError({name: _("This is longer than %d characters.") % MAX_TEXT})
    if kind == CommentKind.PROPOSE:
        if not proposal["proposed_source"]:
            raise ValidationError(
                {
                    "proposed_source": _(
                        "Give the source of the proposed change: the act, a national report and "
                        "page, or an official website."
                    )
                }
            )
        if proposal["proposed_mark"] == entry.mark and proposal["proposed_legal_reference"] in (
            "",
            entry.legal_reference,
        ):
            raise ValidationError(
                {
                    "proposed_mark": _(
                        "The proposal is the same as the entry: change the mark or the legal "
                        "reference, or accept the entry."
                    )
                }
            )
    else:
        proposal.update(proposed_mark="", proposed_legal_reference="", proposed_source="")
    comment = MatrixComment(matrix=matrix, entry=entry, author=acting_user, kind=kind, **proposal)
    if document is not None:
        try:
            extension = sniff_document(document)
        except ValidationError as error:
            raise ValidationError({"document": error.messages}) from None
        base = (document.name or "document").rsplit(".", 1)[0]
        document.name = f"{base}.{extension}"
        comment.document = document
    save_with_history(comment, acting_user, reason="Comment from the state")
    tell_matrix_commented(comment, acting_user=acting_user)
    return comment


@transaction.atomic
def return_comments(matrix: Matrix, *, acting_user: User) -> Matrix:
    """The state has finished its review: its comments go back to the experts."""
    matrix = _checked(
        matrix,
        acting_user,
        "states.return_matrix_comments",
        allowed=(MatrixStatus.SENT,),
        wrong_status=_(
            "Only a matrix with the state for review can be returned; its status is “%(status)s”."
        ),
    )
    _move(
        matrix,
        acting_user,
        MatrixStatus.COMMENTED,
        "comments_returned",
        reason="Comments returned by the state",
    )
    return matrix


@transaction.atomic
def respond_to_comment(
    comment: MatrixComment, *, acting_user: User, response: str, text: str = ""
) -> MatrixComment:
    """The experts answer a comment of the state: adopt its proposal (the entry takes the
    proposed values), note it, or decline it with a reason."""
    matrix = _lock(comment.matrix)
    require(acting_user, "states.respond_to_matrix_comment", matrix)
    comment = MatrixComment.objects.select_for_update().get(pk=comment.pk)
    if matrix.status != MatrixStatus.COMMENTED:
        raise InvalidTransition(
            _(
                "Comments are answered once the state has returned them; the matrix's status "
                "is “%(status)s”."
            )
            % {"status": _status_name(matrix)}
        )
    if comment.response != CommentResponse.OPEN:
        raise InvalidTransition(_("This comment has already been answered."))
    choices = [CommentResponse.ADOPTED, CommentResponse.NOTED, CommentResponse.DECLINED]
    if response not in choices:
        raise ValidationError({"response": _("Answer with adopted, noted or declined.")})
    text = (text or "").strip()
    if response == CommentResponse.DECLINED and not text:
        raise ValidationError({"text": _("Say why the proposal is not adopted.")})
    if response == CommentResponse.ADOPTED and comment.kind == CommentKind.PROPOSE:
        entry = MatrixEntry.objects.select_for_update().get(pk=comment.entry_id)
        values = entry.values()
        values["mark"] = comment.proposed_mark
        if comment.proposed_legal_reference:
            values["legal_reference"] = comment.proposed_legal_reference
        values["source"] = comment.proposed_source
        _check_mark_has_reference(values)
        _apply(entry, values, acting_user, reason="Change proposed by the state adopted")
    comment.response = response
    comment.response_text = text
    comment.responded_by = acting_user
    comment.responded_at = timezone.now()
    save_with_history(
        comment,
        acting_user,
        update_fields=["response", "response_text", "responded_by", "responded_at"],
        reason=f"Comment {response}",
    )
    return comment


# --- Approval and publication ------------------------------------------------------------------


@transaction.atomic
def approve_matrix(matrix: Matrix, *, acting_user: User, approved_on: date | None = None) -> Matrix:
    """Record the committee's approval of a version the state has seen (secretariat). The date
    is the day the committee approved it, today if not given."""
    matrix = _checked(
        matrix,
        acting_user,
        "states.approve_matrix",
        allowed=(MatrixStatus.SENT, MatrixStatus.COMMENTED),
        wrong_status=_(
            "Only a matrix the state has had for review can be approved; its status is "
            "“%(status)s”."
        ),
    )
    open_comments = matrix.comments.filter(response=CommentResponse.OPEN).count()
    if open_comments:
        raise InvalidTransition(
            ngettext(
                "%(count)d comment of the state still awaits the experts' answer.",
                "%(count)d comments of the state still await the experts' answer.",
                open_comments,
            )
            % {"count": open_comments}
        )
    now = timezone.now()
    if approved_on is not None:
        if approved_on > timezone.localdate():
            raise ValidationError(
                {"approved_on": _("The date of approval cannot be in the future.")}
            )
        if approved_on < timezone.localtime(matrix.sent_at).date():
            raise ValidationError(
                {
                    "approved_on": _(
                        "The committee cannot have approved the matrix before it was sent to the "
                        "state (%(sent)s)."
                    )
                    % {"sent": date_format(timezone.localtime(matrix.sent_at).date())}
                }
            )
        approved_at = timezone.make_aware(datetime.combine(approved_on, time(12)))
        now = min(now, approved_at) if approved_on == timezone.localdate() else approved_at
    _move(
        matrix,
        acting_user,
        MatrixStatus.APPROVED,
        "approved",
        reason="Approved by the committee",
        at=now,
    )
    _queue_letter(matrix, acting_user)
    _queue_pdfs(matrix)
    return matrix


@transaction.atomic
def publish_matrix(matrix: Matrix, *, acting_user: User) -> Matrix:
    """Publish an approved version on the website (secretariat). Earlier published versions stay
    published: the record of what the committee said and when."""
    matrix = _checked(
        matrix,
        acting_user,
        "states.publish_matrix",
        allowed=(MatrixStatus.APPROVED,),
        wrong_status=_("Only an approved matrix can be published; its status is “%(status)s”."),
    )
    _move(matrix, acting_user, MatrixStatus.PUBLISHED, "published", reason="Published")
    _queue_pdfs(matrix)
    return matrix


def _queue_pdfs(matrix: Matrix) -> None:
    # The approved version's PDF in the six languages, built once by the worker
    # (states/matrices/pdfs.py; imported here, as it imports the exports that import this).
    from states.matrices import pdfs

    pdfs.request_all_languages(matrix)


# --- The letter that goes with a matrix (8(d)) ---------------------------------------------------


@transaction.atomic
def produce_letter(matrix: Matrix, *, acting_user: User, language: str) -> Matrix:
    """Produce the letter of a version sent to the state again, in ``language``, one of the six
    official languages (core.choices.Language): on request, for a state that asks for it in
    another language than its language of correspondence (experts and secretariat). Rendered by
    a background task once this is committed; the new letter replaces the version's letter once
    it is written."""
    matrix = _checked(
        matrix,
        acting_user,
        "states.produce_matrix_letter",
        allowed=(
            MatrixStatus.SENT,
            MatrixStatus.COMMENTED,
            MatrixStatus.APPROVED,
            MatrixStatus.PUBLISHED,
        ),
        wrong_status=_(
            "A draft has no letter: the letter is written when the matrix is sent to the state. "
            "This matrix's status is “%(status)s”."
        ),
    )
    if language not in Language.values:
        raise ValidationError({"language": language_refused(language)})
    _queue_letter(matrix, acting_user, language)
    return matrix


def generate_letter(matrix_id: int, *, acting_user: User, language: str | None = None) -> Matrix:
    """Render the matrix letter as a PDF and keep it with the version, in ``language`` (the
    state's language of correspondence by default): its words, the state's formal name and the
    dates in that language. The file is written under a new name first; the matrix points to it
    only once it is complete (core.pdf)."""
    from core.pdf import render_pdf
    from states.matrices.exports import letter_context

    matrix = Matrix.objects.select_related("state", "template").get(pk=matrix_id)
    require(acting_user, "states.produce_matrix_letter", matrix)
    # Without a language, a new letter goes (the version was sent, or approved): it takes a new
    # reference. With one, the same letter is produced again in that language: same reference.
    again = language is not None and bool(matrix.letter_reference)
    reference = matrix.letter_reference if again else assign_letter_reference()
    language = language or matrix.state.correspondence_language
    if language not in Language.values:
        raise ValidationError({"language": language_refused(language)})
    with translation.override(locale_of(language)):
        context = letter_context(matrix, reference=reference)
        pdf = render_pdf("states/matrix_letter_pdf.html", context, names=[context["state_name"]])
    with transaction.atomic():
        matrix = _lock(matrix)
        matrix.letter.save("letter.pdf", ContentFile(pdf), save=False)
        matrix.letter_generated_at = timezone.now()
        matrix.letter_language = language
        matrix.letter_reference = reference
        save_with_history(
            matrix,
            acting_user,
            update_fields=["letter", "letter_generated_at", "letter_language", "letter_reference"],
            reason="Letter generated",
        )
        # Entered in the correspondence register (core/correspondence.py: the register is the
        # Committee's, which states does not import), where it is approved and sent; the same
        # letter in another language joins the note not yet sent as that language's version.
        correspondence.drafted(
            correspondence.Drafted(
                concerns=matrix,
                subject=_("The 1540 matrix of %(state)s for review") % {"state": matrix.state.name},
                language=language,
                state=matrix.state,
                document=matrix.letter,
                kind="letter",
                paragraph="8(d)",
                joins_pending=again,
            ),
            acting_user=acting_user,
        )
    return matrix


LETTER_REFERENCE_PREFIX = "1540/MX"


def assign_letter_reference(*, on: date | None = None) -> str:
    """The next reference of a matrix letter: ``1540/MX/<year>/<n>``, numbered per year. The
    one place a letter's reference is decided: the correspondence register may give it instead.
    Two letters written at the same moment could both read the same last number; the unique
    constraint on ``Matrix.letter_reference`` refuses the second, and its task runs again."""
    year = (on or timezone.localdate()).year
    prefix = f"{LETTER_REFERENCE_PREFIX}/{year}/"
    taken = Matrix.objects.filter(letter_reference__startswith=prefix).values_list(
        "letter_reference", flat=True
    )
    numbers = [int(tail) for ref in taken if (tail := ref.removeprefix(prefix)).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


# --- Open data ---------------------------------------------------------------------------------


@transaction.atomic
def import_open_data(file: io.TextIOBase, *, acting_user: User) -> list[Matrix]:
    """Load published matrices from the open-data CSV (one row per state and field), each as a
    new published version of its state's matrix on the current template. All or nothing: a
    file with any error changes nothing, and the error names its line."""
    require(acting_user, "states.import_matrix_open_data", None)
    template = current_template()
    fields = {f.code: f for f in MatrixField.objects.filter(template=template)}
    states = {s.iso3: s for s in MemberState.objects.all()}
    reader = csv.DictReader(file)
    if reader.fieldnames:
        # Our own export starts with a byte order mark (for Excel, core/exports.py).
        reader.fieldnames = [reader.fieldnames[0].removeprefix("\ufeff"), *reader.fieldnames[1:]]
    missing = set(OPEN_DATA_COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(
            _("The file is not the matrices' open data: missing columns %s.")
            % ", ".join(sorted(missing))
        )
    rows: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    approved: dict[str, date] = {}
    for line, row in enumerate(reader, start=2):
        # Our export put a quote before formula-like texts (core/exports.py): take exactly
        # that quote off again, or every re-import would add one more to the record.
        row = {
            name: restore_cell(value) if isinstance(value, str) else value
            for name, value in row.items()
        }
        state = states.get(row["iso3"])
        if state is None:
            raise ValidationError(
                _("Line %(line)d: no member state has the code “%(code)s”.")
                % {"line": line, "code": row["iso3"]}
            )
        if row["field_code"] not in fields:
            raise ValidationError(
                _("Line %(line)d: the template has no field “%(code)s”.")
                % {"line": line, "code": row["field_code"]}
            )
        try:
            values = _clean_values(
                {name: row[name] for name in ("mark", "legal_reference", "source")}
            )
            approved[state.iso3] = date.fromisoformat(row["approved_on"])
        except (ValidationError, ValueError) as error:
            detail = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise ValidationError(
                _("Line %(line)d: %(error)s") % {"line": line, "error": detail}
            ) from None
        rows[state.iso3][row["field_code"]] = values
    if Matrix.objects.open().filter(state__iso3__in=rows).exists():
        raise InvalidTransition(
            _("Some of these states have a matrix in progress; finish it before importing.")
        )
    now = timezone.now()
    imported = []
    for iso3, by_code in rows.items():
        state = states[iso3]
        last = Matrix.objects.filter(state=state).aggregate(last=Max("version"))["last"] or 0
        approved_at = min(now, timezone.make_aware(datetime.combine(approved[iso3], time(12))))
        matrix = Matrix(
            state=state,
            template=template,
            version=last + 1,
            status=MatrixStatus.PUBLISHED,
            created_by=acting_user,
            approved_at=approved_at,
            approved_by=acting_user,
            published_at=now,
            published_by=acting_user,
        )
        save_with_history(matrix, acting_user, reason="Imported from open data")
        bulk_create_with_history(
            [
                MatrixEntry(
                    matrix=matrix,
                    field=matrix_field,
                    updated_by=acting_user,
                    updated_at=now,
                    **by_code.get(code, {}),
                )
                for code, matrix_field in fields.items()
            ],
            MatrixEntry,
            default_user=acting_user,
            default_change_reason="Imported from open data",
        )
        imported.append(matrix)
    return imported
