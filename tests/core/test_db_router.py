"""Replica routing (core/db_router.py): with a "replica" alias configured, anonymous public reads
use it, signed-in people's reads and every write use the primary, and a request that has written
reads from the primary from then on.

The replica here is a second alias on the test database, as Django's test MIRROR makes it
(settings add ``TEST: {"MIRROR": "default"}`` to the replica): a connection of its own to the
same data, which sees what the session committed (the member states), not the test's
uncommitted rows. It is added for these tests only, so that no other test routes to it.
"""

from __future__ import annotations

import copy

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.db.utils import load_backend
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from core.db_router import REPLICA, ReplicaReadsMiddleware, ReplicaRouter
from states.models import MemberState

PUBLIC_READS = ["/states/", "/states/CHN/", "/api/v1/states/", "/api/v1/reports/"]


@pytest.fixture
def replica(db, settings):
    """A "replica" connection to the test database, for this test only: made here rather than
    declared in DATABASES (which every test's database checks would then have to allow)."""
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    settings_dict["TEST"]["MIRROR"] = "default"
    connection = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, REPLICA)
    connections[REPLICA] = connection
    settings.DATABASE_REPLICA_URL = "the test database, mirrored"
    try:
        yield connection
    finally:
        connection.close()
        del connections[REPLICA]


def queries_on_each(client_call):
    with (
        CaptureQueriesContext(connections["default"]) as on_default,
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
    ):
        response = client_call()
    return response, len(on_default), len(on_replica)


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_anonymous_public_reads_use_the_replica(client, replica, member_states, path):
    response, on_default, on_replica = queries_on_each(lambda: client.get(path))

    assert response.status_code == 200
    assert on_replica > 0
    assert on_default == 0


def test_the_replica_serves_the_committed_data(client, replica, member_states):
    response = client.get("/api/v1/states/?page_size=5")
    assert response.json()["count"] == 193


@pytest.mark.parametrize("persona", ["secretariat", "poc_chn", "expert"])
@pytest.mark.parametrize("path", ["/states/", "/api/v1/states/"])
def test_signed_in_reads_use_the_primary(client, replica, persona, path, request):
    client.force_login(request.getfixturevalue(persona))

    response, on_default, on_replica = queries_on_each(lambda: client.get(path))

    assert response.status_code == 200
    assert on_default > 0
    assert on_replica == 0


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/login/"])
def test_pages_that_need_the_latest_state_read_from_the_primary(client, replica, path):
    _response, on_default, on_replica = queries_on_each(lambda: client.get(path))
    assert on_replica == 0


def test_anonymous_posts_read_and_write_on_the_primary(client, replica, member_states):
    _response, _on_default, on_replica = queries_on_each(
        lambda: client.post("/login/", {"username": "nobody", "password": "wrong"})
    )
    assert on_replica == 0


def run_view(replica, view, path="/states/"):
    """``view`` through the middleware, as an anonymous GET of ``path``."""
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.resolver_match = resolve(path)
    middleware = ReplicaReadsMiddleware(lambda request: view())

    def get_response(request):
        middleware.process_view(request, view, (), {})
        return view()

    middleware.get_response = get_response
    return middleware(request)


def test_a_request_that_has_written_reads_from_the_primary(replica, member_states):
    router = ReplicaRouter()
    seen: list[str | None] = []

    def view():
        seen.append(router.db_for_read(MemberState))
        seen.append(router.db_for_write(MemberState))
        seen.append(router.db_for_read(MemberState))
        return HttpResponse()

    run_view(replica, view)

    assert seen == [REPLICA, "default", None]
    # Outside the request: the primary.
    assert router.db_for_read(MemberState) is None


def test_without_a_replica_everything_reads_from_the_primary(client, settings, member_states):
    assert not getattr(settings, "DATABASE_REPLICA_URL", None)
    assert client.get("/api/v1/states/").status_code == 200
    assert ReplicaRouter().db_for_read(MemberState) is None


def test_the_replica_is_never_migrated():
    assert ReplicaRouter().allow_migrate(REPLICA, "states") is False
    assert ReplicaRouter().allow_migrate("default", "states") is None
