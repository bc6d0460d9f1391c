"""Shared fixtures: the member states, the personas and their clients, and a private media
folder per test. Test-only settings overrides live here and nowhere else."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from states.models import MemberState
from tests.personas import PERSONAS, make_user


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploaded documents of a test go to its own temporary folder, never the project's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member_states(db):
    """The 193 member states from the reference data (loaded once per database)."""
    if not MemberState.objects.exists():
        call_command("load_states", verbosity=0)
    return MemberState.objects.all()


def _persona(name: str):
    @pytest.fixture
    def fixture(member_states):
        username, role, iso3 = PERSONAS[name]
        return make_user(username, role, iso3)

    fixture.__name__ = name
    return fixture


poc_chn = _persona("poc_chn")
poc_bra = _persona("poc_bra")
expert = _persona("expert")
secretariat = _persona("secretariat")
member = _persona("member")


@pytest.fixture
def api():
    """An API client; ``api.as_user(user)`` signs in (None for the public reader)."""

    class Client(APIClient):
        def as_user(self, user):
            self.force_authenticate(user=user)
            return self

    return Client()
