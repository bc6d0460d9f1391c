"""Models of the states app: member states and their reports (``reports``), the 1540 matrix
(``matrix``), and effective practices and action plans (``practices``). Everything is
importable from ``states.models`` as before."""

from __future__ import annotations

from states.models.matrix import (
    Matrix,
    MatrixComment,
    MatrixEntry,
    MatrixField,
    MatrixQuerySet,
    MatrixSection,
    MatrixTemplate,
    matrix_letter_upload_to,
)
from states.models.practices import (
    EffectivePractice,
    NationalActionPlan,
    SharedByStateQuerySet,
    action_plan_upload_to,
)
from states.models.reports import (
    COUNTS_AS_REPORTED,
    MemberState,
    MemberStateQuerySet,
    NationalPointOfContact,
    NationalPointOfContactQuerySet,
    NationalReport,
    NationalReportQuerySet,
    report_upload_to,
)

__all__ = [
    "COUNTS_AS_REPORTED",
    "EffectivePractice",
    "NationalActionPlan",
    "SharedByStateQuerySet",
    "action_plan_upload_to",
    "Matrix",
    "MatrixComment",
    "MatrixEntry",
    "MatrixField",
    "MatrixQuerySet",
    "MatrixSection",
    "MatrixTemplate",
    "MemberState",
    "MemberStateQuerySet",
    "NationalPointOfContact",
    "NationalPointOfContactQuerySet",
    "NationalReport",
    "NationalReportQuerySet",
    "matrix_letter_upload_to",
    "report_upload_to",
]
