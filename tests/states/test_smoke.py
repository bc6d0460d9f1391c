from __future__ import annotations

from tests import factories


def test_a_poc_drafts_and_submits_a_report_for_their_state(poc_chn, secretariat):
    report = factories.report("CHN", by=poc_chn, status="submitted", kind="first")
    assert report.status == "submitted"
    assert report.submitted_by == poc_chn
