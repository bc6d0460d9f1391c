"""Role predicates shared by every app's rules (django-rules).

Each app's ``permissions.py`` combines these with its own object predicates, e.g. "the point of
contact of this report's state". Checks go through ``require()`` so that a refusal always carries a
message the person can act on.

Below them, the rules of the base's own pages and services: accounts, the audit log, the outgoing
mail and stalled builds. They keep the "committee." prefix they have always had (the names are
stored in groups and per-person permissions).
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied

# Whom a rule is asked about: a signed-in User or Django's AnonymousUser. Predicates read the
# roles with getattr so that both pass, and rules hands them either: hence not narrowed further.
type Actor = Any


@rules.predicate
def is_secretariat(user: Actor) -> bool:
    return bool(getattr(user, "is_secretariat", False))


@rules.predicate
def is_expert(user: Actor) -> bool:
    return bool(getattr(user, "is_expert", False))


@rules.predicate
def is_committee_member(user: Actor) -> bool:
    return bool(getattr(user, "is_committee_member", False))


@rules.predicate
def is_poc(user: Actor) -> bool:
    return bool(getattr(user, "is_poc", False))


sees_all_states = is_secretariat | is_expert


def require(user: Actor, perm: str, obj: object | None = None, *, message: str) -> None:
    """Raise PermissionDenied with ``message`` unless ``user`` holds ``perm`` (on ``obj``)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message)


# Restarting a build that has stalled, of any kind (core/builds.py).
rules.add_perm("committee.restart_build", is_secretariat)
# Who signed in and who changed what (core/audit.py).
rules.add_perm("committee.see_audit_log", is_secretariat)
# The outgoing mail (core/mail.py): its recipients and the mail server's errors, which can
# list addresses, are the secretariat's to read; it sends a failed message again.
rules.add_perm("committee.see_outgoing_mail", is_secretariat)
rules.add_perm("committee.resend_mail", is_secretariat)


@rules.predicate
def may_touch_account_of(user: Actor, person: Any) -> bool:
    """Only a superuser touches a superuser's account: otherwise one secretariat account could
    take over (or lock out) the one account that may repair anything."""
    return person is None or getattr(user, "is_superuser", False) or not person.is_superuser


# Changing an account, deactivating it, issuing its pairing code (core/admin.py, accounts.py,
# pairing.py).
rules.add_perm("committee.manage_account", is_secretariat & may_touch_account_of)


@rules.predicate
def is_own_account(user: Actor, person: Any) -> bool:
    return person is not None and getattr(user, "pk", None) == person.pk


# Setting a password (core/accounts.py): one's own only. A superuser passes every rule
# (Django's has_perm), so it alone sets another person's: a password the secretariat set, with a
# pairing code it issued, would let one officer act as that person without their second factor.
rules.add_perm("committee.set_account_password", is_own_account)
