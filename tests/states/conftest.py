"""Fixtures of the matrix tests: a small template (a dozen fields over the four sections, with
codes of the real 2016 template) and matrices built through the services, step by step."""

from __future__ import annotations

from datetime import date
from functools import partial
from itertools import cycle

import pytest
from django.utils import timezone

from core.choices import Role
from states.matrices import services as services
from states.matrices.choices import MatrixStatus
from states.matrices.models import Matrix, MatrixComment, MatrixEntry
from states.matrices.template import load_template
from states.models import MemberState
from tests.helpers import Written, fake_states
from tests.personas import make_user

SMALL_TEMPLATE = [
    (
        "OP1-N-NPT",
        "OP1",
        "nuclear",
        "adherence",
        "NPT",
        "Treaty on the Non-Proliferation of Nuclear Weapons (NPT)",
    ),
    ("OP1-C-CWC", "OP1", "chemical", "adherence", "CWC", "Chemical Weapons Convention (CWC)"),
    (
        "OP2-N-ACQ-LF",
        "OP2",
        "nuclear",
        "framework",
        "Acquire",
        "Prohibition on non-State actors to acquire (nuclear weapons): national legal framework",
    ),
    (
        "OP2-N-ACQ-EN",
        "OP2",
        "nuclear",
        "enforcement",
        "Acquire",
        "Prohibition on non-State actors to acquire (nuclear weapons): enforcement",
    ),
    (
        "OP2-C-ACQ-LF",
        "OP2",
        "chemical",
        "framework",
        "Acquire",
        "Prohibition on non-State actors to acquire (chemical weapons): national legal framework",
    ),
    (
        "OP2-B-USE-LF",
        "OP2",
        "biological",
        "framework",
        "Use",
        "Prohibition on non-State actors to use (biological weapons): national legal framework",
    ),
    (
        "OP3AB-N-ACC-PRD-LF",
        "OP3AB",
        "nuclear",
        "framework",
        "Accounting for production",
        "Measures to account for nuclear materials in production: national legal framework",
    ),
    (
        "OP3AB-B-PP-FAC-EN",
        "OP3AB",
        "biological",
        "enforcement",
        "Physical protection of facilities",
        "Physical protection of facilities holding biological agents: enforcement",
    ),
    (
        "OP3CD-N-EXP-LF",
        "OP3CD",
        "nuclear",
        "framework",
        "Export controls",
        "Controls on the export of nuclear materials: national legal framework",
    ),
    (
        "OP3CD-D-EXP-LF",
        "OP3CD",
        "delivery",
        "framework",
        "Export controls",
        "Controls on the export of means of delivery: national legal framework",
    ),
    (
        "OP3CD-C-BRK-EN",
        "OP3CD",
        "chemical",
        "enforcement",
        "Brokering controls",
        "Controls on brokering in chemical weapons-related materials: enforcement",
    ),
    (
        "OP3CD-B-PEN-LF",
        "OP3CD",
        "biological",
        "framework",
        "Penalties",
        "Penalties for breaches of controls on biological agents: national legal framework",
    ),
]
CODES = [row[0] for row in SMALL_TEMPLATE]
STATUS_ORDER = [
    MatrixStatus.DRAFT,
    MatrixStatus.SENT,
    MatrixStatus.COMMENTED,
    MatrixStatus.APPROVED,
    MatrixStatus.PUBLISHED,
]


@pytest.fixture
def template(db):
    """The small template, current."""
    rows = [
        dict(zip(["code", "section", "weapon_type", "column", "measure", "text"], row, strict=True))
        for row in SMALL_TEMPLATE
    ]
    return load_template(
        rows, code="test", title="Small test template", in_use_from=date(2016, 1, 1)
    ).template


@pytest.fixture
def written():
    """Call it to start counting: ``counts = written()`` then ``assert counts.unchanged()``."""
    return partial(Written, Matrix, MatrixEntry, MatrixComment)


def entry(matrix: Matrix, code: str) -> MatrixEntry:
    return MatrixEntry.objects.select_related("field").get(matrix=matrix, field__code=code)


def _poc_of(iso3: str):
    from core.models import User

    user = User.objects.filter(role=Role.POC, state__iso3=iso3, is_active=True).first()
    return user or make_user(f"poc-{iso3.lower()}", Role.POC, iso3)


@pytest.fixture
def build_matrix(template, expert, secretariat):
    """``build_matrix("CHN", "published", marks={"OP1-N-NPT": "X"})``: a matrix of the state,
    marked as given (an X gets a legal reference), moved through the workflow to ``status``."""

    def build(
        iso3: str = "CHN",
        status: str = MatrixStatus.DRAFT,
        *,
        marks: dict[str, str] | None = None,
        approved_on: date | None = None,
    ) -> Matrix:
        state = MemberState.objects.get(iso3=iso3)
        matrix = services.start_draft(state, acting_user=expert)
        for code, mark in (marks or {}).items():
            current = entry(matrix, code)
            services.update_entry(
                current,
                acting_user=expert,
                revision=current.revision,
                mark=mark,
                legal_reference=f"Act {code}, art. 1" if mark == "X" else "",
                source=f"National report of {iso3}, p. 3",
            )
        target = STATUS_ORDER.index(status)
        if target >= 1:
            matrix = services.send_matrix(matrix, acting_user=expert)
        if target >= 2:
            matrix = services.return_comments(matrix, acting_user=_poc_of(iso3))
        if target >= 3:
            matrix = services.approve_matrix(
                matrix, acting_user=secretariat, approved_on=approved_on
            )
        if target >= 4:
            matrix = services.publish_matrix(matrix, acting_user=secretariat)
        matrix.refresh_from_db()
        return matrix

    return build


def fake_published_matrices(
    count: int, template, user, *, marks: tuple[str, ...] = ("X", "", "?", "X", "NA")
) -> list[Matrix]:
    """``count`` published matrices of new fake states, their entries marked in turn from
    ``marks``, written straight to the tables: the query-count tests need many rows quickly,
    not the workflow."""
    now = timezone.now()
    matrices = Matrix.objects.bulk_create(
        Matrix(
            state=state,
            template=template,
            version=1,
            status=MatrixStatus.PUBLISHED,
            created_by=user,
            approved_at=now,
            approved_by=user,
            published_at=now,
            published_by=user,
        )
        for state in fake_states(count)
    )
    fields = list(template.fields.all())
    cycle_marks = cycle(marks)
    MatrixEntry.objects.bulk_create(
        MatrixEntry(
            matrix=matrix,
            field=field,
            mark=(mark := next(cycle_marks)),
            legal_reference="Act 1" if mark == "X" else "",
        )
        for matrix in matrices
        for field in fields
    )
    return matrices


def template_with_fields(count: int, *, code: str):
    """A current template of ``count`` fields spread over the four sections."""
    sections = ["OP1", "OP2", "OP3AB", "OP3CD"]
    weapons = ["nuclear", "chemical", "biological", "delivery"]
    rows = [
        {
            "code": f"{sections[i % 4]}-T{i:04d}",
            "section": sections[i % 4],
            "weapon_type": weapons[(i // 4) % 4],
            "column": "framework",
            "measure": f"Measure {i}",
            "text": f"Measure number {i}",
        }
        for i in range(count)
    ]
    return load_template(
        rows, code=code, title=f"{count} fields", in_use_from=date(2020, 1, 1)
    ).template
