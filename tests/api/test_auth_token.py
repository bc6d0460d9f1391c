"""Token authentication: a username and password buy a token of that same account, shown once and
kept only as a digest; the token then acts as its owner for every request, reads, uploads and
workflow steps included, history names that owner, and it stops working when it expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from states.choices import ReportKind
from states.reports.models import NationalReport
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
    """A client holding a token made directly in the database: token authentication itself,
    whatever the token endpoint does."""
    client = APIClient(enforce_csrf_checks=True)
    _instance, token = AuthToken.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_poc_exchanges_username_and_password_for_a_token(api, poc_chn):
    response = api.post(TOKEN, {"username": "li.wei", "password": PASSWORD})

    assert response.status_code == 200
    assert set(response.json()) == {"token", "expiry"}
    assert len(response.json()["token"]) == 64


def test_a_token_expires_after_the_configured_days(api, poc_chn):
    response = api.post(TOKEN, {"username": "li.wei", "password": PASSWORD})

    expiry = AuthToken.objects.get(user=poc_chn).expiry
    assert timedelta(days=89) < expiry - timezone.now() <= timedelta(days=90)
    assert response.json()["expiry"] == expiry.isoformat().replace("+00:00", "Z")


def test_asking_twice_gives_two_tokens_that_both_work(api, poc_chn):
    first = api.post(TOKEN, {"username": "li.wei", "password": PASSWORD}).json()["token"]
    second = api.post(TOKEN, {"username": "li.wei", "password": PASSWORD}).json()["token"]

    assert first != second
    for token in (first, second):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert client.get("/api/v1/points-of-contact/").status_code == 200


def test_a_stored_token_holds_no_usable_key(api, poc_chn):
    token = api.post(TOKEN, {"username": "li.wei", "password": PASSWORD}).json()["token"]

    row = AuthToken.objects.values().get(user=poc_chn)
    assert token not in {str(value) for value in row.values()}
    # What the database holds is a digest: presented as a token it opens nothing.
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {row['digest']}")
    assert client.get("/api/v1/points-of-contact/").status_code == 401


def test_an_expired_token_answers_401(poc_chn):
    client = issued_token_client(poc_chn)
    AuthToken.objects.filter(user=poc_chn).update(expiry=timezone.now() - timedelta(seconds=1))

    response = client.get("/api/v1/points-of-contact/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_the_secretariat_cannot_get_a_token_for_someone_else(api, secretariat, poc_chn):
    api.as_user(secretariat)

    without_password = api.post(TOKEN, {"username": "li.wei"})
    with_a_guessed_password = api.post(TOKEN, {"username": "li.wei", "password": PASSWORD + "x"})

    assert without_password.status_code == 400
    assert without_password.json()["errors"] == {"password": ["This field is required."]}
    assert with_a_guessed_password.status_code == 400
    assert not AuthToken.objects.exists()


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


def test_the_token_answers_help_texts_are_in_the_readers_language():
    """They reach the API documentation, which is read in six languages."""
    from django.utils import translation

    from core.accounts import TokenResponseSerializer

    with translation.override("fr"):
        fields = TokenResponseSerializer().fields
        texts = [str(fields["token"].help_text), str(fields["expiry"].help_text)]

    assert texts == [
        "Affiché cette seule fois : seule son empreinte est conservée.",
        "Passé ce délai, le jeton est refusé (API_TOKEN_DAYS).",
    ]
