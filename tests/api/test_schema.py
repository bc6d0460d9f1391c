"""The OpenAPI schema: valid, complete, every operation described, and rendered as docs."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

CONTRACT_PATHS = [
    "/api/v1/states/",
    "/api/v1/states/{iso3}/",
    "/api/v1/reports/",
    "/api/v1/reports/{id}/",
    "/api/v1/reports/{id}/submit/",
    "/api/v1/reports/{id}/publish/",
    "/api/v1/reports/{id}/document/",
    "/api/v1/reports/{id}/documents/",
    "/api/v1/points-of-contact/",
    "/api/v1/points-of-contact/{id}/",
    "/api/v1/points-of-contact/{id}/deactivate/",
    "/api/v1/auth/token/",
]
HTTP_METHODS = {"get", "put", "patch", "post", "delete", "head", "options", "trace"}


@pytest.fixture
def schema(api, db) -> dict:
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def test_the_schema_is_valid_openapi(schema):
    validate_schema(schema)  # raises jsonschema.ValidationError when it is not

    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "1540 Committee information system API"


@pytest.mark.parametrize("path", CONTRACT_PATHS)
def test_the_schema_lists_every_endpoint_of_the_contract(schema, path):
    assert path in schema["paths"]


def test_every_operation_has_a_summary_or_a_description(schema):
    undescribed = [
        f"{method.upper()} {path}"
        for path, method, operation in operations(schema)
        if not (operation.get("summary") or operation.get("description"))
    ]

    assert undescribed == []


def test_the_report_endpoints_offer_the_operations_of_the_workflow(schema):
    paths = schema["paths"]

    assert set(paths["/api/v1/reports/"]) >= {"get", "post"}
    assert set(paths["/api/v1/reports/{id}/"]) >= {"get", "put", "patch", "delete"}
    assert set(paths["/api/v1/reports/{id}/submit/"]) == {"post"}
    assert set(paths["/api/v1/reports/{id}/publish/"]) == {"post"}
    assert set(paths["/api/v1/points-of-contact/{id}/deactivate/"]) == {"post"}
    assert "delete" not in paths["/api/v1/points-of-contact/{id}/"]
    assert set(paths["/api/v1/states/"]) == {"get"}


def test_the_report_document_is_a_multipart_upload_and_write_only(schema):
    create = schema["paths"]["/api/v1/reports/"]["post"]["requestBody"]["content"]
    upload = create["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]
    components = schema["components"]["schemas"]

    assert components[upload]["properties"]["document"]["format"] == "binary"
    assert "document" in components[upload]["required"]
    assert "document" not in components["NationalReport"]["properties"]
    assert "document_url" in components["NationalReport"]["properties"]


@pytest.mark.parametrize(
    ("path", "parameters"),
    [
        (
            "/api/v1/states/",
            {"regional_group", "has_first_report", "q", "ordering", "page", "page_size", "format"},
        ),
        (
            "/api/v1/reports/",
            {
                "state",
                "kind",
                "status",
                "language",
                "submitted_on_after",
                "submitted_on_before",
                "regional_group",
                "updated_at__gte",
                "updated_at__lte",
                "ordering",
                "page",
                "page_size",
                "format",
            },
        ),
        (
            "/api/v1/points-of-contact/",
            {"state", "active", "ordering", "page", "page_size", "format"},
        ),
    ],
)
def test_list_endpoints_document_their_filters(schema, path, parameters):
    documented = {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}

    assert documented == parameters


def test_the_regional_group_filter_lists_the_five_groups(schema):
    parameters = schema["paths"]["/api/v1/states/"]["get"]["parameters"]
    regional_group = next(p for p in parameters if p["name"] == "regional_group")

    # Several groups at once: ?regional_group=African&regional_group=Asia-Pacific.
    assert regional_group["schema"]["type"] == "array"
    assert regional_group["schema"]["items"]["enum"] == [
        "African",
        "Asia-Pacific",
        "Eastern European",
        "Latin American and Caribbean",
        "Western European and Others",
    ]


def test_token_authentication_is_documented(schema):
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_the_schema_command_validates_without_warnings(db, tmp_path):
    output = tmp_path / "schema.yml"

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(output), stderr=StringIO()
    )

    assert output.read_text().startswith("openapi: 3.")


def test_the_docs_page_renders_from_files_of_this_site(api, db):
    response = api.get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower()
    # The set-up script is a file of its own, not inline: the CSP allows no inline script.
    script = api.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()


def test_a_state_carries_its_name_in_the_request_language_and_in_all_six(schema):
    state = schema["components"]["schemas"]["MemberState"]["properties"]

    assert {"name", "names", "formal_name"} <= set(state)
    assert set(state["names"]["properties"]) == {"ar", "en", "es", "fr", "ru", "zh-hans"}
    assert set(state["names"]["required"]) == {"ar", "en", "es", "fr", "ru", "zh-hans"}
    description = schema["paths"]["/api/v1/states/{iso3}/"]["get"]["description"]
    assert "Accept-Language" in description


def test_a_report_lists_its_documents_and_takes_one_more_by_multipart_upload(schema):
    components = schema["components"]["schemas"]
    documents = components["NationalReport"]["properties"]["documents"]
    version = components[documents["items"]["$ref"].rsplit("/", 1)[-1]]
    assert set(version["properties"]) == {"language", "original", "url"}

    add = schema["paths"]["/api/v1/reports/{id}/documents/"]
    assert set(add) - {"parameters"} == {"post"}
    assert "secretariat" in add["post"]["description"]
    upload = add["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    form = components[upload.rsplit("/", 1)[-1]]
    assert form["properties"]["document"]["format"] == "binary"
    assert set(form["required"]) == {"language", "document"}
    download = schema["paths"]["/api/v1/reports/{id}/document/"]["get"]["parameters"]
    assert "language" in {parameter["name"] for parameter in download}
