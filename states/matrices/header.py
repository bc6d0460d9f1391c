"""The header of a matrix, as the Committee prints it at the top of every matrix: "APPROVED 1540
COMMITTEE MATRIX" once the Committee has approved the version, "DRAFT" before; the state's
name; the national reports it draws on (the first report, each addendum or additional report,
with their dates) and the date of the Committee's approval. One place for the page and the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from states.matrices.choices import APPROVED_STATUSES
from states.matrices.models import Matrix
from states.models.member_state import COUNTS_AS_REPORTED
from states.reports.models import NationalReport

APPROVED_TITLE = _("APPROVED 1540 COMMITTEE MATRIX")
DRAFT_TITLE = _("DRAFT 1540 COMMITTEE MATRIX")


@dataclass(frozen=True)
class MatrixHeader:
    approved: bool
    title: Promise
    state_name: str
    reports: list[NationalReport]
    approved_on: date | None


def source_reports(matrix: Matrix) -> list[NationalReport]:
    """The national reports the version draws on, oldest first (one query). A report the
    state has withdrawn to a draft is not shown: it was never received."""
    return list(
        NationalReport.objects.filter(
            pk__in=matrix.source_reports.values("pk"), status__in=COUNTS_AS_REPORTED
        ).order_by("submitted_on", "pk")
    )


def header_of(matrix: Matrix) -> MatrixHeader:
    approved = matrix.status in APPROVED_STATUSES
    return MatrixHeader(
        approved=approved,
        title=APPROVED_TITLE if approved else DRAFT_TITLE,
        state_name=matrix.state.name,
        reports=source_reports(matrix),
        approved_on=timezone.localtime(matrix.approved_at).date() if matrix.approved_at else None,
    )
