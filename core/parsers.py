"""The API's JSON parser: DRF's, refusing a body nested deeper than settings.API_MAX_JSON_DEPTH.

Python's decoder recurses once per level, so ``'[' * 100000`` ended in a RecursionError, a 500
(an HTML page in production) instead of a 400 saying what is wrong. No endpoint takes more than
a few levels; the limit is set once in the settings and used for every endpoint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def _depth(data: Any) -> int:
    """How deeply ``data`` nests (a scalar is 0), without recursing."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        limit = settings.API_MAX_JSON_DEPTH
        message = _("The JSON body is nested more than %(limit)s levels deep.") % {"limit": limit}
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(message) from error
        if _depth(data) > limit:
            raise ParseError(message)
        return data
