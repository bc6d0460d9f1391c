"""Work asked for while the broker is down is kept and sent when it is back, never lost; with the
broker down a write does not wait for it; two workers resending together send each task once."""

from __future__ import annotations

import os
import socket
import threading
import time
from unittest.mock import patch

import pytest
from django.db import connection, connections

from committee.celery import app
from core import queue
from core.models import QueuedTask
from core.queue import enqueue, resend_queued_tasks
from states.models import MemberState
from tests.committee.test_celery import rename_state
from tests.conftest import wait_until

UNREACHABLE = "redis://127.0.0.1:1/0"
BROKER_BACK = os.environ.get("REDIS_URL") or "memory://"


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


# --- The circuit breaker (issue 11, point 9) ------------------------------------------------------


@pytest.fixture
def circuit():
    queue.close_circuit()
    yield
    queue.close_circuit()


def test_with_the_broker_down_only_the_first_write_tries_it_and_every_task_is_kept(
    broker_down, circuit, member_states, monkeypatch, django_capture_on_commit_callbacks
):
    tries = []
    real_send = queue._send
    monkeypatch.setattr(queue, "_send", lambda *a: tries.append(a) or real_send(*a))
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(rename_state, "CHN", "first")

    started = time.monotonic()
    for n in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            enqueue(rename_state, "CHN", f"write {n}")
    elapsed = time.monotonic() - started

    # Each write used to wait for the broker's connection timeouts (about 6 s in production).
    assert len(tries) == 1
    assert elapsed < 1.0
    assert QueuedTask.objects.count() == 11
    assert queue.circuit_is_open()


def test_once_the_broker_is_back_resending_sends_every_kept_task_and_closes_the_circuit(
    broker_down, circuit, member_states, django_capture_on_commit_callbacks
):
    for n in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            enqueue(rename_state, "CHN", f"write {n}")
    assert QueuedTask.objects.count() == 10 and queue.circuit_is_open()

    app.conf.broker_url = BROKER_BACK
    _forget_connections()
    sent = []
    with patch.object(queue, "_send", lambda name, args, kwargs: sent.append(args)):
        assert resend_queued_tasks() == 10

    assert [args[1] for args in sent] == [f"write {n}" for n in range(10)]
    assert not QueuedTask.objects.exists()
    assert not queue.circuit_is_open()


@pytest.fixture
def silent_broker():
    """A broker address that never answers, as a Redis behind a dead route or an overloaded host
    does: a socket listening with its backlog full, so that the kernel drops each new connection
    attempt and the client waits for its connect timeout (port 1 refuses at once, which never
    exercised the timeouts)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    host, port = server.getsockname()
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex((host, port))
        fillers.append(filler)
    broker, eager = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = f"redis://{host}:{port}/0", False
    _forget_connections()
    yield
    app.conf.broker_url, app.conf.task_always_eager = broker, eager
    _forget_connections()
    for sock in (*fillers, server):
        sock.close()


def test_with_a_broker_that_never_answers_a_write_waits_one_short_timeout_and_then_none(
    silent_broker, circuit, member_states, django_capture_on_commit_callbacks
):
    def timed_write(name: str) -> float:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            enqueue(rename_state, "CHN", name)
        return time.monotonic() - started

    first = timed_write("first")
    later = [timed_write(f"write {n}") for n in range(5)]

    # Each write used to hold its thread for the broker's connection timeouts (about 6 s).
    assert first < 2.0
    assert max(later) < 0.2
    assert QueuedTask.objects.count() == 6  # every task kept, to be sent again
    assert queue.circuit_is_open()


# --- Resending from two workers at once (issue 11, point 12) --------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_resending_together_send_each_task_once(member_states):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT ... FOR UPDATE SKIP LOCKED) need PostgreSQL")
    QueuedTask.objects.bulk_create(
        QueuedTask(name="tests.rename_state", args=["CHN", f"task {n}"]) for n in range(20)
    )
    sent: list[str] = []
    both_started = threading.Barrier(2)

    def slow_send(name, args, kwargs):
        sent.append(args[1])
        time.sleep(0.01)  # the broker takes a moment: both workers are at it together

    def worker():
        try:
            both_started.wait(timeout=5)
            resend_queued_tasks()
        finally:
            connections.close_all()

    with patch.object(queue, "_send", slow_send):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(sent) == sorted(f"task {n}" for n in range(20))  # each once
    assert not QueuedTask.objects.exists()
