"""Security: the second factor for the roles that see what is not public, login lock-out,
password rules, the Content-Security-Policy and API throttling."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from core.pairing import issue_pairing_code
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
        code, _record = issue_pairing_code(expert, acting_user=None)
        sign_in(client, expert)
        accepted = client.post(
            "/account/two-factor/setup/", {"pairing_code": code, "next": "/reports/inbox/"}
        )
        assert accepted["Location"] == "/account/two-factor/setup/?next=%2Freports%2Finbox%2F"
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


OTHER_LANGUAGES = ["ar", "zh-hans", "fr", "ru", "es"]


@pytest.mark.usefixtures("two_factor_on")
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize("persona", ["member", "expert"])
def test_staff_sign_in_and_confirm_their_code_on_the_pages_of_every_language(
    client, request, persona, language
):
    user = request.getfixturevalue(persona)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    asked_for = f"/{language}/states/"

    response = client.post(
        f"/{language}/login/",
        {"username": user.username, "password": PASSWORD, "next": asked_for},
        follow=True,
    )

    # One hop from the login to the code page, which answers itself instead of redirecting to
    # itself again with the `next` nested one level deeper each time.
    assert response.status_code == 200
    assert [url for url, _status in response.redirect_chain] == [
        asked_for,
        f"/{language}/account/two-factor/?next=%2F{language}%2Fstates%2F",
    ]
    assert response.context["next"] == asked_for
    confirmed = client.post(
        f"/{language}/account/two-factor/", {"code": current_code(device), "next": asked_for}
    )
    assert confirmed.status_code == 302
    assert confirmed["Location"] == asked_for
    assert client.get(asked_for).status_code == 200


@pytest.mark.usefixtures("two_factor_on")
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_unpaired_staff_reach_the_set_up_page_in_every_language(client, expert, language):
    sign_in(client, expert)

    response = client.get(f"/{language}/", follow=True)

    assert response.status_code == 200
    assert [url for url, _status in response.redirect_chain] == [
        f"/{language}/account/two-factor/setup/?next=%2F{language}%2F"
    ]


@pytest.mark.usefixtures("two_factor_on")
@pytest.mark.parametrize("path", ["/admin/login/", "/admin/logout/"])
def test_the_admins_sign_in_pages_are_not_open_before_the_second_factor(client, secretariat, path):
    """The open pages were matched by URL name alone, so the admin's "admin:login" and
    "admin:logout" passed as the website's "login" and "logout"."""
    from core.security import is_open_path

    sign_in(client, secretariat)

    response = client.get(path)

    assert not is_open_path(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/setup/?next=")


@pytest.mark.parametrize(
    ("language", "path"),
    [
        ("en", "/login/"),
        ("fr", "/fr/logout/"),
        ("zh-hans", "/zh-hans/account/two-factor/"),
        ("ar", "/ar/account/two-factor/setup/"),
    ],
)
def test_the_websites_own_sign_in_pages_stay_open(language, path):
    from django.utils import translation

    from core.security import is_open_path

    # As in a request, where LocaleMiddleware has activated the language of the prefix.
    with translation.override(language):
        assert is_open_path(path)


def test_pairing_codes_ask_the_same_rule_as_the_sign_in(expert, poc_chn):
    """The roles that pair an authenticator are those that confirm a code at sign-in: one rule,
    not two copies that could drift apart."""
    from core import pairing
    from core.security import has_two_factor_role

    assert pairing.needs_second_factor is has_two_factor_role
    assert has_two_factor_role(expert) and not has_two_factor_role(poc_chn)


@pytest.mark.usefixtures("two_factor_on")
def test_the_api_names_the_page_where_the_code_is_confirmed(client, member):
    TOTPDevice.objects.create(user=member, name="phone", confirmed=True)
    sign_in(client, member)

    response = client.get("/api/v1/points-of-contact/")

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Two-factor verification is required: confirm a code at /account/two-factor/ first."
    )


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
    from states.reports.models import NationalReport

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


class TestSecretsInTheAdmin:
    """An authenticator's key and an API token belong to their owner: the secretariat may see who
    holds one and revoke it, never read it nor make one for someone else."""

    def test_the_authenticator_pages_never_show_the_key(self, client, secretariat, member):
        device = TOTPDevice.objects.create(user=member, name="phone", confirmed=True)
        client.force_login(secretariat)
        base = "/admin/otp_totp/totpdevice/"

        pages = [client.get(base), client.get(f"{base}{device.pk}/change/")]

        assert [page.status_code for page in pages] == [200, 200]
        for page in pages:
            text = page.content.decode()
            assert "mo.member" in text
            assert device.key not in text
            assert "otpauth://" not in text
            assert "qrcode" not in text
        for secret_view in ("config", "qrcode"):
            response = client.get(f"{base}{device.pk}/{secret_view}/", follow=True)
            assert device.key not in response.content.decode()
            assert "otpauth://" not in response.content.decode()
        assert client.get(f"{base}add/").status_code == 403

    def test_the_secretariat_revokes_an_authenticator(self, client, secretariat, member):
        device = TOTPDevice.objects.create(user=member, name="phone", confirmed=True)
        client.force_login(secretariat)

        response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})

        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=member).exists()

    def test_the_token_pages_list_owners_without_the_token(self, client, secretariat, poc_chn):
        from knox.models import AuthToken

        row, token = AuthToken.objects.create(user=poc_chn)
        client.force_login(secretariat)

        listing = client.get("/admin/knox/authtoken/")
        detail = client.get(f"/admin/knox/authtoken/{row.pk}/change/")

        assert [listing.status_code, detail.status_code] == [200, 200]
        for page in (listing, detail):
            assert "li.wei" in page.content.decode()
            assert token not in page.content.decode()
            assert token[:15] not in page.content.decode()

    def test_the_secretariat_cannot_create_a_token_for_someone_in_the_admin(
        self, client, secretariat, poc_chn
    ):
        from knox.models import AuthToken

        client.force_login(secretariat)

        form = client.get("/admin/knox/authtoken/add/")
        posted = client.post("/admin/knox/authtoken/add/", {"user": poc_chn.pk})

        assert [form.status_code, posted.status_code] == [403, 403]
        assert not AuthToken.objects.exists()
        # django-rest-framework's clear-text tokens are gone altogether.
        assert client.get("/admin/authtoken/tokenproxy/").status_code == 404

    def test_the_secretariat_revokes_a_token_and_it_stops_working(
        self, client, api, secretariat, poc_chn
    ):
        from knox.models import AuthToken

        row, token = AuthToken.objects.create(user=poc_chn)
        client.force_login(secretariat)

        client.post(f"/admin/knox/authtoken/{row.pk}/delete/", {"post": "yes"})

        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api.get("/api/v1/points-of-contact/").status_code == 401


@pytest.fixture
def root(member_states):
    """A superuser: the one account that may repair anything."""
    from core.models import User

    return User.objects.create_superuser("root", "root@example.org", PASSWORD)


def audit_reasons(client, person) -> list[str]:
    """The reasons /audit/ shows for ``person``'s account, newest first (read as the client's
    user, who must be the secretariat)."""
    page = client.get("/audit/", {"kind": "committee.User"})
    return [row.reason for row in page.context["rows"] if row.object_id == person.pk]


class TestNoTakingOverAnAccount:
    """The review's chain: an officer deletes a member's authenticator, sets the member's
    password and issues a pairing code, then pairs their own app: one secretariat account acts as
    anyone. Revoking and issuing stay (a lost phone), go through services that check
    committee.manage_account on the owner and show on /audit/; setting someone else's password
    is a superuser's alone."""

    def test_the_secretariat_cannot_set_another_persons_password(
        self, client, secretariat, member, expert, poc_bra
    ):
        from core.models import User

        client.force_login(secretariat)
        for person in (member, expert, poc_bra):
            before, history = User.objects.get(pk=person.pk).password, User.history.count()
            url = f"/admin/committee/user/{person.pk}/password/"
            form = client.get(url)
            posted = client.post(
                url,
                {
                    "usable_password": "true",
                    "password1": "taken-over-1540!",
                    "password2": "taken-over-1540!",
                },
            )

            assert [form.status_code, posted.status_code] == [403, 403], person.username
            assert User.objects.get(pk=person.pk).password == before
            assert User.history.count() == history
        assert User.objects.get(pk=member.pk).check_password(PASSWORD)

    def test_nor_turn_another_persons_password_off(self, client, secretariat, member):
        from core.models import User

        before = User.objects.get(pk=member.pk).password
        client.force_login(secretariat)

        response = client.post(
            f"/admin/committee/user/{member.pk}/password/",
            {"usable_password": "false", "unset-password": "1"},
        )

        assert response.status_code == 403
        assert User.objects.get(pk=member.pk).password == before

    @pytest.mark.parametrize("persona", [None, "poc_chn", "expert"])
    def test_nobody_outside_the_secretariat_reaches_the_password_page(
        self, client, request, persona, poc_bra
    ):
        if persona:
            client.force_login(request.getfixturevalue(persona))

        response = client.get(f"/admin/committee/user/{poc_bra.pk}/password/")

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    def test_the_service_refuses_a_point_of_contact_setting_anothers_password(
        self, poc_chn, poc_bra
    ):
        from django.core.exceptions import PermissionDenied

        from core.accounts import set_account_password
        from core.models import User

        before = User.objects.get(pk=poc_bra.pk).password

        with pytest.raises(PermissionDenied):
            set_account_password(poc_bra, "taken-over-1540!", acting_user=poc_chn)
        assert User.objects.get(pk=poc_bra.pk).password == before

    def test_an_officer_changes_their_own_password_and_the_audit_log_says_so(
        self, client, secretariat
    ):
        client.force_login(secretariat)

        response = client.post(
            f"/admin/committee/user/{secretariat.pk}/password/",
            {
                "usable_password": "true",
                "password1": "new-horse-1540!",
                "password2": "new-horse-1540!",
            },
        )

        assert response.status_code == 302
        secretariat.refresh_from_db()
        assert secretariat.check_password("new-horse-1540!")
        assert audit_reasons(client, secretariat)[0] == "Password changed"

    def test_a_weak_own_password_is_refused_and_nothing_is_written(self, client, secretariat):
        from core.models import User

        before, history = User.objects.get(pk=secretariat.pk).password, User.history.count()
        client.force_login(secretariat)

        response = client.post(
            f"/admin/committee/user/{secretariat.pk}/password/",
            {"usable_password": "true", "password1": "password", "password2": "password"},
        )

        assert response.status_code == 200
        assert "This password is too common." in response.content.decode()
        assert User.objects.get(pk=secretariat.pk).password == before
        assert User.history.count() == history

    def test_a_superuser_sets_someone_elses_password(self, client, root, member):
        client.force_login(root)

        response = client.post(
            f"/admin/committee/user/{member.pk}/password/",
            {
                "usable_password": "true",
                "password1": "reset-horse-1540!",
                "password2": "reset-horse-1540!",
            },
        )

        assert response.status_code == 302
        member.refresh_from_db()
        assert member.check_password("reset-horse-1540!")
        history = member.history.first()
        assert (history.history_user, history.history_change_reason) == (root, "Password changed")

    def test_the_secretariat_cannot_revoke_a_superusers_authenticator_or_token(
        self, client, secretariat, root
    ):
        from core.models import User

        device = TOTPDevice.objects.create(user=root, name="phone", confirmed=True)
        token, _key = AuthToken.objects.create(user=root)
        history = User.history.count()
        client.force_login(secretariat)

        responses = [
            client.get(f"/admin/otp_totp/totpdevice/{device.pk}/delete/"),
            client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}),
            client.post(f"/admin/knox/authtoken/{token.pk}/delete/", {"post": "yes"}),
        ]
        for path, pk in (("otp_totp/totpdevice", device.pk), ("knox/authtoken", token.pk)):
            responses.append(
                client.post(
                    f"/admin/{path}/",
                    {"action": "delete_selected", "_selected_action": [pk], "post": "yes"},
                )
            )

        assert [response.status_code for response in responses] == [403, 403, 403, 403, 403]
        assert TOTPDevice.objects.filter(pk=device.pk).exists()
        assert AuthToken.objects.filter(pk=token.pk).exists()
        assert User.history.count() == history

    def test_a_point_of_contact_cannot_revoke_anything(self, client, poc_chn, poc_bra):
        token, _key = AuthToken.objects.create(user=poc_bra)
        client.force_login(poc_chn)

        response = client.post(f"/admin/knox/authtoken/{token.pk}/delete/", {"post": "yes"})

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert AuthToken.objects.filter(pk=token.pk).exists()

    def test_revocations_and_pairing_codes_show_on_the_audit_log(self, client, secretariat, member):
        device = TOTPDevice.objects.create(user=member, name="phone", confirmed=True)
        token, _key = AuthToken.objects.create(user=member)
        client.force_login(secretariat)

        client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
        client.post(
            "/admin/knox/authtoken/",
            {"action": "delete_selected", "_selected_action": [token.pk], "post": "yes"},
        )
        client.post(
            "/admin/committee/user/",
            {"action": "issue_pairing_code", "_selected_action": [member.pk]},
        )

        assert not TOTPDevice.objects.filter(user=member).exists()
        assert not AuthToken.objects.filter(user=member).exists()
        page = client.get("/audit/", {"kind": "committee.User", "person": "sam.secretariat"})
        rows = [row for row in page.context["rows"] if row.object_id == member.pk]
        reasons = [row.reason for row in rows]
        assert reasons[1:] == [
            f"API token issued {timezone.localtime(token.created):%Y-%m-%d %H:%M %Z} revoked",
            "Authenticator “phone” revoked; a new pairing is needed",
        ]
        assert reasons[0].startswith("Pairing code issued, valid until ")
        assert {row.person for row in rows} == {"sam.secretariat"}
        # Nothing about the account itself changed, and the groups are not shown as changed.
        assert {row.changes for row in rows} == {""}

    def test_the_reviews_chain_ends_at_the_password(self, client, secretariat, member):
        """Revoke the member's authenticator, try to set their password, issue a code: without
        the password the code pairs nothing, and /audit/ names the officer twice."""
        TOTPDevice.objects.create(user=member, name="phone", confirmed=True)
        client.force_login(secretariat)

        client.post(
            "/admin/otp_totp/totpdevice/",
            {
                "action": "delete_selected",
                "_selected_action": list(
                    TOTPDevice.objects.filter(user=member).values_list("pk", flat=True)
                ),
                "post": "yes",
            },
        )
        password = client.post(
            f"/admin/committee/user/{member.pk}/password/",
            {
                "usable_password": "true",
                "password1": "taken-over-1540!",
                "password2": "taken-over-1540!",
            },
        )
        client.post(
            "/admin/committee/user/",
            {"action": "issue_pairing_code", "_selected_action": [member.pk]},
        )

        assert password.status_code == 403
        member.refresh_from_db()
        assert not member.check_password("taken-over-1540!")
        reasons = audit_reasons(client, member)
        assert reasons[0].startswith("Pairing code issued")
        assert reasons[1] == "Authenticator “phone” revoked; a new pairing is needed"


SETUP = "/account/two-factor/setup/"


@pytest.mark.usefixtures("two_factor_on")
class TestFirstPairing:
    """Pairing the first authenticator of a staff account takes a one-time code the secretariat
    issued: the password alone must not let whoever has it pair their own app."""

    def test_the_set_up_page_asks_for_a_pairing_code_before_it_shows_a_key(self, client, expert):
        sign_in(client, expert)

        page = client.get(SETUP)

        assert page.status_code == 200
        assert "pairing code" in page.content.decode()
        assert b"<svg" not in page.content
        assert not TOTPDevice.objects.filter(user=expert).exists()

    def test_a_wrong_pairing_code_is_refused_and_nothing_is_paired(self, client, expert):
        issue_pairing_code(expert, acting_user=None)
        sign_in(client, expert)

        refused = client.post(SETUP, {"pairing_code": "ABCD-EFGH-JKMN"})

        assert refused.status_code == 200
        assert "This pairing code is not valid, has expired" in refused.content.decode()
        assert b"<svg" not in client.get(SETUP).content
        assert not TOTPDevice.objects.filter(user=expert).exists()
        assert expert.pairing_codes.get().used_at is None

    def test_an_expired_pairing_code_is_refused(self, client, expert):
        from django.utils import timezone

        code, record = issue_pairing_code(expert, acting_user=None)
        record.expires_at = timezone.now()
        record.save(update_fields=["expires_at"])
        sign_in(client, expert)

        refused = client.post(SETUP, {"pairing_code": code})

        assert "This pairing code is not valid, has expired" in refused.content.decode()
        assert not TOTPDevice.objects.filter(user=expert).exists()

    def test_a_pairing_code_works_once(self, client, expert):
        from django.test import Client

        code, _record = issue_pairing_code(expert, acting_user=None)
        sign_in(client, expert)
        assert client.post(SETUP, {"pairing_code": code.lower()}).status_code == 302
        assert b"<svg" in client.get(SETUP).content

        other = Client()
        sign_in(other, expert)
        again = other.post(SETUP, {"pairing_code": code})

        assert "This pairing code is not valid, has expired" in again.content.decode()

    def test_a_new_pairing_code_replaces_the_earlier_one(self, client, expert):
        earlier, _record = issue_pairing_code(expert, acting_user=None)
        later, _record = issue_pairing_code(expert, acting_user=None)
        sign_in(client, expert)

        assert client.post(SETUP, {"pairing_code": earlier}).status_code == 200
        assert client.post(SETUP, {"pairing_code": later}).status_code == 302

    def test_a_half_done_pairing_is_discarded_when_the_code_is_typed(self, client, member):
        # An app paired half-way before pairing codes existed (by whoever had the password):
        # its key must never become the account's second factor.
        stale = TOTPDevice.objects.create(user=member, name="Authenticator", confirmed=False)
        code, _record = issue_pairing_code(member, acting_user=None)
        sign_in(client, member)

        client.post(SETUP, {"pairing_code": code})
        client.get(SETUP)

        device = TOTPDevice.objects.get(user=member)
        assert device.pk != stale.pk
        assert device.key != stale.key

    def test_the_anonymous_reader_is_sent_to_sign_in(self, client, member_states):
        response = client.get(SETUP)

        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


class TestIssuingPairingCodes:
    def test_the_secretariat_issues_a_code_in_the_admin_shown_once_and_stored_hashed(
        self, client, secretariat, expert
    ):
        from core.models import PairingCode

        client.force_login(secretariat)

        page = client.post(
            "/admin/committee/user/",
            {"action": "issue_pairing_code", "_selected_action": [expert.pk]},
        )

        assert page.status_code == 200
        assert "no-cache" in page["Cache-Control"]
        record = PairingCode.objects.get(user=expert)
        assert record.issued_by == secretariat
        code = page.context["issued"][0]["code"]
        assert code in page.content.decode()
        assert code not in {str(value) for value in PairingCode.objects.values().get().values()}
        assert code.replace("-", "") not in record.code_hash

    def test_no_pairing_code_for_a_point_of_contact(self, client, secretariat, poc_bra):
        from core.models import PairingCode

        client.force_login(secretariat)

        response = client.post(
            "/admin/committee/user/",
            {"action": "issue_pairing_code", "_selected_action": [poc_bra.pk]},
            follow=True,
        )

        assert "No pairing code for ana.souza: only active secretariat" in (
            response.content.decode()
        )
        assert not PairingCode.objects.exists()

    def test_a_point_of_contact_cannot_issue_a_pairing_code(self, client, poc_chn, expert):
        from core.models import PairingCode

        client.force_login(poc_chn)

        response = client.post(
            "/admin/committee/user/",
            {"action": "issue_pairing_code", "_selected_action": [expert.pk]},
        )

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert not PairingCode.objects.exists()

    def test_the_command_issues_a_code_for_the_first_account(self, client, secretariat, settings):
        from io import StringIO

        from django.core.management import call_command

        settings.TWO_FACTOR_REQUIRED = True
        output = StringIO()

        call_command("issue_pairing_code", "sam.secretariat", stdout=output)

        code = output.getvalue().split(": ", 1)[1].split()[0]
        sign_in(client, secretariat)
        assert client.post(SETUP, {"pairing_code": code}).status_code == 302

    def test_the_command_refuses_an_unknown_user_or_a_point_of_contact(self, poc_chn):
        from django.core.management import CommandError, call_command

        from core.models import PairingCode

        with pytest.raises(CommandError, match="No user is called 'nobody'"):
            call_command("issue_pairing_code", "nobody")
        with pytest.raises(CommandError, match="No pairing code for li.wei"):
            call_command("issue_pairing_code", "li.wei")
        assert not PairingCode.objects.exists()


def test_the_demo_prints_a_pairing_code_for_each_demo_staff_user(client, settings, member_states):
    import io

    from django.core.management import call_command

    settings.DEBUG = True
    settings.TWO_FACTOR_REQUIRED = True
    settings.DEMO_PASSWORD = "let-me-in-1540"
    out = io.StringIO()

    call_command("seed_demo", stdout=out)

    printed = dict(
        line.split() for line in out.getvalue().split("authenticator app")[1].splitlines()[1:]
    )
    assert set(printed) == {"secretariat", "expert", "member"}
    client.post("/login/", {"username": "expert", "password": "let-me-in-1540"})
    assert client.post(SETUP, {"pairing_code": printed["expert"]}).status_code == 302
    assert b"<svg" in client.get(SETUP).content
