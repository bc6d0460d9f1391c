"""Every model of the states app, for Django's registry and the migrations: the member states
(``member_state``, here), and the models of the sub-packages: national reports and points of
contact (states/reports/), the 1540 matrix (states/matrices/), effective practices and action
plans (states/practices/). All keep the app label "states"."""

from __future__ import annotations

from states.matrices.models import (
    Matrix,
    MatrixComment,
    MatrixEntry,
    MatrixField,
    MatrixQuerySet,
    MatrixSection,
    MatrixTemplate,
    matrix_letter_upload_to,
)
from states.models.member_state import (
    COUNTS_AS_REPORTED,
    MemberState,
    MemberStateQuerySet,
    StateName,
    reader_order,
)
from states.practices.models import (
    EffectivePractice,
    NationalActionPlan,
    SharedByStateQuerySet,
    action_plan_upload_to,
)
from states.reports.models import (
    NationalPointOfContact,
    NationalPointOfContactQuerySet,
    NationalReport,
    NationalReportQuerySet,
    report_upload_to,
)

__all__ = [
    "COUNTS_AS_REPORTED",
    "EffectivePractice",
    "Matrix",
    "MatrixComment",
    "MatrixEntry",
    "MatrixField",
    "MatrixQuerySet",
    "MatrixSection",
    "MatrixTemplate",
    "MemberState",
    "MemberStateQuerySet",
    "NationalActionPlan",
    "NationalPointOfContact",
    "NationalPointOfContactQuerySet",
    "NationalReport",
    "NationalReportQuerySet",
    "SharedByStateQuerySet",
    "StateName",
    "action_plan_upload_to",
    "matrix_letter_upload_to",
    "reader_order",
    "report_upload_to",
]
