"""The OpenAPI schema's view of read-only fields: what the database may hold, not what the field
would accept.

DRF drops ``allow_blank`` from every read-only field a ModelSerializer builds, and a field
declared by hand (``SlugRelatedField(read_only=True)`` over a nullable foreign key) says nothing
of ``null``. drf-spectacular describes the field, not the column, so the schema promised a string
where the API answers ``null`` (a work item with no parent) and an enum without ``""`` where a
choice was never made (a match whose need was not yet judged). Schemathesis found both in
production (issue 11). Here the column behind each read-only field decides, once for every
serializer: a nullable column, or a nullable relation on the way to it, makes the field nullable;
a blank-able choice column adds ``""`` to its enum."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular import openapi
from drf_spectacular.plumbing import append_meta
from rest_framework import serializers


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
