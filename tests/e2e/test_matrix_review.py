"""The review of a matrix in a real Chromium (issue 14, point 5): Li Wei, point of contact of
China, opens "My state", reaches the matrix sent for review in one click and comments on three
rows where they stand; Eva, of the experts, answers in the same place; Mo, a committee member,
reads the version sent and its diff against the approved one; Ana Souza (Brazil) and the public
get "not found"."""

from __future__ import annotations

from datetime import date

import pytest

from core.demo import minimal_pdf
from states.matrices import services
from states.matrices.choices import CommentResponse, MatrixStatus
from states.matrices.models import Matrix, MatrixComment, MatrixEntry
from states.matrices.template import load_template
from states.models import MemberState
from tests.e2e.conftest import axe_violations
from tests.e2e.test_workflows import log_in, log_out
from tests.states.conftest import SMALL_TEMPLATE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


WIDER_THAN_THE_WINDOW = (
    "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
)


def row(page, matrix: Matrix, code: str):
    """The row of the review page that shows the field ``code``."""
    entry = MatrixEntry.objects.get(matrix=matrix, field__code=code)
    return page.locator(f"#row-{entry.pk}")


@pytest.fixture
def sent_to_china(member_states, expert, secretariat, poc_chn):
    """China's matrix: version 1 approved and published (NPT marked X); version 2 sent to China
    with one more field marked by the experts."""
    rows = [
        dict(zip(["code", "section", "weapon_type", "column", "measure", "text"], r, strict=True))
        for r in SMALL_TEMPLATE
    ]
    load_template(rows, code="test", title="Small test template", in_use_from=date(2016, 1, 1))
    china = MemberState.objects.get(iso3="CHN")
    first = services.start_draft(china, acting_user=expert)
    npt = MatrixEntry.objects.get(matrix=first, field__code="OP1-N-NPT")
    services.update_entry(
        npt, acting_user=expert, revision=npt.revision, mark="X", legal_reference="NPT, 1992"
    )
    services.send_matrix(first, acting_user=expert)
    services.return_comments(first, acting_user=poc_chn)
    services.approve_matrix(first, acting_user=secretariat)
    services.publish_matrix(first, acting_user=secretariat)
    second = services.start_draft(china, acting_user=expert)
    export = MatrixEntry.objects.get(matrix=second, field__code="OP3CD-N-EXP-LF")
    services.update_entry(
        export,
        acting_user=expert,
        revision=export.revision,
        mark="X",
        legal_reference="Export Control Law 2020, art. 12",
        source="National report 2021, p. 8",
    )
    return services.send_matrix(second, acting_user=expert)


def test_the_poc_reviews_in_place_the_expert_answers_and_a_member_reads(
    page, sent_to_china, poc_chn, poc_bra, expert, member
):
    matrix = sent_to_china
    log_in(page, poc_chn)

    # "My state" first shows the matrix awaiting China's comments: one click to it.
    page.goto("/my-state/")
    assert page.get_by_role("heading", name="Your matrix awaits your comments").is_visible()
    assert "12 rows are left to review." in page.get_by_role("main").inner_text()
    page.get_by_role("link", name="Review the matrix").click()
    page.wait_for_url(f"**/matrices/{matrix.pk}/comments/")
    assert "12 rows of 12 are left to review." in page.get_by_role("main").inner_text()
    assert page.get_by_role("heading", name="Legend").is_visible()

    # One: accept the NPT row where it stands.
    row(page, matrix, "OP1-N-NPT").get_by_role("button", name="Accept the entry OP1-N-NPT").click()
    assert "Your comment on OP1-N-NPT was recorded." in page.get_by_role("status").inner_text()
    assert page.url.endswith(f"#row-{row_pk(matrix, 'OP1-N-NPT')}")

    # Two: propose a change to the CWC row, with its source and a document.
    cwc = row(page, matrix, "OP1-C-CWC")
    cwc.get_by_text("Propose a change, comment or attach a document").click()
    cwc.get_by_label("Proposed mark").select_option("X")
    cwc.get_by_label("Proposed legal reference").fill("Chemical Weapons Act 1997, art. 3")
    # First without its source: refused on the row, nothing written.
    cwc.get_by_role("button", name="Record the comment").click()
    cwc = row(page, matrix, "OP1-C-CWC")
    assert "Give the source of the proposed change" in cwc.inner_text()
    assert MatrixComment.objects.filter(matrix=matrix).count() == 1
    cwc.get_by_label("Source of the proposal").fill("Official Gazette, 12 May 1997")
    cwc.get_by_label("Document").set_input_files(
        files=[{"name": "act.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf("Act")}]
    )
    cwc.get_by_role("button", name="Record the comment").click()
    assert "Your comment on OP1-C-CWC was recorded." in page.get_by_role("status").inner_text()
    assert "Attached document" in row(page, matrix, "OP1-C-CWC").inner_text()

    # Three: in the next section, accept the export controls row the experts marked.
    page.get_by_role("navigation", name="Sections of the matrix").get_by_role(
        "link", name="OP 3 (c) and (d)"
    ).click()
    row(page, matrix, "OP3CD-N-EXP-LF").get_by_role(
        "button", name="Accept the entry OP3CD-N-EXP-LF"
    ).click()
    main = page.get_by_role("main").inner_text()
    assert "9 rows of 12 are left to review." in main
    assert "3 rows of 4 left to review in this section." in main
    assert not axe_violations(page)
    # On a phone, in English and in Arabic, the page never scrolls sideways.
    page.set_viewport_size({"width": 360, "height": 740})
    for address in (page.url, f"/ar/matrices/{matrix.pk}/comments/?section=OP1"):
        page.goto(address)
        assert page.evaluate(WIDER_THAN_THE_WINDOW) is False, address
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/matrices/{matrix.pk}/comments/")

    # China returns its comments.
    page.get_by_role("link", name="I have finished: return the comments…").click()
    page.get_by_role("button", name="Return the comments").click()
    matrix.refresh_from_db()
    assert matrix.status == MatrixStatus.COMMENTED
    log_out(page)

    # Eva answers the proposal where it stands: adopted.
    log_in(page, expert)
    page.goto(f"/matrices/{matrix.pk}/comments/?section=OP1")
    cwc = row(page, matrix, "OP1-C-CWC")
    cwc.get_by_label("Change adopted").check()
    cwc.get_by_role("button", name="Record the answer").click()
    assert "Your answer was recorded." in page.get_by_role("status").inner_text()
    proposal = MatrixComment.objects.get(entry__field__code="OP1-C-CWC")
    assert proposal.response == CommentResponse.ADOPTED
    adopted = MatrixEntry.objects.get(matrix=matrix, field__code="OP1-C-CWC")
    assert (adopted.mark, adopted.legal_reference) == ("X", "Chemical Weapons Act 1997, art. 3")
    # And notes the acceptance of the NPT row.
    npt = row(page, matrix, "OP1-N-NPT")
    npt.get_by_label("Noted").check()
    npt.get_by_role("button", name="Record the answer").click()
    assert "Your answer was recorded." in page.get_by_role("status").inner_text()
    log_out(page)

    # Mo, a committee member, reads the version and what changed since the approved one.
    log_in(page, member)
    response = page.goto(matrix.get_absolute_url())
    assert response.status == 200
    assert page.get_by_role("button", name="Record the comment").count() == 0
    response = page.goto(f"/matrices/{matrix.pk}/diff/")
    assert response.status == 200
    main = page.get_by_role("main").inner_text()
    assert "OP3CD-N-EXP-LF" in main and "Export Control Law 2020, art. 12" in main
    assert page.get_by_label("Compared with version").input_value() == str(
        Matrix.objects.get(state=matrix.state, version=1).pk
    )
    assert page.goto(f"/matrices/{matrix.pk}/comments/").status == 403
    log_out(page)

    # Ana Souza, of Brazil, and the public: not found.
    log_in(page, poc_bra)
    for url in (matrix.get_absolute_url(), f"/matrices/{matrix.pk}/comments/"):
        assert page.goto(url).status == 404
    log_out(page)
    for url in (matrix.get_absolute_url(), f"/matrices/{matrix.pk}/diff/"):
        assert page.goto(url).status == 404


def row_pk(matrix: Matrix, code: str) -> int:
    return MatrixEntry.objects.get(matrix=matrix, field__code=code).pk
