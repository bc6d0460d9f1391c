"""The annual review's services live apart from the rest of the Committee's (issue 12): the
working groups use committee/work/services.py, and may not depend on the annual review, which
reads every app."""

from __future__ import annotations

import ast
from pathlib import Path

import committee.work.services

READS_EVERY_APP = {"committee.work.annual_review", "committee.work.dashboard"}


def test_the_committees_services_import_neither_the_annual_review_nor_the_dashboard():
    tree = ast.parse(Path(committee.work.services.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
    assert imported & READS_EVERY_APP == set()
