"""The matrix use cases, as the personas meet them: Eva of the Group of Experts drafts and revises
China's matrix, Li Wei (China's point of contact) comments on it, Sam of the secretariat records
the committee's approval and publishes; Ana Souza (Brazil) and Mo (a committee member) may not
touch it. Every refusal says why and writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.services import InvalidTransition
from states.matrices import services as services
from states.matrices.choices import CommentKind, CommentResponse, MatrixStatus
from states.matrices.diff import diff
from states.matrices.models import Matrix, MatrixComment, MatrixEntry
from states.models import MemberState
from tests.states.conftest import CODES, entry

pytestmark = pytest.mark.django_db


def china() -> MemberState:
    return MemberState.objects.get(iso3="CHN")


def test_expert_starts_an_empty_first_draft_with_one_entry_per_field(template, expert):
    matrix = services.start_draft(china(), acting_user=expert)

    assert matrix.version == 1
    assert matrix.status == MatrixStatus.DRAFT
    assert matrix.template == template
    assert matrix.based_on is None
    assert sorted(matrix.entries.values_list("field__code", flat=True)) == sorted(CODES)
    assert set(matrix.entries.values_list("mark", flat=True)) == {""}
    assert matrix.history.get().history_user == expert
    assert MatrixEntry.history.filter(matrix_id=matrix.pk).count() == len(CODES)


def test_a_new_draft_copies_the_last_approved_version(build_matrix, expert):
    published = build_matrix("CHN", "published", marks={"OP1-N-NPT": "X", "OP2-N-ACQ-LF": "?"})

    draft = services.start_draft(china(), acting_user=expert)

    assert draft.version == 2
    assert draft.based_on == published
    assert entry(draft, "OP1-N-NPT").mark == "X"
    assert entry(draft, "OP1-N-NPT").legal_reference == "Act OP1-N-NPT, art. 1"
    assert entry(draft, "OP2-N-ACQ-LF").mark == "?"
    assert diff(draft, published) == []


def test_a_state_has_one_matrix_in_progress_at_a_time(build_matrix, expert, written):
    build_matrix("CHN", "sent")
    counts = written()

    with pytest.raises(InvalidTransition, match="already has a matrix in progress"):
        services.start_draft(china(), acting_user=expert)

    assert counts.unchanged()


def test_no_draft_without_a_template(expert, member_states, written):
    counts = written()

    with pytest.raises(ValidationError, match="load_matrix_template"):
        services.start_draft(china(), acting_user=expert)

    assert counts.unchanged()


@pytest.mark.parametrize("persona", ["poc_chn", "poc_bra", "member"])
def test_only_experts_and_the_secretariat_start_drafts(template, request, persona, written):
    counts = written()

    with pytest.raises(PermissionDenied, match="Only the experts and the secretariat"):
        services.start_draft(china(), acting_user=request.getfixturevalue(persona))

    assert counts.unchanged()


def test_an_edit_bumps_the_revision_and_names_the_expert(build_matrix, expert):
    matrix = build_matrix()
    target = entry(matrix, "OP2-N-ACQ-LF")

    saved = services.update_entry(
        target, acting_user=expert, revision=1, mark="X", legal_reference="Criminal Code, art. 2"
    )

    assert saved.revision == 2
    assert saved.updated_by == expert
    assert saved.history.first().history_user == expert
    assert saved.history.first().history_change_reason == "Entry edited"


def test_a_stale_save_is_refused_and_the_colleagues_work_is_kept(build_matrix, expert, secretariat):
    matrix = build_matrix()
    target = entry(matrix, "OP2-N-ACQ-LF")
    services.update_entry(
        target, acting_user=expert, revision=1, mark="X", legal_reference="Act 1, art. 2"
    )

    with pytest.raises(InvalidTransition, match="OP2-N-ACQ-LF changed since you opened it"):
        services.update_entry(target, acting_user=secretariat, revision=1, mark="NA")

    target.refresh_from_db()
    assert (target.mark, target.legal_reference, target.revision) == ("X", "Act 1, art. 2", 2)


def test_a_page_of_edits_saves_what_changed_and_ignores_entries_left_alone(build_matrix, expert):
    matrix = build_matrix()
    a, b = entry(matrix, "OP1-N-NPT"), entry(matrix, "OP1-C-CWC")
    edits = [
        services.EntryEdit(a.pk, a.revision, {**a.values(), "mark": "NA"}),
        services.EntryEdit(b.pk, b.revision, b.values()),
    ]

    assert services.save_entries(matrix, edits, acting_user=expert) == 1

    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.mark, a.revision, b.revision) == ("NA", 2, 1)


def test_two_experts_saving_different_fields_of_one_page_both_keep_their_work(
    build_matrix, expert, secretariat
):
    matrix = build_matrix()
    a, b = entry(matrix, "OP1-N-NPT"), entry(matrix, "OP1-C-CWC")
    page = [(x.pk, x.revision, x.values()) for x in (a, b)]  # both opened the same page
    eva = [services.EntryEdit(pk, rev, dict(v)) for pk, rev, v in page]
    eva[0].values["mark"] = "NA"
    sam = [services.EntryEdit(pk, rev, dict(v)) for pk, rev, v in page]
    sam[1].values.update(mark="X", legal_reference="CWC Act, art. 4")

    services.save_entries(matrix, eva, acting_user=expert)
    services.save_entries(matrix, sam, acting_user=secretariat)

    assert entry(matrix, "OP1-N-NPT").mark == "NA"
    assert entry(matrix, "OP1-C-CWC").mark == "X"


def test_two_experts_saving_the_same_field_the_second_is_refused_and_nothing_of_theirs_saved(
    build_matrix, expert, secretariat, written
):
    matrix = build_matrix()
    a, b = entry(matrix, "OP1-N-NPT"), entry(matrix, "OP1-C-CWC")
    page = [(x.pk, x.revision, x.values()) for x in (a, b)]
    eva = [services.EntryEdit(pk, rev, dict(v)) for pk, rev, v in page]
    eva[0].values["mark"] = "NA"
    sam = [services.EntryEdit(pk, rev, dict(v)) for pk, rev, v in page]
    sam[0].values["mark"] = "?"
    sam[1].values["remarks"] = "Checked"
    services.save_entries(matrix, eva, acting_user=expert)
    counts = written()

    with pytest.raises(services.StaleEntry) as refused:
        services.save_entries(matrix, sam, acting_user=secretariat)

    assert [conflict.field.code for conflict in refused.value.conflicts] == ["OP1-N-NPT"]
    assert counts.unchanged()
    assert entry(matrix, "OP1-N-NPT").mark == "NA"
    assert entry(matrix, "OP1-C-CWC").remarks == ""


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"mark": "Y"}, "mark", "is not a mark"),
        ({"mark": 1}, "mark", "as text"),
        ({"mark": "X", "legal_reference": ""}, "legal_reference", "give the act and article"),
        ({"remarks": "x" * 2001}, "remarks", "the limit is 2000"),
        ({"colour": "red"}, "__all__", "cannot be changed: colour"),
    ],
)
def test_bad_entry_values_are_refused_and_nothing_is_written(
    build_matrix, expert, written, values, field, message
):
    matrix = build_matrix()
    target = entry(matrix, "OP2-N-ACQ-LF")
    counts = written()

    with pytest.raises(ValidationError) as refused:
        services.update_entry(target, acting_user=expert, revision=1, **values)

    assert message in str(refused.value.update_error_dict({})[field])
    assert counts.unchanged()


@pytest.mark.parametrize("persona", ["poc_chn", "poc_bra", "member"])
def test_only_experts_and_the_secretariat_edit_entries(build_matrix, request, persona, written):
    matrix = build_matrix()
    counts = written()

    with pytest.raises(PermissionDenied):
        services.update_entry(
            entry(matrix, "OP1-N-NPT"),
            acting_user=request.getfixturevalue(persona),
            revision=1,
            mark="NA",
        )

    assert counts.unchanged()


def test_a_matrix_with_the_state_is_not_edited(build_matrix, expert, written):
    matrix = build_matrix("CHN", "sent")
    counts = written()

    with pytest.raises(InvalidTransition, match="“Sent to the state”"):
        services.update_entry(entry(matrix, "OP1-N-NPT"), acting_user=expert, revision=1, mark="NA")

    assert counts.unchanged()


def test_the_poc_accepts_an_entry_and_proposes_a_change_with_its_source(build_matrix, poc_chn):
    matrix = build_matrix("CHN", "sent", marks={"OP1-N-NPT": "X"})

    accepted = services.comment_on_entry(
        matrix, entry(matrix, "OP1-N-NPT"), acting_user=poc_chn, kind=CommentKind.ACCEPT
    )
    proposed = services.comment_on_entry(
        matrix,
        entry(matrix, "OP2-N-ACQ-LF"),
        acting_user=poc_chn,
        kind=CommentKind.PROPOSE,
        proposed_mark="X",
        proposed_legal_reference="Nuclear Security Law 2018, art. 9",
        proposed_source="https://www.gov.cn/law/nuclear-security",
        text="Adopted in 2018.",
    )

    assert accepted.response == proposed.response == CommentResponse.OPEN
    assert proposed.history.get().history_user == poc_chn
    assert MatrixComment.objects.filter(matrix=matrix).count() == 2


@pytest.mark.parametrize(
    ("proposal", "field", "message"),
    [
        ({"proposed_mark": "X", "proposed_legal_reference": "Law 1"}, "proposed_source", "source"),
        ({"proposed_mark": "", "proposed_source": "Report p. 4"}, "proposed_mark", "same as"),
        ({"proposed_mark": "Z", "proposed_source": "Report p. 4"}, "mark", "not a mark"),
        ({"kind": "reject"}, "kind", "accept the entry or propose"),
    ],
)
def test_a_proposal_without_a_source_or_a_change_is_refused(
    build_matrix, poc_chn, written, proposal, field, message
):
    matrix = build_matrix("CHN", "sent")
    counts = written()

    with pytest.raises(ValidationError) as refused:
        services.comment_on_entry(
            matrix,
            entry(matrix, "OP2-N-ACQ-LF"),
            acting_user=poc_chn,
            **{"kind": CommentKind.PROPOSE, **proposal},
        )

    assert message in str(refused.value.message_dict[field])
    assert counts.unchanged()


def test_the_poc_of_another_state_cannot_comment(build_matrix, poc_bra, written):
    matrix = build_matrix("CHN", "sent")
    counts = written()

    with pytest.raises(PermissionDenied, match="point of contact of this state"):
        services.comment_on_entry(
            matrix, entry(matrix, "OP1-N-NPT"), acting_user=poc_bra, kind=CommentKind.ACCEPT
        )

    assert counts.unchanged()


def test_an_entry_of_another_matrix_is_refused(build_matrix, poc_chn, written):
    chinas = build_matrix("CHN", "sent")
    brazils = build_matrix("BRA", "draft")
    counts = written()

    with pytest.raises(ValidationError, match="another matrix"):
        services.comment_on_entry(
            chinas, entry(brazils, "OP1-N-NPT"), acting_user=poc_chn, kind=CommentKind.ACCEPT
        )

    assert counts.unchanged()


def test_adopting_a_proposal_changes_the_entry_and_declining_needs_a_reason(
    build_matrix, poc_chn, expert
):
    matrix = build_matrix("CHN", "sent")
    proposal = services.comment_on_entry(
        matrix,
        entry(matrix, "OP2-N-ACQ-LF"),
        acting_user=poc_chn,
        kind=CommentKind.PROPOSE,
        proposed_mark="X",
        proposed_legal_reference="Nuclear Security Law 2018, art. 9",
        proposed_source="Additional report 2019, p. 12",
    )
    other = services.comment_on_entry(
        matrix,
        entry(matrix, "OP1-C-CWC"),
        acting_user=poc_chn,
        kind=CommentKind.PROPOSE,
        proposed_mark="NA",
        proposed_source="Note verbale of 3 May",
    )
    services.return_comments(matrix, acting_user=poc_chn)

    services.respond_to_comment(proposal, acting_user=expert, response=CommentResponse.ADOPTED)
    with pytest.raises(ValidationError, match="Say why"):
        services.respond_to_comment(other, acting_user=expert, response=CommentResponse.DECLINED)

    changed = entry(matrix, "OP2-N-ACQ-LF")
    assert (changed.mark, changed.legal_reference, changed.source) == (
        "X",
        "Nuclear Security Law 2018, art. 9",
        "Additional report 2019, p. 12",
    )
    assert changed.history.first().history_change_reason == "Change proposed by the state adopted"
    other.refresh_from_db()
    assert other.response == CommentResponse.OPEN


def test_approval_waits_for_answers_to_every_comment(build_matrix, poc_chn, secretariat, written):
    matrix = build_matrix("CHN", "sent")
    services.comment_on_entry(
        matrix, entry(matrix, "OP1-N-NPT"), acting_user=poc_chn, kind=CommentKind.ACCEPT
    )
    services.return_comments(matrix, acting_user=poc_chn)
    counts = written()

    with pytest.raises(InvalidTransition, match="1 comment"):
        services.approve_matrix(matrix, acting_user=secretariat)

    assert counts.unchanged()


@pytest.mark.parametrize(
    ("days", "message"), [(1, "cannot be in the future"), (-400, "before it was sent")]
)
def test_an_approval_date_out_of_range_is_refused(
    build_matrix, secretariat, written, days, message
):
    matrix = build_matrix("CHN", "commented")
    counts = written()

    with pytest.raises(ValidationError, match=message):
        services.approve_matrix(
            matrix,
            acting_user=secretariat,
            approved_on=timezone.localdate() + timedelta(days=days),
        )

    assert counts.unchanged()


@pytest.mark.parametrize("persona", ["expert", "poc_chn", "member"])
def test_only_the_secretariat_approves_and_publishes(build_matrix, request, persona, written):
    matrix = build_matrix("CHN", "commented")
    user = request.getfixturevalue(persona)
    counts = written()

    with pytest.raises(PermissionDenied, match="Only the secretariat"):
        services.approve_matrix(matrix, acting_user=user)
    matrix.status = MatrixStatus.APPROVED  # as if approved: publishing is refused too
    with pytest.raises(PermissionDenied, match="Only the secretariat"):
        services.publish_matrix(matrix, acting_user=user)

    assert counts.unchanged()


@pytest.mark.parametrize(
    ("status", "step", "persona", "message"),
    [
        ("draft", "approve_matrix", "secretariat", "Only a matrix the state has had"),
        ("draft", "publish_matrix", "secretariat", "Only an approved matrix"),
        ("draft", "return_comments", "poc_chn", "Only a matrix with the state"),
        ("sent", "send_matrix", "expert", "Only a draft is sent"),
        ("published", "publish_matrix", "secretariat", "Only an approved matrix"),
        ("published", "approve_matrix", "secretariat", "its status is “Published”"),
    ],
)
def test_a_step_the_status_does_not_allow_is_a_conflict(
    build_matrix, request, written, status, step, persona, message
):
    matrix = build_matrix("CHN", status)
    counts = written()

    with pytest.raises(InvalidTransition, match=message):
        getattr(services, step)(matrix, acting_user=request.getfixturevalue(persona))

    assert counts.unchanged()


def test_every_step_is_dated_and_attributed(build_matrix, poc_chn, expert, secretariat):
    matrix = build_matrix("CHN", "published")

    assert (matrix.sent_by, matrix.comments_returned_by) == (expert, poc_chn)
    assert (matrix.approved_by, matrix.published_by) == (secretariat, secretariat)
    assert matrix.sent_at <= matrix.comments_returned_at <= matrix.approved_at
    assert matrix.approved_at <= matrix.published_at
    reasons = [
        (record.history_change_reason, record.history_user)
        for record in matrix.history.order_by("history_date")
    ]
    assert reasons == [
        ("Draft started, empty", expert),
        ("Sent to the state", expert),
        ("Comments returned by the state", poc_chn),
        ("Approved by the committee", secretariat),
        ("Published", secretariat),
    ]


def test_the_diff_lists_exactly_the_changed_fields(build_matrix, expert):
    old = build_matrix("CHN", "published", marks={"OP1-N-NPT": "X", "OP2-N-ACQ-LF": "?"})
    new = services.start_draft(china(), acting_user=expert)
    changes = {
        "OP2-N-ACQ-LF": {"mark": "X", "legal_reference": "Law 2, art. 3"},
        "OP3CD-N-EXP-LF": {"mark": "NA"},
        "OP1-N-NPT": {"remarks": "Ratified 1992"},
    }
    for code, values in changes.items():
        target = entry(new, code)
        services.update_entry(target, acting_user=expert, revision=target.revision, **values)

    found = diff(new, old)

    assert [change.code for change in found] == ["OP1-N-NPT", "OP2-N-ACQ-LF", "OP3CD-N-EXP-LF"]
    by_code = {change.code: change for change in found}
    assert by_code["OP1-N-NPT"].changed == ["remarks"]
    assert by_code["OP2-N-ACQ-LF"].changed == ["mark", "legal_reference"]
    assert by_code["OP2-N-ACQ-LF"].before["mark"] == "?"
    assert by_code["OP2-N-ACQ-LF"].after["mark"] == "X"
    assert by_code["OP3CD-N-EXP-LF"].changed == ["mark"]
    assert diff(old, new)[1].before["mark"] == "X"
    assert diff(new, new) == []


def test_versions_of_two_states_are_not_compared(build_matrix):
    with pytest.raises(ValidationError, match="not of two states"):
        diff(build_matrix("CHN"), build_matrix("BRA"))


def test_published_versions_stay_published_when_a_newer_one_is_published(build_matrix):
    first = build_matrix("CHN", "published", marks={"OP1-N-NPT": "X"})
    second = build_matrix("CHN", "published", marks={"OP1-C-CWC": "X"})

    first.refresh_from_db()
    assert first.status == second.status == MatrixStatus.PUBLISHED
    assert list(Matrix.objects.latest_published()) == [second]
