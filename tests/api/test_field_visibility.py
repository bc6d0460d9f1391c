"""Issue 11, point 3: what the public and another state's point of contact may read of a row is
decided once per model (the QuerySet's ``visible_to`` and the model's ``FIELD_PERMISSIONS``), so
no endpoint, nested serializer or action may show more.

The test builds rows of every assistance kind owned by Brazil with confidential content (a marker
in every text field the public may not read, staff usernames in their history), a published
Brazil matrix written and moved by the staff, a published national report submitted by Brazil's
point of contact, a meeting document circulated and an annual review requested by the
secretariat, then walks every GET endpoint of the OpenAPI schema (lists, and each detail of every
row the secretariat can list) as the public reader, as China's point of contact, as a committee
member (a delegation, who reads meetings and reviews) and as Palau's point of contact (whose
request is matched with Brazil's non-public offer), and looks for a marker or a username of the
staff or of Brazil's point of contact anywhere in the JSON, nested serializers included:
usernames plus lock-out by username would let anyone lock those accounts. The same readers then
walk the assistance pages (lists, each request, offer and match, the CSV exports): a page must
not show what the API hides. Each side of a match (its request, its offer) is shown only to a
reader who may open that side itself (reviewer's finding 2 on issue 11)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from assistance import services as assistance_services
from assistance.choices import MatchStatus, RequestStatus
from assistance.models import AssistanceArea, AssistanceOffer, AssistanceRequest, Match
from committee.work import reviews
from committee.work.models import AnnualReview
from core.choices import Role
from states.choices import ReportStatus
from states.matrices import services as matrix_services
from states.matrices.choices import CommentKind, CommentResponse
from states.matrices.models import Matrix, MatrixEntry
from states.matrices.template import load_template
from states.practices import services as practice_services
from states.practices.choices import PracticeArea
from states.reports.models import NationalReport
from tests import factories
from tests.assistance import builders
from tests.personas import make_user
from tests.states.conftest import SMALL_TEMPLATE
from tests.workinggroups.fixtures import circulate
from tests.workinggroups.fixtures import meeting as schedule
from workinggroups.models import MeetingDocument
from workinggroups.services import establish_working_groups

SECRET = "CONFIDENTIAL-MARKER"
# The path parameter of a detail endpoint and the key of the list row that fills it.
LOOKUPS = {"id": "id", "iso3": "iso3", "code": "code", "slug": "slug"}


def marker(name: str) -> str:
    return f"{SECRET}-{name}"


def brazils_published_matrix(poc_bra, expert, secretariat):
    """A matrix of Brazil written by an expert, commented on by Brazil, approved and published
    by the secretariat: every step names a user (created, sent, approved, published, updated)."""
    rows = [
        dict(zip(["code", "section", "weapon_type", "column", "measure", "text"], row, strict=True))
        for row in SMALL_TEMPLATE[:3]
    ]
    load_template(rows, code="test", title="Small test template", in_use_from=date(2016, 1, 1))
    matrix = matrix_services.start_draft(factories.state("BRA"), acting_user=expert)
    entry = MatrixEntry.objects.get(matrix=matrix, field__code=SMALL_TEMPLATE[0][0])
    matrix_services.update_entry(
        entry, acting_user=expert, revision=entry.revision, mark="X", legal_reference="Law 1"
    )
    matrix = matrix_services.send_matrix(matrix, acting_user=expert)
    comment = matrix_services.comment_on_entry(
        matrix, entry, acting_user=poc_bra, kind=CommentKind.ACCEPT, text=marker("matrix-comment")
    )
    matrix = matrix_services.return_comments(matrix, acting_user=poc_bra)
    matrix_services.respond_to_comment(
        comment, acting_user=expert, response=CommentResponse.NOTED, text=marker("matrix-answer")
    )
    matrix = matrix_services.approve_matrix(matrix, acting_user=secretariat)
    return matrix_services.publish_matrix(matrix, acting_user=secretariat)


@pytest.fixture
def poc_plw(member_states):
    return make_user("palau.poc", Role.POC, "PLW")


@pytest.fixture
def brazils_confidential_rows(member_states, poc_bra, poc_chn, poc_plw, expert, secretariat):
    """Brazil's rows, each with what only Brazil and the staff may read; the usernames that
    only Brazil and the staff may read."""
    AssistanceArea.objects.ensure_taxonomy()
    unpublished = builders.request("BRA", by=poc_bra, title=marker("request-title"))
    assistance_services.update_request(
        unpublished,
        acting_user=poc_bra,
        description=marker("request-description"),
        action_taken=marker("request-action-taken"),
        action_plan_reference=marker("request-action-plan"),
    )
    # Published with consent: every field is public except its history (who moved it and why).
    published = builders.request("BRA", by=poc_bra, title="Brazil published request", consent=True)
    assistance_services.move_request(
        published, RequestStatus.AUTHENTICATED, acting_user=secretariat, reason=marker("reason")
    )
    assistance_services.move_request(published, RequestStatus.ACKNOWLEDGED, acting_user=secretariat)
    assistance_services.move_request(
        published, RequestStatus.CIRCULATED, acting_user=expert, reason=marker("reason-2")
    )
    brazils_private_offer = builders.offer(
        by=poc_bra, provider_state="BRA", title=marker("offer"), is_public=False
    )
    # Palau's request matched with Brazil's non-public offer: Palau sees the request side only.
    # Only the expert acts on Palau's file, so Palau may read that one username.
    palaus_request = builders.request("PLW", by=poc_plw, title="Palau request")
    assistance_services.propose_match(palaus_request, brazils_private_offer, acting_user=expert)
    # China's offer matched with Brazil's unpublished request: China sees the offer side only.
    chinas_offer = builders.offer(by=poc_chn, provider_state="CHN", title="China public offer")
    match = assistance_services.propose_match(
        unpublished, chinas_offer, acting_user=expert, note=marker("match-note")
    )
    match = assistance_services.move_match(
        match, MatchStatus.CONTACTED, acting_user=expert, reason=marker("match-reason")
    )
    assistance_services.add_follow_up(match, acting_user=secretariat, note=marker("follow-up"))
    # A published match of a published request, for the nested serializers of a visible match.
    published_match = assistance_services.propose_match(
        published, chinas_offer, acting_user=expert, note=marker("published-match-note")
    )
    assistance_services.add_follow_up(
        published_match, acting_user=expert, note=marker("published-follow-up")
    )
    factories.report("BRA", by=poc_bra, title=marker("draft-report"))
    factories.report(
        "BRA", by=poc_bra, status=ReportStatus.PUBLISHED, publisher=secretariat, title="Published"
    )
    brazils_published_matrix(poc_bra, expert, secretariat)
    practice = practice_services.submit_effective_practice(
        factories.state("BRA"),
        acting_user=poc_bra,
        title="Brazil's export licensing practice",
        area=PracticeArea.values[0],
        summary="A single window for export licences.",
    )
    practice_services.publish_effective_practice(practice, acting_user=secretariat)
    establish_working_groups()
    circulate(secretariat, schedule(secretariat), title="Draft programme of work")
    reviews.request_annual_review(2018, acting_user=secretariat)
    return [expert.username, secretariat.username, poc_bra.username]


@pytest.fixture
def schema(api, db) -> dict:
    return api.get("/api/schema/", {"format": "json"}).json()


def get_paths(schema: dict) -> list[str]:
    return sorted(path for path, item in schema["paths"].items() if "get" in item)


def rows_of(body) -> list[dict]:
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        return body["results"]
    return body if isinstance(body, list) else []


def concrete_paths(api, staff, schema: dict) -> list[str]:
    """Every GET path of the schema, with each path parameter filled by every row the staff see:
    readers must then be refused the rows they may not see and shown only the fields they may."""
    staff_client = api.as_user(staff)
    paths: list[str] = []
    for template in get_paths(schema):
        params = re.findall(r"{(\w+)}", template)
        if not params:
            paths.append(template)
            continue
        filled = [template]
        for param in params:
            expanded = []
            for path in filled:
                prefix = path[: path.index("{" + param + "}")]
                listing = staff_client.get(prefix)
                key = LOOKUPS.get(param, "id")
                if listing.status_code != 200 or "json" not in listing.get("Content-Type", ""):
                    continue
                expanded += [
                    path.replace("{" + param + "}", str(row[key]), 1)
                    for row in rows_of(listing.json())
                    if key in row
                ]
            filled = expanded
        paths += filled
    api.as_user(None)
    # Search answers only with a query: ask it for the markers themselves.
    return [*paths, f"/api/v1/search/?q={SECRET}"]


def secrets_of(reader: str | None, staff_usernames: list[str], expert) -> list[str]:
    # Palau's point of contact reads its own match file, which names the expert who proposed it.
    if reader == "poc_plw":
        return [name for name in staff_usernames if name != expert.username]
    return staff_usernames


def leaks_in(text: str, usernames: list[str]) -> list[str]:
    return [*re.findall(rf"{SECRET}-[\w-]+", text), *(u for u in usernames if u in text)]


def json_answers(client, paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, f"{path}: {response.status_code}"
        if "json" in response.get("Content-Type", ""):
            yield path, json.dumps(response.json(), ensure_ascii=False)


READERS = pytest.mark.parametrize(
    "reader",
    [None, "poc_chn", "member", "poc_plw"],
    ids=["public", "poc_of_china", "committee_member", "poc_of_the_requesting_state"],
)


def sides_shown_but_not_readable(user, path: str, body) -> list[tuple[str, str, int]]:
    """The request or offer a match names that the reader may not open: a match shows each side
    only to a reader who may read that side itself."""
    rows = rows_of(body) if isinstance(body, dict) and "results" in body else [body]
    readable = {
        "request": set(AssistanceRequest.objects.visible_to(user).values_list("pk", flat=True)),
        "offer": set(AssistanceOffer.objects.visible_to(user).values_list("pk", flat=True)),
    }
    return [
        (path, side, row[side])
        for row in rows
        if isinstance(row, dict)
        for side in ("request", "offer")
        if side in row and row[side] not in readable[side]
    ]


@READERS
def test_no_endpoint_shows_the_public_or_another_state_a_confidential_field(
    api, request, reader, schema, secretariat, expert, brazils_confidential_rows
):
    usernames = secrets_of(reader, brazils_confidential_rows, expert)
    paths = concrete_paths(api, secretariat, schema)
    user = request.getfixturevalue(reader) if reader else None

    answers = list(json_answers(api.as_user(user), paths))
    leaks = [(path, found) for path, text in answers for found in leaks_in(text, usernames)]
    leaks += [
        leak
        for path, text in answers
        if re.fullmatch(r"/api/v1/assistance/matches/(\d+/)?", path)
        for leak in sides_shown_but_not_readable(user, path, json.loads(text))
    ]

    # The walk reached the details of Brazil's rows, nested serializers included.
    assert any(re.fullmatch(r"/api/v1/assistance/requests/\d+/", path) for path in paths)
    assert any(re.fullmatch(r"/api/v1/assistance/matches/\d+/", path) for path in paths)
    for reached in (
        r"/api/v1/matrices/\d+/",
        r"/api/v1/matrices/\d+/entries/",
        r"/api/v1/reports/\d+/",
        r"/api/v1/effective-practices/\d+/",
        r"/api/v1/meetings/\d+/documents/\d+/",
        r"/api/v1/annual-reviews/\d+/",
    ):
        assert any(re.fullmatch(reached, path) for path in paths), reached
    assert leaks == [], leaks


def assistance_pages() -> list[str]:
    """The assistance pages of every row, the lists and the CSV exports."""
    return [
        reverse("assistance:request-list"),
        reverse("assistance:offer-list"),
        reverse("assistance:request-csv"),
        reverse("assistance:offer-csv"),
        *(row.get_absolute_url() for row in AssistanceRequest.objects.all()),
        *(row.get_absolute_url() for row in AssistanceOffer.objects.all()),
        *(row.get_absolute_url() for row in Match.objects.all()),
    ]


def page_text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@READERS
def test_no_assistance_page_or_export_shows_the_public_or_another_state_a_confidential_field(
    client, request, reader, expert, brazils_confidential_rows
):
    usernames = secrets_of(reader, brazils_confidential_rows, expert)
    user = request.getfixturevalue(reader) if reader else None
    if user is not None:
        client.force_login(user)
    pages = assistance_pages()

    answers = {page: client.get(page) for page in pages}
    leaks = [
        (page, found)
        for page, response in answers.items()
        if response.status_code == 200
        for found in leaks_in(page_text(response), usernames)
    ]

    assert all(response.status_code < 500 for response in answers.values())
    assert any(re.search(r"/assistance/matches/\d+/$", page) for page in pages)
    assert leaks == [], leaks


def test_the_requesting_state_sees_its_match_but_not_another_states_private_offer(
    api, client, poc_plw, poc_bra, expert, brazils_confidential_rows
):
    match = Match.objects.get(request__state__iso3="PLW")
    path = f"/api/v1/assistance/matches/{match.pk}/"

    for_palau = api.as_user(poc_plw).get(path).json()
    for_brazil = api.as_user(poc_bra).get(path).json()
    client.force_login(poc_plw)
    match_page = client.get(match.get_absolute_url()).content.decode()
    request_page = client.get(match.request.get_absolute_url()).content.decode()

    assert for_palau["request"] == match.request_id
    assert for_palau["requesting_state"] == "PLW"
    assert not {"offer", "provider_name"} & set(for_palau)
    assert api.as_user(poc_plw).get(f"/api/v1/assistance/offers/{match.offer_id}/").status_code == (
        404
    )
    assert "Palau request" in match_page
    assert "An offer its provider has not published" in match_page
    assert "An offer its provider has not published" in request_page
    # The offering state and the staff still read the offer side.
    assert for_brazil["offer"] == match.offer_id
    assert for_brazil["provider_name"] == "Brazil"
    assert api.as_user(expert).get(path).json()["offer"] == match.offer_id


def test_the_requests_own_poc_and_the_staff_still_read_its_history(
    api, poc_bra, expert, poc_chn, brazils_confidential_rows
):
    published = AssistanceRequest.objects.get(title="Brazil published request")
    path = f"/api/v1/assistance/requests/{published.pk}/"

    for reader in (poc_bra, expert):
        history = api.as_user(reader).get(path).json()["status_history"]
        assert marker("reason") in [step["reason"] for step in history]
    assert "status_history" not in api.as_user(poc_chn).get(path).json()
    assert "status_history" not in api.as_user(None).get(path).json()


def test_the_staff_and_the_rows_own_state_still_read_who_wrote_it(
    api, poc_bra, poc_chn, expert, secretariat, member, brazils_confidential_rows
):
    matrix = Matrix.objects.get(state__iso3="BRA")
    report = NationalReport.objects.get(state__iso3="BRA", title="Published")
    document = MeetingDocument.objects.get()
    review = AnnualReview.objects.get()

    def read(user, path: str) -> dict:
        body = api.as_user(user).get(path).json()
        return rows_of(body)[0] if "results" in body else body

    for reader in (poc_bra, expert):
        assert (
            read(reader, f"/api/v1/matrices/{matrix.pk}/")["published_by"] == secretariat.username
        )
        assert read(reader, f"/api/v1/matrices/{matrix.pk}/entries/")["updated_by"] == (
            expert.username
        )
        assert read(reader, f"/api/v1/reports/{report.pk}/")["submitted_by"] == poc_bra.username
    for reader in (None, poc_chn, member):
        assert "published_by" not in read(reader, f"/api/v1/matrices/{matrix.pk}/")
        assert "updated_by" not in read(reader, f"/api/v1/matrices/{matrix.pk}/entries/")
        assert "submitted_by" not in read(reader, f"/api/v1/reports/{report.pk}/")

    document_path = f"/api/v1/meetings/{document.meeting_id}/documents/{document.pk}/"
    review_path = f"/api/v1/annual-reviews/{review.pk}/"
    assert read(expert, document_path)["circulated_by"] == secretariat.username
    assert read(expert, review_path)["requested_by"] == secretariat.username
    assert "circulated_by" not in read(member, document_path)
    assert "requested_by" not in read(member, review_path)


def test_the_annual_review_pages_name_the_requester_to_the_staff_only(
    client, member, expert, secretariat, brazils_confidential_rows
):
    review = AnnualReview.objects.get()

    for page in (reverse("committee:annual-reviews"), review.get_absolute_url()):
        client.force_login(member)
        seen_by_member = client.get(page).content.decode()
        client.force_login(expert)
        seen_by_expert = client.get(page).content.decode()

        assert secretariat.username not in seen_by_member, page
        assert "the secretariat" in seen_by_member, page
        assert secretariat.username in seen_by_expert, page
