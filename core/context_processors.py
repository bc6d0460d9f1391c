from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core.choices import Role


def roles(request: HttpRequest) -> dict[str, Any]:
    """The role names, so templates can say ``user.role == roles.POC`` without magic strings."""
    return {"roles": Role}
