"""Security: the second factor for the roles that see what is not public, login lock-out,
password rules, the Content-Security-Policy and API throttling."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture(autouse=True)
def lock_out_on(settings):
    settings.AXES_ENABLED = True


def forget_failures(device: TOTPDevice) -> None:
    """django-otp slows down guessing: after a wrong code the next one waits a little."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, user, password: str = PASSWORD):
    return client.post("/login/", {"username": user.username, "password": password})


@pytest.mark.usefixtures("two_factor_on")
class TestSecondFactor:
    def test_staff_with_only_a_password_cannot_reach_staff_pages(self, client, secretariat):
        sign_in(client, secretariat)
        response = client.get("/reports/inbox/")
        assert response.status_code == 302
        assert response["Location"].startswith("/account/two-factor/setup/")
        assert client.get("/admin/").status_code == 302

    def test_staff_pair_an_authenticator_then_reach_staff_pages(self, client, expert):
        sign_in(client, expert)
        page = client.get("/account/two-factor/setup/?next=/reports/inbox/")
        assert page.status_code == 200
        assert b"<svg" in page.content
        device = TOTPDevice.objects.get(user=expert, confirmed=False)
        wrong = client.post(
            "/account/two-factor/setup/", {"code": "000000", "next": "/reports/inbox/"}
        )
        assert "not valid" in wrong.content.decode()
        forget_failures(device)
        response = client.post(
            "/account/two-factor/setup/", {"code": current_code(device), "next": "/reports/inbox/"}
        )
        assert response.status_code == 302
        assert response["Location"] == "/reports/inbox/"
        assert client.get("/reports/inbox/").status_code == 200

    def test_a_paired_member_confirms_a_code_at_each_sign_in(self, client, member):
        device = TOTPDevice.objects.create(user=member, name="phone", confirmed=True)
        sign_in(client, member)
        assert client.get("/").headers["Location"].startswith("/account/two-factor/?next=")
        client.post("/account/two-factor/", {"code": current_code(device), "next": "/"})
        assert client.get("/").status_code == 200

    def test_the_api_refuses_an_unverified_staff_session(self, client, secretariat):
        sign_in(client, secretariat)
        response = client.get("/api/v1/points-of-contact/")
        assert response.status_code == 403
        assert "Two-factor" in response.json()["detail"]

    def test_points_of_contact_sign_in_with_their_password(self, client, poc_chn):
        sign_in(client, poc_chn)
        assert client.get("/my-state/").status_code == 200

    def test_staff_get_an_api_token_only_with_their_code(self, api, secretariat):
        device = TOTPDevice.objects.create(user=secretariat, name="phone", confirmed=True)
        credentials = {"username": secretariat.username, "password": PASSWORD}
        refused = api.post("/api/v1/auth/token/", credentials, format="json")
        assert refused.status_code == 400
        assert "otp_token" in refused.json()["errors"]
        wrong = api.post("/api/v1/auth/token/", {**credentials, "otp_token": "123"}, format="json")
        assert wrong.status_code == 400
        forget_failures(device)
        granted = api.post(
            "/api/v1/auth/token/", {**credentials, "otp_token": current_code(device)}, format="json"
        )
        assert granted.status_code == 200
        assert granted.json()["token"]


class TestLockOut:
    def test_five_wrong_passwords_still_let_the_right_one_in(self, client, poc_chn):
        for _attempt in range(5):
            assert sign_in(client, poc_chn, "wrong-password").status_code == 200
        assert sign_in(client, poc_chn).status_code == 302

    def test_the_sixth_wrong_password_locks_the_account(self, client, poc_chn):
        for _attempt in range(5):
            sign_in(client, poc_chn, "wrong-password")
        locked = sign_in(client, poc_chn, "wrong-password")
        assert locked.status_code == 429
        assert "temporarily locked" in locked.content.decode()
        # Even the right password is refused while the lock lasts.
        assert sign_in(client, poc_chn).status_code == 429
        assert client.get("/my-state/").status_code == 302

    def test_the_api_token_endpoint_is_locked_too(self, api, poc_chn):
        for _attempt in range(6):
            api.post("/api/v1/auth/token/", {"username": poc_chn.username, "password": "nope"})
        response = api.post(
            "/api/v1/auth/token/", {"username": poc_chn.username, "password": PASSWORD}
        )
        assert response.status_code in (400, 403, 429)
        assert "token" not in response.json()


def test_short_and_common_passwords_are_refused():
    for weak in ("short-pw", "password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("a long passphrase for the committee")


def test_every_page_carries_the_content_security_policy(client, member_states):
    for path in ("/", "/states/", "/states/CHN/", "/login/", "/api/docs/", "/api/v1/states/"):
        policy = client.get(path).headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, path
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy


def test_anonymous_api_clients_are_throttled(api, settings, member_states):
    settings.API_THROTTLE_RATES = {"anonymous": "3/minute", "signed_in": "100/minute"}
    statuses = [api.get("/api/v1/states/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_the_signed_in_allowance_does_not_apply_to_anonymous_clients(api, settings, member_states):
    settings.API_THROTTLE_RATES = {"anonymous": None, "signed_in": "2/minute"}
    statuses = [api.get("/api/v1/states/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 200]


def test_signed_in_api_clients_have_their_own_allowance(api, settings, poc_chn):
    settings.API_THROTTLE_RATES = {"anonymous": "1/minute", "signed_in": "2/minute"}
    api.as_user(poc_chn)
    statuses = [api.get("/api/v1/reports/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_text_with_nul_characters_is_refused_before_it_reaches_the_database(api, poc_chn):
    from states.models import NationalReport

    for response in (
        api.get("/api/v1/states/", {"q": "Ch\x00ina"}),
        api.as_user(poc_chn).post(
            "/api/v1/reports/", {"state": "CH\x00N", "kind": "first"}, format="multipart"
        ),
        api.as_user(poc_chn).post(
            "/api/v1/reports/",
            data='{"state": "CHN", "title": "a\\u0000b"}',
            content_type="application/json",
        ),
    ):
        assert response.status_code == 400
        assert "NUL characters" in response.json()["detail"]
    assert not NationalReport.objects.exists()


def test_a_page_refuses_nul_characters_too(client, member_states):
    response = client.get("/states/", {"q": "\x00"})
    assert response.status_code == 400
    assert "NUL characters" in response.content.decode()
