"""The demo loader: users and data for trying the system, never in production."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from core.models import User
from states.models import MemberState
from states.reports.models import NationalPointOfContact, NationalReport


@pytest.mark.django_db
def test_the_demo_loader_creates_the_demo_users_once_and_prints_them(settings, member_states):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "let-me-in-1540"
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    counts = (
        User.objects.count(),
        NationalReport.objects.count(),
        NationalPointOfContact.objects.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())

    assert counts == (
        User.objects.count(),
        NationalReport.objects.count(),
        NationalPointOfContact.objects.count(),
    )
    assert set(User.objects.values_list("username", flat=True)) == {
        "secretariat",
        "expert",
        "member",
        "poc-chn",
        "poc-bra",
    }
    assert User.objects.get(username="poc-chn").state.iso3 == "CHN"
    assert User.objects.get(username="poc-bra").check_password("let-me-in-1540")
    printed = out.getvalue()
    for username in ("secretariat", "expert", "member", "poc-chn", "poc-bra", "let-me-in-1540"):
        assert username in printed
    assert MemberState.objects.without_first_report().count() == 12


@pytest.mark.django_db
def test_the_demo_loader_refuses_to_run_in_production(settings, member_states):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
