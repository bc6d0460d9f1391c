"""Signing in: API tokens and the second factor (TOTP, and its recovery codes) for the roles
that require it; a person's own account page (password change, recovery codes, API tokens) and
the password reset by mail; what the secretariat does to an account beyond its form: closing and
reopening it, revoking an authenticator or an API token, setting a password (each a service
here, which the admin calls)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import notifications
from core.forms import (
    TOKEN_DAYS_MAX,
    ApiTokenForm,
    NotificationPreferencesForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from core.models import ApiTokenName, PairingCode, User
from core.pairing import redeem_pairing_code
from core.permissions import require
from core.security import requires_two_factor
from core.services import save_with_history
from core.web import add_errors

if TYPE_CHECKING:

    class SignedInRequest(HttpRequest):
        """What a view behind ``login_required`` is given: its user has signed in."""

        user: User


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp_token = serializers.CharField(
        required=False,
        help_text=gettext_lazy(
            "The current code of your authenticator: required for secretariat, expert and "
            "committee member accounts."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        request = self.context["request"]
        user = authenticate(request=request, username=attrs["username"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError(
                _("Unable to log in with provided credentials."), code="authorization"
            )
        if requires_two_factor(user):
            if not attrs.get("otp_token"):
                raise serializers.ValidationError(
                    {"otp_token": _("This account needs the code from its authenticator.")}
                )
            if match_token(user, attrs["otp_token"]) is None:
                raise serializers.ValidationError({"otp_token": _("This code is not valid.")})
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(
        read_only=True, help_text=gettext_lazy("Shown this once: only its digest is kept.")
    )
    expiry = serializers.DateTimeField(
        read_only=True,
        help_text=gettext_lazy("After this the token is refused (API_TOKEN_DAYS)."),
    )


class ObtainTokenView(APIView):
    """``POST /api/v1/auth/token/``: username and password (and the second factor where the role
    requires it) in exchange for a new token of that same account. Only a SHA-512 digest of the
    token is kept (django-rest-knox), so it is shown here once and can be revoked but never read
    again; nobody, the secretariat included, can obtain a token for someone else."""

    permission_classes = []
    serializer_class = TokenRequestSerializer

    @extend_schema(
        summary="Exchange a username and password for an API token",
        description="Send the token back as `Authorization: Token <token>`. Secretariat, expert "
        "and committee member accounts also send `otp_token`, their authenticator's code. Each "
        "call issues a new token, shown once (only its digest is stored), which expires after "
        "`API_TOKEN_DAYS` (90 by default); an expired or revoked token answers 401.",
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description="Wrong username, password or code"),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        instance, token = AuthToken.objects.create(user=serializer.validated_data["user"])
        return Response(TokenResponseSerializer({"token": token, "expiry": instance.expiry}).data)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Confirm the code of an authenticator already set up."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            if isinstance(device, StaticDevice):
                record_recovery_code_used(device)
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _("This code is not valid. Codes change every 30 seconds."))
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


class PairingCodeForm(forms.Form):
    pairing_code = forms.CharField(
        label=gettext_lazy("Pairing code from the secretariat"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


# Set in the session once its user has typed a valid pairing code: the key is shown only then.
PAIRING_ALLOWED = "two_factor_pairing_allowed"


def _with_next(view_name: str, request: HttpRequest) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': _next_url(request)})}"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: SignedInRequest) -> HttpResponse:
    """First sign-in of a two-factor role: type the pairing code the secretariat issued, pair an
    authenticator app, then confirm a code. Without the pairing code no key is shown and nothing
    is paired: the password alone must not let anyone pair their own app to the account."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(_with_next("two-factor-verify", request))
    if request.session.get(PAIRING_ALLOWED) != request.user.pk:
        return _ask_for_pairing_code(request)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.pop(PAIRING_ALLOWED, None)
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code", _("This code is not valid. Check the time on your phone and try again.")
        )

    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#003f6e")
    secret = _base32(device.bin_key)
    return render(
        request,
        "registration/two_factor_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret, "next": _next_url(request)},
    )


def _ask_for_pairing_code(request: SignedInRequest) -> HttpResponse:
    form = PairingCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if redeem_pairing_code(request.user, form.cleaned_data["pairing_code"]):
            request.session[PAIRING_ALLOWED] = request.user.pk
            return redirect(_with_next("two-factor-setup", request))
        form.add_error(
            "pairing_code",
            _(
                "This pairing code is not valid, has expired or has already been used. Ask the "
                "secretariat for a new one."
            ),
        )
    return render(
        request,
        "registration/two_factor_pairing_code.html",
        {"form": form, "next": _next_url(request)},
    )


def _base32(key: bytes) -> str:
    from base64 import b32encode

    encoded = b32encode(key).decode().rstrip("=")
    return " ".join(encoded[i : i + 4] for i in range(0, len(encoded), 4))


MANAGE_ACCOUNT = "committee.manage_account"
# Beyond managing the account: whoever sets a person's password, and then issues them a pairing
# code, holds both factors and is that person (core/permissions.py).
SET_PASSWORD = "committee.set_account_password"


def _require_manage_account(acting_user: User, person: User) -> None:
    require(acting_user, MANAGE_ACCOUNT, person)


def record_account_event(person: User, acting_user: User | None, reason: str) -> None:
    """A row in ``person``'s history, and so on /audit/, for what happened to their account
    outside its own columns: an authenticator or an API token revoked, a pairing code issued.
    Those tables keep no history (a device's row holds its key; a token's, its digest), so the
    account's history tells it. The row is written by saving one tracked column unchanged, from
    the row as it stands under a lock: simple-history then keeps the groups with it too, and the
    next change's old and new values stay right. The reason is kept in English, like every
    reason of the history."""
    locked = User.objects.select_for_update().get(pk=person.pk)
    save_with_history(locked, acting_user, update_fields=["is_active"], reason=reason)


@transaction.atomic
def deactivate_account(person: User, *, acting_user: User) -> None:
    """Close ``person``'s account instead of deleting it (their name stays on what they did):
    they can no longer sign in, and their API tokens, authenticators and unused pairing codes
    are revoked with it, so that nothing issued before keeps working if the account is opened
    again. The history names who closed it."""
    _require_manage_account(acting_user, person)
    if person.pk == acting_user.pk:
        # Nobody locks themselves out by mistake; another officer closes the account.
        raise ValidationError(_("You cannot deactivate your own account."))
    if not person.is_active:
        raise ValidationError(_("This account is already deactivated."))
    person.is_active = False
    save_with_history(
        person,
        acting_user,
        update_fields=["is_active"],
        reason="Deactivated; API tokens and authenticators revoked",
    )
    _revoke_everything_issued(person)


@transaction.atomic
def reactivate_account(person: User, *, acting_user: User) -> None:
    """Open a closed account again. Nothing issued before comes back: its owner asks for a new
    API token and, in a two-factor role, pairs a new authenticator with a new pairing code. What
    an account closed some other way (an old form, the shell) still held is revoked here."""
    _require_manage_account(acting_user, person)
    if person.is_active:
        raise ValidationError(_("This account is already active."))
    person.is_active = True
    save_with_history(
        person,
        acting_user,
        update_fields=["is_active"],
        reason="Reactivated; earlier API tokens and authenticators stay revoked",
    )
    _revoke_everything_issued(person)


def _revoke_everything_issued(person: User) -> None:
    AuthToken.objects.filter(user=person).delete()
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    PairingCode.objects.filter(user=person).usable().update(expires_at=timezone.now())


@transaction.atomic
def revoke_authenticator(device: TOTPDevice, *, acting_user: User) -> None:
    """Remove an authenticator app from its owner's account (a lost phone): they pair a new one
    with a pairing code. Only someone who may manage the owner's account does it, and the
    owner's history says who did."""
    person = device.user
    _require_manage_account(acting_user, person)
    TOTPDevice.objects.filter(pk=device.pk).delete()
    # Its recovery codes go with it: they stood in for this app, and the owner, once paired
    # again, issues new ones (the sign-in then asks to pair, not for a code of the old app).
    StaticDevice.objects.filter(user=person).delete()
    record_account_event(
        person, acting_user, f"Authenticator “{device.name}” revoked; a new pairing is needed"
    )


@transaction.atomic
def revoke_api_token(token: AuthToken, *, acting_user: User) -> None:
    """Revoke one API token: it answers 401 from now on. Its owner revokes their own (their
    account page); anyone else must be allowed to manage the owner's account. Recorded on its
    owner's history by its date of issue (never by any part of the token)."""
    person = token.user
    if person.pk != acting_user.pk:
        _require_manage_account(acting_user, person)
    AuthToken.objects.filter(pk=token.pk).delete()
    issued = timezone.localtime(token.created).strftime("%Y-%m-%d %H:%M %Z")
    record_account_event(person, acting_user, f"API token issued {issued} revoked")


@transaction.atomic
def set_account_password(
    person: User, password: str | None, *, acting_user: User, reason: str = "Password changed"
) -> None:
    """Set ``person``'s password (None: no password sign-in at all). People change their own
    (their account page, a reset link sent by mail), whatever their role: the rule alone
    decides, not the secretariat's right to manage accounts. Only a superuser sets someone
    else's, since a password set by the secretariat plus a pairing code it issues would let one
    officer act as anyone without their second factor."""
    require(acting_user, SET_PASSWORD, person)
    if password is None:
        person.set_unusable_password()
        reason = "Password sign-in disabled"
    else:
        validate_password(password, person)
        person.set_password(password)
    # The hash is kept out of the history (core/models/people.py): the event is recorded.
    person.save(update_fields=["password"])
    record_account_event(person, acting_user, reason)


# --- A person's own account: recovery codes, API tokens, the account page ----------------------

RECOVERY_CODE_COUNT = 10


@transaction.atomic
def issue_recovery_codes(person: User) -> list[str]:
    """Ten new single-use recovery codes for ``person``, who signs in with one when their
    authenticator app is lost (django-otp's static tokens, accepted wherever a code of the app
    is). Earlier codes stop working. Only the owner issues them, on their own page, and sees
    them once; the account's history records it. Only an account with an authenticator has
    any: they stand in for it."""
    if not TOTPDevice.objects.filter(user=person, confirmed=True).exists():
        raise ValidationError(
            _("Recovery codes are for accounts that sign in with an authenticator app.")
        )
    StaticDevice.objects.filter(user=person).delete()
    device = StaticDevice.objects.create(user=person, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    record_account_event(person, person, "Recovery codes issued; earlier ones revoked")
    return codes


@transaction.atomic
def record_recovery_code_used(device: StaticDevice) -> None:
    """The owner's history says when a recovery code stood in for the authenticator (django-otp
    has already removed the code: each works once)."""
    left = StaticToken.objects.filter(device=device).count()
    record_account_event(device.user, device.user, f"Signed in with a recovery code; {left} left")


@transaction.atomic
def issue_api_token(person: User, *, name: str, days: int) -> tuple[AuthToken, str]:
    """A new API token of ``person``'s own, named and valid for ``days`` days (1 to 365). Only
    its digest is kept (django-rest-knox): the token is returned to be shown this once. The
    account's history records it by its name, never by any part of the token."""
    if not name.strip():
        raise ValidationError(_("Give the token a name."))
    if not 1 <= days <= TOKEN_DAYS_MAX:
        raise ValidationError(_("A token is valid for 1 to 365 days."))
    instance, token = AuthToken.objects.create(user=person, expiry=timedelta(days=days))
    ApiTokenName.objects.create(token=instance, name=name.strip())
    record_account_event(person, person, f"API token “{name.strip()}” issued for {days} days")
    return instance, token


def _account_page(request: SignedInRequest, **context: Any) -> HttpResponse:
    person = request.user
    tokens = AuthToken.objects.filter(user=person).select_related("given_name").order_by("-created")
    context.setdefault("token_form", ApiTokenForm())
    response = render(
        request,
        "account/account.html",
        {
            "person": person,
            "tokens": tokens,
            "now": timezone.now(),
            "has_authenticator": TOTPDevice.objects.filter(user=person, confirmed=True).exists(),
            "recovery_codes_left": StaticToken.objects.filter(device__user=person).count(),
            **context,
        },
    )
    # A token or recovery codes shown once must not stay in a cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET"])
def account(request: SignedInRequest) -> HttpResponse:
    """The signed-in person's own account: password, recovery codes, API tokens. It only ever
    shows and changes the account of whoever reads it, so it has no address of anyone else's."""
    return _account_page(request)


@login_required
@require_http_methods(["POST"])
def recovery_codes(request: SignedInRequest) -> HttpResponse:
    try:
        codes = issue_recovery_codes(request.user)
    except ValidationError as error:
        return _account_page(request, refused=error.messages)
    return _account_page(request, new_recovery_codes=codes)


@login_required
@require_http_methods(["POST"])
def api_token_create(request: SignedInRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _account_page(request, token_form=form)
    instance, token = issue_api_token(
        request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
    )
    return _account_page(request, new_token=token, new_token_instance=instance)


@login_required
@require_http_methods(["POST"])
def api_token_revoke(request: SignedInRequest) -> HttpResponse:
    # Looked up among the reader's own tokens: another person's is not found.
    token = get_object_or_404(AuthToken, user=request.user, digest=request.POST.get("token", ""))
    revoke_api_token(token, acting_user=request.user)
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("committee:account")


# --- Notifications: what the person is told by mail, and in which language ---------------------


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request: SignedInRequest) -> HttpResponse:
    """The signed-in person's choice, per kind of notification that may reach them: at once, in
    a daily summary or not at all; and the language of their mail. Like the account page it
    only ever shows and changes the account of whoever reads it."""
    person = request.user
    form = NotificationPreferencesForm(
        notifications.preferences_of(person),
        request.POST if request.method == "POST" else None,
        language=person.language,
    )
    if request.method == "POST" and form.is_valid():
        try:
            notifications.set_preferences(
                person,
                form.chosen(),
                acting_user=person,
                # Left out of the form: kept, not reset to the default.
                language=form.cleaned_data["language"] if "language" in form.data else None,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("committee:notification-preferences")
    return render(
        request,
        "account/notifications.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=gettext_lazy("The kind's code."))
    name = serializers.CharField(help_text=gettext_lazy("What the settings page calls it."))
    mandatory = serializers.BooleanField(
        help_text=gettext_lazy("The Committee must send it: it cannot be set to never.")
    )
    delivery = serializers.ChoiceField(choices=notifications.Delivery.choices)


class NotificationSettingsSerializer(serializers.Serializer):
    language = serializers.CharField(
        allow_blank=True,
        help_text=gettext_lazy(
            "The language of the mail (ar, zh-hans, en, fr, ru, es); blank: the state's "
            "language of correspondence for a point of contact, else English."
        ),
    )
    preferences = PreferenceSerializer(many=True, read_only=True)


class NotificationSettingsUpdateSerializer(serializers.Serializer):
    language = serializers.CharField(allow_blank=True, required=False)
    preferences = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text=gettext_lazy(
            "Kind code -> immediately, daily or never; the kinds not named keep their setting."
        ),
    )


def _settings_data(person: User) -> dict[str, Any]:
    return {
        "language": person.language,
        "preferences": [
            {
                "kind": choice.kind.code,
                "name": str(choice.kind.label),
                "mandatory": choice.kind.mandatory,
                "delivery": choice.delivery,
            }
            for choice in notifications.preferences_of(person)
        ],
    }


class NotificationSettingsView(APIView):
    """``/api/v1/account/notifications/``: the signed-in person's notification settings (only
    ever their own), read and changed as on their settings page."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Your notification settings",
        description="Each kind of notification that may reach you, with how you receive it "
        "(immediately, in a daily summary or never), and the language of your mail.",
        responses={200: NotificationSettingsSerializer},
    )
    def get(self, request: Request) -> Response:
        return Response(_settings_data(cast(User, request.user)))

    @extend_schema(
        summary="Change your notification settings",
        description="Send the kinds to change (`preferences`: kind code -> delivery) and/or the "
        "`language`. An unknown kind, a delivery that is not one, or `never` for a kind the "
        "Committee must send is a 400, and nothing is changed.",
        request=NotificationSettingsUpdateSerializer,
        responses={
            200: NotificationSettingsSerializer,
            400: OpenApiResponse(description="An unknown kind or a choice that is not one"),
        },
    )
    def patch(self, request: Request) -> Response:
        serializer = NotificationSettingsUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = cast(User, request.user)
        notifications.set_preferences(
            person,
            data.get("preferences", {}),
            acting_user=person,
            language=data.get("language"),
        )
        return Response(_settings_data(person))


# --- Passwords: the reset link sent by mail, and a signed-in person's change ------------------
# Django's views, with the site's templates and the forms of core/forms.py: the message goes
# through the outbox, and the new password through set_account_password (history, its rule).

password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetForm,
    template_name="account/password_reset.html",
    email_template_name="account/password_reset_email.txt",
    subject_template_name="account/password_reset_subject.txt",
    success_url=reverse_lazy("committee:password-reset-done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="account/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=SetPasswordForm,
    template_name="account/password_reset_confirm.html",
    success_url=reverse_lazy("committee:password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="account/password_reset_complete.html"
)


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "account/password_change.html"
    success_url = reverse_lazy("committee:account")
    success_message = gettext_lazy("Your password is changed.")


password_change = PasswordChangeView.as_view()
