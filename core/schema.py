"""The OpenAPI schema's view of read-only fields: what the database may hold, not what the field
would accept.

DRF drops ``allow_blank`` from every read-only field a ModelSerializer builds, and a field
declared by hand (``SlugRelatedField(read_only=True)`` over a nullable foreign key) says nothing
of ``null``. drf-spectacular describes the field, not the column, so the schema promised a string
where the API answers ``null`` (a work item with no parent) and an enum without ``""`` where a
choice was never made (a match whose need was not yet judged). Schemathesis found both in
production (issue 11). Here the column behind each read-only field decides, once for every
serializer: a nullable column, or a nullable relation on the way to it, makes the field nullable;
a blank-able choice column adds ``""`` to its enum.

The same class also gives every operation, once for all (issue 17): one tag per resource (the
model's plural name: "National reports", "Assistance offers"), and the errors it can answer with
the body that core/api.py's exception handler writes: 400 for a write or a filtered list, 401
(a wrong, revoked or expired token), 403, 404 on an object's address, 409 where a view declares a
step that can conflict, 429 (throttling)."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from drf_spectacular import openapi
from drf_spectacular.plumbing import append_meta
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (core/api.py's exception handler)."""

    detail = serializers.CharField(help_text="What went wrong, in the language of the request.")


class ValidationErrorSerializer(ErrorSerializer):
    """A 400: ``detail`` says the first thing wrong; ``errors`` keeps every message by field."""

    # The body's own name for it; DRF takes declared fields off the class, so Serializer.errors
    # is not shadowed at run time.
    errors = serializers.DictField(  # type: ignore[assignment]
        required=False, help_text="The messages of each field or parameter, by its name."
    )


WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
ERRORS: dict[str, tuple[type[serializers.Serializer], str]] = {
    "400": (ValidationErrorSerializer, "Invalid input: a field, a filter or the ordering."),
    "401": (
        ErrorSerializer,
        "The token is wrong, revoked or expired (the answer carries WWW-Authenticate).",
    ),
    "403": (ErrorSerializer, "Not signed in, or not allowed to do this."),
    "404": (ErrorSerializer, "No such object, or not one this reader may see."),
    "409": (ErrorSerializer, "The object's current state does not allow this step."),
    "429": (ErrorSerializer, "Too many requests: wait as the Retry-After header says."),
}


def _columns_on_the_way(field: serializers.Field) -> list[models.Field] | None:
    """The model fields that ``field.source`` walks through, or None when it leaves the model
    (a property, a method, ``*``)."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    attrs = getattr(field, "source_attrs", None)
    if model is None or not attrs:
        return None
    columns = []
    for attr in attrs:
        try:
            column = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return None
        columns.append(column)
        if column.is_relation:
            model = column.related_model
    return columns


class AutoSchema(openapi.AutoSchema):
    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema is None or not field.read_only or isinstance(field, serializers.ListSerializer):
            return schema
        columns = _columns_on_the_way(field)
        if not columns:
            return schema
        *path, last = columns
        # A reverse one-to-one or a nullable foreign key on the way answers None (DRF turns
        # ObjectDoesNotExist into None); so does a nullable column.
        nullable = any(getattr(column, "null", False) for column in path) or (
            getattr(last, "null", False) and not last.many_to_many and not last.one_to_many
        )
        blank_choice = getattr(last, "blank", False) and getattr(last, "choices", None)
        if blank_choice and "enum" in schema and "" not in schema["enum"]:
            schema["enum"].append("")
        if nullable and not schema.get("nullable"):
            if "enum" in schema and None not in schema["enum"]:
                schema["enum"].append(None)
            schema = append_meta(schema, {"nullable": True})
        return schema

    def get_tags(self) -> list[str]:
        # One tag per resource: the model's plural name, in English whatever the request's
        # language (a tag names a group of operations, as a path does).
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if model is None:
            # A view of no model (the token, the dashboard): its first word after /api/v1/.
            words = [
                part
                for part in self.path.split("/")
                if part and part != "api" and not re.fullmatch(r"v\d+|\{.*\}", part)
            ]
            return [capfirst(words[0].replace("-", " "))] if words else super().get_tags()
        with translation.override("en"):
            return [capfirst(str(model._meta.verbose_name_plural))]

    def _error_codes(self, declared: dict[str, Any]) -> list[str]:
        public_read = self.method not in WRITE_METHODS and all(
            issubclass(permission, permissions.AllowAny)
            for permission in getattr(self.view, "permission_classes", [])
        )
        codes = ["401", "429"]
        if self.method in WRITE_METHODS - {"DELETE"} or self._is_list_view():
            codes.append("400")
        if not public_read:
            codes.append("403")
        if "{" in self.path:
            codes.append("404")
        # Declared by the view (400, 409...): described there, given the error body here.
        codes += [code for code in declared if code in ERRORS]
        return sorted(set(codes))

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes(responses):
            serializer, description = ERRORS[code]
            declared = responses.get(code)
            if declared and declared.get("content"):
                continue
            response = OpenApiResponse(
                serializer, description=(declared or {}).get("description") or description
            )
            responses[code] = self._get_response_for_code(
                response, code, ("application/json",), direction
            )
        return responses
