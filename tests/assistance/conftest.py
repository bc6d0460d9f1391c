"""Fixtures of the assistance tests: the taxonomy of areas, an organisation, and requests and
offers at each step."""

from __future__ import annotations

import pytest

from assistance.choices import RequestStatus
from assistance.models import AssistanceArea
from tests.assistance import builders


@pytest.fixture(autouse=True)
def areas(db):
    """The twelve areas: loaded by a data migration, loaded again after a transactional test
    flushed the tables."""
    AssistanceArea.objects.ensure_taxonomy()
    return AssistanceArea.objects.all()


@pytest.fixture
def iaea(db):
    return builders.organization("IAEA")


@pytest.fixture
def chinas_request(poc_chn):
    """China's request, not published (no consent), just received."""
    return builders.request("CHN", by=poc_chn, title="China private request")


@pytest.fixture
def chinas_public_request(poc_chn):
    return builders.request("CHN", by=poc_chn, title="China public request", consent=True)


@pytest.fixture
def brazils_request(poc_bra):
    return builders.request("BRA", by=poc_bra, title="Brazil private request")


@pytest.fixture
def circulated_request(poc_chn, expert):
    return builders.request(
        "CHN", by=poc_chn, staff=expert, status=RequestStatus.CIRCULATED, consent=True
    )


@pytest.fixture
def public_offer(expert, iaea):
    return builders.offer(by=expert, provider_organization=iaea, title="IAEA public offer")


@pytest.fixture
def private_offer(expert):
    return builders.offer(
        by=expert, provider_state="FRA", title="France private offer", is_public=False
    )
