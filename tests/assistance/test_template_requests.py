"""Requests for assistance as the 2017 template has them (programme of work 9(b), 9(f), 9(g)):
a request from one state, a group of states or a regional organisation (CARICOM) on behalf of
some of its members, one per subject area with its numbered needs, a contact point, the note
verbale attached and entered in the correspondence register, and the Committee's steps from
received to matched; the public sees it only once posted with the requester's consent."""

from __future__ import annotations

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from assistance import services
from assistance.choices import MatchStatus, RequestStatus
from assistance.models import (
    AssistanceNeed,
    AssistanceRequest,
    AssistanceRequestStatusChange,
    OrganizationMembership,
)
from committee.correspondence.models import Correspondence, CorrespondenceLink
from core.choices import Role
from core.services import InvalidTransition
from tests.assistance import builders
from tests.assistance.builders import ASSISTANCE_TABLES
from tests.factories import fake_pdf_upload, pdf_upload
from tests.helpers import Written
from tests.personas import make_user

REQUESTS = "/api/v1/assistance/requests/"
STEPS = [
    RequestStatus.AUTHENTICATED,
    RequestStatus.ACKNOWLEDGED,
    RequestStatus.CIRCULATED,
    RequestStatus.POSTED,
]
TABLES = (*ASSISTANCE_TABLES, AssistanceNeed, Correspondence)


@pytest.fixture
def caricom(member_states):
    """CARICOM, with Jamaica and Trinidad and Tobago among its members (Brazil is not one)."""
    organization = builders.organization(
        "CARICOM", name="Caribbean Community", kind="regional", offers_assistance=False
    )
    for iso3 in ("JAM", "TTO"):
        OrganizationMembership.objects.create(organization=organization, state=builders.state(iso3))
    return organization


@pytest.fixture
def poc_jam(member_states):
    return make_user("jam.poc", Role.POC, "JAM")


@pytest.fixture
def poc_tto(member_states):
    return make_user("tto.poc", Role.POC, "TTO")


def needs(*numbers: int) -> list[dict]:
    kinds = ["training", "legislative", "equipment"]
    return [
        {
            "number": number,
            "description": f"Need {number}: what the template describes.",
            "assistance_type": kinds[index % len(kinds)],
            "weapon_types": ["nuclear"],
        }
        for index, number in enumerate(numbers)
    ]


def caricoms_request(caricom, **overrides) -> dict:
    return {
        "requester_kind": "organization",
        "requesting_organization": caricom.pk,
        "requesting_states": ["JAM", "TTO"],
        "title": "Border and export control for two CARICOM members",
        "assistance_type": "training",
        "description": "One request for the subject area of border and export control.",
        "areas": ["border-export-control"],
        "channel": "note_verbale",
        "contact_name": "Dana Clarke",
        "contact_function": "CARICOM 1540 regional coordinator",
        "contact_email": "dana.clarke@example.org",
        "contact_phone": "+1 876 555 0100",
        "needs": json.dumps(needs(1, 2)),
        "reference": "CARICOM/1540/2026/7",
        "document": pdf_upload("note-verbale.pdf", "Note verbale from CARICOM"),
        **overrides,
    }


def post_request(api, user, data):
    return api.as_user(user).post(REQUESTS, data, format="multipart")


def test_caricoms_request_for_two_states_goes_through_every_step_to_a_match(
    api, client, caricom, secretariat, expert, poc_jam, poc_tto, poc_bra
):
    response = post_request(api, secretariat, caricoms_request(caricom))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["requester_kind"] == "organization"
    assert body["requesting_states"] == ["JAM", "TTO"]
    assert body["state"] == "JAM"
    assert [need["number"] for need in body["needs"]] == [1, 2]
    assert body["document_url"] == reverse("assistance:request-document", args=[body["id"]])
    request = AssistanceRequest.objects.get(pk=body["id"])
    assert request.requesting_state_ids == [builders.state("JAM").pk, builders.state("TTO").pk]
    assert request.contact_email == "dana.clarke@example.org"
    # The note verbale is in the register, received from CARICOM, linked to the request.
    link = CorrespondenceLink.objects.get(
        content_type=ContentType.objects.get_for_model(AssistanceRequest), object_id=request.pk
    )
    note = link.item
    assert (note.direction, note.organization, note.reference) == (
        "in",
        caricom,
        "CARICOM/1540/2026/7",
    )
    assert note.documents.get().file.name == request.document.name

    url = reverse("assistance:request-detail", args=[request.pk])
    api_url = f"{REQUESTS}{request.pk}/"

    def public_sees() -> tuple[int, int]:
        client.logout()
        return client.get(url).status_code, api.as_user(None).get(api_url).status_code

    # Steps through the API, then through the page; the public sees nothing until posted.
    for step in STEPS[:2]:
        moved = api.as_user(expert).post(f"{api_url}transition/", {"to_status": step})
        assert moved.status_code == 200, moved.content
        assert public_sees() == (404, 404)
    client.force_login(secretariat)
    client.post(reverse("assistance:request-step", args=[request.pk]), {"to_status": "circulated"})
    request.refresh_from_db()
    assert request.status == RequestStatus.CIRCULATED
    assert public_sees() == (404, 404)
    # Posting without consent is refused, with a clear message.
    client.force_login(secretariat)
    page = client.post(
        reverse("assistance:request-step", args=[request.pk]), {"to_status": "posted"}, follow=True
    )
    assert "has not consented" in page.content.decode()
    request.refresh_from_db()
    assert (request.status, request.posted) == (RequestStatus.CIRCULATED, False)
    # The consent recorded, then posted: the public sees it, with the date.
    patched = api.as_user(secretariat).patch(api_url, {"publication_consent": True}, format="json")
    assert patched.status_code == 200, patched.content
    assert patched.json()["consent_recorded_on"] is not None
    assert public_sees() == (404, 404)
    posted = api.as_user(secretariat).post(f"{api_url}transition/", {"to_status": "posted"})
    assert posted.status_code == 200, posted.content
    assert posted.json()["posted"] is True and posted.json()["posted_on"]
    assert public_sees() == (200, 200)
    public = api.as_user(None).get(api_url).json()
    assert "contact_email" not in public and "document_url" not in public
    assert [need["number"] for need in public["needs"]] == [1, 2]
    client.logout()
    assert "Dana Clarke" not in client.get(url).content.decode()
    assert client.get(reverse("assistance:request-document", args=[request.pk])).status_code == 302

    # A match, by the existing services: a training offer proposed, contacted, agreed.
    offer = builders.offer(by=expert, title="Regional export control training")
    match = builders.match(request, offer, by=expert, status=MatchStatus.AGREED)
    request.refresh_from_db()
    assert match.status == MatchStatus.AGREED
    assert request.status == RequestStatus.MATCHED
    assert list(
        AssistanceRequestStatusChange.objects.filter(request=request).values_list(
            "to_status", flat=True
        )
    ) == ["received", "authenticated", "acknowledged", "circulated", "posted", "matched"]
    assert request.posted  # still on the website once matched


def test_the_two_states_pocs_see_the_request_and_brazils_does_not(
    api, client, caricom, secretariat, poc_jam, poc_tto, poc_bra
):
    created = post_request(api, secretariat, caricoms_request(caricom)).json()
    url = reverse("assistance:request-detail", args=[created["id"]])
    api_url = f"{REQUESTS}{created['id']}/"
    document = reverse("assistance:request-document", args=[created["id"]])

    for poc in (poc_jam, poc_tto):
        assert api.as_user(poc).get(api_url).status_code == 200
        assert created["id"] in [
            row["id"] for row in api.as_user(poc).get(REQUESTS).json()["results"]
        ]
        client.force_login(poc)
        page = client.get(url)
        assert page.status_code == 200
        assert "Dana Clarke" in page.content.decode()
        assert client.get(document).status_code == 200
        assert api.as_user(poc).get(api_url).json()["contact_email"] == "dana.clarke@example.org"
    assert api.as_user(poc_bra).get(api_url).status_code == 404
    assert created["id"] not in [
        row["id"] for row in api.as_user(poc_bra).get(REQUESTS).json()["results"]
    ]
    client.force_login(poc_bra)
    assert client.get(url).status_code == 404
    assert client.get(document).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    # Nor can Brazil's or Jamaica's POC move it on: only the staff take the Committee's steps.
    refused = api.as_user(poc_jam).post(f"{api_url}transition/", {"to_status": "authenticated"})
    assert refused.status_code == 403


def test_skipping_authentication_is_refused_and_nothing_is_written(
    api, caricom, secretariat, expert
):
    created = post_request(api, secretariat, caricoms_request(caricom)).json()
    written = Written(*TABLES)

    refused = api.as_user(expert).post(
        f"{REQUESTS}{created['id']}/transition/", {"to_status": "acknowledged"}
    )

    assert refused.status_code == 409
    assert "Its next step is “Authenticated”" in json.dumps(refused.json(), ensure_ascii=False)
    assert written.unchanged(), written
    with pytest.raises(InvalidTransition, match="has not consented"):
        request = AssistanceRequest.objects.get(pk=created["id"])
        for step in STEPS[:3]:
            services.move_request(request, step, acting_user=expert)
        services.move_request(request, RequestStatus.POSTED, acting_user=expert)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"needs": json.dumps(needs(1, 1))}, "needs", "a number is repeated"),
        ({"needs": json.dumps(needs(1, 3))}, "needs", "without a gap"),
        ({"needs": "not json"}, "needs", "list of objects"),
        ({"requesting_states": ["JAM", "BRA"]}, "requesting_states", "not a member of CARICOM"),
        ({"requesting_states": ["XXX"]}, "requesting_states", "XXX"),
        ({"requesting_organization": ""}, "requesting_organization", "Name the organisation"),
        (
            {"document": fake_pdf_upload("note-verbale.pdf")},
            "document",
            "is not a PDF or Word document",
        ),
        ({"requester_kind": "club"}, "requester_kind", "valid choice"),
    ],
)
def test_bad_template_requests_are_refused_and_nothing_is_written(
    api, caricom, secretariat, overrides, field, message
):
    written = Written(*TABLES)

    response = post_request(api, secretariat, caricoms_request(caricom, **overrides))

    assert response.status_code == 400, response.content
    assert message in json.dumps(response.json()["errors"].get(field), ensure_ascii=False), (
        response.json()
    )
    assert written.unchanged(), written


def test_a_note_verbale_too_large_is_refused_and_nothing_is_written(
    api, caricom, secretariat, settings
):
    settings.UPLOAD_MAX_BYTES = 100
    written = Written(*TABLES)

    response = post_request(api, secretariat, caricoms_request(caricom))

    assert response.status_code == 400
    assert "the largest document accepted" in json.dumps(response.json()["errors"]["document"])
    assert written.unchanged(), written


def test_a_poc_cannot_send_a_group_request_nor_one_for_another_state(api, caricom, poc_jam):
    written = Written(*TABLES)

    group = post_request(api, poc_jam, caricoms_request(caricom))
    other = api.as_user(poc_jam).post(
        REQUESTS,
        {
            "state": "BRA",
            "title": "Not ours",
            "assistance_type": "training",
            "description": "Brazil's need, sent by Jamaica.",
            "areas": ["border-export-control"],
        },
        format="json",
    )

    assert group.status_code == 403
    assert "recorded by the secretariat" in group.json()["detail"]
    assert other.status_code == 403
    assert written.unchanged(), written


def test_a_group_of_states_request_needs_two_states(api, secretariat):
    written = Written(*TABLES)
    data = {
        "requester_kind": "group",
        "requesting_states": ["JAM"],
        "title": "A group of one",
        "assistance_type": "training",
        "description": "A group's request.",
        "areas": ["border-export-control"],
    }

    response = api.as_user(secretariat).post(REQUESTS, data, format="json")

    assert response.status_code == 400
    assert "two states or more" in json.dumps(response.json()["errors"]["requesting_states"])
    assert written.unchanged(), written
    data["requesting_states"] = ["JAM", "TTO"]
    created = api.as_user(secretariat).post(REQUESTS, data, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["requester_name"] == "Jamaica, Trinidad and Tobago"


def test_withdrawing_the_consent_takes_the_request_off_the_website(api, caricom, secretariat):
    created = post_request(
        api, secretariat, caricoms_request(caricom, publication_consent=True)
    ).json()
    request = AssistanceRequest.objects.get(pk=created["id"])
    for step in STEPS:
        request = services.move_request(request, step, acting_user=secretariat)
    assert api.as_user(None).get(f"{REQUESTS}{request.pk}/").status_code == 200

    services.update_request(request, acting_user=secretariat, publication_consent=False)

    assert api.as_user(None).get(f"{REQUESTS}{request.pk}/").status_code == 404
    request.refresh_from_db()
    assert (request.posted, request.consent_recorded_on) == (False, None)


def test_a_state_request_through_the_service_still_concerns_its_state(poc_chn):
    request = builders.request("CHN", by=poc_chn)

    assert request.requester_kind == "state"
    assert list(request.requesting_states.values_list("iso3", flat=True)) == ["CHN"]
    assert request.requesting_state_ids == [request.state_id]
