"""Fuzzing the API with schemathesis: every operation of /api/schema/, as every role, with
generated input. No answer may be a server error or break the schema it documents.

Bounded (a few examples per operation and role) so that it runs in CI; raise FUZZ_EXAMPLES for a
longer run by hand."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from committee.wsgi import application

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
ROLES = ["public", "poc_chn", "expert", "secretariat", "member"]

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
# The coverage phase (every boundary of every parameter) multiplies the cases many times over:
# for a longer run by hand, FUZZ_COVERAGE=1.
schema.config.phases.coverage.enabled = bool(os.environ.get("FUZZ_COVERAGE"))


@pytest.fixture(autouse=True)
def _keep_the_test_transaction_open():
    """schemathesis calls the WSGI application directly, whose request signals close database
    connections that are not in autocommit mode: the test's own transaction. Django's test client
    disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(poc_chn, expert, secretariat, member):
    people = {"poc_chn": poc_chn, "expert": expert, "secretariat": secretariat, "member": member}
    return {role: AuthToken.objects.create(user=user)[1] for role, user in people.items()}


@pytest.mark.fuzz
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_makes_the_api_fail_or_break_its_schema(case, tokens):
    # Every generated request is sent as each role: what one role may read, another may not.
    for role in ROLES:
        headers = {"Authorization": f"Token {tokens[role]}"} if role != "public" else {}
        # The WSGI transport does not undo gzip as an HTTP client does (core/api.py).
        headers["Accept-Encoding"] = "identity"
        case.call_and_validate(
            headers=headers, checks=[not_a_server_error, response_schema_conformance]
        )
