"""Token authentication: a username and password buy a token, the token then acts as its owner
for every request, reads, uploads and workflow steps included, and history names that owner."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from states.choices import ReportKind
from states.models import NationalReport
from tests import factories
from tests.personas import PASSWORD

TOKEN = "/api/v1/auth/token/"


def token_client(user) -> APIClient:
    """A client with no session, as a script would be, signed in by the token endpoint. It
    enforces CSRF checks as a browser session would: a token needs none."""
    client = APIClient(enforce_csrf_checks=True)
    response = client.post(TOKEN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200, response.json()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def issued_token_client(user) -> APIClient:
    """A client holding a token the secretariat issued (in the admin): token authentication
    itself, whatever the token endpoint does."""
    client = APIClient(enforce_csrf_checks=True)
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_poc_exchanges_username_and_password_for_a_token(api, poc_chn):
    response = api.post(TOKEN, {"username": "li.wei", "password": PASSWORD})

    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    assert len(response.json()["token"]) == 40


def test_asking_twice_gives_the_same_token(api, poc_chn):
    first = api.post(TOKEN, {"username": "li.wei", "password": PASSWORD}).json()["token"]
    second = api.post(TOKEN, {"username": "li.wei", "password": PASSWORD}).json()["token"]

    assert first == second


def test_a_token_can_be_asked_for_with_json(api, poc_chn):
    response = api.post(TOKEN, {"username": "li.wei", "password": PASSWORD}, format="json")

    assert response.status_code == 200


def test_a_wrong_password_gets_no_token_and_a_clear_message(api, poc_chn):
    response = api.post(TOKEN, {"username": "li.wei", "password": "guess"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Unable to log in with provided credentials.",
        "errors": {"non_field_errors": ["Unable to log in with provided credentials."]},
    }


def test_a_missing_password_names_the_field(api, poc_chn):
    response = api.post(TOKEN, {"username": "li.wei"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"password": ["This field is required."]}
    assert response.json()["detail"] == "password: This field is required."


def test_a_deactivated_account_gets_no_token(api, poc_chn):
    poc_chn.is_active = False
    poc_chn.save(update_fields=["is_active"])

    response = api.post(TOKEN, {"username": "li.wei", "password": PASSWORD})

    assert response.status_code == 400


def test_the_token_acts_as_its_owner(poc_chn, secretariat):
    factories.report("BRA", by=secretariat)
    china = factories.report("CHN", by=poc_chn)

    response = issued_token_client(poc_chn).get("/api/v1/reports/")

    assert response.status_code == 200
    assert [report["id"] for report in response.json()["results"]] == [china.pk]


def test_a_private_endpoint_answers_a_token(poc_chn):
    assert issued_token_client(poc_chn).get("/api/v1/points-of-contact/").status_code == 200


@pytest.mark.parametrize("header", ["Token not-a-real-token", "Token ", "Bearer abc"])
def test_a_bad_token_is_refused(member_states, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get("/api/v1/points-of-contact/")

    assert response.status_code in (401, 403)
    assert response.json()["detail"]


def test_a_bad_token_is_refused_even_where_the_public_may_read(member_states):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get("/api/v1/states/")

    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "Invalid token."}


def test_a_deactivated_accounts_token_stops_working(poc_chn):
    client = issued_token_client(poc_chn)
    poc_chn.is_active = False
    poc_chn.save(update_fields=["is_active"])

    response = client.get("/api/v1/points-of-contact/")

    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "User inactive or deleted."}


def test_poc_files_and_submits_a_report_with_a_token(poc_chn):
    client = token_client(poc_chn)

    created = client.post(
        "/api/v1/reports/",
        {
            "state": "CHN",
            "kind": ReportKind.FIRST,
            "language": "zh",
            "document": factories.pdf_upload(),
        },
        format="multipart",
    )

    assert created.status_code == 201, created.json()
    submitted = client.post(f"/api/v1/reports/{created.json()['id']}/submit/")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_by"] == "li.wei"
    assert submitted.json()["submitted_on"] == timezone.localdate().isoformat()
    download = client.get(submitted.json()["document_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_token_cannot_do_what_its_owner_may_not(poc_bra):
    client = issued_token_client(poc_bra)

    response = client.post(
        "/api/v1/reports/",
        {"state": "CHN", "kind": "first", "language": "en", "document": factories.pdf_upload()},
        format="multipart",
    )

    assert response.status_code == 403
    assert NationalReport.objects.count() == 0


def test_history_names_the_token_owner_of_each_step(poc_chn, secretariat):
    poc, staff = token_client(poc_chn), token_client(secretariat)

    created = poc.post(
        "/api/v1/reports/",
        {"state": "CHN", "kind": "first", "language": "zh", "document": factories.pdf_upload()},
        format="multipart",
    )
    report_url = f"/api/v1/reports/{created.json()['id']}/"
    assert poc.post(f"{report_url}submit/").status_code == 200
    assert staff.post(f"{report_url}publish/").status_code == 200

    report = NationalReport.objects.get(pk=created.json()["id"])
    steps = list(report.history.order_by("history_date", "history_id"))
    assert [(step.status, step.history_user) for step in steps] == [
        ("draft", poc_chn),
        ("submitted", poc_chn),
        ("published", secretariat),
    ]


def test_a_signed_in_session_still_needs_the_csrf_token_to_write(poc_chn):
    browser = APIClient(enforce_csrf_checks=True)
    assert browser.login(username="li.wei", password=PASSWORD)

    response = browser.post(
        "/api/v1/reports/",
        {"state": "CHN", "kind": "first", "language": "zh", "document": factories.pdf_upload()},
        format="multipart",
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert NationalReport.objects.count() == 0
