"""The rules of the states app (states/{reports,matrices,practices}/permissions.py), one row
each: see tests/rules_table.py. China's point of contact is the rightful user of China's
drafts, matrices under review and submissions; Brazil's and the public do not see them."""

from __future__ import annotations

import pytest

from core.permissions import can
from states.choices import ReportStatus
from states.dialogue.models import Dialogue, DialogueFollowUp, StateProfile
from states.matrices.choices import MatrixStatus
from states.matrices.models import Matrix, MatrixComment, MatrixEntry
from states.models import MemberState
from states.practices.choices import SubmissionStatus
from states.practices.models import EffectivePractice
from states.reports.models import NationalPointOfContact, NationalReport
from tests.rules_table import Case, check


def chinas_draft(p):
    return NationalReport(state=p.china, status=ReportStatus.DRAFT)


def chinas_submitted_report(p):
    return NationalReport(state=p.china, status=ReportStatus.SUBMITTED)


def chinas_contact(p):
    return NationalPointOfContact(state=p.china)


def chinas_matrix_under_review(p):
    return Matrix(state=p.china, status=MatrixStatus.SENT)


def chinas_comment(p):
    return MatrixComment(matrix=chinas_matrix_under_review(p))


def chinas_entry(p):
    return MatrixEntry(matrix=chinas_matrix_under_review(p))


def chinas_practice(p):
    return EffectivePractice(state=p.china, status=SubmissionStatus.SUBMITTED)


def chinas_dialogue(p):
    return Dialogue(state=p.china)


RULES = {
    # National reports and points of contact.
    "states.read_report": Case("poc_chn", on=chinas_draft),
    "states.see_my_state": Case("poc_chn", other_poc=True),
    "states.file_report_on_behalf": Case("expert"),
    "states.create_report_for_state": Case("poc_chn", on=lambda p: p.china),
    "states.edit_report": Case("poc_chn", on=chinas_draft),
    # Before publication; a published report's: tests/states/test_report_documents.py.
    "states.edit_report_documents": Case("poc_chn", on=chinas_submitted_report),
    "states.submit_report": Case("poc_chn", on=chinas_draft),
    "states.publish_report": Case("secretariat", on=chinas_submitted_report),
    "states.discard_draft_report": Case("poc_chn", on=chinas_draft),
    "states.see_report_inbox": Case("expert"),
    "states.see_history": Case("expert", on=chinas_draft),
    "states.see_who_submitted_report": Case("poc_chn", on=chinas_submitted_report),
    "states.read_point_of_contact": Case("poc_chn", on=chinas_contact),
    "states.manage_points_of_contact": Case("secretariat", on=lambda p: p.china),
    # The matrix.
    "states.read_matrix": Case("poc_chn", on=chinas_matrix_under_review),
    "states.start_matrix_draft": Case("expert", on=lambda p: p.china),
    "states.edit_matrix": Case("expert", on=chinas_matrix_under_review),
    "states.send_matrix": Case("expert", on=chinas_matrix_under_review),
    "states.produce_matrix_letter": Case("expert", on=chinas_matrix_under_review),
    "states.comment_on_matrix": Case("poc_chn", on=chinas_matrix_under_review),
    "states.return_matrix_comments": Case("poc_chn", on=chinas_matrix_under_review),
    "states.respond_to_matrix_comment": Case("expert", on=chinas_matrix_under_review),
    "states.approve_matrix": Case("secretariat", on=chinas_matrix_under_review),
    "states.publish_matrix": Case("secretariat", on=chinas_matrix_under_review),
    "states.read_matrix_letter": Case("poc_chn", on=chinas_matrix_under_review),
    "states.import_matrix_open_data": Case("secretariat"),
    # China's own POC does not import either (states/matrices/permissions.py): only the expert.
    "states.import_matrix_workbook": Case("expert", on=chinas_matrix_under_review),
    "states.see_matrix_comments": Case("poc_chn", on=chinas_matrix_under_review),
    "states.read_matrix_comment": Case("poc_chn", on=chinas_comment),
    "states.see_who_moved_matrix": Case("poc_chn", on=chinas_matrix_under_review),
    "states.see_who_changed_entry": Case("poc_chn", on=chinas_entry),
    # Converting the matrices to the new format (8(d)): the staff, one state or every state.
    "states.convert_matrix_format": Case("expert", on=lambda p: p.china),
    # Effective practices and action plans.
    "states.read_shared_item": Case("poc_chn", on=chinas_practice),
    "states.submit_practice": Case("poc_chn", other_poc=True),
    "states.submit_practice_for_state": Case("poc_chn", on=lambda p: p.china),
    "states.withdraw_shared_item": Case("poc_chn", on=chinas_practice),
    "states.publish_shared_item": Case("secretariat", on=chinas_practice),
    "states.see_who_submitted_shared_item": Case("poc_chn", on=chinas_practice),
    # The national legislation register: public to read, kept by the staff and the experts.
    "states.manage_legislation": Case("expert", on=lambda p: p.china),
    "states.see_who_recorded_legislation": Case("secretariat"),
    # The dialogue with states (8(b)) and the state profiles (8(f)): the staff, the experts and
    # the state's own point of contact read them; the staff and the experts keep them.
    "states.read_dialogue": Case("poc_chn", on=chinas_dialogue),
    "states.read_state_profile": Case("poc_chn", on=lambda p: StateProfile(state=p.china)),
    "states.read_dialogue_of_state": Case("poc_chn", on=lambda p: p.china),
    "states.keep_dialogue": Case("expert", on=lambda p: p.china),
    "states.see_all_dialogue": Case("secretariat"),
    "states.keep_state_profile": Case("expert", on=lambda p: p.china),
    "states.see_who_keeps_dialogue": Case("secretariat", on=chinas_dialogue),
}


@pytest.mark.django_db
def test_a_follow_up_is_read_by_its_dialogues_state_only(poc_chn, poc_bra, expert):
    china = MemberState.objects.get(iso3="CHN")
    follow_up = DialogueFollowUp(dialogue=Dialogue(state=china))
    assert can(poc_chn, "states.read_dialogue", follow_up)
    assert can(expert, "states.read_dialogue", follow_up)
    assert not can(poc_bra, "states.read_dialogue", follow_up)


@pytest.mark.django_db
def test_a_committee_member_does_not_read_the_dialogue_with_states(member):
    china = MemberState.objects.get(iso3="CHN")
    assert not can(member, "states.read_dialogue", Dialogue(state=china))
    assert not can(member, "states.read_dialogue_of_state", china)
    assert not can(member, "states.keep_dialogue", china)


@pytest.mark.django_db
@pytest.mark.parametrize("name", RULES)
def test_each_rule_of_the_states_app_against_the_three_personas(name, request):
    check(name, RULES[name], request)


# The committee's members read every state's matrix from "sent" on, and its letter, to read what
# they approve; a draft stays the experts' working copy, and the review stays between the state
# and the experts (states/matrices/permissions.py).
MEMBER_ON_MATRICES = [
    ("states.read_matrix", MatrixStatus.DRAFT, False),
    ("states.read_matrix", MatrixStatus.SENT, True),
    ("states.read_matrix", MatrixStatus.COMMENTED, True),
    ("states.read_matrix", MatrixStatus.APPROVED, True),
    ("states.read_matrix", MatrixStatus.PUBLISHED, True),
    ("states.read_matrix_letter", MatrixStatus.DRAFT, False),
    ("states.read_matrix_letter", MatrixStatus.SENT, True),
    ("states.read_matrix_letter", MatrixStatus.APPROVED, True),
    ("states.see_matrix_comments", MatrixStatus.SENT, False),
    ("states.comment_on_matrix", MatrixStatus.SENT, False),
    ("states.return_matrix_comments", MatrixStatus.SENT, False),
    ("states.respond_to_matrix_comment", MatrixStatus.COMMENTED, False),
    ("states.edit_matrix", MatrixStatus.DRAFT, False),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "status", "allowed"), MEMBER_ON_MATRICES)
def test_a_committee_member_reads_matrices_from_sent_on_and_never_comments(
    name, status, allowed, member
):
    china = MemberState.objects.get(iso3="CHN")
    assert can(member, name, Matrix(state=china, status=status)) is allowed


@pytest.mark.django_db
def test_a_committee_member_lists_every_version_but_the_drafts(build_matrix, member):
    draft = build_matrix("BRA", MatrixStatus.DRAFT)
    sent = build_matrix("CHN", MatrixStatus.SENT)
    published = build_matrix("FRA", MatrixStatus.PUBLISHED)

    assert set(Matrix.objects.visible_to(member)) == {sent, published}
    assert draft not in Matrix.objects.visible_to(member)
