"""Malformed input is a clear 400 on every endpoint, never a server error (issue 11, point 12):
a JSON body nested without end (``'[' * 100000`` was a RecursionError, a 500), and an id or a
number in a filter beyond what the database can hold (``?offer=1e19`` was an overflow on
SQLite, the database ``make run`` uses)."""

from __future__ import annotations

import pytest
from django.conf import settings

from assistance.models import AssistanceRequest
from core.filters import CommitteeFilterSet, all_filtersets

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000
NESTED_MESSAGE = "The JSON body is nested more than 32 levels deep."


@pytest.fixture
def schema_paths(api):
    return api.get("/api/schema/", {"format": "json"}).json()["paths"]


def test_a_json_body_nested_100000_deep_is_a_400_with_a_detail_on_every_collection(
    api, secretariat, schema_paths
):
    posted = 0
    for path, operations in schema_paths.items():
        if "post" not in operations or "{" in path:
            continue
        response = api.as_user(secretariat).generic(
            "POST", path, DEEP, content_type="application/json"
        )
        assert response.status_code in (400, 403, 405), (path, response.status_code)
        if response.status_code == 400:
            assert response.json()["detail"] == NESTED_MESSAGE, path
            posted += 1
    assert posted >= 10


@pytest.mark.parametrize("persona", [None, "poc_chn"])
def test_deep_json_is_refused_whoever_sends_it_and_nothing_is_written(api, request, persona):
    user = request.getfixturevalue(persona) if persona else None
    before = AssistanceRequest.objects.count()
    body = '{"title": ' + "[" * 40 + "]" * 40 + "}"
    response = api.as_user(user).generic(
        "POST", "/api/v1/assistance/requests/", body, content_type="application/json"
    )
    if user is None:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 400
        assert response.json() == {"detail": NESTED_MESSAGE}
    assert AssistanceRequest.objects.count() == before


def test_json_at_the_nesting_limit_is_still_parsed(api, poc_chn):
    body = '{"title": ' + "[" * 31 + "]" * 31 + "}"
    response = api.as_user(poc_chn).generic(
        "POST", "/api/v1/assistance/requests/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] != NESTED_MESSAGE


# --- integer filters -----------------------------------------------------------------------


def test_every_number_filter_of_every_filterset_is_a_bounded_whole_number():
    checked = 0
    for filterset in all_filtersets():
        assert issubclass(filterset, CommitteeFilterSet), filterset
        for name, declared in filterset.base_filters.items():
            if declared.field_class.__name__ in ("DecimalField", "FloatField"):
                pytest.fail(f"{filterset.__name__}.{name} takes decimals")
            field = declared.field
            if declared.field_class.__name__ == "IntegerField":
                assert field.max_value is not None and field.min_value is not None, name
                checked += 1
    assert checked >= 4


@pytest.mark.parametrize("value", ["1e19", "99999999999999999999", "-99999999999999999999", "1.5"])
def test_a_filter_id_beyond_the_database_range_is_a_400_on_every_endpoint(
    api, secretariat, schema_paths, value
):
    tried = 0
    for path, operations in schema_paths.items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        for parameter in get.get("parameters", []):
            if parameter["in"] != "query" or parameter.get("schema", {}).get("type") not in (
                "integer",
                "number",
            ):
                continue
            if parameter["name"] in ("page", "page_size"):
                continue
            response = api.as_user(secretariat).get(path, {parameter["name"]: value})
            assert response.status_code == 400, (path, parameter["name"], response.content)
            assert response.json()["detail"].startswith(f"{parameter['name']}: "), path
            tried += 1
    assert tried >= 4


def test_offer_1e19_is_told_it_is_not_a_whole_number(api, poc_chn):
    response = api.as_user(poc_chn).get("/api/v1/assistance/matches/", {"offer": "1e19"})
    assert response.status_code == 400
    assert response.json()["detail"] == "offer: Enter a whole number."
    response = api.as_user(poc_chn).get("/api/v1/assistance/matches/", {"offer": str(2**63)})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("offer: Ensure this value is less than or equal to")


def test_an_id_within_range_still_filters(api, poc_chn):
    response = api.as_user(poc_chn).get("/api/v1/assistance/matches/", {"offer": "12"})
    assert response.status_code == 200
    assert settings.DATABASES["default"]["ENGINE"]
