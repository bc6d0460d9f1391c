"""Who may see which row, and which field of a row, decided once per model.

Which rows a reader may open is a rule of the registry with rows (core/permissions.py's
``RowRule``): a QuerySet's ``visible_to(user)`` filters by it, and the same rule answers on a
loaded row, so the list, the detail and the field policy of a row that points at it (a match's
request and offer) cannot disagree.

A model names its guarded fields in ``FIELD_PERMISSIONS``: the field's name (as the API and the
pages call it) and the permission, on the row, that a reader needs to see it. Which rows a reader
sees at all is the QuerySet's ``visible_to(user)``; this is the finer rule inside a row. The
serializers (through ``FieldPolicySerializerMixin``), the pages (``with_hidden_fields``), the
CSV exports and search all ask ``hidden_fields``, so no view re-writes the rule and a new
endpoint or nested serializer cannot forget it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiSerializerExtension

from core.permissions import Actor, can

if TYPE_CHECKING:
    from drf_spectacular.openapi import AutoSchema
    from drf_spectacular.utils import Direction
    from rest_framework.serializers import BaseSerializer

    # The mixin is put before a serializer among the bases: to the type checker it is one, so
    # that its ``super().to_representation`` is the serializer's.
    _SerializerBase = BaseSerializer[Any]
else:
    _SerializerBase = object


def field_permissions(obj: Any) -> dict[str, str]:
    return getattr(type(obj), "FIELD_PERMISSIONS", {})


def may_see(user: Actor, obj: Any, field: str) -> bool:
    perm = field_permissions(obj).get(field)
    return perm is None or can(user, perm, obj)


def hidden_fields(user: Actor, obj: Any) -> frozenset[str]:
    """The guarded fields of ``obj`` that ``user`` may not see."""
    return frozenset(name for name in field_permissions(obj) if not may_see(user, obj, name))


def with_hidden_fields(user: Actor, rows: Iterable[Any]) -> list[Any]:
    """The rows, each with ``hidden_fields`` set for ``user``, for templates to test
    ``{% if "request" in match.hidden_fields %}`` without re-writing the rule."""
    rows = list(rows)
    for row in rows:
        row.hidden_fields = hidden_fields(user, row)
    return rows


class FieldPolicySerializerMixin(_SerializerBase):
    """Put first among a serializer's bases: the fields its model guards are left out of the
    representation for a reader without the permission. Without a user in the context (a
    serializer built outside a request) the reader is anonymous: the rule fails closed."""

    def _reader(self) -> Actor:
        context = getattr(self, "context", {}) or {}
        request = context.get("request")
        user = context.get("acting_user") or getattr(request, "user", None)
        return user if user is not None else AnonymousUser()

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        for name in hidden_fields(self._reader(), instance):
            data.pop(name, None)
        return data


class FieldPolicySerializerExtension(OpenApiSerializerExtension):
    """In the OpenAPI schema a guarded field is not required: some readers do not get it."""

    target_class = "core.visibility.FieldPolicySerializerMixin"
    match_subclasses = True

    def map_serializer(self, auto_schema: AutoSchema, direction: Direction) -> dict[str, Any]:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction != "response":
            return schema
        model = getattr(getattr(self.target, "Meta", None), "model", None)
        guarded = set(getattr(model, "FIELD_PERMISSIONS", {}))
        if "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in guarded]
            if not schema["required"]:
                del schema["required"]
        return schema
