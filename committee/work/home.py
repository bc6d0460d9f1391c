"""Each signed-in person's home page (/home/): the worklist of their role, every count linking
to the list it counts, and the three tasks that role does most. The counts are read in the
dashboard module (committee/work/dashboard.py), the one module of the Committee's work that
may read every app; this module only picks the reader's home."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.work import dashboard
from core.models import User
from core.permissions import can

StrOrPromise = str | Promise


@dataclass(frozen=True)
class Task:
    label: str
    url: str


@dataclass(frozen=True)
class Home:
    rule: str
    title: StrOrPromise  # lazy: translated when drawn
    worklist: Callable[..., list[dashboard.Waiting]]
    tasks: Callable[..., list[Task]]


def _secretariat_tasks(user: User | AnonymousUser) -> list[Task]:
    return [
        Task(_("Reports inbox"), reverse("states:inbox")),
        Task(_("File a report"), reverse("states:report-create")),
        Task(_("Meetings"), reverse("workinggroups:meeting-list")),
    ]


def _expert_tasks(user: User | AnonymousUser) -> list[Task]:
    return [
        Task(_("1540 matrices"), reverse("states:matrix-list")),
        Task(_("Assistance requests"), reverse("assistance:request-list")),
        Task(_("Assistance dashboard"), reverse("assistance:dashboard")),
    ]


def _member_tasks(user: User | AnonymousUser) -> list[Task]:
    return [
        Task(_("Meetings"), reverse("workinggroups:meeting-list")),
        Task(_("Assistance digests"), reverse("assistance:digest-list")),
        Task(_("Dashboard"), reverse("committee:dashboard")),
    ]


def _poc_tasks(user: User | AnonymousUser) -> list[Task]:
    return [
        Task(_("My state"), reverse("states:my-state")),
        Task(_("1540 matrices"), reverse("states:matrix-list")),
        Task(_("Request assistance"), reverse("assistance:request-create")),
    ]


HOMES = [
    Home(
        "committee.see_secretariat_home",
        gettext_lazy("Secretariat worklist"),
        dashboard.secretariat_worklist,
        _secretariat_tasks,
    ),
    Home(
        "committee.see_expert_home",
        gettext_lazy("Expert worklist"),
        dashboard.expert_worklist,
        _expert_tasks,
    ),
    Home(
        "committee.see_member_home",
        gettext_lazy("Committee member worklist"),
        dashboard.member_worklist,
        _member_tasks,
    ),
    Home(
        "committee.see_poc_home",
        gettext_lazy("Point of contact worklist"),
        dashboard.poc_worklist,
        _poc_tasks,
    ),
]


def home_of(user: User | AnonymousUser) -> Home | None:
    """The first home whose rule the reader holds (a person has one role)."""
    return next((home for home in HOMES if can(user, home.rule)), None)
