"""The PDF of a matrix version, built once per language by the worker and then served as stored.

WeasyPrint spends seconds of CPU on a matrix of 380 fields (8 s at full size): no web request
renders one. A request for a PDF that is not built yet (or was built from what the version held
before an edit) queues its build and answers "being prepared" (HTTP 202); the next request,
once the worker is done, streams the stored file. Approval and publication queue the six
languages at once, so that the public never waits for the PDF of a published matrix.

What a file was built from is its ``stamp``: the entries (their count, last change and
revisions), the reports the header lists and the approval. A version whose stamp moved on is
built again; an approved or published version never changes, so its files are built once.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone, translation

from core.builds import NEVER_TAKEN_AFTER
from core.choices import Language
from core.pdf import language_of, locale_of, render_pdf
from core.queue import enqueue
from states.matrices.exports import sections_of
from states.matrices.header import header_of
from states.matrices.models import Matrix, MatrixEntry, MatrixPdf

logger = logging.getLogger(__name__)

BUILD_TASK = "states.tasks.build_matrix_pdf"
# How long a reader is told to wait before asking again (the Retry-After of the 202).
RETRY_AFTER = timedelta(seconds=15)


def reader_document_language() -> str:
    """The document language (core.choices.Language) of the active language: "zh" for the
    Chinese pages ("zh-hans")."""
    return language_of(translation.get_language() or Language.ENGLISH)


def content_stamp(matrix: Matrix) -> str:
    """A digest of what the version's PDF shows (two small queries): it changes with any entry
    saved, any report added to or taken from the header, and the Committee's approval. The
    step from "approved" to "published" leaves it as it is: the header reads the same."""
    entries = MatrixEntry.objects.filter(matrix=matrix).aggregate(
        count=Count("id"), last=Max("updated_at"), revisions=Sum("revision")
    )
    reports = list(
        matrix.source_reports.order_by("pk").values_list("pk", "kind", "status", "submitted_on")
    )
    parts = [
        str(matrix.state_id),
        str(matrix.template_id),
        "approved" if matrix.approved_at else "draft",
        matrix.approved_at.isoformat() if matrix.approved_at else "",
        str(entries["count"]),
        entries["last"].isoformat() if entries["last"] else "",
        str(entries["revisions"] or 0),
        repr(reports),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def stored_pdf(matrix: Matrix, language: str) -> MatrixPdf | None:
    """The stored PDF of ``matrix`` in ``language`` if it shows the version as it is now."""
    row = MatrixPdf.objects.filter(matrix=matrix, language=language).exclude(file="").first()
    if row is None or row.stamp != content_stamp(matrix):
        return None
    return row


@transaction.atomic
def request_pdf(matrix: Matrix, language: str) -> MatrixPdf:
    """Queue the build of ``matrix``'s PDF in ``language`` unless it is built already or its
    build was queued moments ago. Whoever may read the version may ask (the view checked it):
    the build writes nothing but the file. A build whose task was lost is queued again after
    ``core.builds.NEVER_TAKEN_AFTER``."""
    if language not in Language.values:
        raise ValueError(f"not a document language: {language!r}")
    stamp = content_stamp(matrix)
    row = _locked_row(matrix, language)
    now = timezone.now()
    if row.file and row.stamp == stamp:
        return row
    waiting = row.requested_at is not None and now - row.requested_at < NEVER_TAKEN_AFTER
    if row.requested_stamp == stamp and waiting:
        return row
    row.requested_stamp = stamp
    row.requested_at = now
    MatrixPdf.objects.filter(pk=row.pk).update(requested_stamp=stamp, requested_at=now)
    enqueue(BUILD_TASK, matrix.pk, language)
    return row


def _locked_row(matrix: Matrix, language: str) -> MatrixPdf:
    # Written without save(): a saved row of the app makes every cached public page stale
    # (core/page_cache.py), and these rows show on none. Created if missing, then locked, so
    # that two requests together queue one build.
    MatrixPdf.objects.bulk_create(
        [MatrixPdf(matrix=matrix, language=language)], ignore_conflicts=True
    )
    return MatrixPdf.objects.select_for_update().get(matrix=matrix, language=language)


def request_all_languages(matrix: Matrix) -> None:
    """Queue the version's PDF in the six languages (on approval and publication)."""
    for language in Language.values:
        request_pdf(matrix, language)


def pdf_context(matrix: Matrix) -> dict:
    return {
        "matrix": matrix,
        "header": header_of(matrix),
        "sections": sections_of(matrix),
        "generated_at": timezone.now(),
    }


def build_pdf(matrix_id: int, language: str) -> MatrixPdf:
    """Render the PDF of one version in ``language`` and store it (the worker's side). A file
    already built from the version as it is now is kept (a task delivered twice builds once).
    The file is written under a new name first and the row points at it only once complete;
    the file it replaces is deleted after the commit."""
    matrix = Matrix.objects.select_related("state", "template").get(pk=matrix_id)
    stamp = content_stamp(matrix)
    current = MatrixPdf.objects.filter(matrix=matrix, language=language).first()
    if current is not None and current.file and current.stamp == stamp:
        return current
    with translation.override(locale_of(language)):
        pdf = render_pdf("states/matrix_pdf.html", pdf_context(matrix))
    with transaction.atomic():
        row = _locked_row(matrix, language)
        replaced = row.file.name if row.file else ""
        row.file.save("matrix.pdf", ContentFile(pdf), save=False)
        row.stamp = stamp
        row.built_at = timezone.now()
        MatrixPdf.objects.filter(pk=row.pk).update(
            file=row.file.name, stamp=stamp, built_at=row.built_at
        )
        if replaced:
            storage = row.file.storage
            transaction.on_commit(lambda: storage.delete(replaced))
    logger.info("matrix %s PDF built in %s (%d bytes)", matrix_id, language, len(pdf))
    return row
