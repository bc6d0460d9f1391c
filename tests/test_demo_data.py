"""The demo of `make run` shows a living system on whatever day it runs (issue 16, "Done when" 7):
the calendar feed has events held and events to come, every public list page has content, no
record is dated after today (except what is planned: the allow-list below), and no matrix version
cites an act or a report later than itself.

The seeding runs once for the module, as `make run` runs it (the commands are read from the
Makefile's `run` target, so a command added there is tried here too), with the demo matrices of a
few states only; everything is rolled back afterwards."""

from __future__ import annotations

import io
import re
import shlex
import time
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import Q
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from committee.work.choices import WorkItemStatus
from committee.work.models import WorkItem
from committee.work.progress import progress_of
from core.choices import Role
from core.models import User

MAKEFILE = Path(__file__).resolve().parents[1] / "Makefile"
# `make run` seeds the matrices of DEMO_MATRIX_STATES states (60); a few are enough here.
DEMO_MATRIX_STATES = "4"
PROJECT_APPS = {"committee", "states", "assistance", "workinggroups", "outreach"}

# The public list pages (the public navigation of templates/base.html): each must list at
# least one item, not its empty-state message (`<p class="empty">`). Add a new public list here.
PUBLIC_LISTS = [
    "states:state-list",
    "states:practice-list",
    "states:action-plan-list",
    "states:matrix-list",
    "states:legislation-list",
    "assistance:request-list",
    "assistance:offer-list",
    "assistance:project-list",
    "committee:written-reviews",
    "workinggroups:programme",
    "outreach:calendar",
    "outreach:cooperation",
    "outreach:faq",
]
# The lists the secretariat keeps that the demo fills too: organisations' contacts (10(b)), the
# roster (11(g)), visits and training (8(c), 10(f)), dialogue with states (8(b)), the trust fund's
# contributions (12(e)).
SECRETARIAT_LISTS = [
    "outreach:contacts",
    "outreach:roster",
    "outreach:visit-list",
    "outreach:course-list",
    "states:dialogue-list",
    "assistance:contribution-list",
]

# Dates that may be after today, and why: what is planned, due or expires. A model's field, with
# the rows allowed to be in the future (None: any row). Everything else is a record of what
# happened, and cannot have happened after today.
FUTURE_ALLOWED: dict[tuple[str, str], Q | None] = {
    # Events confirmed or planned for the months ahead (the calendar's "upcoming"); an event
    # held is in the past.
    ("outreach.Event", "start_date"): ~Q(status="held"),
    ("outreach.Event", "end_date"): ~Q(status="held"),
    # The search index's date of an upcoming event is the event's.
    ("outreach.SearchEntry", "date"): Q(kind="event"),
    # Meetings scheduled on the calendar of the working groups and the Committee; a meeting
    # held is in the past.
    ("workinggroups.Meeting", "starts_at"): ~Q(status="held"),
    ("workinggroups.Meeting", "ends_at"): ~Q(status="held"),
    # (A country visit's or a training course's planned days are its event's; held_on is set
    # once it was held, so it is checked like any record.)
    # Due dates of follow-up actions.
    ("states.DialogueFollowUp", "due_on"): None,
    ("outreach.VisitFollowUp", "due_on"): None,
    ("outreach.CourseFollowUp", "due_on"): None,
    # Ends of terms, periods and assignments; targets; expiries.
    ("committee.CommitteeMember", "term_end"): None,
    ("committee.ExpertAssignment", "ends_on"): None,
    ("committee.ProgrammeOfWork", "period_end"): None,
    ("committee.WorkItem", "target_date"): None,
    ("committee.PairingCode", "expires_at"): None,
    ("assistance.AssistanceOffer", "valid_until"): None,
    # The period an offer of assistance is available; the planned end of an assistance project
    # under way (a completed one ended), or the start of one planned.
    ("assistance.AssistanceOffer", "available_to"): None,
    ("assistance.AssistanceProject", "end_date"): ~Q(status="completed"),
    ("assistance.AssistanceProject", "start_date"): Q(status="planned"),
}


def _run_target_commands() -> list[list[str]]:
    """The `manage.py` commands of the Makefile's `run` target, but migrate and runserver, with
    their arguments (DEMO_MATRIX_STATES replaced)."""
    text = MAKEFILE.read_text()
    target = re.search(r"^run:.*?\n((?:\t.*\n)+)", text, re.MULTILINE)
    assert target, "no `run` target in the Makefile"
    commands = []
    for line in target.group(1).splitlines():
        words = shlex.split(line.replace("$(DEMO_MATRIX_STATES)", DEMO_MATRIX_STATES))
        if "manage.py" not in words:
            continue
        command = words[words.index("manage.py") + 1 :]
        if command[0] not in {"migrate", "runserver"}:
            commands.append(command)
    assert commands, "the `run` target seeds nothing"
    return commands


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data as `make run` seeds it, today; rolled back after the module."""
    from committee.celery import app

    eager, app.conf.task_always_eager = app.conf.task_always_eager, True
    with (
        override_settings(
            DEBUG=True,
            MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        took = {}
        for command in _run_target_commands():
            begun = time.monotonic()
            call_command(*command, stdout=io.StringIO())
            took[" ".join(command)] = round(time.monotonic() - begun, 1)
        print(f"seeding as make run does (seconds): {took}")  # shown with pytest -s
        yield {"commands": _run_target_commands(), "took": took}
        transaction.set_rollback(True)
    app.conf.task_always_eager = eager


@pytest.fixture
def seeded(demo, db):
    return demo


def test_the_test_seeds_what_make_run_seeds(seeded):
    names = [command[0] for command in seeded["commands"]]
    assert {"load_states", "seed_demo", "seed_outreach", "seed_matrices"} <= set(names)


def test_the_calendar_feed_has_events_held_and_to_come(seeded, client):
    response = client.get(reverse("outreach:events-ics"))
    assert response.status_code == 200
    today = timezone.localdate()
    starts = [
        date(int(day[:4]), int(day[4:6]), int(day[6:]))
        for day in re.findall(r"DTSTART;VALUE=DATE:(\d{8})", response.content.decode())
    ]
    assert response.content.count(b"BEGIN:VEVENT") == len(starts)
    assert any(day < today for day in starts), "no event held in the feed"
    assert any(day > today for day in starts), "no upcoming event in the feed"


@pytest.mark.parametrize("name", PUBLIC_LISTS)
def test_every_public_list_page_has_content(seeded, client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b'class="empty"' not in response.content, f"{name} shows its empty-state message"


@pytest.mark.parametrize("name", SECRETARIAT_LISTS)
def test_the_secretariat_lists_have_content(seeded, client, name):
    client.force_login(User.objects.filter(role=Role.SECRETARIAT).first())
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b'class="empty"' not in response.content, f"{name} shows its empty-state message"


def _dated_fields():
    """(model, field) for every date and date-time field of the project's models; a history
    model's own date only (its other fields copy the model's)."""
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        historical = model.__name__.startswith("Historical")
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DateField):
                continue
            if historical and field.name != "history_date":
                continue
            yield model, field


def test_nothing_is_dated_after_today(seeded):
    today, now = timezone.localdate(), timezone.now()
    later = []
    for model, field in _dated_fields():
        limit = now if isinstance(field, models.DateTimeField) else today
        rows = model._base_manager.filter(**{f"{field.name}__gt": limit})
        key = (model._meta.label, field.name)
        if key in FUTURE_ALLOWED:
            allowed = FUTURE_ALLOWED[key]
            if allowed is None:
                continue
            rows = rows.exclude(allowed)
        if rows.exists():
            later.append(f"{key[0]}.{key[1]}: {rows.count()} rows after {limit}")
    assert not later, later


def test_the_allow_list_names_real_fields():
    for (label, name), _rows in FUTURE_ALLOWED.items():
        app_label, model_name = label.split(".")
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue  # a model another change has not brought in yet
        assert isinstance(model._meta.get_field(name), models.DateField), (label, name)


def test_no_report_is_dated_before_its_state_was_a_member_or_after_today(seeded):
    from states.models import NationalReport

    reports = NationalReport.objects.exclude(submitted_on=None)
    assert reports.exists()
    assert not reports.filter(submitted_on__lt=models.F("state__un_admission_date")).exists()
    assert not reports.filter(submitted_on__gt=timezone.localdate()).exists()


def test_no_matrix_cites_an_act_or_a_report_later_than_itself(seeded):
    from states.matrices.models import Matrix, MatrixEntry

    today = timezone.localdate()
    versions = {}
    for matrix in Matrix.objects.all():
        # A version's date: when it was approved, else sent to the state; a draft in progress
        # may cite anything up to today.
        moment = matrix.approved_at or matrix.sent_at
        versions[matrix.pk] = timezone.localdate(moment) if moment else today
    assert versions
    cited = MatrixEntry.objects.filter(
        Q(legislation__isnull=False) | Q(source_report__isnull=False)
    ).values_list("matrix_id", "legislation__year", "source_report__submitted_on")
    assert cited.exists(), "the demo matrices cite no act and no report"
    wrong = [
        (matrix, year, submitted)
        for matrix, year, submitted in cited
        if (year and year > versions[matrix].year) or (submitted and submitted > versions[matrix])
    ]
    assert not wrong, wrong[:10]
    drawn_on = Matrix.source_reports.through.objects.values_list(
        "matrix_id", "nationalreport__submitted_on"
    )
    assert not [
        (matrix, submitted)
        for matrix, submitted in drawn_on
        if submitted and submitted > versions[matrix]
    ]


def test_a_matrix_version_moves_on_in_order(seeded):
    from states.matrices.models import Matrix

    for matrix in Matrix.objects.all():
        steps = [matrix.created_at, matrix.sent_at, matrix.approved_at, matrix.published_at]
        present = [step for step in steps if step is not None]
        assert present == sorted(present), (matrix.state_id, matrix.version, steps)


# The items the issue names (issue 16, "Done when" 2): in the demo, each has records and a
# status that follows from them.
ITEMS_WITH_RECORDS = ["8(a)", "8(b)", "8(d)", "9(h)", "10(f)", "11(b)(i)", "12(a)"]


def test_the_programme_moves_with_the_demos_records(seeded, client):
    items = WorkItem.objects.filter(paragraph__in=ITEMS_WITH_RECORDS).select_related("programme")
    progress = {entry.item.paragraph: entry for entry in progress_of(items).values()}
    assert sorted(progress) == sorted(ITEMS_WITH_RECORDS)
    for paragraph, entry in progress.items():
        assert entry.count > 0, paragraph
        assert entry.derived != WorkItemStatus.NOT_STARTED, paragraph
