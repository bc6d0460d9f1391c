"""Work asked for while the broker is down is kept and sent when it is back, never lost."""

from __future__ import annotations

import pytest

from committee.celery import app
from committee.models import QueuedTask
from committee.queue import enqueue, resend_queued_tasks
from states.models import MemberState
from tests.committee.test_celery import rename_state
from tests.conftest import wait_until

UNREACHABLE = "redis://127.0.0.1:1/0"


def _forget_connections() -> None:
    # The app keeps its pool of broker connections for the old address; kombu keeps one pool per
    # address, so dropping the app's reference makes it take the pool of the current address
    # (closing it would close it for every later test of the same address).
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    broker, eager = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = UNREACHABLE, False
    _forget_connections()
    yield
    app.conf.broker_url, app.conf.task_always_eager = broker, eager
    _forget_connections()


def test_a_task_queued_while_the_broker_is_down_is_kept(
    broker_down, member_states, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(rename_state, "CHN", "China (renamed later)")
    kept = QueuedTask.objects.get()
    assert (kept.name, kept.args) == ("tests.rename_state", ["CHN", "China (renamed later)"])
    assert kept.last_error
    # Still down: resending keeps it and counts the attempt.
    assert resend_queued_tasks() == 0
    kept.refresh_from_db()
    assert kept.attempts == 2


def test_nothing_is_sent_before_the_work_is_committed(member_states):
    enqueue(rename_state, "CHN", "never")  # the test's transaction never commits
    assert MemberState.objects.get(iso3="CHN").name == "China"


@pytest.mark.celery
def test_a_kept_task_runs_once_the_broker_is_back(celery_worker):
    QueuedTask.objects.create(name="tests.rename_state", args=["BRA", "Brazil (sent again)"])
    assert resend_queued_tasks() == 1
    assert not QueuedTask.objects.exists()
    wait_until(lambda: MemberState.objects.filter(name="Brazil (sent again)").exists())
