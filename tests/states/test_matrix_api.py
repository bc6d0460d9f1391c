"""The matrix endpoints: the whole review cycle through the API, who sees and does what, the
stale-save refusal (409, 412 with If-Match), the diff, refusals that write nothing, and query
counts that do not grow with the rows."""

from __future__ import annotations

import pytest

from core.choices import Role
from states.matrices import services as services
from states.matrices.models import Matrix, MatrixEntry
from states.models import MemberState
from tests.helpers import count_queries, ids
from tests.personas import make_user
from tests.states.conftest import (
    CODES,
    entry,
    fake_published_matrices,
    template_with_fields,
)

MATRICES = "/api/v1/matrices/"
pytestmark = pytest.mark.django_db


def url(matrix: Matrix, suffix: str = "") -> str:
    return f"{MATRICES}{matrix.pk}/{suffix}"


# --- Done when 1: the whole cycle, end to end -----------------------------------------------------


def test_the_review_cycle_from_draft_to_publication_through_the_api(
    api, template, expert, poc_chn, poc_bra, secretariat, member
):
    # Eva, of the Group of Experts, starts China's draft and fills two fields.
    created = api.as_user(expert).post(MATRICES, {"state": "CHN"})
    assert created.status_code == 201, created.json()
    matrix = Matrix.objects.get(pk=created.json()["id"])
    assert created.json()["status"] == "draft"
    for code, values in {
        "OP1-N-NPT": {"mark": "X", "legal_reference": "Instrument of accession, 1992"},
        "OP2-N-ACQ-LF": {"mark": "?", "source": "First report, p. 4"},
    }.items():
        edited = api.patch(url(matrix, f"entries/{code}/"), {**values, "revision": 1})
        assert edited.status_code == 200, edited.json()
    # Nobody else sees the draft; nobody else may send it.
    for reader in (None, poc_chn, poc_bra, member):
        assert api.as_user(reader).get(url(matrix)).status_code == 404
    for outsider in (poc_bra, member):
        assert api.as_user(outsider).post(url(matrix, "send/")).status_code == 404
    sent = api.as_user(expert).post(url(matrix, "send/"))
    assert sent.json()["status"] == "sent"

    # Li Wei, China's point of contact, now sees it and comments field by field.
    client = api.as_user(poc_chn)
    assert client.get(url(matrix)).status_code == 200
    proposal = {
        "field": "OP2-N-ACQ-LF",
        "kind": "propose",
        "proposed_mark": "X",
        "proposed_legal_reference": "Nuclear Security Law 2018, art. 9",
        "proposed_source": "https://www.npc.gov.cn/nuclear-security-law",
    }
    commented = client.post(url(matrix, "comments/"), proposal)
    assert commented.status_code == 201, commented.json()
    accepted = client.post(url(matrix, "comments/"), {"field": "OP1-N-NPT", "kind": "accept"})
    assert accepted.status_code == 201
    # Ana Souza (Brazil) and the public cannot see it; Brazil cannot comment on it.
    assert api.as_user(poc_bra).post(url(matrix, "comments/"), proposal).status_code == 404
    assert api.as_user(None).post(url(matrix, "comments/"), proposal).status_code in (401, 403)
    assert api.as_user(expert).post(url(matrix, "comments/"), proposal).status_code == 403
    returned = api.as_user(poc_chn).post(url(matrix, "return-comments/"))
    assert returned.json()["status"] == "commented"

    # Eva revises: adopts China's proposal and notes the acceptance.
    comments = api.as_user(expert).get(url(matrix, "comments/")).json()["results"]
    assert [c["field"] for c in comments] == ["OP1-N-NPT", "OP2-N-ACQ-LF"]
    for comment in comments:
        answer = "adopted" if comment["kind"] == "propose" else "noted"
        answered = api.post(url(matrix, f"comments/{comment['id']}/answer/"), {"response": answer})
        assert answered.status_code == 200, answered.json()
    revised = api.get(url(matrix, "entries/OP2-N-ACQ-LF/")).json()
    assert revised["mark"] == "X"
    assert revised["legal_reference"] == "Nuclear Security Law 2018, art. 9"
    current = api.get(url(matrix, "entries/OP1-C-CWC/"))
    edited = api.patch(
        url(matrix, "entries/OP1-C-CWC/"), {"mark": "NA"}, HTTP_IF_MATCH=current["ETag"]
    )
    assert edited.status_code == 200

    # Only the secretariat records the approval and publishes.
    for outsider in (expert, poc_chn):
        refused = api.as_user(outsider).post(url(matrix, "approve/"))
        assert refused.status_code == 403
        assert refused.json() == {
            "detail": "Only the secretariat records the committee's approval."
        }
    # A committee member reads the version under review (issue 14), and does not approve it here.
    assert api.as_user(member).get(url(matrix)).status_code == 200
    assert api.as_user(member).post(url(matrix, "approve/")).status_code == 403
    assert api.as_user(secretariat).post(url(matrix, "approve/")).json()["status"] == "approved"
    for outsider in (expert, poc_chn, poc_bra, member):
        assert api.as_user(outsider).post(url(matrix, "publish/")).status_code in (403, 404)
    published = api.as_user(secretariat).post(url(matrix, "publish/"))
    assert published.json()["status"] == "published"

    # The public now sees the published version, and a new draft is not public.
    api.as_user(expert).post(MATRICES, {"state": "CHN"})
    public = api.as_user(None).get(MATRICES, {"state": "CHN"})
    assert ids(public) == {matrix.pk}
    assert api.get(url(matrix, "entries/OP1-N-NPT/")).json()["mark"] == "X"


# --- Reading --------------------------------------------------------------------------------------


@pytest.fixture
def every_status(build_matrix):
    return {
        "chn_published": build_matrix("CHN", "published").pk,
        "chn_sent": build_matrix("CHN", "sent").pk,
        "bra_draft": build_matrix("BRA", "draft").pk,
        "fra_approved": build_matrix("FRA", "approved").pk,
    }


def test_public_reader_lists_only_published_matrices(api, every_status):
    assert ids(api.get(MATRICES)) == {every_status["chn_published"]}


def test_a_committee_member_lists_every_version_from_sent_on(api, member, every_status):
    assert ids(api.as_user(member).get(MATRICES)) == {
        every_status["chn_published"],
        every_status["chn_sent"],
        every_status["fra_approved"],
    }


def test_poc_sees_their_states_versions_once_sent_and_all_published(
    api, poc_chn, poc_bra, every_status
):
    assert ids(api.as_user(poc_chn).get(MATRICES)) == {
        every_status["chn_published"],
        every_status["chn_sent"],
    }
    # Brazil's own draft is still the experts' working copy.
    assert ids(api.as_user(poc_bra).get(MATRICES)) == {every_status["chn_published"]}
    assert api.as_user(poc_bra).get(f"{MATRICES}{every_status['chn_sent']}/").status_code == 404


def test_expert_sees_every_version_and_filters_them(api, expert, every_status):
    client = api.as_user(expert)

    assert ids(client.get(MATRICES)) == set(every_status.values())
    assert ids(client.get(MATRICES, {"state": "chn"})) == {
        every_status["chn_published"],
        every_status["chn_sent"],
    }
    assert ids(client.get(MATRICES, {"status": "approved"})) == {every_status["fra_approved"]}
    assert ids(client.get(MATRICES, {"template": "test"})) == set(every_status.values())
    assert ids(client.get(MATRICES, {"template": "1990"})) == set()


@pytest.mark.parametrize(
    ("params", "name"),
    [({"state": "China"}, "state"), ({"status": "lost"}, "status")],
)
def test_a_bad_filter_is_a_400_naming_it(api, expert, every_status, params, name):
    response = api.as_user(expert).get(MATRICES, params)

    assert response.status_code == 400
    assert name in response.json()["errors"]


def test_the_entries_are_listed_in_the_templates_order_and_filtered(api, build_matrix):
    matrix = build_matrix("CHN", "published", marks={"OP1-N-NPT": "X", "OP3CD-N-EXP-LF": "X"})

    every = api.get(url(matrix, "entries/"), {"page_size": 100}).json()
    marked = api.get(url(matrix, "entries/"), {"mark": "X"}).json()
    section = api.get(url(matrix, "entries/"), {"section": "OP2"}).json()

    assert [row["field"] for row in every["results"]] == CODES
    assert [row["field"] for row in marked["results"]] == ["OP1-N-NPT", "OP3CD-N-EXP-LF"]
    assert {row["section"] for row in section["results"]} == {"OP2"}
    assert api.get(url(matrix, "entries/"), {"mark": "maybe"}).status_code == 400


def test_matrix_fields_are_public_and_filterable(api, template):
    response = api.get("/api/v1/matrix-fields/", {"section": "OP2", "weapon_type": "nuclear"})

    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["OP2-N-ACQ-LF", "OP2-N-ACQ-EN"]
    assert response.json()["results"][0]["template"] == "test"


# --- Writing entries: the stale save --------------------------------------------------------------


def test_a_stale_save_is_a_409_and_both_experts_work_is_intact(api, build_matrix, expert):
    colleague = make_user("hana.expert", Role.EXPERT)
    matrix = build_matrix()
    eva, hana = api.__class__(), api.__class__()
    eva.force_authenticate(expert)
    hana.force_authenticate(colleague)
    # Both open the same entry at revision 1.
    assert eva.get(url(matrix, "entries/OP2-N-ACQ-LF/")).json()["revision"] == 1
    assert hana.get(url(matrix, "entries/OP2-N-ACQ-LF/")).json()["revision"] == 1
    # Hana saves another field, then the contested one first.
    other = hana.patch(url(matrix, "entries/OP1-N-NPT/"), {"mark": "NA", "revision": 1})
    assert other.status_code == 200
    first = hana.patch(
        url(matrix, "entries/OP2-N-ACQ-LF/"),
        {"mark": "X", "legal_reference": "Law 7, art. 2", "revision": 1},
    )
    assert first.status_code == 200
    assert first.json()["revision"] == 2
    history = MatrixEntry.history.count()

    stale = eva.patch(url(matrix, "entries/OP2-N-ACQ-LF/"), {"mark": "?", "revision": 1})

    assert stale.status_code == 409
    assert "OP2-N-ACQ-LF changed since you opened it" in stale.json()["detail"]
    assert MatrixEntry.history.count() == history
    contested = entry(matrix, "OP2-N-ACQ-LF")
    assert (contested.mark, contested.legal_reference, contested.updated_by) == (
        "X",
        "Law 7, art. 2",
        colleague,
    )
    assert entry(matrix, "OP1-N-NPT").mark == "NA"
    # Eva reloads, sees Hana's work, and saves on top of it.
    fresh = eva.get(url(matrix, "entries/OP2-N-ACQ-LF/"))
    again = eva.patch(
        url(matrix, "entries/OP2-N-ACQ-LF/"),
        {"remarks": "Checked", "revision": fresh.json()["revision"]},
    )
    assert again.status_code == 200
    assert (again.json()["mark"], again.json()["remarks"]) == ("X", "Checked")


def test_with_if_match_a_stale_save_is_a_412(api, build_matrix, expert, written):
    matrix = build_matrix()
    client = api.as_user(expert)
    etag = client.get(url(matrix, "entries/OP1-N-NPT/"))["ETag"]
    assert etag == '"1"'
    saved = client.patch(url(matrix, "entries/OP1-N-NPT/"), {"mark": "NA"}, HTTP_IF_MATCH=etag)
    assert saved.status_code == 200
    assert saved["ETag"] == '"2"'
    counts = written()

    stale = client.patch(url(matrix, "entries/OP1-N-NPT/"), {"mark": "?"}, HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    assert "changed since you opened it" in stale.json()["detail"]
    assert counts.unchanged()
    assert entry(matrix, "OP1-N-NPT").mark == "NA"


def test_a_change_without_a_revision_is_a_428(api, build_matrix, expert, written):
    matrix = build_matrix()
    counts = written()

    response = api.as_user(expert).patch(url(matrix, "entries/OP1-N-NPT/"), {"mark": "NA"})

    assert response.status_code == 428
    assert "revision" in response.json()["detail"]
    assert counts.unchanged()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"mark": "Y", "revision": 1}, "mark", "is not a mark"),
        ({"mark": ["X"], "revision": 1}, "mark", "Not a valid string"),
        ({"mark": "X", "revision": 1}, "legal_reference", "act and article"),
        ({"mark": "NA", "revision": "one"}, "revision", "valid integer"),
        ({"mark": "NA", "revision": 0}, "revision", "greater than or equal to 1"),
        ({"remarks": "x" * 2001, "revision": 1}, "remarks", "the limit is 2000"),
    ],
)
def test_bad_entry_input_is_a_400_naming_the_field_and_writes_nothing(
    api, build_matrix, expert, written, data, field, message
):
    matrix = build_matrix()
    counts = written()

    response = api.as_user(expert).patch(url(matrix, "entries/OP2-N-ACQ-LF/"), data)

    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()
    assert message in response.json()["detail"]
    assert counts.unchanged()


def test_an_unknown_field_code_is_a_404(api, build_matrix, expert):
    matrix = build_matrix()

    response = api.as_user(expert).patch(url(matrix, "entries/OP9-X/"), {"mark": "NA"})

    assert response.status_code == 404
    assert "no field “OP9-X”" in response.json()["detail"]


@pytest.mark.parametrize("persona", ["poc_chn", "poc_bra", "member", None])
def test_only_experts_write_entries(api, build_matrix, request, persona, written):
    matrix = build_matrix("CHN", "sent")
    user = request.getfixturevalue(persona) if persona else None
    counts = written()

    response = api.as_user(user).patch(
        url(matrix, "entries/OP1-N-NPT/"), {"mark": "NA", "revision": 1}
    )

    assert response.status_code in (401, 403, 404)
    assert counts.unchanged()


def test_a_sent_matrix_cannot_be_edited_by_the_experts(api, build_matrix, expert, written):
    matrix = build_matrix("CHN", "sent")
    counts = written()

    response = api.as_user(expert).patch(
        url(matrix, "entries/OP1-N-NPT/"), {"mark": "NA", "revision": 1}
    )

    assert response.status_code == 409
    assert "“Sent to the state”" in response.json()["detail"]
    assert counts.unchanged()


# --- Other refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"state": "XXX"}, "state", "no member state"),
        ({"state": "12"}, "state", "three-letter ISO code"),
        ({}, "state", "required"),
    ],
)
def test_a_bad_state_is_a_400_and_writes_nothing(
    api, template, expert, written, data, field, message
):
    counts = written()

    response = api.as_user(expert).post(MATRICES, data)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert message in response.json()["detail"]
    assert counts.unchanged()


@pytest.mark.parametrize("persona", ["poc_chn", "member"])
def test_pocs_and_committee_members_cannot_start_drafts(api, template, request, persona, written):
    counts = written()

    response = api.as_user(request.getfixturevalue(persona)).post(MATRICES, {"state": "CHN"})

    assert response.status_code == 403
    assert response.json() == {"detail": "Only the experts and the secretariat draft matrices."}
    assert counts.unchanged()


def test_starting_a_second_open_version_is_a_conflict(api, build_matrix, expert, written):
    build_matrix("CHN", "draft")
    counts = written()

    response = api.as_user(expert).post(MATRICES, {"state": "CHN"})

    assert response.status_code == 409
    assert "already has a matrix in progress" in response.json()["detail"]
    assert counts.unchanged()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"field": "OP2-N-ACQ-LF", "kind": "propose", "proposed_mark": "X"},
            "proposed_source",
            "source",
        ),
        ({"field": "OP9-NOPE", "kind": "accept"}, "field", "no field"),
        ({"kind": "accept"}, "field", "required"),
        ({"field": "OP1-N-NPT", "kind": "maybe"}, "kind", "accept the entry or propose"),
        (
            {"field": "OP1-N-NPT", "kind": "propose", "proposed_mark": 7, "proposed_source": "x"},
            "mark",
            "not a mark",
        ),
    ],
)
def test_a_bad_comment_is_a_400_and_writes_nothing(
    api, build_matrix, poc_chn, written, data, field, message
):
    matrix = build_matrix("CHN", "sent")
    counts = written()

    response = api.as_user(poc_chn).post(url(matrix, "comments/"), data)

    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()
    assert message in response.json()["detail"]
    assert counts.unchanged()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"approved_on": "2999-01-01"}, "cannot be in the future"),
        ({"approved_on": "2001-01-01"}, "before it was sent"),
        ({"approved_on": "yesterday"}, "Date has wrong format"),
    ],
)
def test_an_approval_date_out_of_range_is_a_400(
    api, build_matrix, secretariat, written, data, message
):
    matrix = build_matrix("CHN", "commented")
    counts = written()

    response = api.as_user(secretariat).post(url(matrix, "approve/"), data)

    assert response.status_code == 400
    assert "approved_on" in response.json()["errors"]
    assert message in response.json()["detail"]
    assert counts.unchanged()


def test_publishing_a_draft_is_a_conflict(api, build_matrix, secretariat, written):
    matrix = build_matrix("CHN", "draft")
    counts = written()

    response = api.as_user(secretariat).post(url(matrix, "publish/"))

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Only an approved matrix can be published; its status is “Draft”."
    }
    assert counts.unchanged()


# --- Diff -----------------------------------------------------------------------------------------


def test_the_diff_endpoint_lists_exactly_the_changed_fields(api, build_matrix, expert):
    old = build_matrix("CHN", "published", marks={"OP1-N-NPT": "X"})
    new = services.start_draft(MemberState.objects.get(iso3="CHN"), acting_user=expert)
    for code, values in {
        "OP1-N-NPT": {"mark": "NA"},
        "OP3CD-B-PEN-LF": {"remarks": "New law"},
    }.items():
        services.update_entry(entry(new, code), acting_user=expert, revision=1, **values)

    response = api.as_user(expert).get(url(new, "diff/"), {"against": old.pk})

    assert response.status_code == 200
    body = response.json()
    assert (body["matrix"], body["against"], body["count"]) == (new.pk, old.pk, 2)
    assert [change["code"] for change in body["changes"]] == ["OP1-N-NPT", "OP3CD-B-PEN-LF"]
    assert body["changes"][0]["changed"] == ["mark"]
    assert body["changes"][0]["before"]["mark"] == "X"
    assert body["changes"][0]["after"]["mark"] == "NA"
    assert body["changes"][1]["changed"] == ["remarks"]


@pytest.mark.parametrize("against", ["", "abc", "999999"])
def test_the_diff_needs_a_visible_version_to_compare_with(api, build_matrix, against):
    matrix = build_matrix("CHN", "published")

    response = api.get(url(matrix, "diff/"), {"against": against})

    assert response.status_code == 400
    assert "against" in response.json()["errors"]


def test_the_public_cannot_diff_against_a_draft_nor_across_states(api, build_matrix):
    published = build_matrix("CHN", "published")
    draft = build_matrix("CHN", "draft")
    brazil = build_matrix("BRA", "published")

    assert api.get(url(published, "diff/"), {"against": draft.pk}).status_code == 400
    across = api.get(url(published, "diff/"), {"against": brazil.pk})
    assert across.status_code == 400
    assert "not of two states" in across.json()["detail"]


# --- Query counts ---------------------------------------------------------------------------------


def test_the_matrix_list_takes_the_same_queries_for_10_or_1000_matrices(api, template, expert):
    client = api.as_user(expert)
    fake_published_matrices(10, template, expert, marks=("",))
    few = count_queries(client, MATRICES, {"page_size": 200})
    fake_published_matrices(990, template, expert, marks=("",))
    many = count_queries(client, MATRICES, {"page_size": 200})

    assert few == many


def test_the_entry_list_takes_the_same_queries_for_10_or_1000_entries(api, member_states, expert):
    client = api.as_user(expert)
    counts = []
    for size, iso3 in ((10, "CHN"), (1000, "BRA")):
        template_with_fields(size, code=f"t{size}")
        matrix = services.start_draft(MemberState.objects.get(iso3=iso3), acting_user=expert)
        counts.append(count_queries(client, url(matrix, "entries/"), {"page_size": 200}))

    assert counts[0] == counts[1]


def test_the_matrix_endpoints_are_in_the_schema_with_summaries(api, db):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]

    for path in [
        "/api/v1/matrix-fields/",
        "/api/v1/matrices/",
        "/api/v1/matrices/{id}/",
        "/api/v1/matrices/{id}/entries/",
        "/api/v1/matrices/{id}/entries/{code}/",
        "/api/v1/matrices/{id}/diff/",
        "/api/v1/matrices/{id}/comments/",
        "/api/v1/matrices/{id}/send/",
        "/api/v1/matrices/{id}/approve/",
        "/api/v1/matrices/{id}/publish/",
        "/api/v1/matrices/{id}/letter/",
        "/api/v1/matrices/open-data/",
        "/api/v1/matrix-statistics/",
    ]:
        assert path in paths
        for method, operation in paths[path].items():
            if method in {"get", "post", "patch"}:
                assert operation.get("summary"), f"{method} {path}"
    assert {p["name"] for p in paths["/api/v1/matrices/"]["get"]["parameters"]} >= {
        "state",
        "status",
        "template",
    }


def test_ids_too_large_for_the_database_are_not_found_not_errors(api, build_matrix, expert):
    matrix = build_matrix("CHN", "published")
    huge = "9" * 30
    client = api.as_user(expert)

    assert client.get(f"{MATRICES}{huge}/").status_code == 404
    assert client.get(url(matrix, "diff/"), {"against": huge}).status_code == 400
    assert (
        client.post(url(matrix, f"comments/{huge}/answer/"), {"response": "noted"}).status_code
        == 404
    )
    assert client.get(f"/matrices/{huge}/").status_code == 404
    assert client.get(f"/matrices/{matrix.pk}/diff/", {"against": huge}).status_code == 400
