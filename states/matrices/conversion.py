"""Converting the existing matrices to the new format (programme of work 8(d): "convert the
Committee's existing matrices to the new format" adopted in 2017).

Converting a state's matrix makes a new draft of it on the new template, from its latest version:
every entry whose field the mapping (``MatrixFieldMapping``, states/matrices/data/
mapping-2016-2017.csv) carries goes over with everything it records (mark, references, sources:
``MatrixEntry.VALUE_FIELDS``, whatever they are at the time); the fields new in the format start
blank; the fields that no longer exist are listed with the mark they held. A ``MatrixConversion``
records all of it, with who did it and when. The experts then review the draft and send it to
the state as any other.

The staff convert every state at once with one job (``start_conversion_batch``, run by the worker
as ``run_conversion_batch``): a state whose matrix is in progress is left as it is, with the
reason, since a state has one open version at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.models import User
from core.permissions import require
from core.queue import enqueue
from core.services import InvalidTransition, save_with_history
from states.matrices.choices import ConversionBatchStatus
from states.matrices.models import (
    Matrix,
    MatrixConversion,
    MatrixConversionBatch,
    MatrixEntry,
    MatrixFieldMapping,
    MatrixTemplate,
)
from states.models import MemberState

CONVERT = "states.convert_matrix_format"


@dataclass(frozen=True)
class Candidate:
    """A state whose latest matrix is on an older template, as the confirmation page lists it."""

    state: MemberState
    latest: Matrix

    @property
    def is_open(self) -> bool:
        return self.latest.is_open


def template_named(code: object) -> MatrixTemplate:
    """The template with ``code``, or a ValidationError naming the known ones."""
    template = MatrixTemplate.objects.filter(code=code).first() if isinstance(code, str) else None
    if template is None:
        known = ", ".join(
            MatrixTemplate.objects.order_by("in_use_from").values_list("code", flat=True)
        )
        raise ValidationError(
            {
                "template": _("“%(code)s” is not a matrix template; the templates are: %(known)s.")
                % {"code": code, "known": known}
            }
        )
    return template


def _status_name(matrix: Matrix) -> str:
    return str(matrix.get_status_display())


def _mapping_into(
    to_template: MatrixTemplate, from_template: MatrixTemplate
) -> QuerySet[MatrixFieldMapping]:
    return MatrixFieldMapping.objects.filter(
        to_template=to_template, from_field__template=from_template
    ).select_related("from_field")


@transaction.atomic
def convert_matrix(
    state: MemberState,
    *,
    to_template: MatrixTemplate,
    acting_user: User,
    batch: MatrixConversionBatch | None = None,
) -> MatrixConversion:
    """Make a draft of ``state``'s matrix on ``to_template`` from its latest version, carrying
    every mapped entry with its mark and sources (8(d)). Refused, writing nothing, when the state
    has a version in progress (one open version per state), has no matrix, is already in that
    format, or when no mapping leads there from its template."""
    require(acting_user, CONVERT, state)
    # Serialises version numbering for this state (as starting a draft does).
    state = MemberState.objects.select_for_update().get(pk=state.pk)
    latest = (
        Matrix.objects.filter(state=state).select_related("template").order_by("-version").first()
    )
    if latest is None:
        raise ValidationError(_("%(state)s has no matrix to convert.") % {"state": state.name})
    if latest.is_open:
        raise InvalidTransition(
            _(
                "%(state)s has a matrix in progress (version %(version)d, status “%(status)s”, "
                "template %(template)s). A state has one open version at a time: finish this one "
                "(until the committee approves it) before converting it to the new format."
            )
            % {
                "state": state.name,
                "version": latest.version,
                "status": _status_name(latest),
                "template": latest.template.code,
            }
        )
    if latest.template_id == to_template.pk:
        raise ValidationError(
            _(
                "The latest matrix of %(state)s (version %(version)d) is already in the format "
                "“%(template)s”: there is nothing to convert."
            )
            % {"state": state.name, "version": latest.version, "template": to_template.title}
        )
    mappings = list(_mapping_into(to_template, latest.template))
    if not mappings:
        raise ValidationError(
            _(
                "No field mapping leads from the template %(old)s to the template %(new)s: load "
                "it with manage.py load_matrix_template."
            )
            % {"old": latest.template.code, "new": to_template.code}
        )
    reason = f"Converted from version {latest.version} to the {to_template.code} format (8(d))"
    matrix = Matrix(
        state=state,
        template=to_template,
        version=latest.version + 1,
        based_on=latest,
        created_by=acting_user,
    )
    save_with_history(matrix, acting_user, reason=reason)
    matrix.source_reports.set(latest.source_reports.all())
    old_entries = {
        row.pop("field_id"): row
        for row in latest.entries.values("field_id", *MatrixEntry.VALUE_FIELDS)
    }
    source_of = {m.to_field_id: m.from_field_id for m in mappings if m.to_field_id}
    now = timezone.now()
    entries, new_fields = [], []
    carried = carried_marked = 0
    for field in to_template.fields.order_by("position"):
        values = old_entries.get(source_of.get(field.pk))
        if values is None:
            new_fields.append(field.code)
            values = {}
        else:
            carried += 1
            carried_marked += bool(values.get("mark"))
        entries.append(
            MatrixEntry(
                matrix=matrix, field=field, updated_by=acting_user, updated_at=now, **values
            )
        )
    bulk_create_with_history(
        entries, MatrixEntry, default_user=acting_user, default_change_reason=reason
    )
    mapped_from = {m.from_field_id for m in mappings if m.to_field_id}
    notes = {m.from_field_id: m.note for m in mappings}
    dropped = [
        {
            "code": field.code,
            "mark": old_entries.get(field.pk, {}).get("mark", ""),
            "note": notes.get(field.pk, ""),
        }
        for field in latest.template.fields.order_by("position")
        if field.pk not in mapped_from
    ]
    conversion = MatrixConversion(
        matrix=matrix,
        converted_from=latest,
        from_template=latest.template,
        to_template=to_template,
        batch=batch,
        carried=carried,
        carried_marked=carried_marked,
        new_fields=new_fields,
        dropped_fields=dropped,
        converted_by=acting_user,
        converted_at=now,
    )
    save_with_history(conversion, acting_user, reason=reason)
    return conversion


def candidates(to_template: MatrixTemplate) -> list[Candidate]:
    """The states whose latest matrix is on another template than ``to_template``, by name, with
    that version (one query)."""
    newer = Matrix.objects.filter(state=OuterRef("state"), version__gt=OuterRef("version"))
    latest = (
        Matrix.objects.filter(~Exists(newer))
        .exclude(template=to_template)
        .select_related("state", "template")
        .order_by("state__name")
    )
    return [Candidate(state=matrix.state, latest=matrix) for matrix in latest]


def running_batch(to_template: MatrixTemplate) -> MatrixConversionBatch | None:
    return (
        MatrixConversionBatch.objects.filter(
            to_template=to_template,
            status__in=[ConversionBatchStatus.QUEUED, ConversionBatchStatus.RUNNING],
        )
        .select_related("requested_by")
        .first()
    )


@transaction.atomic
def start_conversion_batch(
    *, to_template: MatrixTemplate, acting_user: User
) -> MatrixConversionBatch:
    """Queue the job that converts every state's latest matrix to ``to_template`` (8(d)); the
    worker runs it once this commits."""
    require(acting_user, CONVERT)
    to_template = MatrixTemplate.objects.select_for_update().get(pk=to_template.pk)
    under_way = running_batch(to_template)
    if under_way is not None:
        raise InvalidTransition(
            _(
                "A conversion to this format is already under way (started by %(user)s): wait "
                "for its report."
            )
            % {"user": under_way.requested_by.get_full_name() or under_way.requested_by.username}
        )
    if not MatrixFieldMapping.objects.filter(to_template=to_template).exists():
        raise ValidationError(
            {
                "template": _(
                    "No field mapping leads to the template %(code)s: the matrices cannot be "
                    "converted to it."
                )
                % {"code": to_template.code}
            }
        )
    batch = MatrixConversionBatch(to_template=to_template, requested_by=acting_user)
    save_with_history(batch, acting_user, reason="Conversion of every matrix queued (8(d))")
    # By the task's name (states/matrices/tasks.py): the tasks module imports this one.
    enqueue("states.tasks.convert_all_matrices", batch.pk)
    return batch


def run_conversion_batch(batch_id: int) -> MatrixConversionBatch:
    """Convert every state's latest matrix for the job ``batch_id``, each state in its own
    transaction, recording the states left as they were with the reason. Safe to run again: a
    job already finished is left alone, and a state already converted is no longer a candidate."""
    with transaction.atomic():
        batch = (
            MatrixConversionBatch.objects.select_for_update()
            .select_related("to_template", "requested_by")
            .get(pk=batch_id)
        )
        if batch.status in (ConversionBatchStatus.DONE, ConversionBatchStatus.FAILED):
            return batch
        batch.status = ConversionBatchStatus.RUNNING
        batch.started_at = timezone.now()
        save_with_history(
            batch,
            batch.requested_by,
            update_fields=["status", "started_at"],
            reason="Conversion running",
        )
    skipped = []
    try:
        for candidate in candidates(batch.to_template):
            try:
                convert_matrix(
                    candidate.state,
                    to_template=batch.to_template,
                    acting_user=batch.requested_by,
                    batch=batch,
                )
            except (ValidationError, PermissionDenied) as refused:
                messages = getattr(refused, "messages", None) or [str(refused)]
                skipped.append(
                    {
                        "state": candidate.state.iso3,
                        "name": candidate.state.name,
                        "version": candidate.latest.version,
                        "reason": " ".join(messages),
                    }
                )
    except Exception as error:
        _finish(batch, ConversionBatchStatus.FAILED, skipped, error=str(error)[:2000])
        raise
    return _finish(batch, ConversionBatchStatus.DONE, skipped)


@transaction.atomic
def _finish(
    batch: MatrixConversionBatch, status: str, skipped: list[dict], *, error: str = ""
) -> MatrixConversionBatch:
    batch.status = status
    batch.finished_at = timezone.now()
    batch.converted = batch.conversions.count()
    batch.skipped = skipped
    batch.error = error
    save_with_history(
        batch,
        batch.requested_by,
        update_fields=["status", "finished_at", "converted", "skipped", "error"],
        reason="Conversion finished"
        if status == ConversionBatchStatus.DONE
        else "Conversion failed",
    )
    return batch
