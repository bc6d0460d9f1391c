"""The matrix pages, as the personas use them: the public reader sees published matrices only;
Eva (expert) drafts and edits section by section, refused cleanly when a colleague saved first;
Li Wei (China) comments on China's matrix; Ana Souza (Brazil) and Mo (committee member) see
nothing that is not published; Sam (secretariat) approves and publishes after confirming."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from core.choices import Role
from states.matrices.choices import MatrixStatus
from states.matrices.models import Matrix, MatrixComment
from tests.helpers import assert_accessible_basics, count_queries, login_redirect
from tests.personas import make_user
from tests.states.conftest import (
    CODES,
    entry,
    fake_published_matrices,
    template_with_fields,
)

pytestmark = pytest.mark.django_db


def section_form(matrix: Matrix, section: str, **changes) -> dict[str, str]:
    """What the section page posts when nothing is changed, plus ``changes`` keyed by code."""
    data = {}
    for item in matrix.entries.filter(field__section__code=section).select_related("field"):
        values = {**item.values(), "revision": item.revision, **changes.get(item.field.code, {})}
        for name, value in values.items():
            # A source not cited (a report, an act, a page) posts as an empty box.
            data[f"{item.pk}-{name}"] = "" if value is None else value
    return data


# --- Reading ------------------------------------------------------------------------------------


def test_public_reader_lists_and_reads_published_matrices_only(client, build_matrix):
    published = build_matrix("CHN", "published", marks={"OP1-N-NPT": "X"})
    draft = build_matrix("BRA", "draft")

    listing = client.get("/matrices/")
    page = client.get(published.get_absolute_url())

    assertContains(listing, f'href="{published.get_absolute_url()}"')
    assertNotContains(listing, f'href="{draft.get_absolute_url()}"')
    assert_accessible_basics(listing)
    assertContains(page, "OP1-N-NPT")
    assertContains(page, "Act OP1-N-NPT, art. 1")
    assertNotContains(page, "Edit section")
    assert_accessible_basics(page)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_another_states_poc_does_not_see_versions_under_review(client, build_matrix, poc_bra):
    matrix = build_matrix("CHN", "sent")
    client.force_login(poc_bra)

    assert client.get(matrix.get_absolute_url()).status_code == 404
    assert client.get(f"/matrices/{matrix.pk}/comments/").status_code == 404
    assert client.get(f"/matrices/{matrix.pk}/diff/").status_code == 404


def test_committee_members_read_versions_under_review_but_not_the_comments(
    client, build_matrix, member
):
    # The members approve the matrices: they read them from "sent" on (issue 14); the review
    # itself is between the state and the experts (tests/states/test_matrix_review.py).
    matrix = build_matrix("CHN", "sent")
    draft = build_matrix("BRA", "draft")
    client.force_login(member)

    assert client.get(matrix.get_absolute_url()).status_code == 200
    assert client.get(f"/matrices/{matrix.pk}/diff/").status_code == 200
    assert client.get(f"/matrices/{matrix.pk}/comments/").status_code == 403
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_poc_sees_their_states_version_under_review_and_can_comment(
    client, build_matrix, poc_chn
):
    matrix = build_matrix("CHN", "sent")
    client.force_login(poc_chn)

    response = client.get(matrix.get_absolute_url())

    assertContains(response, "Comment on the fields")
    assertNotContains(response, "Edit section")


def test_the_state_page_links_its_published_matrix_or_says_there_is_none(client, build_matrix):
    assertContains(client.get("/states/CHN/matrix/"), "No matrix of China is published yet")
    published = build_matrix("CHN", "published")

    response = client.get("/states/chn/matrix/")

    assert response.status_code == 302
    assert response.url == published.get_absolute_url()
    assertContains(client.get("/states/CHN/"), "/states/CHN/matrix/")


def test_the_list_has_an_empty_state_and_strict_filters(client, template):
    assertContains(client.get("/matrices/"), "No matrix matches these filters")
    response = client.get("/matrices/", {"status": "lost"})
    assertContains(response, "Select a valid choice")


def test_the_matrix_list_takes_the_same_queries_for_10_or_1000_matrices(client, template, expert):
    client.force_login(expert)
    fake_published_matrices(10, template, expert, marks=("",))
    few = count_queries(client, "/matrices/")
    fake_published_matrices(990, template, expert, marks=("",))
    many = count_queries(client, "/matrices/")

    assert few == many


def test_the_matrix_page_takes_the_same_queries_for_10_or_1000_fields(client, expert):
    client.force_login(expert)
    counts = []
    for size in (10, 1000):
        template = template_with_fields(size, code=f"t{size}")
        (matrix,) = fake_published_matrices(1, template, expert)
        counts.append(count_queries(client, matrix.get_absolute_url()))

    assert counts[0] == counts[1]


# --- Drafting and editing -------------------------------------------------------------------------


def test_expert_starts_a_draft_from_the_list(client, template, expert):
    client.force_login(expert)

    response = client.post("/matrices/new/", {"state": "CHN"})

    matrix = Matrix.objects.get()
    assert response.url == matrix.get_absolute_url()
    assert (matrix.state.iso3, matrix.status, matrix.created_by) == ("CHN", "draft", expert)


@pytest.mark.parametrize("persona", ["poc_chn", "member"])
def test_pocs_and_members_cannot_start_drafts(client, template, request, persona, written):
    client.force_login(request.getfixturevalue(persona))
    counts = written()

    assert client.post("/matrices/new/", {"state": "CHN"}).status_code == 403
    assert counts.unchanged()


def test_a_bad_state_or_a_second_draft_is_refused_with_a_message(
    client, build_matrix, expert, written
):
    build_matrix("CHN", "draft")
    client.force_login(expert)
    counts = written()

    unknown = client.post("/matrices/new/", {"state": "XXX"}, follow=True)
    second = client.post("/matrices/new/", {"state": "CHN"}, follow=True)

    assertContains(unknown, "Choose a member state from the list.")
    assertContains(second, "already has a matrix in progress")
    assert counts.unchanged()


def test_expert_edits_a_section_and_only_changed_entries_are_saved(client, build_matrix, expert):
    matrix = build_matrix()
    client.force_login(expert)
    page = client.get(f"/matrices/{matrix.pk}/sections/OP2/edit/")
    assert_accessible_basics(page)
    html = page.content.decode()
    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
    controls = set(re.findall(r'<(?:select|textarea)[^>]*id="([^"]+)"', html))
    assert controls and controls <= labelled

    response = client.post(
        f"/matrices/{matrix.pk}/sections/OP2/edit/",
        section_form(matrix, "OP2", **{"OP2-N-ACQ-LF": {"mark": "X", "legal_reference": "Law 1"}}),
    )

    assert response.status_code == 302
    assert entry(matrix, "OP2-N-ACQ-LF").mark == "X"
    assert entry(matrix, "OP2-N-ACQ-LF").revision == 2
    assert entry(matrix, "OP2-N-ACQ-EN").revision == 1


def test_a_stale_page_is_refused_showing_the_colleagues_values_and_nothing_is_lost(
    client, build_matrix, expert, written
):
    colleague = make_user("hana.expert", Role.EXPERT)
    matrix = build_matrix()
    url = f"/matrices/{matrix.pk}/sections/OP2/edit/"
    opened = section_form(matrix, "OP2")  # Eva opens the page
    client.force_login(colleague)  # Hana saves the same field first
    client.post(url, section_form(matrix, "OP2", **{"OP2-N-ACQ-LF": {"mark": "NA"}}))
    client.force_login(expert)
    target = entry(matrix, "OP2-N-ACQ-LF")
    counts = written()

    stale = {**opened, f"{target.pk}-mark": "?", f"{target.pk}-source": "Report p. 2"}
    response = client.post(url, stale)

    assert response.status_code == 200
    assertContains(response, "OP2-N-ACQ-LF changed since you opened it")
    assertContains(response, "Saved meanwhile by hana.expert")
    assertContains(response, 'value="2"')  # the page now carries Hana's revision
    assert counts.unchanged()
    assert entry(matrix, "OP2-N-ACQ-LF").mark == "NA"
    # Saving again, knowingly, replaces Hana's value.
    again = client.post(url, {**stale, f"{target.pk}-revision": "2"})
    assert again.status_code == 302
    assert entry(matrix, "OP2-N-ACQ-LF").mark == "?"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"mark": "Y"}, "Select a valid choice"),
        ({"mark": "X", "legal_reference": ""}, "give the act and article"),
        ({"remarks": "x" * 2001}, "at most 2000 characters"),
        ({"revision": "abc"}, "Enter a whole number"),
    ],
)
def test_bad_section_input_is_shown_beside_the_field_and_writes_nothing(
    client, build_matrix, expert, written, values, message
):
    matrix = build_matrix()
    client.force_login(expert)
    counts = written()

    response = client.post(
        f"/matrices/{matrix.pk}/sections/OP2/edit/",
        section_form(matrix, "OP2", **{"OP2-N-ACQ-LF": values}),
    )

    assert response.status_code == 200
    assertContains(response, message)
    assert counts.unchanged()


def test_only_experts_open_the_section_editor(client, build_matrix, poc_chn, member):
    matrix = build_matrix("CHN", "commented")
    url = f"/matrices/{matrix.pk}/sections/OP1/edit/"

    assert login_redirect(client.get(url))
    client.force_login(poc_chn)
    assert client.get(url).status_code == 403
    # A member reads the version (issue 14) but does not edit it.
    client.force_login(member)
    assert client.get(url).status_code == 403


def test_a_sent_matrix_is_not_editable_and_says_so(client, build_matrix, expert):
    matrix = build_matrix("CHN", "sent")
    client.force_login(expert)

    response = client.get(f"/matrices/{matrix.pk}/sections/OP1/edit/", follow=True)

    assertContains(response, "can no longer be edited")


# --- Review and approval --------------------------------------------------------------------------


def test_sending_asks_for_confirmation_first(client, build_matrix, expert):
    matrix = build_matrix()
    client.force_login(expert)

    confirm = client.get(f"/matrices/{matrix.pk}/send/")
    assertContains(confirm, "Send this matrix to the state?")
    assert_accessible_basics(confirm)
    matrix.refresh_from_db()
    assert matrix.status == MatrixStatus.DRAFT

    client.post(f"/matrices/{matrix.pk}/send/")
    matrix.refresh_from_db()
    assert matrix.status == MatrixStatus.SENT


def test_the_poc_comments_and_returns_the_comments(client, build_matrix, poc_chn):
    matrix = build_matrix("CHN", "sent")
    client.force_login(poc_chn)
    target = entry(matrix, "OP2-N-ACQ-LF")

    response = client.post(
        f"/matrices/{matrix.pk}/comments/",
        {
            "entry": target.pk,
            "kind": "propose",
            "proposed_mark": "X",
            "proposed_legal_reference": "Law 4, art. 2",
            "proposed_source": "Report 2019 p. 3",
        },
    )
    assert response.status_code == 302
    # Back to the row, in its section of the review page.
    assertContains(client.get(response.url), "Law 4, art. 2")
    client.post(f"/matrices/{matrix.pk}/return-comments/")

    matrix.refresh_from_db()
    assert matrix.status == MatrixStatus.COMMENTED
    assert MatrixComment.objects.get().author == poc_chn


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "propose", "proposed_mark": "X"}, "Give the source of the proposed change"),
        ({"kind": "perhaps"}, "Choose whether you accept the entry or propose a change."),
        ({"kind": "accept", "entry": "999999"}, "This row is not part of this matrix."),
        ({}, "Say which row the comment is on."),
    ],
)
def test_a_bad_comment_is_shown_and_writes_nothing(
    client, build_matrix, poc_chn, written, data, message
):
    matrix = build_matrix("CHN", "sent")
    client.force_login(poc_chn)
    counts = written()

    post = {"entry": entry(matrix, "OP1-N-NPT").pk, **data} if data else {}
    response = client.post(f"/matrices/{matrix.pk}/comments/", post)

    assertContains(response, message, status_code=400)
    assert counts.unchanged()


def test_the_poc_of_another_state_cannot_comment(client, build_matrix, poc_bra, written):
    matrix = build_matrix("CHN", "sent")
    client.force_login(poc_bra)
    counts = written()

    response = client.post(
        f"/matrices/{matrix.pk}/comments/",
        {"entry": entry(matrix, "OP1-N-NPT").pk, "kind": "accept"},
    )

    assert response.status_code == 404
    assert counts.unchanged()


def test_experts_answer_the_comments(client, build_matrix, poc_chn, expert):
    from states.matrices import services as services

    matrix = build_matrix("CHN", "sent")
    comment = services.comment_on_entry(
        matrix, entry(matrix, "OP1-N-NPT"), acting_user=poc_chn, kind="accept"
    )
    services.return_comments(matrix, acting_user=poc_chn)
    client.force_login(expert)

    page = client.get(f"/matrices/{matrix.pk}/comments/")
    assertContains(page, "Answer")
    client.post(f"/matrices/{matrix.pk}/comments/{comment.pk}/answer/", {"response": "noted"})

    comment.refresh_from_db()
    assert (comment.response, comment.responded_by) == ("noted", expert)


def test_approval_with_a_date_in_the_future_is_refused_beside_the_date(
    client, build_matrix, secretariat, written
):
    matrix = build_matrix("CHN", "commented")
    client.force_login(secretariat)
    counts = written()
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(f"/matrices/{matrix.pk}/approve/", {"approved_on": tomorrow})

    assertContains(response, "The date of approval cannot be in the future.")
    assert counts.unchanged()


def test_secretariat_approves_and_publishes_after_confirming(client, build_matrix, secretariat):
    matrix = build_matrix("CHN", "commented")
    client.force_login(secretariat)

    assertContains(client.get(f"/matrices/{matrix.pk}/approve/"), "cannot be undone")
    client.post(f"/matrices/{matrix.pk}/approve/", {"approved_on": ""})
    assertContains(client.get(f"/matrices/{matrix.pk}/publish/"), "cannot be unpublished")
    client.post(f"/matrices/{matrix.pk}/publish/")

    matrix.refresh_from_db()
    assert matrix.status == MatrixStatus.PUBLISHED


@pytest.mark.parametrize("persona", ["expert", "poc_chn"])
def test_only_the_secretariat_opens_approval_and_publication(
    client, build_matrix, request, persona, written
):
    matrix = build_matrix("CHN", "commented")
    client.force_login(request.getfixturevalue(persona))
    counts = written()

    assert client.post(f"/matrices/{matrix.pk}/approve/").status_code == 403
    assert client.get(f"/matrices/{matrix.pk}/publish/").status_code == 403
    assert counts.unchanged()


def test_anonymous_is_sent_to_log_in_for_every_step(client, build_matrix):
    matrix = build_matrix("CHN", "published")

    for step in ("send", "approve", "publish", "return-comments", "comments"):
        assert login_redirect(client.get(f"/matrices/{matrix.pk}/{step}/"))


# --- Diff -----------------------------------------------------------------------------------------


def test_the_diff_page_lists_exactly_the_changed_fields(client, build_matrix):
    build_matrix("CHN", "published", marks={"OP1-N-NPT": "X"})
    newer = build_matrix("CHN", "published", marks={"OP1-C-CWC": "NA"})

    response = client.get(f"/matrices/{newer.pk}/diff/")

    assertContains(response, "1 field differs from version 1.")
    assertContains(response, "OP1-C-CWC")
    assertNotContains(response, "OP2-N-ACQ-LF")
    assert_accessible_basics(response)
    bad = client.get(f"/matrices/{newer.pk}/diff/", {"against": "nope"})
    assert bad.status_code == 400
    assertContains(bad, "no other version nope", status_code=400)


def test_a_single_version_has_nothing_to_compare(client, build_matrix):
    matrix = build_matrix("CHN", "published")

    assertContains(client.get(f"/matrices/{matrix.pk}/diff/"), "nothing to compare it with")


def test_the_nav_links_the_matrices_and_their_statistics(client, template):
    response = client.get("/")

    assertContains(response, 'href="/matrices/"')
    assertContains(response, 'href="/matrices/statistics/"')
    assert len(CODES) == 12


def test_the_secretariat_reads_matrices_in_the_admin_but_cannot_delete_them(
    client, build_matrix, secretariat
):
    matrix = build_matrix("CHN", "published", marks={"OP1-N-NPT": "X"})
    client.force_login(secretariat)

    for url in (
        "/admin/states/matrix/",
        f"/admin/states/matrix/{matrix.pk}/change/",
        "/admin/states/matrixfield/",
        "/admin/states/matrixtemplate/",
        "/admin/states/matrixcomment/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/admin/states/matrix/{matrix.pk}/delete/").status_code == 403
