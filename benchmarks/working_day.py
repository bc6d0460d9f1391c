"""A working day, in-process: does the public page cache hold while people work? (issue 18)

    DATABASE_URL=postgres://…/<db> REDIS_URL=redis://127.0.0.1:6379/<n> \\
    .venv/bin/python benchmarks/working_day.py [HOURS]

Needs a migrated database with demo data (``make run``'s seeding: the states, the matrix template,
``seed_demo``, ``seed_outreach``, ``seed_matrices``, ``seed_assistance``); a smaller seeded set
works too (the pages read are taken from what is there). The page cache must be a shared cache
(REDIS_URL), as in production.

The day, played with Django's test client and the services in this process, for HOURS hours
(default 8): 50 people (25 points of contact of the states with matrices, 20 experts, 5 of the
secretariat, ``working-day-*`` users made on the first run) sign in in the morning and again after
lunch (Django saves ``last_login`` each time), points of contact start and edit draft reports, the
experts edit entries of draft matrices, the points of contact comment on the entries of matrices
sent to them, and the secretariat publishes reports (a POC's draft submitted, then published:
PUBLICATIONS_PER_HOUR an hour). Public readers read throughout: READS_PER_HOUR anonymous GETs,
spread over the public pages and API lists (lists and detail pages: every state's page, the
published matrices, the public assistance requests and offers, the events), the lists and the
popular states read more often (Zipf-like weights). Every event of an hour is shuffled with the
others (fixed seed).

Counted from the ``X-Page-Cache`` header of the public answers: hits and misses; the public hit
rate is hits / (hits + misses) (an address answered live on purpose, "not cached", is neither).
Printed with the number of times the cache generation moved (writes that changed what the public
sees) and the number of each kind of write. Edits leave rows behind (draft reports, comments,
entries' revisions): run it on a database made for benchmarks.
"""

from __future__ import annotations

import logging
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

READS_PER_HOUR = int(os.environ.get("READS_PER_HOUR", "2000"))
PUBLICATIONS_PER_HOUR = int(os.environ.get("PUBLICATIONS_PER_HOUR", "2"))
TARGET = 0.95


@dataclass
class Day:
    """What happens in the day."""

    hours: int = 8
    pocs: int = 25
    experts: int = 20
    secretariat: int = 5
    reads_per_hour: int = READS_PER_HOUR
    drafts_per_hour: int = 20
    entry_edits_per_hour: int = 20
    comments_per_hour: int = 10
    publications_per_hour: int = PUBLICATIONS_PER_HOUR
    seed: int = 1540


@dataclass
class Tally:
    """What the public got, and what the people did."""

    public: Counter[str] = field(default_factory=Counter)
    misses_by_page: Counter[str] = field(default_factory=Counter)
    writes: Counter[str] = field(default_factory=Counter)
    # The writes after which the cached pages were stale, by kind of event.
    invalidated: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    generations: int = 0
    seconds: float = 0.0

    @property
    def hit_rate(self) -> float:
        counted = self.public["hit"] + self.public["miss"]
        return self.public["hit"] / counted if counted else 0.0


def public_pages(rng: random.Random) -> list[tuple[str, float]]:
    """The public addresses with how often they are read: the lists most, then the states'
    pages (a few states much more than most), the published matrices, requests, offers, events."""
    from assistance.models import AssistanceOffer, AssistanceRequest
    from outreach.models import Event
    from states.matrices.models import Matrix
    from states.models import MemberState

    anonymous = _anonymous()
    pages: list[tuple[str, float]] = [
        ("/", 40.0),
        ("/states/", 30.0),
        ("/matrices/", 15.0),
        ("/assistance/requests/", 12.0),
        ("/assistance/offers/", 10.0),
        ("/events/", 8.0),
        ("/faq/", 4.0),
        ("/api/v1/states/", 6.0),
        ("/api/v1/reports/", 6.0),
        ("/api/v1/assistance/requests/", 3.0),
        ("/api/v1/events/", 3.0),
    ]
    iso3s = list(MemberState.objects.order_by("iso3").values_list("iso3", flat=True))
    rng.shuffle(iso3s)
    pages += [(f"/states/{iso3}/", 20.0 / rank) for rank, iso3 in enumerate(iso3s, start=1)]
    published = Matrix.objects.latest_published().order_by("pk").values_list("pk", flat=True)
    pages += [(f"/matrices/{pk}/", 2.0 / rank) for rank, pk in enumerate(published, start=1)]
    for prefix, model in (
        ("/assistance/requests/", AssistanceRequest),
        ("/assistance/offers/", AssistanceOffer),
        ("/events/", Event),
    ):
        rows = model.objects.visible_to(anonymous).order_by("-pk").values_list("pk", flat=True)
        pages += [(f"{prefix}{pk}/", 1.0 / rank) for rank, pk in enumerate(rows[:100], start=1)]
    return pages


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def people(day: Day) -> tuple[list[Any], list[Any], list[Any]]:
    """The day's points of contact (of the states with a matrix sent to them first, then of the
    states with any matrix, then of any state), experts and secretariat staff: made once."""
    from core.choices import Role
    from core.models import User
    from states.matrices.choices import MatrixStatus
    from states.matrices.models import Matrix
    from states.models import MemberState

    def person(name: str, role: str, state: Any = None) -> Any:
        user, _created = User.objects.get_or_create(
            username=f"working-day-{name}",
            defaults={"role": role, "state": state, "email": f"working-day-{name}@example.org"},
        )
        return user

    sent_first = list(
        Matrix.objects.order_by("-status", "state_id")
        .filter(status__in=[MatrixStatus.SENT, MatrixStatus.DRAFT])
        .values_list("state_id", flat=True)
    )
    state_ids = list(
        dict.fromkeys([*sent_first, *MemberState.objects.values_list("pk", flat=True)])
    )
    states = MemberState.objects.in_bulk(state_ids[: day.pocs])
    pocs = [
        person(f"poc-{states[pk].iso3.lower()}", Role.POC, states[pk])
        for pk in state_ids[: day.pocs]
    ]
    experts = [person(f"expert-{i}", Role.EXPERT) for i in range(day.experts)]
    staff = [person(f"secretariat-{i}", Role.SECRETARIAT) for i in range(day.secretariat)]
    return pocs, experts, staff


def _pdf() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.demo import minimal_pdf

    return SimpleUploadedFile("report.pdf", minimal_pdf("Report"), content_type="application/pdf")


class Worker:
    """The people's side of the day: sign-ins and edits through the services."""

    def __init__(self, day: Day, rng: random.Random, tally: Tally) -> None:
        self.rng, self.tally = rng, tally
        self.pocs, self.experts, self.staff = people(day)
        self.drafts: dict[int, Any] = {}

    def sign_in(self, person: Any) -> None:
        from django.test import Client

        Client().force_login(person)  # django.contrib.auth.login: saves last_login
        self.tally.writes["sign-in"] += 1

    def draft(self, poc: Any | None = None) -> Any:
        from states.choices import ReportKind
        from states.reports import services

        poc = poc or self.rng.choice(self.pocs)
        report = self.drafts.get(poc.pk)
        if report is None:
            report = services.create_report(
                poc.state,
                kind=ReportKind.ADDITIONAL,
                language="en",
                document=_pdf(),
                acting_user=poc,
                title="Additional information (draft)",
            )
            self.drafts[poc.pk] = report
        else:
            report = services.update_draft_report(
                report, acting_user=poc, title=f"Additional information, v{self.rng.randint(2, 99)}"
            )
        self.tally.writes["draft report saved"] += 1
        return report

    def entry_edit(self) -> None:
        from states.matrices import services
        from states.matrices.choices import MatrixStatus
        from states.matrices.models import MatrixEntry

        entry = (
            MatrixEntry.objects.filter(matrix__status=MatrixStatus.DRAFT)
            .order_by("?")
            .select_related("matrix")
            .first()
        )
        if entry is None:
            return
        services.update_entry(
            entry,
            acting_user=self.rng.choice(self.experts),
            revision=entry.revision,
            remarks=f"Checked against the national report ({self.rng.randint(1, 999)}).",
        )
        self.tally.writes["matrix entry edited (draft matrix)"] += 1

    def comment(self) -> None:
        from states.matrices import services
        from states.matrices.choices import CommentKind, MatrixStatus
        from states.matrices.models import Matrix

        by_state = {poc.state_id: poc for poc in self.pocs}
        matrix = (
            Matrix.objects.filter(status=MatrixStatus.SENT, state_id__in=by_state)
            .order_by("?")
            .first()
        )
        if matrix is None:
            return
        entry = matrix.entries.order_by("?").first()
        services.comment_on_entry(
            matrix, entry, acting_user=by_state[matrix.state_id], kind=CommentKind.ACCEPT
        )
        self.tally.writes["matrix comment (sent matrix)"] += 1

    def publish(self) -> None:
        from states.reports import services

        poc = self.rng.choice(self.pocs)
        report = self.draft(poc)
        self.drafts.pop(poc.pk, None)
        report = services.submit_report(report, acting_user=poc)
        services.publish_report(report, acting_user=self.rng.choice(self.staff))
        self.tally.writes["report published"] += 1


def simulate(
    day: Day,
    *,
    out: Any = print,
    pages: list[tuple[str, float]] | None = None,
    committed: Callable[[], AbstractContextManager[Any]] = nullcontext,
) -> Tally:
    """Play ``day`` and count what the public got: the public pages read are ``pages`` (address,
    weight), all of them by default. Each write runs inside ``committed()`` (a test passes
    what runs its on-commit callbacks)."""
    from django.test import Client

    from core import page_cache

    rng = random.Random(day.seed)
    tally = Tally()
    worker = Worker(day, rng, tally)
    everyone = [*worker.pocs, *worker.experts, *worker.staff]
    addresses, weights = zip(*(pages or public_pages(rng)), strict=True)
    reader = Client()
    # The cache is warm when the day starts (the night's readers): each page read once, uncounted.
    for number, address in enumerate(addresses):
        reader.get(address, REMOTE_ADDR=f"10.16.{number // 250}.{number % 250}")
    started_generation = page_cache.generation()
    started = time.perf_counter()
    # Everyone signs in once in the morning and once after lunch, spread over those hours.
    lunch = max(1, day.hours // 2)
    sign_ins: list[list[Any]] = [[] for _ in range(day.hours)]
    for number, person in enumerate(everyone):
        sign_ins[number % lunch].append(person)
        if day.hours > lunch:
            sign_ins[lunch + number % (day.hours - lunch)].append(person)
    for hour in range(day.hours):
        events: list[tuple[str, Any]] = [("sign-in", person) for person in sign_ins[hour]]
        events += [("draft", None)] * day.drafts_per_hour
        events += [("entry", None)] * day.entry_edits_per_hour
        events += [("comment", None)] * day.comments_per_hour
        events += [("publish", None)] * day.publications_per_hour
        events += [("read", url) for url in rng.choices(addresses, weights, k=day.reads_per_hour)]
        rng.shuffle(events)
        for kind, subject in events:
            if kind == "read":
                # Many readers: the API's per-address throttle applies to each, not to the day.
                response = reader.get(
                    subject, REMOTE_ADDR=f"10.15.{rng.randrange(250)}.{rng.randrange(250)}"
                )
                if response.status_code != 200:
                    tally.errors.append(f"{subject}: {response.status_code}")
                    continue
                result = response.get("X-Page-Cache", "not cached")
                tally.public[result] += 1
                if result == "miss":
                    tally.misses_by_page[subject] += 1
                continue
            before = page_cache.generation()
            try:
                with committed():
                    _act(worker, kind, subject)
            except Exception as error:  # noqa: BLE001 - a refused edit is counted, not fatal
                tally.errors.append(f"{kind}: {type(error).__name__}: {error}")
            if page_cache.generation() != before:
                tally.invalidated[kind] += 1
        out(
            f"hour {hour + 1}: {tally.public['hit']} hits, {tally.public['miss']} misses "
            f"so far ({tally.hit_rate:.1%})"
        )
    tally.seconds = time.perf_counter() - started
    tally.generations = page_cache.generation() - started_generation
    return tally


def _act(worker: Worker, kind: str, subject: Any) -> None:
    if kind == "sign-in":
        worker.sign_in(subject)
    elif kind == "draft":
        worker.draft()
    elif kind == "entry":
        worker.entry_edit()
    elif kind == "comment":
        worker.comment()
    else:
        worker.publish()


def report(day: Day, tally: Tally, out: Any = print) -> None:
    out(
        f"public hit rate {tally.hit_rate:.1%} ({tally.public['hit']} hits, "
        f"{tally.public['miss']} misses, {tally.public['not cached']} answered live) "
        f"over {day.hours} h, {tally.seconds:.0f} s"
    )
    out(
        f"cache generation moved {tally.generations} times, after these events: "
        f"{dict(tally.invalidated) or 'none'}"
    )
    for kind, number in sorted(tally.writes.items()):
        out(f"  {kind}: {number}")
    if tally.errors:
        out(f"{len(tally.errors)} errors, first: {tally.errors[:5]}")
    out(f"most missed: {tally.misses_by_page.most_common(5)}")


def every_write_invalidates() -> None:
    """The rule before issue 18, for comparison: any committed write to any model of the
    committee's apps makes every cached page stale."""
    from django.apps import apps
    from django.db import transaction
    from django.db.models.signals import post_delete, post_save

    from core import page_cache

    def forget(**kwargs: Any) -> None:
        transaction.on_commit(page_cache.forget_public_pages, robust=True)

    for model in apps.get_models():
        if model._meta.app_label in page_cache.CACHED_APPS:
            post_save.connect(forget, sender=model, weak=False)
            post_delete.connect(forget, sender=model, weak=False)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "committee.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    logging.disable(logging.WARNING)  # a line per request and per sign-in otherwise
    if os.environ.get("EVERY_WRITE_INVALIDATES"):
        every_write_invalidates()
    if not settings.PUBLIC_PAGE_CACHE_SECONDS:
        raise SystemExit("the public page cache is off (PUBLIC_PAGE_CACHE_SECONDS)")
    day = Day(hours=int(sys.argv[1]) if len(sys.argv) > 1 else 8)
    tally = simulate(day)
    report(day, tally)
    if tally.hit_rate < TARGET:
        raise SystemExit(f"below the target of {TARGET:.0%}")


if __name__ == "__main__":
    main()
