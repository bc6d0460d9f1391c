"""The permission tests as one table per app: each rule of the registry (core/permissions.py)
with the object it is asked on and the person it is for, checked against the three personas
that every rule must keep apart: the rightful user, a point of contact of another state, and
the public (NetBox's per-model API test mixins are the model).

A row of a table is a ``Case``: ``on`` builds the object (unsaved: the rules read the row's
fields, never the database), ``rightful`` names the persona the rule is for, and ``other_poc``
and ``public`` say what the two others get (no, unless the rule is theirs too). Every rule with
a message refuses with it; a rule on rows refuses with "not found".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.permissions import REGISTRY, can, require
from states.models import MemberState


@dataclass(frozen=True)
class Case:
    rightful: str
    on: Callable[[Places], Any] | None = None
    other_poc: bool = False
    public: bool = False


@dataclass(frozen=True)
class Places:
    """What a case builds its object from: China (the rightful POC's state), Brazil (the state
    of the POC of another state) and the personas (``person("poc_chn")``)."""

    china: MemberState
    brazil: MemberState
    request: pytest.FixtureRequest

    def person(self, name: str) -> Any:
        return self.request.getfixturevalue(name)


def check(name: str, case: Case, request: pytest.FixtureRequest) -> None:
    rule = REGISTRY[name]
    places = Places(
        MemberState.objects.get(iso3="CHN"), MemberState.objects.get(iso3="BRA"), request
    )
    obj = case.on(places) if case.on else None
    rightful = request.getfixturevalue(case.rightful)
    other_poc = request.getfixturevalue("poc_bra")
    public = AnonymousUser()

    assert can(rightful, name, obj), f"{name}: refused to {case.rightful}"
    assert can(other_poc, name, obj) is case.other_poc, f"{name}: the POC of another state"
    assert can(public, name, obj) is case.public, f"{name}: the public"
    if not case.public:
        _refuses_clearly(rule, public, obj)


def _refuses_clearly(rule, user, obj) -> None:
    if rule.rows is not None:
        with pytest.raises(Http404):
            require(user, rule.name, obj)
    elif rule.message is not None:
        with pytest.raises(PermissionDenied) as refused:
            require(user, rule.name, obj)
        assert str(refused.value).strip(), f"{rule.name}: refused without a message"
