"""Every model of the states app, for Django's registry and the migrations: the member states
(``member_state``, here), and the models of the sub-packages: national reports and points of
contact (states/reports/), the 1540 matrix (states/matrices/), effective practices and action
plans (states/practices/), the national legislation register (states/legislation/), the dialogue
with states and their profiles (states/dialogue/). All keep the app label "states"."""

from __future__ import annotations

from states.dialogue.models import (
    Dialogue,
    DialogueFollowUp,
    DialogueFollowUpQuerySet,
    DialogueQuerySet,
    StateProfile,
    StateProfileQuerySet,
)
from states.legislation.models import (
    LegislationTopicCovered,
    LegislationWeaponCovered,
    NationalLegislation,
    NationalLegislationQuerySet,
    legislation_upload_to,
)
from states.matrices.models import (
    Matrix,
    MatrixComment,
    MatrixEntry,
    MatrixField,
    MatrixPdf,
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
    "Dialogue",
    "DialogueFollowUp",
    "DialogueFollowUpQuerySet",
    "DialogueQuerySet",
    "EffectivePractice",
    "LegislationTopicCovered",
    "LegislationWeaponCovered",
    "Matrix",
    "MatrixComment",
    "MatrixEntry",
    "MatrixField",
    "MatrixPdf",
    "MatrixQuerySet",
    "MatrixSection",
    "MatrixTemplate",
    "MemberState",
    "MemberStateQuerySet",
    "NationalActionPlan",
    "NationalLegislation",
    "NationalLegislationQuerySet",
    "NationalPointOfContact",
    "NationalPointOfContactQuerySet",
    "NationalReport",
    "NationalReportQuerySet",
    "SharedByStateQuerySet",
    "StateName",
    "StateProfile",
    "StateProfileQuerySet",
    "action_plan_upload_to",
    "legislation_upload_to",
    "matrix_letter_upload_to",
    "reader_order",
    "report_upload_to",
]
