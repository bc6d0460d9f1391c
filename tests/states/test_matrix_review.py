"""The review of a matrix with the state and the committee (issue 14): Li Wei (China) finds the
matrix sent to China first on "My state", and comments on its rows where they stand, section by
section, with what is left to review; Eva (expert) answers each comment in the same place; Mo
(committee member) reads every version from "sent" on, with its diff and its letter, and never a
comment form; Ana Souza (Brazil) and the public see none of it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from states.matrices import services
from states.matrices.models import Matrix, MatrixComment, MatrixEntry
from tests import factories
from tests.helpers import count_queries, login_redirect, pdf_text
from tests.states.conftest import CODES, entry, template_with_fields

pytestmark = pytest.mark.django_db


def review_url(matrix: Matrix) -> str:
    return f"/matrices/{matrix.pk}/comments/"


def propose(matrix: Matrix, code: str = "OP2-N-ACQ-LF", **extra) -> dict:
    return {
        "entry": entry(matrix, code).pk,
        "kind": "propose",
        "proposed_mark": "X",
        "proposed_legal_reference": "Law 4, art. 2",
        "proposed_source": "National report 2019, p. 3",
        **extra,
    }


@pytest.fixture
def sent(build_matrix):
    """China's matrix, sent to China for review (OP1-N-NPT marked X)."""
    return build_matrix("CHN", "sent", marks={"OP1-N-NPT": "X"})


@pytest.fixture
def commented(sent, poc_chn):
    """China's matrix with one proposal of China's, returned to the experts."""
    comment = services.comment_on_entry(
        sent,
        entry(sent, "OP2-N-ACQ-LF"),
        acting_user=poc_chn,
        kind="propose",
        proposed_mark="X",
        proposed_legal_reference="Law 4, art. 2",
        proposed_source="National report 2019, p. 3",
    )
    services.return_comments(sent, acting_user=poc_chn)
    sent.refresh_from_db()
    return sent, comment


# --- "My state" ---------------------------------------------------------------------------------


def test_my_state_shows_the_matrix_awaiting_comments_first_with_what_is_left(client, sent, poc_chn):
    client.force_login(poc_chn)
    services.comment_on_entry(sent, entry(sent, "OP1-N-NPT"), acting_user=poc_chn, kind="accept")

    page = client.get("/my-state/").content.decode()

    review = page.index(f'href="{review_url(sent)}"')
    assert review < page.index('id="own-reports-heading"')
    assert "Your matrix awaits your comments" in page
    assert f"{len(CODES) - 1} rows are left to review." in page


def test_my_state_without_a_matrix_under_review_says_nothing_of_one(client, build_matrix, poc_chn):
    build_matrix("CHN", "published")
    client.force_login(poc_chn)

    assertNotContains(client.get("/my-state/"), "Your matrix awaits your comments")


# --- The review page ------------------------------------------------------------------------------


def test_the_review_page_lays_out_a_section_with_the_legend_and_the_counts(client, sent, poc_chn):
    client.force_login(poc_chn)

    response = client.get(review_url(sent) + "?section=OP2")

    assertContains(response, f"{len(CODES)} rows of {len(CODES)} are left to review.")
    assertContains(response, "Sections of the matrix")
    assertContains(response, "indicators of fact, not indicators of the degree")
    assertContains(response, "4 rows of 4 left to review in this section.")
    for code in ("OP2-N-ACQ-LF", "OP2-N-ACQ-EN", "OP2-C-ACQ-LF", "OP2-B-USE-LF"):
        assertContains(response, code)
    assertNotContains(response, "OP1-N-NPT</span>")
    assertContains(response, f'id="row-{entry(sent, "OP2-N-ACQ-LF").pk}"')
    assertContains(response, "Accept the entry OP2-N-ACQ-LF")


def test_an_unknown_section_is_not_found(client, sent, poc_chn):
    client.force_login(poc_chn)

    assert client.get(review_url(sent) + "?section=OP9").status_code == 404


def test_the_poc_accepts_a_row_in_place_and_the_count_goes_down(client, sent, poc_chn):
    client.force_login(poc_chn)
    row = entry(sent, "OP2-N-ACQ-LF")

    response = client.post(review_url(sent), {"entry": row.pk, "kind": "accept"})

    assert response.status_code == 302
    assert response.url == f"{review_url(sent)}?section=OP2#row-{row.pk}"
    comment = MatrixComment.objects.get()
    assert (comment.entry, comment.kind, comment.author) == (row, "accept", poc_chn)
    page = client.get(response.url)
    assertContains(page, "3 rows of 4 left to review in this section.")
    assertContains(page, f"{len(CODES) - 1} rows of {len(CODES)} are left to review.")


def test_the_poc_proposes_a_change_with_a_source_and_a_document(client, sent, poc_chn, expert):
    client.force_login(poc_chn)

    response = client.post(
        review_url(sent),
        propose(sent, document=factories.pdf_upload("decree.pdf", "Decree 12")),
    )

    assert response.status_code == 302
    comment = MatrixComment.objects.get()
    assert comment.proposed_source == "National report 2019, p. 3"
    assert comment.document.name.endswith(".pdf")
    assert "decree" not in comment.document.name
    page = client.get(response.url)
    document_url = f"/matrices/{sent.pk}/comments/{comment.pk}/document/"
    assertContains(page, document_url)
    assertContains(page, "Law 4, art. 2")
    for reader in (poc_chn, expert):
        client.force_login(reader)
        download = client.get(document_url)
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_word_document_is_accepted_too(client, sent, poc_chn):
    client.force_login(poc_chn)

    response = client.post(review_url(sent), propose(sent, document=factories.docx_upload()))

    assert response.status_code == 302
    assert MatrixComment.objects.get().document.name.endswith(".docx")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"proposed_source": ""}, "Give the source of the proposed change"),
        ({"kind": "perhaps"}, "Choose whether you accept the entry or propose a change."),
        ({"kind": ""}, "Choose whether you accept the entry or propose a change."),
        ({"entry": ""}, "Say which row the comment is on."),
        ({"entry": "many"}, "Enter a whole number."),
        ({"document": "fake"}, "is not a PDF or Word document"),
        ({"document": "text"}, "is not a PDF or Word document"),
        ({"document": "big"}, "the largest document accepted"),
        ({"proposed_source": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_a_bad_comment_is_explained_on_its_row_and_writes_nothing(
    client, sent, poc_chn, written, settings, change, message
):
    documents = {
        "fake": factories.fake_pdf_upload,
        "text": lambda: SimpleUploadedFile("notes.pdf", b"just some text" * 20),
        "big": factories.pdf_upload,
    }
    if change.get("document") == "big":
        settings.UPLOAD_MAX_BYTES = 200
    if "document" in change:
        change = {"document": documents[change["document"]]()}
    client.force_login(poc_chn)
    counts = written()

    response = client.post(review_url(sent), propose(sent, **change))

    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assert counts.unchanged()


def test_a_row_of_another_matrix_is_refused(client, sent, build_matrix, poc_chn, written):
    other = build_matrix("BRA", "sent")
    client.force_login(poc_chn)
    counts = written()

    response = client.post(
        review_url(sent), {"entry": entry(other, "OP1-N-NPT").pk, "kind": "accept"}
    )

    assertContains(response, "This row is not part of this matrix.", status_code=400)
    assert counts.unchanged()


@pytest.mark.parametrize("status", ["commented", "approved", "published"])
def test_commenting_on_a_matrix_not_with_the_state_is_refused(
    client, build_matrix, poc_chn, written, status
):
    matrix = build_matrix("CHN", status)
    client.force_login(poc_chn)
    counts = written()

    response = client.post(
        review_url(matrix), {"entry": entry(matrix, "OP1-N-NPT").pk, "kind": "accept"}, follow=True
    )

    assertContains(response, "Comments are taken while the matrix is with the state")
    assertNotContains(response, "Record the comment")
    assert counts.unchanged()


def test_the_expert_answers_in_place_adopting_the_proposal(client, commented, expert):
    matrix, comment = commented
    client.force_login(expert)

    page = client.get(review_url(matrix) + "?section=OP2")
    response = client.post(
        f"/matrices/{matrix.pk}/comments/{comment.pk}/answer/", {"response": "adopted"}
    )

    assertContains(page, f'id="answer-{comment.pk}"')
    assertContains(page, "1 comment of the state awaits your answer.")
    assertNotContains(page, "Record the comment")
    assert response.url == f"{review_url(matrix)}?section=OP2#row-{comment.entry_id}"
    comment.refresh_from_db()
    assert (comment.response, comment.responded_by) == ("adopted", expert)
    adopted = MatrixEntry.objects.get(pk=comment.entry_id)
    assert (adopted.mark, adopted.legal_reference) == ("X", "Law 4, art. 2")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"response": "declined"}, "Say why the proposal is not adopted."),
        ({"response": "maybe"}, "Select a valid choice"),
        ({}, "This field is required."),
    ],
)
def test_a_bad_answer_is_explained_in_place_and_writes_nothing(
    client, commented, expert, written, data, message
):
    matrix, comment = commented
    client.force_login(expert)
    counts = written()

    response = client.post(f"/matrices/{matrix.pk}/comments/{comment.pk}/answer/", data)

    assertContains(response, message, status_code=400)
    assertContains(response, f'href="#answer-{comment.pk}"', status_code=400)
    assert counts.unchanged()


def test_a_declined_proposal_keeps_the_entry_and_shows_the_reason(client, commented, expert):
    matrix, comment = commented
    client.force_login(expert)

    client.post(
        f"/matrices/{matrix.pk}/comments/{comment.pk}/answer/",
        {"response": "declined", "text": "The law was repealed in 2021."},
    )

    assert MatrixEntry.objects.get(pk=comment.entry_id).mark == ""
    assertContains(client.get(review_url(matrix) + "?section=OP2"), "The law was repealed in 2021.")


def test_the_review_page_takes_the_same_queries_for_10_or_300_rows(client, expert, poc_chn):
    counts = []
    for size in (10, 300):
        Matrix.objects.all().delete()
        template = template_with_fields(size, code=f"t{size}")
        matrix = services.start_draft(factories.state("CHN"), acting_user=expert)
        assert matrix.template == template
        services.send_matrix(matrix, acting_user=expert)
        for row in MatrixEntry.objects.filter(matrix=matrix)[: size // 2]:
            services.comment_on_entry(matrix, row, acting_user=poc_chn, kind="accept")
        client.force_login(poc_chn)
        counts.append(count_queries(client, review_url(matrix), {"section": "OP1"}))
        template.is_current = False
        template.save(update_fields=["is_current"])
    assert counts[0] == counts[1]


# --- Who may -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, "login"), ("poc_bra", 404), ("member", 403), ("expert", 200), ("poc_chn", 200)],
)
def test_who_opens_the_review_page(client, request, sent, persona, expected):
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = client.get(review_url(sent))

    if expected == "login":
        assert login_redirect(response)
    else:
        assert response.status_code == expected
    if expected == 200 and persona == "expert":
        assertNotContains(response, "Record the comment")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, "login"), ("poc_bra", 404), ("member", 403), ("expert", 403), ("poc_chn", 302)],
)
def test_who_comments_on_a_row(client, request, sent, written, persona, expected):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    counts = written()

    response = client.post(
        review_url(sent), {"entry": entry(sent, "OP1-N-NPT").pk, "kind": "accept"}
    )

    if expected == "login":
        assert login_redirect(response)
    else:
        assert response.status_code == expected
    assert counts.unchanged() is (expected != 302)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, "login"), ("poc_bra", 404), ("member", 404), ("poc_chn", 403), ("expert", 302)],
)
def test_who_answers_a_comment(client, request, commented, written, persona, expected):
    matrix, comment = commented
    if persona:
        client.force_login(request.getfixturevalue(persona))
    counts = written()

    response = client.post(
        f"/matrices/{matrix.pk}/comments/{comment.pk}/answer/", {"response": "noted"}
    )

    if expected == "login":
        assert login_redirect(response)
    else:
        assert response.status_code == expected
    assert counts.unchanged() is (expected != 302)


@pytest.mark.parametrize("persona", [None, "poc_bra", "member"])
def test_only_the_state_and_the_experts_get_a_comments_document(
    client, request, sent, poc_chn, persona
):
    comment = services.comment_on_entry(
        sent,
        entry(sent, "OP1-N-NPT"),
        acting_user=poc_chn,
        kind="accept",
        document=factories.pdf_upload(),
    )
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = client.get(f"/matrices/{sent.pk}/comments/{comment.pk}/document/")

    assert response.status_code == 404


def test_a_comment_without_a_document_has_none_to_download(client, sent, poc_chn):
    comment = services.comment_on_entry(
        sent, entry(sent, "OP1-N-NPT"), acting_user=poc_chn, kind="accept"
    )
    client.force_login(poc_chn)

    assert client.get(f"/matrices/{sent.pk}/comments/{comment.pk}/document/").status_code == 404


# --- The committee's members --------------------------------------------------------------------


def test_a_member_reads_the_sent_version_its_diff_and_its_letter_but_no_draft(
    client, build_matrix, member, expert, secretariat, django_capture_on_commit_callbacks
):
    approved = build_matrix("CHN", "published", marks={"OP1-N-NPT": "X"})
    draft = services.start_draft(approved.state, acting_user=expert)
    row = entry(draft, "OP2-N-ACQ-LF")
    services.update_entry(
        row, acting_user=expert, revision=row.revision, mark="X", legal_reference="Act 9, art. 2"
    )
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/matrices/{draft.pk}/diff/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.send_matrix(draft, acting_user=expert)

    page = client.get(draft.get_absolute_url())
    changes = client.get(f"/matrices/{draft.pk}/diff/")
    letter = client.get(f"/matrices/{draft.pk}/letter.pdf")

    assert page.status_code == 200
    assertNotContains(page, "Comment on the fields")
    assertNotContains(page, "Record the comment")
    assertContains(changes, "1 field differs from version 1.")
    assertContains(changes, "Act 9, art. 2")
    assert letter.status_code == 200


def test_the_diff_compares_with_the_last_approved_version_by_default(
    client, build_matrix, expert, secretariat, poc_chn
):
    first = build_matrix("CHN", "published", marks={"OP1-N-NPT": "X"})
    second = services.start_draft(first.state, acting_user=expert)
    services.send_matrix(second, acting_user=expert)
    services.return_comments(second, acting_user=poc_chn)
    services.approve_matrix(second, acting_user=secretariat)
    # Version 2 is approved (not published); version 3 goes to the state.
    third = services.start_draft(first.state, acting_user=expert)
    services.send_matrix(third, acting_user=expert)
    client.force_login(expert)

    on_the_sent_one = client.get(f"/matrices/{third.pk}/diff/")
    on_the_approved_one = client.get(f"/matrices/{second.pk}/diff/")

    assert on_the_sent_one.context["against"].version == 2
    # Not version 3, the newest other: what changed since the approval before it.
    assert on_the_approved_one.context["against"].version == 1


# --- The letter -----------------------------------------------------------------------------------


def letter_text(matrix: Matrix) -> str:
    matrix.refresh_from_db()
    return pdf_text(matrix.letter, flat=True)


def test_the_letter_lists_every_field_with_its_reference_and_the_formal_name(
    build_matrix, expert, django_capture_on_commit_callbacks
):
    matrix = build_matrix("GBR", "draft", marks={"OP1-N-NPT": "X", "OP2-N-ACQ-LF": "?"})
    with django_capture_on_commit_callbacks(execute=True):
        services.send_matrix(matrix, acting_user=expert)

    text = letter_text(matrix)

    year = timezone.localdate().year
    assert matrix.letter_reference == f"1540/MX/{year}/0001"
    assert f"Reference: 1540/MX/{year}/0001" in text
    assert "United Kingdom of Great Britain and Northern Ireland" in text
    for code in CODES:  # the blank ones too: what the state is invited to fill
        assert code.replace("-", "") in text.replace("-", "").replace(" ", "")
    assert "The matrix has 12 fields" in text
    assert "10 fields are blank" in text
    assert "indicators of fact, not indicators of the degree of compliance" in text
    assert "measure in place" not in text


def test_a_french_letter_lists_the_blank_fields_in_french(
    build_matrix, expert, django_capture_on_commit_callbacks
):
    belgium = build_matrix("BEL", "draft", marks={"OP1-N-NPT": "X"})
    with django_capture_on_commit_callbacks(execute=True):
        services.send_matrix(belgium, acting_user=expert)

    text = letter_text(belgium)

    assert belgium.letter_language == "fr"
    assert f"Référence : {belgium.letter_reference}" in text
    assert "Royaume de Belgique" in text
    assert "La matrice comporte 12 champs" in text
    assert "11 champs sont vides" in text
    assert "le Comité invite le Royaume de Belgique à la fournir" in text
    assert "indicateurs de fait" in text
    for code in CODES:
        assert code.replace("-", "") in text.replace("-", "").replace(" ", "")
    assert "mesure en place" not in text


def test_letter_references_follow_each_other_and_a_translation_keeps_its_own(
    build_matrix, expert, secretariat, poc_chn, django_capture_on_commit_callbacks
):
    year = timezone.localdate().year
    with django_capture_on_commit_callbacks(execute=True):
        china = build_matrix("CHN", "sent")
        brazil = build_matrix("BRA", "sent")
    china.refresh_from_db()
    brazil.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.produce_letter(china, acting_user=expert, language="fr")
    china.refresh_from_db()
    translated = china.letter_reference
    with django_capture_on_commit_callbacks(execute=True):
        services.return_comments(china, acting_user=poc_chn)
        services.approve_matrix(china, acting_user=secretariat)
    china.refresh_from_db()

    assert brazil.letter_reference == f"1540/MX/{year}/0002"
    assert translated == f"1540/MX/{year}/0001"
    # The approval goes with a letter of its own.
    assert china.letter_reference == f"1540/MX/{year}/0003"
    assert services.assign_letter_reference() == f"1540/MX/{year}/0004"
