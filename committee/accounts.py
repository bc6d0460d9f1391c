"""Signing in: API tokens and the second factor (TOTP) for the roles that require it."""

from __future__ import annotations

import segno
from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from committee.security import requires_two_factor


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

    def validate(self, attrs):
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
    token = serializers.CharField(read_only=True)


class ObtainTokenView(APIView):
    """``POST /api/v1/auth/token/``: username and password (and the second factor where the role
    requires it) in exchange for a token."""

    permission_classes = []
    serializer_class = TokenRequestSerializer

    @extend_schema(
        summary="Exchange a username and password for an API token",
        description="Send the token back as `Authorization: Token <token>`. Secretariat, expert "
        "and committee member accounts also send `otp_token`, their authenticator's code.",
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description="Wrong username, password or code"),
        },
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


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
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _("This code is not valid. Codes change every 30 seconds."))
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in of a two-factor role: pair an authenticator app, then confirm a code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
            return redirect("two-factor-verify")
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
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


def _base32(key: bytes) -> str:
    from base64 import b32encode

    encoded = b32encode(key).decode().rstrip("=")
    return " ".join(encoded[i : i + 4] for i in range(0, len(encoded), 4))
