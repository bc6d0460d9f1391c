"""A person's own account (issue 17, "Accounts"): the password reset by mail and the password
change, two-factor recovery codes, named API tokens with an expiry and revocation. The personas:
the public reader, Li Wei (point of contact of China), Ana Souza (point of contact of Brazil),
Eva (expert)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from core.accounts import issue_api_token, issue_recovery_codes
from core.models import ApiTokenName, OutgoingMail, User
from tests.personas import PASSWORD

NEW_PASSWORD = "a-long-new-passphrase-1540"
LINK = re.compile(r"https?://[^/\s]+(/password-reset/[^/\s]+/[^/\s]+/)")


def history_reasons(person: User) -> list[str]:
    return list(
        person.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )


def password_still_works(person: User, password: str = PASSWORD) -> bool:
    return User.objects.get(pk=person.pk).check_password(password)


# --- Password reset by mail -----------------------------------------------------------------------


def ask_for_a_link(client, django_capture_on_commit_callbacks, address: str):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/password-reset/", {"email": address})


def link_in_the_mail() -> str:
    match = LINK.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


@pytest.mark.django_db
class TestPasswordReset:
    def test_the_link_goes_out_through_the_outbox_and_sets_a_new_password(
        self, client, poc_chn, django_capture_on_commit_callbacks
    ):
        response = ask_for_a_link(client, django_capture_on_commit_callbacks, poc_chn.email)

        assert response.status_code == 302
        assert response["Location"] == "/password-reset/sent/"
        queued = OutgoingMail.objects.get(topic="password-reset")
        assert queued.to == [poc_chn.email]
        assert [message.to for message in mail.outbox] == [[poc_chn.email]]
        # Delivered, the link is not kept in the outbox, where staff or a backup could read it.
        assert queued.status == "sent" and queued.body == ""

        form = client.get(link_in_the_mail(), follow=True)
        assert form.context["validlink"] is True
        done = client.post(
            form.redirect_chain[-1][0],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

        assert done.status_code == 302
        assert done["Location"] == "/password-reset/done/"
        assert password_still_works(poc_chn, NEW_PASSWORD)
        assert history_reasons(poc_chn)[-1] == "Password reset through a link sent by mail"

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(
        self, client, poc_chn, django_capture_on_commit_callbacks
    ):
        known = ask_for_a_link(client, django_capture_on_commit_callbacks, poc_chn.email)
        mail.outbox.clear()
        unknown = ask_for_a_link(client, django_capture_on_commit_callbacks, "nobody@example.org")

        assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
        assert mail.outbox == []
        assert OutgoingMail.objects.filter(to=["nobody@example.org"]).count() == 0

    def test_a_used_link_is_refused(self, client, poc_chn, django_capture_on_commit_callbacks):
        ask_for_a_link(client, django_capture_on_commit_callbacks, poc_chn.email)
        link = link_in_the_mail()
        form = client.get(link, follow=True)
        client.post(
            form.redirect_chain[-1][0],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

        again = client.get(link, follow=True)

        assert again.context["validlink"] is False
        assert "This link is not valid" in again.content.decode()

    def test_an_expired_link_is_refused(
        self, client, poc_chn, settings, django_capture_on_commit_callbacks
    ):
        ask_for_a_link(client, django_capture_on_commit_callbacks, poc_chn.email)
        link = link_in_the_mail()
        settings.PASSWORD_RESET_TIMEOUT = -1

        form = client.get(link, follow=True)
        client.post(
            link.replace(link.rstrip("/").rsplit("/", 1)[1], "set-password"),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

        assert form.context["validlink"] is False
        assert password_still_works(poc_chn)

    @pytest.mark.parametrize(
        ("first", "second", "message"),
        [
            (NEW_PASSWORD, NEW_PASSWORD + "x", "The two password fields didn"),
            ("short", "short", "This password is too short"),
            ("123456789012345", "123456789012345", "This password is entirely numeric"),
        ],
    )
    def test_a_bad_new_password_is_refused_with_a_reason(
        self, client, poc_chn, django_capture_on_commit_callbacks, first, second, message
    ):
        ask_for_a_link(client, django_capture_on_commit_callbacks, poc_chn.email)
        form = client.get(link_in_the_mail(), follow=True)

        refused = client.post(
            form.redirect_chain[-1][0], {"new_password1": first, "new_password2": second}
        )

        assert refused.status_code == 200
        assert message in refused.content.decode()
        assert password_still_works(poc_chn)


# --- Password change ------------------------------------------------------------------------------


@pytest.mark.django_db
class TestPasswordChange:
    def test_the_public_is_sent_to_log_in(self, client):
        response = client.get("/account/password/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")

    def test_a_person_changes_their_own_password_and_stays_signed_in(self, client, poc_chn):
        client.force_login(poc_chn)

        response = client.post(
            "/account/password/",
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )

        assert response.status_code == 302
        assert response["Location"] == "/account/"
        assert password_still_works(poc_chn, NEW_PASSWORD)
        assert history_reasons(poc_chn)[-1] == "Password changed"
        assert client.get("/account/").status_code == 200

    @pytest.mark.parametrize(
        ("old", "first", "second", "message"),
        [
            ("wrong-old-password", NEW_PASSWORD, NEW_PASSWORD, "Your old password was entered"),
            (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "The two password fields didn"),
            (PASSWORD, "short", "short", "This password is too short"),
            (PASSWORD, "password1234", "password1234", "This password is too common"),
        ],
    )
    def test_bad_input_is_refused_with_a_reason_and_nothing_changes(
        self, client, poc_chn, old, first, second, message
    ):
        client.force_login(poc_chn)
        before = history_reasons(poc_chn)

        refused = client.post(
            "/account/password/",
            {"old_password": old, "new_password1": first, "new_password2": second},
        )

        assert refused.status_code == 200
        assert message in refused.content.decode()
        assert password_still_works(poc_chn)
        assert history_reasons(poc_chn) == before


# --- Recovery codes -------------------------------------------------------------------------------


@pytest.fixture
def expert_with_authenticator(expert):
    TOTPDevice.objects.create(user=expert, name="phone", confirmed=True)
    return expert


@pytest.mark.django_db
class TestRecoveryCodes:
    def test_ten_codes_are_shown_once_and_new_ones_replace_them(
        self, client, expert_with_authenticator
    ):
        client.force_login(expert_with_authenticator)

        first = client.post("/account/recovery-codes/")
        codes = first.context["new_recovery_codes"]
        second = client.post("/account/recovery-codes/")

        assert len(set(codes)) == 10
        assert all(code in first.content.decode() for code in codes)
        assert first["Cache-Control"] == "no-store"
        assert codes[0] not in client.get("/account/").content.decode()
        stored = set(StaticToken.objects.values_list("token", flat=True))
        assert stored == set(second.context["new_recovery_codes"])
        assert stored.isdisjoint(codes)
        assert history_reasons(expert_with_authenticator)[-1] == (
            "Recovery codes issued; earlier ones revoked"
        )

    def test_an_account_without_an_authenticator_gets_none(self, client, poc_chn):
        client.force_login(poc_chn)

        response = client.post("/account/recovery-codes/")

        assert "new_recovery_codes" not in response.context
        assert "Recovery codes are for accounts that sign in" in response.content.decode()
        assert not StaticToken.objects.exists()

    def test_a_code_signs_in_once_then_is_refused(
        self, client, expert_with_authenticator, settings
    ):
        settings.TWO_FACTOR_REQUIRED = True
        code = issue_recovery_codes(expert_with_authenticator)[0]
        client.post(
            "/login/", {"username": expert_with_authenticator.username, "password": PASSWORD}
        )

        accepted = client.post("/account/two-factor/", {"code": code, "next": "/account/"})

        assert accepted.status_code == 302
        assert accepted["Location"] == "/account/"
        assert client.get("/account/").status_code == 200
        assert history_reasons(expert_with_authenticator)[-1] == (
            "Signed in with a recovery code; 9 left"
        )

        client.logout()
        client.post(
            "/login/", {"username": expert_with_authenticator.username, "password": PASSWORD}
        )
        refused = client.post("/account/two-factor/", {"code": code, "next": "/account/"})

        assert refused.status_code == 200
        assert "This code is not valid" in refused.content.decode()
        assert client.get("/account/").status_code == 302


# --- API tokens -----------------------------------------------------------------------------------


@pytest.mark.django_db
class TestApiTokens:
    def test_a_named_token_is_shown_once_stored_as_a_digest_and_works(self, client, api, poc_chn):
        client.force_login(poc_chn)

        response = client.post("/account/tokens/", {"name": "Export script", "days": 30})

        token = response.context["new_token"]
        assert token in response.content.decode()
        stored = AuthToken.objects.get(user=poc_chn)
        assert token not in (stored.digest, stored.token_key)
        assert ApiTokenName.objects.get(token=stored).name == "Export script"
        assert abs(stored.expiry - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
        page = client.get("/account/").content.decode()
        assert "Export script" in page and token not in page
        assert history_reasons(poc_chn)[-1] == "API token “Export script” issued for 30 days"
        assert api.get("/api/v1/states/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"name": "", "days": 90}, "This field is required."),
            ({"name": "   ", "days": 90}, "This field is required."),
            ({"name": "Script", "days": 0}, "greater than or equal to 1"),
            ({"name": "Script", "days": 366}, "less than or equal to 365"),
            ({"name": "Script", "days": "soon"}, "Enter a whole number."),
        ],
    )
    def test_bad_input_is_refused_with_a_reason_and_no_token_is_made(
        self, client, poc_chn, data, message
    ):
        client.force_login(poc_chn)

        response = client.post("/account/tokens/", data)

        assert response.status_code == 200
        assert message in response.content.decode()
        assert "new_token" not in response.context
        assert not AuthToken.objects.exists()

    def test_the_service_refuses_an_expiry_out_of_range(self, poc_chn):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            issue_api_token(poc_chn, name="Script", days=400)
        assert not AuthToken.objects.exists()

    def test_a_revoked_token_answers_401_with_www_authenticate(self, client, api, poc_chn):
        instance, token = issue_api_token(poc_chn, name="Script", days=90)
        client.force_login(poc_chn)

        revoked = client.post("/account/tokens/revoke/", {"token": instance.digest})
        answer = api.get("/api/v1/states/", HTTP_AUTHORIZATION=f"Token {token}")

        assert revoked.status_code == 302
        assert not AuthToken.objects.filter(user=poc_chn).exists()
        assert not ApiTokenName.objects.exists()
        assert answer.status_code == 401
        assert answer["WWW-Authenticate"] == "Token"
        assert history_reasons(poc_chn)[-1].startswith("API token issued ")

    def test_an_expired_token_answers_401_with_www_authenticate(self, api, poc_chn):
        instance, token = issue_api_token(poc_chn, name="Script", days=1)
        AuthToken.objects.filter(pk=instance.pk).update(
            expiry=timezone.now() - timedelta(seconds=1)
        )

        answer = api.get("/api/v1/states/", HTTP_AUTHORIZATION=f"Token {token}")

        assert answer.status_code == 401
        assert answer["WWW-Authenticate"] == "Token"

    def test_a_poc_cannot_see_or_revoke_another_states_pocs_token(self, client, poc_chn, poc_bra):
        instance, _token = issue_api_token(poc_bra, name="Brasília script", days=90)
        client.force_login(poc_chn)

        page = client.get("/account/").content.decode()
        refused = client.post("/account/tokens/revoke/", {"token": instance.digest})

        assert "Brasília script" not in page
        assert refused.status_code == 404
        assert AuthToken.objects.filter(pk=instance.pk).exists()


# --- Who reaches the pages ------------------------------------------------------------------------

OWN_PAGES = ["/account/", "/account/password/"]
OWN_ACTIONS = ["/account/recovery-codes/", "/account/tokens/", "/account/tokens/revoke/"]
PUBLIC_PAGES = ["/password-reset/", "/password-reset/sent/", "/password-reset/done/"]


@pytest.mark.django_db
class TestWhoReachesThePages:
    @pytest.mark.parametrize("path", OWN_PAGES + OWN_ACTIONS)
    def test_the_public_is_sent_to_log_in(self, client, path):
        response = client.post(path) if path in OWN_ACTIONS else client.get(path)

        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
        assert not AuthToken.objects.exists()

    @pytest.mark.parametrize("path", OWN_PAGES)
    def test_each_person_reads_only_their_own_account(self, client, poc_chn, poc_bra, path):
        client.force_login(poc_chn)

        page = client.get(path).content.decode()

        assert poc_chn.username in page or path != "/account/"
        assert poc_bra.username not in page

    @pytest.mark.parametrize("path", PUBLIC_PAGES)
    def test_the_reset_pages_are_open_to_the_public(self, client, path):
        assert client.get(path).status_code == 200

    def test_the_login_page_leads_to_the_reset(self, client):
        assert 'href="/password-reset/"' in client.get("/login/").content.decode()
