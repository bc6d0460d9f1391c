"""Who may see and do what: one registry of rules, each declared once.

Every app's ``permissions.py`` declares its rules with ``declare()``: the rule's name (as stored
in groups and per-person permissions), its predicate (django-rules), the message a refused
person reads, and, for a rule that says which rows a reader may open, the rows as a
``RowRule``. Three kinds of rule:
- a rule on an action (publish a report): a predicate and a message; ``require()`` raises
  PermissionDenied with the message (HTTP 403);
- a rule on which rows a reader may open (read a report): rows; refused, the row is "not
  found" (HTTP 404), so that nobody learns what exists that they may not read;
- a rule on a field (who submitted a report, ``FIELD_PERMISSIONS``, core/visibility.py): a
  predicate only; the field is left out, nothing is refused.
Everything else is derived from that one declaration:
- services ``require()`` a rule, views and serializers do the same or ask ``can()``;
  templates ask ``{% can %}`` (core/templatetags/permissions.py);
- a QuerySet's ``visible_to(user)`` is ``restrict(queryset, user, rule)``: the rule's rows, or,
  for a rule on the reader alone, every row or none;
- a rule with rows answers on one loaded row by the same conditions (``RowRule.allows``), with
  no query, so a list, a page and a nested serializer cannot disagree.
tests/core/test_permission_registry.py enumerates the registry against the personas, and fails
on a page or endpoint that checks a permission by hand.

Below the role predicates, the rules of the base's own pages and services: accounts, the audit
log, the outgoing mail and stalled builds. They keep the "committee." prefix they have always
had (the names are stored in groups and per-person permissions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.fields import IdSetField


@dataclass(frozen=True, init=False)
class Where:
    """One condition on a row: every lookup holds. A lookup is a field path (``state_id``,
    ``matrix__state_id``) with an optional ``__in`` (the value is a collection) or ``__ne`` (the
    field is not the value). The database filter (``q``) and the test on a loaded row (``holds``)
    are the same condition; a related path is followed through the loaded relations."""

    lookups: tuple[tuple[str, str, Any], ...]

    # ``__has``: a set of ids kept on the row (core.fields.IdSetField) holds the value.
    def __init__(self, **lookups: Any) -> None:
        parsed = []
        for lookup, value in lookups.items():
            path, _sep, operator = lookup.rpartition("__")
            if operator not in ("in", "ne", "has"):
                path, operator = lookup, "exact"
            parsed.append((path, operator, value))
        object.__setattr__(self, "lookups", tuple(parsed))

    @property
    def unknowable(self) -> bool:
        """A condition on a value the reader does not have (no state) matches no row."""
        return any(value is None for _, _, value in self.lookups)

    def q(self, prefix: str = "") -> Q:
        condition = Q()
        for path, operator, value in self.lookups:
            if operator == "ne":
                condition &= ~Q(**{f"{prefix}{path}": value})
            elif operator == "in":
                condition &= Q(**{f"{prefix}{path}__in": list(value)})
            elif operator == "has":
                condition &= Q(**{f"{prefix}{path}__contains": IdSetField.pattern(value)})
            else:
                condition &= Q(**{f"{prefix}{path}": value})
        return condition

    def holds(self, obj: Any) -> bool:
        for path, operator, value in self.lookups:
            found = obj
            for name in path.split("__"):
                found = getattr(found, name, None)
            if operator == "ne":
                if found == value:
                    return False
            elif operator == "in":
                if found not in value:
                    return False
            elif operator == "has":
                if value not in (found or ()):
                    return False
            elif found != value:
                return False
        return True


@dataclass(frozen=True)
class RowRule:
    """Which rows of a model one reader sees: every row (``everything``), or the rows where any
    of the ``Where`` conditions holds (none: no row). The database filter (``q``) and the test on
    a loaded row (``allows``) are derived from this one declaration, so that a rule written for
    the lists is the rule the pages and the serializers apply to a single row without a query.
    A condition on None is dropped: a reader with no state matches no state's row (an
    organisation's offer has no state either)."""

    everything: bool = False
    any_of: tuple[Where, ...] = ()

    def __post_init__(self) -> None:
        kept = tuple(where for where in self.any_of if not where.unknowable)
        object.__setattr__(self, "any_of", kept)

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.any_of

    def q(self, prefix: str = "") -> Q:
        """The filter, on the model itself or, with ``prefix`` ("request__"), through a relation."""
        if self.everything:
            return Q()
        condition = Q(pk__in=[])
        for where in self.any_of:
            condition |= where.q(prefix)
        return condition

    def allows(self, obj: Any) -> bool:
        if obj is None:
            return False
        return self.everything or any(where.holds(obj) for where in self.any_of)


# Whom a rule is asked about: a signed-in User or Django's AnonymousUser. Predicates read the
# roles with getattr so that both pass, and rules hands them either: hence not narrowed further.
type Actor = Any
# The rows of a model a reader may open, as a function of the reader.
type Rows = Callable[[Actor], RowRule]
# What a refused person reads: a text, or one made from the object refused (naming it).
type Message = str | Promise | Callable[[Any], str | Promise]


@dataclass(frozen=True)
class Rule:
    """One rule of the registry. ``rows`` is set on the rules that say which rows a reader may
    open (``visible_to``); the predicate of such a rule is derived from them."""

    name: str
    predicate: rules.Predicate
    message: Message | None = None
    rows: Rows | None = None

    def refusal(self, obj: object | None) -> Exception:
        """What refusing this rule raises: "not found" for rows, else the rule's message."""
        if self.rows is not None:
            return Http404()
        if self.message is None:
            raise ImproperlyConfigured(
                f"The rule {self.name} is a field rule: nothing requires it."
            )
        return PermissionDenied(self.message(obj) if callable(self.message) else self.message)

    def rows_for(self, user: Actor) -> RowRule:
        """The rows ``user`` may open: the declared rows, or, for a rule on the reader alone,
        every row when the reader holds it and none otherwise."""
        if self.rows is not None:
            return self.rows(user)
        return RowRule(everything=can(user, self.name))


REGISTRY: dict[str, Rule] = {}


def _rows_predicate(rows: Rows, name: str) -> rules.Predicate:
    def allowed(user: Actor, obj: Any) -> bool:
        # Asked on no row ("may this reader open any of these at all?"): any row counts.
        seen = rows(user)
        return not seen.nothing if obj is None else seen.allows(obj)

    return rules.predicate(allowed, name=f"rows of {name}")


def declare(
    name: str,
    predicate: rules.Predicate | None = None,
    *,
    message: Message | None = None,
    rows: Rows | None = None,
) -> Rule:
    """Register the rule ``name``: with ``predicate``, or with ``rows`` (which rows a reader may
    open, the predicate then derived from them), never both, and the ``message`` a refused
    person reads (none for a field rule or for rows)."""
    if (predicate is None) == (rows is None):
        raise ImproperlyConfigured(f"The rule {name} needs a predicate or rows, not both.")
    if name in REGISTRY:
        raise ImproperlyConfigured(f"The rule {name} is declared twice.")
    if predicate is None and rows is not None:
        predicate = _rows_predicate(rows, name)
    assert predicate is not None
    rule = Rule(name=name, predicate=predicate, message=message, rows=rows)
    rules.add_perm(name, predicate)
    REGISTRY[name] = rule
    return rule


def rule_named(name: str) -> Rule:
    try:
        return REGISTRY[name]
    except KeyError:
        raise ImproperlyConfigured(f"No rule is declared as {name}.") from None


def can(user: Actor, name: str, obj: object | None = None) -> bool:
    """Whether ``user`` holds the rule ``name`` (on ``obj``). The registry is the one source:
    as in Django's ``has_perm``, an active superuser holds every rule; nobody else holds a rule
    but by its predicate (no grant stored in a group or on a person adds to it)."""
    rule = rule_named(name)
    if user is None:
        return False
    if getattr(user, "is_active", False) and getattr(user, "is_superuser", False):
        return True
    return bool(rule.predicate.test(user, obj))


def require(user: Actor, name: str, obj: object | None = None) -> None:
    """Refuse unless ``user`` holds ``name`` (on ``obj``): PermissionDenied with the rule's
    message, or Http404 for a rule on rows."""
    if not can(user, name, obj):
        raise rule_named(name).refusal(obj)


def rows_seen(user: Actor, name: str) -> RowRule:
    return rule_named(name).rows_for(user)


def restrict[Q: QuerySet[Any]](queryset: Q, user: Actor, name: str, prefix: str = "") -> Q:
    """The rows of ``queryset`` that ``user`` may open under the rule ``name``."""
    seen = rows_seen(user, name)
    if seen.everything:
        return queryset
    if seen.nothing:
        return queryset.none()
    return queryset.filter(seen.q(prefix))


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


# Restarting a build that has stalled, of any kind (core/builds.py).
declare(
    "committee.restart_build",
    is_secretariat,
    message=_("Only the secretariat restarts a stalled build."),
)
# Who signed in and who changed what (core/audit.py).
declare(
    "committee.see_audit_log", is_secretariat, message=_("The audit log is for the secretariat.")
)
# The outgoing mail (core/mail.py): its recipients and the mail server's errors, which can
# list addresses, are the secretariat's to read; it sends a failed message again.
declare(
    "committee.see_outgoing_mail",
    is_secretariat,
    message=_("The outgoing mail is for the secretariat."),
)
declare(
    "committee.resend_mail",
    is_secretariat,
    message=_("Only the secretariat sends a message again."),
)
# The health checks' details (/healthz, /readyz): which backend answers, how fast, and the
# errors, which can name hosts and addresses. Anyone sees whether each part is ok.
declare(
    "committee.see_health_details",
    is_secretariat,
    message=_("The details of the health checks are for the secretariat."),
)


@rules.predicate
def may_touch_account_of(user: Actor, person: Any) -> bool:
    """Only a superuser touches a superuser's account: otherwise one secretariat account could
    take over (or lock out) the one account that may repair anything."""
    return person is None or getattr(user, "is_superuser", False) or not person.is_superuser


def _account_refused(person: Any) -> str | Promise:
    if person is None:
        return _("Only the secretariat manages accounts.")
    return _("You may not manage the account of %(user)s.") % {"user": person.get_username()}


# Changing an account, deactivating it, issuing its pairing code (core/admin.py, accounts.py,
# pairing.py).
declare(
    "committee.manage_account",
    is_secretariat & may_touch_account_of,
    message=_account_refused,
)


@rules.predicate
def is_own_account(user: Actor, person: Any) -> bool:
    return person is not None and getattr(user, "pk", None) == person.pk


# Setting a password (core/accounts.py): one's own only. A superuser passes every rule
# (Django's has_perm), so it alone sets another person's: a password the secretariat set, with a
# pairing code it issued, would let one officer act as that person without their second factor.
declare(
    "committee.set_account_password",
    is_own_account,
    message=_("Only a superuser sets another person's password: each person changes their own."),
)
# Choosing which notifications one receives, and how (core/notifications.py): one's own only.
declare(
    "committee.set_notification_preferences",
    is_own_account,
    message=_("Each person chooses their own notifications."),
)
