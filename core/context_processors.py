from __future__ import annotations

from core.choices import Role


def roles(request) -> dict:
    """The role names, so templates can say ``user.role == roles.POC`` without magic strings."""
    return {"roles": Role}
